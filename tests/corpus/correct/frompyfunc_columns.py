# style: explicit (n, 1) column vectors internally, flattened before returning; sigmoid as a np.frompyfunc ufunc over a stable math.exp scalar; BCE clipped at 1e-10; np.add.reduce sums; per-threshold loop writing into preallocated arrays
import math

import numpy as np


def _stable(v):
    if v >= 0.0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


_sigmoid_ufunc = np.frompyfunc(_stable, 1, 1)


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 0:
        return float(_stable(float(z)))
    return _sigmoid_ufunc(z).astype(float)


def bce_loss(y, p):
    y = np.asarray(y, dtype=float).reshape(-1, 1)
    p = np.clip(np.asarray(p, dtype=float).reshape(-1, 1), 1e-10, 1 - 1e-10)
    terms = y * np.log(p) + (1 - y) * np.log(1 - p)
    return float(-np.add.reduce(terms, axis=None) / terms.shape[0])


def predict_proba(X, w, b):
    X = np.asarray(X, dtype=float)
    w_col = np.asarray(w, dtype=float).reshape(-1, 1)
    return sigmoid((X @ w_col).ravel() + b)


def loss(X, y, w, b):
    return bce_loss(y, predict_proba(X, w, b))


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    p_col = predict_proba(X, w, b).reshape(n, 1)
    y_col = np.asarray(y, dtype=float).reshape(n, 1)
    err = p_col - y_col  # (n, 1) minus (n, 1): no accidental (n, n) broadcast
    dw = (X.T @ err).ravel() / n
    db = float(np.add.reduce(err, axis=None) / n)
    return dw.reshape(np.shape(w)), db


def regularized_loss(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    n = np.asarray(X).shape[0]
    return loss(X, y, w, b) + lam / (2 * n) * float(np.add.reduce(w * w))


def regularized_gradient(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    n = np.asarray(X).shape[0]
    dw, db = gradient(X, y, w, b)
    return dw + lam / n * w, db


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    history = []
    for _ in range(int(epochs)):
        history.append(regularized_loss(X, y, w, b, lam))
        dw, db = regularized_gradient(X, y, w, b, lam)
        w = np.subtract(w, lr * dw)
        b = b - lr * db
    return w, b, history


def predict(X, w, b, threshold=0.5):
    p = predict_proba(X, w, b)
    return np.array(p >= threshold, dtype=np.int64)


def threshold_sweep(y, p, thresholds):
    y = np.asarray(y).astype(bool)
    p = np.asarray(p, dtype=float)
    t = np.asarray(thresholds, dtype=float)
    k = t.shape[0]
    tp, fp, tn, fn = (np.zeros(k, dtype=np.int64) for _ in range(4))
    precision, recall = np.zeros(k), np.zeros(k)
    for i in range(k):
        hit = p >= t[i]
        tp[i] = np.count_nonzero(hit & y)
        fp[i] = np.count_nonzero(hit & ~y)
        fn[i] = np.count_nonzero(~hit & y)
        tn[i] = np.count_nonzero(~hit & ~y)
        if tp[i] + fp[i] > 0:
            precision[i] = tp[i] / (tp[i] + fp[i])
        if tp[i] + fn[i] > 0:
            recall[i] = tp[i] / (tp[i] + fn[i])
    return {"threshold": t, "tp": tp, "fp": fp, "tn": tn, "fn": fn,
            "accuracy": (tp + tn) / len(y), "precision": precision, "recall": recall}


def add_interaction(X):
    X = np.asarray(X, dtype=float)
    return np.stack([X[:, 0], X[:, 1], X[:, 0] * X[:, 1]], axis=1)
