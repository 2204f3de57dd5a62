"""Part xor: the feature that lets a linear model solve XOR.

Only ``add_interaction`` is judged here. Every model is trained by the
reference ``fit`` on the judge's side, so a mistake in the student's ``fit`` is
charged in the fit part alone, and the XOR concept is judged through the
student's feature: with it, a linear model must separate XOR.
"""

import numpy as np

from autograder.engine.rubric import check
from autograder.graders import data, expect


def _features(sub, X):
    """add_interaction(X) by value (a list or float32 counts; its type is test_types' concern)."""
    return expect.values(sub.add_interaction(X), (len(X), 3), "add_interaction(X)")


def _accuracy_with(sub, ref, X, y, X_eval, y_eval, **kwargs):
    Z, Z_eval = _features(sub, X), _features(sub, X_eval)
    expect.that(np.all(np.isfinite(Z)) and np.all(np.isfinite(Z_eval)), "add_interaction(X) contains nan or inf")
    w, b, _ = ref.fit(Z, y, **kwargs)
    return data.accuracy(y_eval, ref.predict_proba(Z_eval, w, b))


@check(3, "add_interaction must keep the two original columns, in order, and add one")
def test_keeps_columns(sub, rng):
    X = rng.normal(size=(9, 2))
    expect.close(_features(sub, X)[:, :2], X, "the first two columns")


@check(4, "the new column is not the interaction x1 * x2")
def test_product(sub, rng):
    X = rng.normal(size=(9, 2))
    expect.close(_features(sub, X)[:, 2], X[:, 0] * X[:, 1], "the third column")


@check(1, "add_interaction must return a NumPy array of shape (n, 3)")
def test_types(sub, rng):
    X = rng.normal(size=(6, 2))
    out = expect.array(sub.add_interaction(X), (6, 3), "add_interaction(X)")
    expect.varies(out, np.zeros((6, 3)), "add_interaction(X)")


@check(1, "add_interaction changed X in place: build a new array")
def test_inputs_untouched(sub, rng):
    X = rng.normal(size=(7, 2))
    result = sub.call("add_interaction", X, return_args=True)
    expect.varies(expect.values(result.value, (7, 3), "add_interaction(X)"), np.zeros((7, 3)), "add_interaction(X)")
    expect.inputs_untouched(result, {"X": X})


@check(3, "with your interaction feature, a linear model should classify all four XOR points")
def test_solves_four_points(sub, ref):
    X, y = data.xor_points()
    accuracy = _accuracy_with(sub, ref, X, y, X, y, lr=5.0, epochs=200)
    expect.that(accuracy >= 0.95, "accuracy below 0.95 with your feature")


@check(3, "with your interaction feature, a linear model should reach 95% on new noisy XOR points")
def test_solves_noisy_clusters(sub, ref, rng):
    X, y = data.xor_clusters(rng, 50)
    accuracy = _accuracy_with(sub, ref, X[:100], y[:100], X[100:], y[100:], lr=0.3, epochs=200)
    expect.that(accuracy >= 0.95, "held-out accuracy below 0.95 with your feature")
