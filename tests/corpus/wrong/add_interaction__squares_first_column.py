# function: add_interaction
# mistake: appends x1**2 instead of x1 * x2
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    if out.ndim == 0:
        return float(out)
    return out


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def predict_proba(X, w, b):
    return sigmoid(np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b)


def loss(X, y, w, b):
    return bce_loss(y, predict_proba(X, w, b))


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    error = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    dw = X.T @ error / X.shape[0]
    db = float(np.mean(error))
    return dw, db


def regularized_loss(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    n = np.asarray(X).shape[0]
    return loss(X, y, w, b) + lam / (2 * n) * float(np.sum(w ** 2))


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
    for _ in range(epochs):
        history.append(regularized_loss(X, y, w, b, lam))
        dw, db = regularized_gradient(X, y, w, b, lam)
        w = w - lr * dw
        b = b - lr * db
    return w, b, history


def predict(X, w, b, threshold=0.5):
    return (predict_proba(X, w, b) >= threshold).astype(int)


def threshold_sweep(y, p, thresholds):
    y = np.asarray(y).astype(bool)
    p = np.asarray(p, dtype=float)
    thresholds = np.asarray(thresholds, dtype=float)
    positive = p[None, :] >= thresholds[:, None]
    tp = np.sum(positive & y, axis=1)
    fp = np.sum(positive & ~y, axis=1)
    fn = np.sum(~positive & y, axis=1)
    tn = np.sum(~positive & ~y, axis=1)
    predicted, actual = tp + fp, tp + fn
    precision = np.divide(tp, predicted, out=np.zeros(len(thresholds)), where=predicted > 0)
    recall = np.divide(tp, actual, out=np.zeros(len(thresholds)), where=actual > 0)
    return {
        "threshold": thresholds,
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
        "accuracy": (tp + tn) / len(y),
        "precision": precision,
        "recall": recall,
    }


def add_interaction(X):
    X = np.asarray(X, dtype=float)
    return np.column_stack([X, X[:, 0] ** 2])
