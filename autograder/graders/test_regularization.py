"""Part regularization: the L2 penalty on w (never on b) and its gradient."""

import numpy as np

from autograder.assignment.contract import RTOL
from autograder.engine.rubric import check
from autograder.graders import data, expect


def _penalty(sub, ref, X, y, w, b, lam):
    """What the submission adds to the reference's plain loss."""
    return expect.scalar(sub.regularized_loss(X, y, w, b, lam), "regularized_loss") - ref.loss(X, y, w, b)


@check(3, "regularized_loss differs from the loss plus the L2 penalty")
def test_loss_values(sub, ref, rng):
    X, y, w, b = data.problem(rng)
    out = expect.scalar(sub.regularized_loss(X, y, w, b, 3.0), "regularized_loss")
    expect.close(out, ref.regularized_loss(X, y, w, b, 3.0), "regularized_loss")


@check(2, "the penalty is scaled wrongly: the loss takes lam / (2 n), the gradient lam / n")
def test_penalty_scale(sub, ref, rng):
    for n in (20, 50):
        X, y, w, b = data.problem(rng, n=n, d=3)
        want = ref.regularized_loss(X, y, w, b, 4.0) - ref.loss(X, y, w, b)
        expect.close(_penalty(sub, ref, X, y, w, b, 4.0), want, f"the penalty at n = {n}")


@check(1, "a confident model gives probabilities of exactly 0 or 1: regularized_loss must stay finite")
def test_loss_saturated(sub, ref, rng):
    X = data.saturating(rng, 30)
    w_sure = 200.0 * np.array([1.0, -1.0])
    y_sure = (X @ w_sure > 0).astype(float)
    # lam = 0: the penalty's scale is the penalty check's concern; what is left must be finite and near 0.
    out = expect.scalar(sub.regularized_loss(X, y_sure, w_sure, 0.0, 0.0), "regularized_loss of a confident model")
    expect.that(np.isfinite(out) and abs(out) < 1e-6, "a confident, correct model should have a loss near 0")


@check(3, "regularized_gradient does not match a numeric check of regularized_loss at large lam")
def test_numeric_check(sub, ref, rng):
    for lam in (25.0, 80.0):
        X, y, w, b = data.problem(rng, n=30, d=3)
        dw, db = expect.gradient_values(sub.regularized_gradient(X, y, w, b, lam), 3)
        expect.varies(np.append(dw, db), np.zeros(len(dw) + 1), "the gradient")  # it is never 0 at these points
        # A wrong loss is the loss's checks' concern: the gradient may match the derivative of the right one instead.
        if expect.relative_error(np.append(dw, db), np.append(*ref.regularized_gradient(X, y, w, b, lam))) < RTOL:
            continue
        num_dw, num_db = expect.numeric_gradient(lambda w_, b_: sub.regularized_loss(X, y, w_, b_, lam), w, b)
        error = expect.relative_error(np.append(dw, db), np.append(num_dw, num_db))
        expect.that(error < RTOL, f"relative error {error:.1e} (should be below {RTOL:g})")


@check(2, "regularized_gradient differs from the plain gradient plus lam / n * w")
def test_gradient_values(sub, ref, rng):
    X, y, w, b = data.problem(rng, n=30, d=4)
    dw, db = expect.gradient_values(sub.regularized_gradient(X, y, w, b, 7.0), 4)
    ref_dw, ref_db = ref.regularized_gradient(X, y, w, b, 7.0)
    expect.close(dw, ref_dw, "dw")
    expect.close(db, ref_db, "db")


@check(2, "the bias is being penalized: only w pays the L2 price")
def test_bias_unpenalized(sub, ref, rng):
    X, y, w, b = data.problem(rng, n=30, d=2)
    # Whatever the penalty's scale, it must not depend on b, and db must be the plain one.
    _, db = expect.gradient_values(sub.regularized_gradient(X, y, w, 3.0, 50.0), 2)
    expect.close(db, ref.gradient(X, y, w, 3.0)[1], "db")
    at_zero, at_four = (_penalty(sub, ref, X, y, w, bias, 50.0) for bias in (0.0, 4.0))
    expect.close(at_four, at_zero, "the penalty at b = 4 compared with b = 0")


@check(1, "with lam = 0 the regularized loss and gradient must equal the plain ones")
def test_lam_zero(sub, ref, rng):
    X, y, w, b = data.problem(rng, n=25, d=3)
    expect.close(expect.scalar(sub.regularized_loss(X, y, w, b, 0.0), "regularized_loss"), ref.loss(X, y, w, b), "loss")
    dw, db = expect.gradient_values(sub.regularized_gradient(X, y, w, b, 0.0), 3)
    ref_dw, ref_db = ref.gradient(X, y, w, b)
    expect.close(dw, ref_dw, "dw")
    expect.close(db, ref_db, "db")


@check(1, "regularized_loss or regularized_gradient changed its inputs in place: work on copies")
def test_inputs_untouched(sub, rng):
    X, y, w, b = data.problem(rng, n=20, d=3)
    result = sub.call("regularized_loss", X, y, w, b, 2.0, return_args=True)
    other = expect.scalar(sub.regularized_loss(X, 1 - y, w, b, 2.0), "regularized_loss")
    expect.varies(expect.scalar(result.value, "regularized_loss"), other, "regularized_loss")
    expect.inputs_untouched(result, {"X": X, "y": y, "w": w})
    result = sub.call("regularized_gradient", X, y, w, b, 2.0, return_args=True)
    dw, db = expect.gradient_values(result.value, 3)
    expect.varies(np.append(dw, db), np.zeros(4), "regularized_gradient")
    expect.inputs_untouched(result, {"X": X, "y": y, "w": w})
