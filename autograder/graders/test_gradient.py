"""Part gradient: the loss of a model and its gradient, checked numerically."""

import numpy as np

from autograder.engine.rubric import check
from autograder.graders import data, expect


@check(3, "loss differs from the mean cross-entropy of the model's probabilities")
def test_loss_values(sub, ref, rng):
    X, y, w, b = data.problem(rng)
    expect.close(expect.number(sub.loss(X, y, w, b), "loss"), ref.loss(X, y, w, b), "loss", rtol=1e-9)


@check(4, "the gradient does not match a numeric central-difference check of your loss")
def test_numeric_check(sub, rng):
    for n, d in ((30, 2), (25, 4), (40, 3)):
        X, y, w, b = data.problem(rng, n, d)
        dw, db = expect.gradient_output(sub.gradient(X, y, w, b), d)
        num_dw, num_db = expect.numeric_gradient(lambda w_, b_: sub.loss(X, y, w_, b_), w, b)
        error = expect.relative_error(np.append(dw, db), np.append(num_dw, num_db))
        expect.that(error < 1e-6, f"relative error {error:.1e} (should be below 1e-6)")


@check(2, "dw differs from X.T-weighted errors averaged over n: check the sign, the transpose and the 1/n")
def test_dw_values(sub, ref, rng):
    X, y, w, b = data.problem(rng, n=33, d=3)
    dw, _ = expect.pair(sub.gradient(X, y, w, b), "gradient")
    expect.close(expect.array(dw, (3,), "dw"), ref.gradient(X, y, w, b)[0], "dw", rtol=1e-9)


@check(2, "db differs from the mean error: check its sign and the 1/n")
def test_db_values(sub, ref, rng):
    X, y, w, b = data.problem(rng, n=33, d=3)
    _, db = expect.pair(sub.gradient(X, y, w, b), "gradient")
    expect.close(expect.number(db, "db"), ref.gradient(X, y, w, b)[1], "db", rtol=1e-9)


@check(2, "dw must have w's shape and db must be one number: watch for (n, 1) columns broadcasting to (n, n)")
def test_shapes(sub, rng):
    X, y, w, b = data.problem(rng, n=17, d=5)
    expect.gradient_output(sub.gradient(X, y, w, b), 5)


@check(2, "gradient changed its inputs in place: work on copies", requires="shapes")
def test_inputs_untouched(sub, rng):
    X, y, w, b = data.problem(rng, n=20, d=3)
    result = sub.call("gradient", X, y, w, b, return_args=True)
    for name, before, after in zip("Xyw", (X, y, w), result.args_after):
        expect.unchanged(before, after, name)
