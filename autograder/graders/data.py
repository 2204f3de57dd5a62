"""Hidden data for the graders, made from the ``rng`` fixture (seeded by the course secret)."""

from __future__ import annotations

from typing import Any

import numpy as np


def problem(rng: np.random.Generator, n: int = 40, d: int = 3):
    """A random logistic-regression problem at a non-zero point (w, b)."""
    X = rng.normal(size=(n, d))
    y = (rng.random(n) < 0.5).astype(float)
    w = rng.normal(scale=0.8, size=d)
    b = float(rng.normal(scale=0.8)) or 0.3
    return X, y, w, b


def blobs(rng: np.random.Generator, n: int, distance: float, spread: float = 1.0):
    """Two Gaussian classes in 2-D whose centres lie `distance` apart; balanced labels."""
    half = n // 2
    direction = rng.normal(size=2)
    direction /= np.linalg.norm(direction)
    centre = rng.normal(scale=0.5, size=2)
    pos = rng.normal(centre + direction * distance / 2, spread, size=(half, 2))
    neg = rng.normal(centre - direction * distance / 2, spread, size=(n - half, 2))
    X = np.vstack([pos, neg])
    y = np.concatenate([np.ones(half), np.zeros(n - half)])
    order = rng.permutation(n)
    return X[order], y[order]


def xor_points():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array([0.0, 1.0, 1.0, 0.0])


def xor_clusters(rng: np.random.Generator, per_cluster: int, spread: float = 0.45):
    """Noisy XOR: four balanced clusters at (+-1.5, +-1.5), the label is the sign product."""
    centres = np.array([[1.5, 1.5], [-1.5, -1.5], [1.5, -1.5], [-1.5, 1.5]])
    labels = np.array([0.0, 0.0, 1.0, 1.0])
    X = np.vstack([rng.normal(c, spread, size=(per_cluster, 2)) for c in centres])
    y = np.repeat(labels, per_cluster)
    order = rng.permutation(len(y))
    return X[order], y[order]


def accuracy(y_true, p) -> float:
    return float(np.mean((np.asarray(p) >= 0.5) == (np.asarray(y_true) == 1)))


def public_blobs():
    """Fixed, public data (not seeded by the secret) for the plots in a student's feedback."""
    rng = np.random.default_rng(2024)
    X = np.vstack([rng.normal([1.0, 1.0], 1.0, (60, 2)), rng.normal([-1.0, -1.0], 1.0, (60, 2))])
    return X, np.r_[np.ones(60), np.zeros(60)]


FEEDBACK_FIT: dict[str, Any] = {"lr": 0.1, "epochs": 300}
