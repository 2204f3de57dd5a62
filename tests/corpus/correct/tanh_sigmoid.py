# style: sigmoid via 0.5 * (1 + tanh(z / 2)) (tanh saturates to exactly +-1); BCE with dot products; in-place parameter updates; per-threshold Python loop with vectorised masks; np.concatenate interaction
import numpy as np


def sigmoid(z):
    out = 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))
    if np.ndim(out) == 0:
        return float(out)
    return out


def bce_loss(y, p):
    y = np.ravel(np.asarray(y, dtype=float))
    p = np.ravel(np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15))
    return float(-(y @ np.log(p) + (1 - y) @ np.log(1 - p)) / y.size)


def predict_proba(X, w, b):
    X = np.asarray(X, dtype=float)
    return sigmoid(X @ np.asarray(w, dtype=float) + b)


def loss(X, y, w, b):
    return bce_loss(y, predict_proba(X, w, b))


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    diff = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    n = diff.size
    return X.T.dot(diff) / n, float(diff.sum()) / n


def regularized_loss(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    n = len(np.asarray(X))
    return loss(X, y, w, b) + lam / (2 * n) * float(w @ w)


def regularized_gradient(X, y, w, b, lam):
    dw, db = gradient(X, y, w, b)
    n = len(np.asarray(X))
    return dw + lam / n * np.asarray(w, dtype=float), db


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    history = []
    for _ in range(epochs):
        history.append(regularized_loss(X, y, w, b, lam))
        dw, db = regularized_gradient(X, y, w, b, lam)
        w -= lr * dw  # w is our own array, so updating it in place is safe
        b -= lr * db
    return w, b, history


def predict(X, w, b, threshold=0.5):
    p = predict_proba(X, w, b)
    labels = np.zeros(p.shape, dtype=int)
    labels[p >= threshold] = 1
    return labels


def threshold_sweep(y, p, thresholds):
    y = np.asarray(y).astype(bool)
    p = np.asarray(p, dtype=float)
    thresholds = np.asarray(thresholds, dtype=float)
    k = len(thresholds)
    out = {name: np.zeros(k, dtype=int) for name in ("tp", "fp", "tn", "fn")}
    for name in ("accuracy", "precision", "recall"):
        out[name] = np.zeros(k)
    for i, t in enumerate(thresholds):
        called = p >= t
        tp = int(np.sum(called & y))
        fp = int(np.sum(called & ~y))
        fn = int(np.sum(~called & y))
        tn = int(np.sum(~called & ~y))
        out["tp"][i], out["fp"][i], out["fn"][i], out["tn"][i] = tp, fp, fn, tn
        out["accuracy"][i] = (tp + tn) / len(y)
        out["precision"][i] = tp / (tp + fp) if tp + fp else 0.0
        out["recall"][i] = tp / (tp + fn) if tp + fn else 0.0
    return {"threshold": thresholds, **{name: out[name] for name in
            ("tp", "fp", "tn", "fn", "accuracy", "precision", "recall")}}


def add_interaction(X):
    X = np.asarray(X, dtype=float)
    product = (X[:, 0] * X[:, 1]).reshape(-1, 1)
    return np.concatenate([X, product], axis=1)
