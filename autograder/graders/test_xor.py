"""Part xor: the limit of a linear model, and the feature that lifts it."""

import numpy as np

from autograder.engine.rubric import check
from autograder.graders import data, expect


def _fitted_proba(sub, ref, X, y, X_eval, **kwargs):
    w, b, _ = expect.fit_output(sub.fit(X, y, **kwargs), X.shape[1])
    return ref.predict_proba(X_eval, w, b)


def _interaction(sub, X):
    out = expect.array(sub.add_interaction(X), (len(X), 3), "add_interaction(X)")
    return out


@check(2, "on the four XOR points, training from w = 0, b = 0 should leave every probability at 0.5")
def test_four_points_stay_at_half(sub, ref):
    X, y = data.xor_points()
    learns = np.array([0.0, 1.0, 1.0, 1.0])  # OR on the same points: a fit that trains at all solves it
    expect.that(
        data.accuracy(learns, _fitted_proba(sub, ref, X, learns, X, lr=0.5, epochs=50)) == 1, "fit does not learn OR"
    )
    p = _fitted_proba(sub, ref, X, y, X, lr=0.5, epochs=50)
    expect.that(np.all(np.abs(p - 0.5) < 1e-9), "the linear model moved away from 0.5")


@check(1, "a linear model cannot do better than 0.75 on the four XOR points", requires="four_points_stay_at_half")
def test_four_points_capped(sub, ref):
    X, y = data.xor_points()
    expect.that(data.accuracy(y, _fitted_proba(sub, ref, X, y, X, lr=0.5, epochs=50)) <= 0.75, "accuracy above 0.75")


@check(
    2,
    "a linear model cannot separate noisy XOR clusters: accuracy should stay at or below 0.75",
    requires="four_points_stay_at_half",
)
def test_noisy_clusters_capped(sub, ref, rng):
    X, y = data.xor_clusters(rng, 50)
    p = _fitted_proba(sub, ref, X[:100], y[:100], X[100:], lr=0.5, epochs=100)
    expect.that(data.accuracy(y[100:], p) <= 0.75, "accuracy above 0.75")


@check(2, "add_interaction must keep the two original columns, in order, and add one")
def test_interaction_keeps_columns(sub, rng):
    X = rng.normal(size=(9, 2))
    expect.close(_interaction(sub, X)[:, :2], X, "the first two columns", rtol=0, atol=0)


@check(3, "the new column is not the interaction x1 * x2")
def test_interaction_product(sub, rng):
    X = rng.normal(size=(9, 2))
    expect.close(_interaction(sub, X)[:, 2], X[:, 0] * X[:, 1], "the third column", rtol=1e-12)


@check(2, "with the interaction feature, fit should classify all four XOR points", requires="interaction_product")
def test_interaction_solves_four_points(sub, ref):
    X, y = data.xor_points()
    Z = _interaction(sub, X)
    expect.that(data.accuracy(y, _fitted_proba(sub, ref, Z, y, Z, lr=5.0, epochs=200)) >= 0.95, "accuracy below 0.95")


@check(3, "with the interaction feature, fit should reach 95% on new noisy XOR points", requires="interaction_product")
def test_interaction_solves_noisy_clusters(sub, ref, rng):
    X, y = data.xor_clusters(rng, 50)
    Z = _interaction(sub, X)
    p = _fitted_proba(sub, ref, Z[:100], y[:100], Z[100:], lr=0.3, epochs=200)
    expect.that(data.accuracy(y[100:], p) >= 0.95, "held-out accuracy below 0.95")
