"""Part predict: probabilities from a model, and labels from probabilities.

predict is judged against thresholding the reference's probabilities, or, as
well, against thresholding the submission's own predict_proba: a mistake in
predict_proba is charged in predict_proba's checks only.
"""

import numpy as np

from autograder.engine.rubric import check
from autograder.graders import data, expect


def _labels(sub, ref, X, w, b, threshold, what):
    """predict's labels, and whether they are those of the reference's or of the submission's own probabilities."""
    out = expect.values(sub.predict(X, w, b, threshold=threshold), (len(X),), what)
    if np.array_equal(out, ref.predict(X, w, b, threshold)):
        return out, True
    try:
        own = expect.values(sub.predict_proba(X, w, b), (len(X),), "predict_proba")
    except expect.CheckFailed:
        return out, False
    # Agreeing with its own probabilities counts only if those depend on X (a constant 0.5 and all-1 labels do not).
    return out, np.ptp(own) > 0 and np.array_equal(out, (own >= threshold).astype(float))


@check(3, "predict_proba differs from sigmoid(X @ w + b): check the product and the bias")
def test_proba_values(sub, ref, rng):
    X, _, w, b = data.problem(rng, n=30, d=4)
    out = expect.values(sub.predict_proba(X, w, b), (30,), "predict_proba")
    expect.close(out, ref.predict_proba(X, w, b), "predict_proba")


@check(1, "the bias b is ignored")
def test_proba_uses_bias(sub, ref, rng):
    X = rng.normal(size=(5, 2))
    out = expect.values(sub.predict_proba(X, np.zeros(2), 1.5), (5,), "predict_proba with w = 0")
    expect.close(out, np.full(5, ref.sigmoid(1.5)), "predict_proba with w = 0")


@check(2, "predict's labels differ from thresholding predict_proba at 0.5")
def test_label_values(sub, ref, rng):
    X, _, w, b = data.problem(rng, n=40, d=3)
    _, right = _labels(sub, ref, X, w, b, 0.5, "predict")
    expect.that(right, "wrong labels")


@check(1, "predict_proba must return a float array of shape (n,); predict an integer array of 0s and 1s")
def test_types(sub, rng):
    X, _, w, b = data.problem(rng, n=12, d=2)
    expect.array(sub.predict_proba(X, w, b), (12,), "predict_proba")
    out = sub.predict(X, w, b)
    expect.array(out, (12,), "predict")
    expect.that(out.dtype.kind in "iu", f"returned {expect.describe(out)}")
    expect.that(set(np.unique(out)) <= {0, 1}, "labels must be 0 or 1")
    # Half the rows on each side of the boundary: a constant answer cannot pass.
    X2 = np.vstack([X, -X])
    expect.varies(expect.values(sub.predict(X2, w, 0.0), (24,), "predict"), np.ones(24), "predict")
    expect.varies(expect.values(sub.predict(X2, w, 0.0), (24,), "predict"), np.zeros(24), "predict")


@check(1, "a probability exactly at the threshold must predict 1")
def test_tie_predicts_one(sub, rng):
    X = rng.normal(size=(6, 2))
    w = np.array([1.0, -1.0])
    X[:, 1] = X[:, 0]  # X @ w + 0 is exactly 0, so p is exactly 0.5
    out = expect.values(sub.predict(X, w, 0.0), (6,), "predict")
    expect.that(np.all(out == 1), "p == threshold predicted 0")
    far = np.array([[3.0, -3.0], [-3.0, 3.0]])  # p far below and far above 0.5
    expect.varies(expect.values(sub.predict(far, w, 0.0), (2,), "predict"), np.ones(2), "predict")


@check(1, "the threshold argument is ignored or misapplied")
def test_threshold_honoured(sub, ref, rng):
    X, _, w, b = data.problem(rng, n=40, d=3)
    for threshold in (0.2, 0.8):
        _, right = _labels(sub, ref, X, w, b, threshold, "predict")
        expect.that(right, f"wrong labels at threshold {threshold}")


@check(1, "predict_proba or predict changed X or w in place: compute into new arrays")
def test_inputs_untouched(sub, ref, rng):
    X, _, w, b = data.problem(rng, n=15, d=3)
    result = sub.call("predict_proba", X, w, b, return_args=True)
    expect.varies(expect.values(result.value, (15,), "predict_proba"), np.full(15, 0.5), "predict_proba")
    expect.inputs_untouched(result, {"X": X, "w": w})
    result = sub.call("predict", X, w, b, return_args=True)
    expect.inputs_untouched(result, {"X": X, "w": w})
