"""Part predict: probabilities and 0/1 labels from a fitted model."""

import numpy as np

from autograder.engine.rubric import check
from autograder.graders import data, expect


@check(3, "predict_proba differs from sigmoid(X @ w + b): check the product and the bias")
def test_proba_values(sub, ref, rng):
    X, _, w, b = data.problem(rng, n=30, d=4)
    out = expect.array(sub.predict_proba(X, w, b), (30,), "predict_proba")
    expect.close(out, ref.predict_proba(X, w, b), "predict_proba", rtol=1e-9)


@check(1, "the bias b is ignored")
def test_proba_uses_bias(sub, ref, rng):
    X = rng.normal(size=(5, 2))
    out = expect.array(sub.predict_proba(X, np.zeros(2), 1.5), (5,), "predict_proba with w = 0")
    expect.close(out, np.full(5, ref.sigmoid(1.5)), "predict_proba with w = 0", rtol=1e-9)


@check(2, "predict's labels differ from thresholding predict_proba at 0.5")
def test_label_values(sub, ref, rng):
    X, _, w, b = data.problem(rng, n=40, d=3)
    out = expect.array(sub.predict(X, w, b), (40,), "predict")
    expect.that(np.array_equal(out, ref.predict(X, w, b)), "wrong labels")


@check(1, "predict must return an integer array of 0s and 1s (not booleans, floats or a list)")
def test_label_type(sub, rng):
    X, _, w, b = data.problem(rng, n=12, d=2)
    out = sub.predict(X, w, b)
    expect.that(isinstance(out, np.ndarray) and out.dtype.kind in "iu", f"returned {expect.describe(out)}")
    expect.that(out.shape == (12,) and set(np.unique(out)) <= {0, 1}, "labels must be 0 or 1, one per row")


@check(1, "a probability exactly at the threshold must predict 1")
def test_tie_predicts_one(sub, rng):
    X = rng.normal(size=(6, 2))
    w = np.array([1.0, -1.0])
    X[:, 1] = X[:, 0]  # X @ w + 0 is exactly 0, so p is exactly 0.5
    out = expect.array(sub.predict(X, w, 0.0), (6,), "predict")
    expect.that(np.all(out == 1), "p == threshold predicted 0")


@check(2, "the threshold argument is ignored or misapplied")
def test_threshold_honoured(sub, ref, rng):
    X, _, w, b = data.problem(rng, n=40, d=3)
    for threshold in (0.2, 0.8):
        out = expect.array(sub.predict(X, w, b, threshold=threshold), (40,), "predict")
        expect.that(np.array_equal(out, ref.predict(X, w, b, threshold)), f"wrong labels at threshold {threshold}")
