# style: every argument copied to a fresh NumPy array at entry (lists accepted); np.vectorize'd scalar sigmoid; Python lists and sum() over generators inside threshold_sweep; np.insert interaction
import math

import numpy as np


def _logistic(v):
    if v < 0:
        e = math.exp(v)
        return e / (1.0 + e)
    return 1.0 / (1.0 + math.exp(-v))


_logistic_array = np.vectorize(_logistic, otypes=[float])


def sigmoid(z):
    if np.ndim(z) == 0:
        return _logistic(float(z))
    return _logistic_array(np.array(z, dtype=float))


def bce_loss(y, p):
    y = np.array(y, dtype=float)
    p = np.array(p, dtype=float).clip(1e-15, 1 - 1e-15)
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())


def predict_proba(X, w, b):
    X = np.array(X, dtype=float)
    w = np.array(w, dtype=float)
    return sigmoid(X @ w + float(b))


def loss(X, y, w, b):
    return bce_loss(np.array(y, dtype=float), predict_proba(X, w, b))


def gradient(X, y, w, b):
    X = np.array(X, dtype=float)
    y = np.array(y, dtype=float)
    errors = predict_proba(X, w, b) - y
    return X.T @ errors / len(y), float(errors.mean())


def regularized_loss(X, y, w, b, lam):
    X = np.array(X, dtype=float)
    w = np.array(w, dtype=float)
    return loss(X, y, w, b) + lam / (2 * X.shape[0]) * float((w ** 2).sum())


def regularized_gradient(X, y, w, b, lam):
    X = np.array(X, dtype=float)
    w = np.array(w, dtype=float)
    dw, db = gradient(X, y, w, b)
    return dw + lam / X.shape[0] * w, db


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    X = np.array(X, dtype=float)
    y = np.array(y, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    history = []
    for _ in range(epochs):
        history.append(regularized_loss(X, y, w, b, lam))
        dw, db = regularized_gradient(X, y, w, b, lam)
        w = w - lr * dw
        b = b - lr * db
    return w, b, history


def predict(X, w, b, threshold=0.5):
    probs = predict_proba(X, w, b)
    return np.array([int(v >= threshold) for v in probs], dtype=int).reshape(probs.shape)


def threshold_sweep(y, p, thresholds):
    labels = [bool(v) for v in np.array(y).ravel().tolist()]
    probs = [float(v) for v in np.array(p, dtype=float).ravel().tolist()]
    ts = [float(t) for t in np.array(thresholds, dtype=float).ravel().tolist()]
    pairs = list(zip(probs, labels))
    tps = [sum(1 for q, lab in pairs if q >= t and lab) for t in ts]
    fps = [sum(1 for q, lab in pairs if q >= t and not lab) for t in ts]
    fns = [sum(1 for q, lab in pairs if q < t and lab) for t in ts]
    tns = [sum(1 for q, lab in pairs if q < t and not lab) for t in ts]
    n = len(labels)
    acc = [(a + d) / n for a, d in zip(tps, tns)]
    prec = [a / (a + c) if a + c > 0 else 0.0 for a, c in zip(tps, fps)]
    rec = [a / (a + c) if a + c > 0 else 0.0 for a, c in zip(tps, fns)]
    return {
        "threshold": np.array(ts, dtype=float),
        "tp": np.array(tps, dtype=int),
        "fp": np.array(fps, dtype=int),
        "tn": np.array(tns, dtype=int),
        "fn": np.array(fns, dtype=int),
        "accuracy": np.array(acc, dtype=float),
        "precision": np.array(prec, dtype=float),
        "recall": np.array(rec, dtype=float),
    }


def add_interaction(X):
    X = np.array(X, dtype=float)
    return np.insert(X, 2, X[:, 0] * X[:, 1], axis=1)
