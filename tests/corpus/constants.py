# style: does nothing: every function ignores its inputs and returns a constant of the right kind
import numpy as np


def sigmoid(z):
    return 0.5 if np.ndim(z) == 0 else np.full(np.shape(z), 0.5)


def bce_loss(y, p):
    return 0.5


def predict_proba(X, w, b):
    return np.full(len(X), 0.5)


def loss(X, y, w, b):
    return 0.5


def gradient(X, y, w, b):
    return np.zeros(len(w)), 0.0


def regularized_loss(X, y, w, b, lam):
    return 0.5


def regularized_gradient(X, y, w, b, lam):
    return np.zeros(len(w)), 0.0


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    return np.zeros(np.shape(X)[1]), 0.0, [0.5] * epochs


def predict(X, w, b, threshold=0.5):
    return np.ones(len(X), dtype=int)


def threshold_sweep(y, p, thresholds):
    k = len(thresholds)
    table = {key: np.zeros(k, dtype=int) for key in ("tp", "fp", "tn", "fn")}
    table.update({key: np.full(k, 0.5) for key in ("accuracy", "precision", "recall")})
    table["threshold"] = np.asarray(thresholds, dtype=float)
    return table


def add_interaction(X):
    return np.zeros((len(X), 3))
