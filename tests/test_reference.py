"""The oracle itself: the reference agrees with scikit-learn's logistic regression."""

import numpy as np
import pytest

from solutions import logreg as ref

sklearn = pytest.importorskip("sklearn.linear_model")


def _dataset(kind: str, rng: np.random.Generator):
    if kind == "blobs":
        X = np.vstack([rng.normal([1, 0], 1.0, (60, 2)), rng.normal([0, 1], 1.0, (60, 2))])
        y = np.r_[np.ones(60), np.zeros(60)]
    elif kind == "separable":
        X = np.vstack([rng.normal([2, 2], 0.5, (40, 2)), rng.normal([-2, -2], 0.5, (40, 2))])
        y = np.r_[np.ones(40), np.zeros(40)]
    else:  # four features, unbalanced
        X = rng.normal(size=(150, 4))
        y = (X @ np.array([1.0, -2.0, 0.5, 0.0]) + 0.8 + rng.normal(size=150) > 1.0).astype(float)
    return (X - X.mean(0)) / X.std(0), y


@pytest.mark.parametrize("kind", ["blobs", "separable", "four_features"])
@pytest.mark.parametrize("lam", [0.5, 5.0, 50.0])
def test_matches_sklearn(kind, lam):
    X, y = _dataset(kind, np.random.default_rng(7))
    w, b, history = ref.fit(X, y, lr=1.0, epochs=6000, lam=lam)
    model = sklearn.LogisticRegression(C=1 / lam, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(w, model.coef_[0], atol=2e-6)
    assert b == pytest.approx(model.intercept_[0], abs=2e-6)
    np.testing.assert_allclose(ref.predict_proba(X, w, b), model.predict_proba(X)[:, 1], atol=1e-6)
    assert np.all(np.diff(history) <= 1e-12)


def test_sigmoid_is_stable_and_exact_in_the_tails():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = ref.sigmoid(np.array([-1e4, -745.0, 0.0, 745.0, 1e4]))
    assert out[0] <= 1e-12 and out[-1] >= 1 - 1e-12 and out[2] == 0.5
    assert isinstance(ref.sigmoid(3.0), float)
