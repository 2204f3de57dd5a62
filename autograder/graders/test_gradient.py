"""Part gradient: the loss of a model and its gradient, checked numerically."""

import numpy as np

from autograder.assignment.contract import RTOL
from autograder.engine.rubric import check
from autograder.graders import data, expect


@check(3, "loss differs from the mean cross-entropy of the model's probabilities")
def test_loss_values(sub, ref, rng):
    X, y, w, b = data.problem(rng)
    expect.close(expect.scalar(sub.loss(X, y, w, b), "loss"), ref.loss(X, y, w, b), "loss")


@check(2, "a confident model gives probabilities of exactly 0 or 1: the loss must stay finite (clip, or use bce_loss)")
def test_loss_saturated(sub, ref, rng):
    X = data.saturating(rng, 30)
    w_sure = 200.0 * np.array([1.0, -1.0])
    y_sure = (X @ w_sure > 0).astype(float)  # a model this confident is right on every example...
    right = expect.scalar(sub.loss(X, y_sure, w_sure, 0.0), "loss of a confident, correct model")
    wrong = expect.scalar(sub.loss(X, 1 - y_sure, w_sure, 0.0), "loss of a confident, wrong model")
    expect.that(np.isfinite(right) and abs(right) < 1e-6, "a confident, correct model should have a loss near 0")
    expect.that(np.isfinite(wrong) and wrong > 10, "a confident, wrong model should have a large, finite loss")


@check(3, "the gradient does not match a numeric central-difference check of your loss")
def test_numeric_check(sub, ref, rng):
    for n, d in ((30, 2), (25, 4), (40, 3)):
        X, y, w, b = data.problem(rng, n, d)
        dw, db = expect.gradient_values(sub.gradient(X, y, w, b), d)
        expect.varies(np.append(dw, db), np.zeros(len(dw) + 1), "the gradient")  # it is never 0 at these points
        # A wrong loss is the loss's checks' concern: the gradient may match the derivative of the right one instead.
        if expect.relative_error(np.append(dw, db), np.append(*ref.gradient(X, y, w, b))) < RTOL:
            continue
        num_dw, num_db = expect.numeric_gradient(lambda w_, b_: sub.loss(X, y, w_, b_), w, b)
        error = expect.relative_error(np.append(dw, db), np.append(num_dw, num_db))
        expect.that(error < RTOL, f"relative error {error:.1e} (should be below {RTOL:g})")


@check(2, "dw differs from X.T-weighted errors averaged over n: check the sign, the transpose and the 1/n")
def test_dw_values(sub, ref, rng):
    X, y, w, b = data.problem(rng, n=33, d=3)
    dw, _ = expect.pair(sub.gradient(X, y, w, b), "gradient")
    expect.close(expect.values(dw, (3,), "dw"), ref.gradient(X, y, w, b)[0], "dw")


@check(2, "db differs from the mean error: check its sign and the 1/n")
def test_db_values(sub, ref, rng):
    X, y, w, b = data.problem(rng, n=33, d=3)
    _, db = expect.pair(sub.gradient(X, y, w, b), "gradient")
    expect.close(expect.scalar(db, "db"), ref.gradient(X, y, w, b)[1], "db")


@check(2, "dw must have w's shape and db must be one number: watch for (n, 1) columns broadcasting to (n, n)")
def test_shapes(sub, rng):
    X, y, w, b = data.problem(rng, n=17, d=5)
    dw, db = expect.gradient_output(sub.gradient(X, y, w, b), 5)
    dw2, db2 = expect.gradient_values(sub.gradient(X, 1 - y, w, b), 5)
    expect.varies(np.append(dw, db), np.append(dw2, db2), "the gradient")


@check(1, "loss or gradient changed its inputs in place: work on copies")
def test_inputs_untouched(sub, rng):
    X, y, w, b = data.problem(rng, n=20, d=3)
    result = sub.call("loss", X, y, w, b, return_args=True)
    expect.varies(expect.scalar(result.value, "loss"), expect.scalar(sub.loss(X, 1 - y, w, b), "loss"), "loss")
    expect.inputs_untouched(result, {"X": X, "y": y, "w": w})
    result = sub.call("gradient", X, y, w, b, return_args=True)
    dw, db = expect.gradient_values(result.value, 3)
    expect.varies(np.append(dw, db), np.zeros(4), "the gradient")
    expect.inputs_untouched(result, {"X": X, "y": y, "w": w})
