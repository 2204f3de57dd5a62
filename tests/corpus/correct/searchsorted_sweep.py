# style: threshold_sweep by sorting the scores of each class and counting with np.searchsorted; sigmoid as np.where(z >= 0, 1, e) / (1 + e); gradient as a column mean of X * err; np.average BCE
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    out = np.where(z >= 0, 1.0, e) / (1.0 + e)
    return float(out) if out.ndim == 0 else out


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15)
    return float(-np.average(np.log(p) * y + np.log(1 - p) * (1 - y)))


def predict_proba(X, w, b):
    z = np.asarray(X, dtype=float) @ np.asarray(w, dtype=float)
    return sigmoid(z + b)


def loss(X, y, w, b):
    return bce_loss(y, predict_proba(X, w, b))


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    err = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    dw = np.mean(X * err[:, np.newaxis], axis=0)
    db = float(np.mean(err))
    return dw, db


def regularized_loss(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    n = len(X)
    return loss(X, y, w, b) + lam / (2 * n) * float(np.linalg.norm(w) ** 2)


def regularized_gradient(X, y, w, b, lam):
    dw, db = gradient(X, y, w, b)
    return dw + lam / len(X) * np.asarray(w, dtype=float), db


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
    return np.greater_equal(predict_proba(X, w, b), threshold).astype(int)


def threshold_sweep(y, p, thresholds):
    y = np.asarray(y).astype(bool)
    p = np.asarray(p, dtype=float)
    t = np.asarray(thresholds, dtype=float)
    pos_scores = np.sort(p[y])
    neg_scores = np.sort(p[~y])
    # number of scores >= t = total - number of scores < t
    tp = pos_scores.size - np.searchsorted(pos_scores, t, side="left")
    fp = neg_scores.size - np.searchsorted(neg_scores, t, side="left")
    fn = pos_scores.size - tp
    tn = neg_scores.size - fp
    called, actual = tp + fp, tp + fn
    precision = np.where(called > 0, tp / np.where(called > 0, called, 1), 0.0)
    recall = np.where(actual > 0, tp / np.where(actual > 0, actual, 1), 0.0)
    return {"threshold": t, "tp": tp, "fp": fp, "tn": tn, "fn": fn,
            "accuracy": (tp + tn) / y.size, "precision": precision, "recall": recall}


def add_interaction(X):
    X = np.asarray(X, dtype=float)
    return np.hstack((X, np.reshape(X[:, 0] * X[:, 1], (-1, 1))))
