# style: vectorised NumPy; np.where-based stable sigmoid (0-d result turned into a float with .item()); masked np.where BCE; np.count_nonzero sweep; np.c_ interaction
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # never exp of a positive number
    out = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    if out.ndim == 0:
        return out.item()
    return out


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15)
    per_sample = np.where(y == 1, -np.log(p), -np.log(1 - p))
    return float(per_sample.mean())


def predict_proba(X, w, b):
    scores = np.asarray(X, dtype=float).dot(np.asarray(w, dtype=float)) + b
    return sigmoid(scores)


def loss(X, y, w, b):
    return bce_loss(y, predict_proba(X, w, b))


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    n = len(X)
    residual = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    return np.dot(X.T, residual) / n, float(residual.sum() / n)


def regularized_loss(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    return loss(X, y, w, b) + lam * float(np.dot(w, w)) / (2 * len(X))


def regularized_gradient(X, y, w, b, lam):
    dw, db = gradient(X, y, w, b)
    return dw + (lam / len(X)) * np.asarray(w, dtype=float), db


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    history = []
    for _ in range(epochs):
        history.append(regularized_loss(X, y, w, b, lam))
        dw, db = regularized_gradient(X, y, w, b, lam)
        w, b = w - lr * dw, b - lr * db
    return w, b, history


def predict(X, w, b, threshold=0.5):
    return np.where(predict_proba(X, w, b) >= threshold, 1, 0)


def threshold_sweep(y, p, thresholds):
    actual = np.asarray(y).astype(bool)
    t = np.asarray(thresholds, dtype=float)
    called = np.asarray(p, dtype=float)[np.newaxis, :] >= t[:, np.newaxis]
    tp = np.count_nonzero(called & actual, axis=1)
    fp = np.count_nonzero(called & ~actual, axis=1)
    fn = np.count_nonzero(~called & actual, axis=1)
    tn = np.count_nonzero(~called & ~actual, axis=1)
    precision = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 0.0)
    recall = np.where(tp + fn > 0, tp / np.maximum(tp + fn, 1), 0.0)
    return {
        "threshold": t,
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
        "accuracy": (tp + tn) / actual.size,
        "precision": precision,
        "recall": recall,
    }


def add_interaction(X):
    X = np.asarray(X, dtype=float)
    return np.c_[X, X[:, 0] * X[:, 1]]
