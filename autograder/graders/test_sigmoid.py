"""Part sigmoid: the logistic function, its shapes and its numerical stability."""

import numpy as np

from autograder.engine.rubric import check
from autograder.graders import expect


@check(2, "values differ from the logistic function 1/(1+e^-z): check the formula and the sign of z")
def test_values(sub, ref, rng):
    z = rng.normal(scale=4.0, size=60)
    out = expect.values(sub.sigmoid(z), z.shape, "sigmoid(z)")
    expect.close(out, ref.sigmoid(z), "sigmoid(z)")


@check(1, "integer input must still give fractional probabilities: is the output array made with the input's dtype?")
def test_integer_input(sub, ref):
    z = np.arange(-5, 6)
    out = expect.values(sub.sigmoid(z), z.shape, "sigmoid of an integer array")
    expect.close(out, ref.sigmoid(z), "sigmoid of an integer array")


@check(1, "a plain number in must give a plain float out, not an array or a list")
def test_scalar_gives_float(sub, rng):
    z = float(rng.normal()) or 0.7
    out = sub.sigmoid(z)
    expect.varies(expect.scalar(out, "sigmoid of a number"), expect.scalar(sub.sigmoid(-z), "sigmoid"), "sigmoid")
    expect.that(isinstance(out, (float, np.floating)), f"sigmoid of a number returned {expect.describe(out)}")


@check(1, "the output must be an array of the input's shape (0-d, 1-d and 2-d arrays)")
def test_shapes_kept(sub, rng):
    for z in (np.array(rng.normal() or 0.7), rng.normal(size=7), rng.normal(size=(3, 4))):
        out = sub.sigmoid(z)
        if z.ndim:
            got = expect.array(out, z.shape, f"sigmoid of a {z.ndim}-d array")
        else:
            shape = expect.shape_of(out)
            expect.that(shape == (), f"a 0-d input gave output of shape {shape if shape is not None else 'ragged'}")
            got = expect.scalar(out, "sigmoid of a 0-d array")
        expect.varies(got, expect.values(sub.sigmoid(-z), z.shape, "sigmoid(-z)"), "sigmoid(z)")


@check(2, "large |z| overflows (a warning, inf or nan): use a form that never takes exp of a large positive number")
def test_stable_without_warning(sub, rng):
    z = np.array([-1e4, -1000.0, -710.0, -50.0, 0.0, 50.0, 710.0, 1000.0, 1e4])
    result = sub.call("sigmoid", z)
    out = expect.array(result.value, z.shape, "sigmoid(z) for large |z|")
    expect.no_warnings(result, "sigmoid(z) for large |z|")
    # A constant has no overflow to avoid: the tails must still go to opposite ends.
    if abs(out[-1] - out[0]) < 0.98:
        expect.fail("sigmoid(z) for large |z| does not reach opposite ends", expect.CONSTANT_HINT)
    for scalar in (-1e4, 1e4):
        result = sub.call("sigmoid", scalar)
        expect.that(np.isfinite(expect.scalar(result.value, "sigmoid of a large number")), "sigmoid is nan or inf")
        expect.no_warnings(result, "sigmoid of a large number")


@check(1, "far out in the tails the output must reach 0 and 1 (within 1e-12): is z clipped too early?")
def test_reaches_limits(sub, rng):
    z = np.array([-1e4, -1000.0, -40.0, 40.0, 1000.0, 1e4])
    with_nan = expect.values(sub.sigmoid(z), z.shape, "sigmoid(z)")
    out = np.nan_to_num(with_nan, nan=0.5)  # an overflow's nan is the stability check's, not this one's
    expect.that(np.all(out[:3] <= 1e-12) and np.all(out[3:] >= 1 - 1e-12), "tails do not reach 0 and 1")


@check(1, "sigmoid(-z) should equal 1 - sigmoid(z)")
def test_symmetry(sub, rng):
    z = rng.normal(scale=6.0, size=40)
    up = expect.values(sub.sigmoid(z), z.shape, "sigmoid(z)")
    down = expect.values(sub.sigmoid(-z), z.shape, "sigmoid(-z)")
    expect.varies(up, down, "sigmoid(z)")
    expect.close(up + down, np.ones_like(z), "sigmoid(z) + sigmoid(-z)", rtol=0, atol=1e-12)


@check(1, "sigmoid changed the array it was given: compute into a new array")
def test_inputs_untouched(sub, ref, rng):
    z = rng.normal(scale=3.0, size=12)
    result = sub.call("sigmoid", z, return_args=True)
    expect.varies(expect.values(result.value, z.shape, "sigmoid(z)"), np.full(12, 0.5), "sigmoid(z)")
    expect.inputs_untouched(result, {"z": z})
