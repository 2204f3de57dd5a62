# style: sigmoid that recurses on the negative half via the identity sigmoid(z) = e^z * sigmoid(-z); log-likelihood written with np.log of the chosen probability (np.choose); np.tensordot products; fit via functools.reduce over epochs; bincount sweep
from functools import reduce

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.zeros(z.shape)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    if np.any(~pos):
        # for z < 0: sigmoid(z) = e^z / (1 + e^z) = e^z * sigmoid(-z), and -z > 0 takes the branch above
        out[~pos] = np.exp(z[~pos]) * sigmoid(-z[~pos])
    return float(out) if out.ndim == 0 else out


def bce_loss(y, p):
    labels = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15)
    chosen = np.choose((labels == 1).astype(int), [1 - p, p])
    return float(-np.mean(np.log(chosen)))


def predict_proba(X, w, b):
    return sigmoid(np.tensordot(np.asarray(X, dtype=float), np.asarray(w, dtype=float), axes=1) + b)


def loss(X, y, w, b):
    return bce_loss(y, predict_proba(X, w, b))


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    err = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    n = X.shape[0]
    return np.tensordot(err, X, axes=1) / n, float(err.mean())


def regularized_loss(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    n = np.asarray(X).shape[0]
    return loss(X, y, w, b) + lam / (2 * n) * float(np.tensordot(w, w, axes=1))


def regularized_gradient(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    n = np.asarray(X).shape[0]
    dw, db = gradient(X, y, w, b)
    return dw + lam / n * w, db


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)

    def step(state, _):
        w, b, history = state
        history.append(regularized_loss(X, y, w, b, lam))
        dw, db = regularized_gradient(X, y, w, b, lam)
        return w - lr * dw, b - lr * db, history

    return reduce(step, range(epochs), (np.zeros(X.shape[1]), 0.0, []))


def predict(X, w, b, threshold=0.5):
    return (predict_proba(X, w, b) >= threshold).astype(int)


def threshold_sweep(y, p, thresholds):
    actual = np.asarray(y).astype(bool).astype(np.int64)
    p = np.asarray(p, dtype=float)
    t = np.asarray(thresholds, dtype=float)
    counts = np.zeros((t.size, 4), dtype=np.int64)
    for i, threshold in enumerate(t):
        # cell = 2 * called + actual: 0 tn, 1 fn, 2 fp, 3 tp
        cell = 2 * (p >= threshold).astype(np.int64) + actual
        counts[i] = np.bincount(cell, minlength=4)
    tn, fn, fp, tp = (counts[:, j].copy() for j in range(4))
    precision = np.divide(tp, tp + fp, out=np.zeros(t.size), where=(tp + fp) > 0)
    recall = np.divide(tp, tp + fn, out=np.zeros(t.size), where=(tp + fn) > 0)
    return {"threshold": t, "tp": tp, "fp": fp, "tn": tn, "fn": fn,
            "accuracy": (tp + tn) / actual.size, "precision": precision, "recall": recall}


def add_interaction(X):
    X = np.asarray(X, dtype=float)
    product = np.prod(X, axis=1, keepdims=True)
    return np.concatenate((X, product), axis=1)
