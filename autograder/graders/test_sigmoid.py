"""Part sigmoid: the logistic function, its shapes and its numerical stability."""

import numpy as np

from autograder.engine.rubric import check
from autograder.graders import expect


@check(2, "values differ from the logistic function 1/(1+e^-z): check the formula and the sign of z")
def test_values(sub, ref, rng):
    z = rng.normal(scale=4.0, size=60)
    out = expect.array(sub.sigmoid(z), z.shape, "sigmoid(z)")
    expect.close(out, ref.sigmoid(z), "sigmoid(z)", rtol=1e-9, atol=1e-12)


@check(1, "integer input must still give fractional probabilities: is the output array made with the input's dtype?")
def test_integer_input(sub, ref):
    z = np.arange(-5, 6)
    out = expect.array(sub.sigmoid(z), z.shape, "sigmoid of an integer array")
    expect.close(out, ref.sigmoid(z), "sigmoid of an integer array", rtol=1e-9)


@check(1, "a plain number in must give a plain float out, not an array or a list")
def test_scalar_gives_float(sub, ref, rng):
    z = float(rng.normal())
    out = sub.sigmoid(z)
    expect.that(isinstance(out, (float, np.floating)), f"sigmoid of a number returned {expect.describe(out)}")
    expect.close(out, ref.sigmoid(z), "sigmoid of a number", rtol=1e-9)


@check(2, "the output must keep the input's shape (0-d, 1-d and 2-d arrays)")
def test_shapes_kept(sub, ref, rng):
    for z in (np.array(rng.normal()), rng.normal(size=7), rng.normal(size=(3, 4))):
        out = sub.sigmoid(z)
        expect.that(np.shape(out) == z.shape, f"input of shape {z.shape} gave output of shape {np.shape(out)}")
        expect.close(expect.loose_array(out, "sigmoid(z)"), ref.sigmoid(z), "sigmoid(z)", rtol=1e-9, atol=1e-12)


@check(2, "large |z| overflows (a warning, inf or nan): use a form that never takes exp of a large positive number")
def test_stable_without_warning(sub, rng):
    z = np.array([-1e4, -1000.0, -710.0, -50.0, 0.0, 50.0, 710.0, 1000.0, 1e4])
    result = sub.call("sigmoid", z)
    expect.array(result.value, z.shape, "sigmoid(z) for large |z|")
    expect.no_warnings(result, "sigmoid(z) for large |z|")
    for scalar in (-1e4, 1e4):
        result = sub.call("sigmoid", scalar)
        expect.number(result.value, "sigmoid of a large number")
        expect.no_warnings(result, "sigmoid of a large number")


@check(
    1,
    "far out in the tails the output must reach 0 and 1 (within 1e-12): is z clipped too early?",
    requires="stable_without_warning",
)
def test_reaches_limits(sub, rng):
    z = np.array([-1e4, -1000.0, -40.0, 40.0, 1000.0, 1e4])
    out = expect.array(sub.sigmoid(z), z.shape, "sigmoid(z)")
    expect.that(np.all(out[:3] <= 1e-12) and np.all(out[3:] >= 1 - 1e-12), "tails do not reach 0 and 1")


@check(1, "sigmoid(-z) should equal 1 - sigmoid(z)")
def test_symmetry(sub, rng):
    z = rng.normal(scale=6.0, size=40)
    up = expect.array(sub.sigmoid(z), z.shape, "sigmoid(z)")
    down = expect.array(sub.sigmoid(-z), z.shape, "sigmoid(-z)")
    expect.close(up + down, np.ones_like(z), "sigmoid(z) + sigmoid(-z)", rtol=0, atol=1e-12)
