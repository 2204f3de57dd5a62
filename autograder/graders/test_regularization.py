"""Part regularization: the L2 penalty on w (never on b) and its gradient."""

import numpy as np

from autograder.engine.rubric import check
from autograder.graders import data, expect


@check(3, "regularized_loss differs from the loss plus the L2 penalty")
def test_loss_values(sub, ref, rng):
    X, y, w, b = data.problem(rng)
    out = expect.number(sub.regularized_loss(X, y, w, b, 3.0), "regularized_loss")
    expect.close(out, ref.regularized_loss(X, y, w, b, 3.0), "regularized_loss", rtol=1e-9)


@check(2, "the penalty is scaled wrongly: the loss takes lam / (2 n), the gradient lam / n")
def test_penalty_scale(sub, ref, rng):
    for n in (20, 50):
        X, y, w, b = data.problem(rng, n=n, d=3)
        extra = expect.number(sub.regularized_loss(X, y, w, b, 4.0), "regularized_loss") - ref.loss(X, y, w, b)
        expect.close(
            extra, ref.regularized_loss(X, y, w, b, 4.0) - ref.loss(X, y, w, b), f"the penalty at n = {n}", rtol=1e-7
        )


@check(3, "regularized_gradient does not match a numeric check of regularized_loss at large lam")
def test_numeric_check(sub, rng):
    for lam in (25.0, 80.0):
        X, y, w, b = data.problem(rng, n=30, d=3)
        dw, db = expect.gradient_output(sub.regularized_gradient(X, y, w, b, lam), 3)
        num_dw, num_db = expect.numeric_gradient(lambda w_, b_: sub.regularized_loss(X, y, w_, b_, lam), w, b)
        error = expect.relative_error(np.append(dw, db), np.append(num_dw, num_db))
        expect.that(error < 1e-6, f"relative error {error:.1e} (should be below 1e-6)")


@check(3, "regularized_gradient differs from the plain gradient plus lam / n * w")
def test_gradient_values(sub, ref, rng):
    X, y, w, b = data.problem(rng, n=30, d=4)
    dw, db = expect.pair(sub.regularized_gradient(X, y, w, b, 7.0), "regularized_gradient")
    ref_dw, ref_db = ref.regularized_gradient(X, y, w, b, 7.0)
    expect.close(expect.array(dw, (4,), "dw"), ref_dw, "dw", rtol=1e-9)
    expect.close(expect.number(db, "db"), ref_db, "db", rtol=1e-9)


@check(2, "the bias is being penalized: only w pays the L2 price")
def test_bias_unpenalized(sub, ref, rng):
    X, y, w, b = data.problem(rng, n=30, d=2)
    _, db = expect.pair(sub.regularized_gradient(X, y, w, 3.0, 50.0), "regularized_gradient")
    expect.close(expect.number(db, "db"), ref.gradient(X, y, w, 3.0)[1], "db", rtol=1e-9)
    for bias in (0.0, 4.0):
        extra = expect.number(sub.regularized_loss(X, y, w, bias, 50.0), "regularized_loss") - ref.loss(X, y, w, bias)
        expect.close(extra, 50.0 / (2 * 30) * np.sum(w**2), "the penalty", rtol=1e-7)


@check(2, "with lam = 0 the regularized loss and gradient must equal the plain ones")
def test_lam_zero(sub, ref, rng):
    X, y, w, b = data.problem(rng, n=25, d=3)
    expect.close(
        expect.number(sub.regularized_loss(X, y, w, b, 0.0), "regularized_loss"),
        ref.loss(X, y, w, b),
        "loss",
        rtol=1e-9,
    )
    dw, db = expect.pair(sub.regularized_gradient(X, y, w, b, 0.0), "regularized_gradient")
    ref_dw, ref_db = ref.gradient(X, y, w, b)
    expect.close(expect.array(dw, (3,), "dw"), ref_dw, "dw", rtol=1e-9)
    expect.close(expect.number(db, "db"), ref_db, "db", rtol=1e-9)
