# style: fit with a while loop; BCE clipped at 1e-12; sigmoid as exp(min(z, 0)) / (1 + exp(-|z|)); gradient as (p - y) @ X / n; predict by bool * 1; threshold_sweep with a Python loop per threshold; np.c_ interaction
import numpy as np

EPS = 1e-12


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))
    if np.ndim(out) == 0:
        return float(out)
    return out


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), EPS, 1.0 - EPS)
    return float(np.mean(-y * np.log(p) - (1.0 - y) * np.log(1.0 - p)))


def predict_proba(X, w, b):
    return sigmoid(np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b)


def loss(X, y, w, b):
    return bce_loss(y, predict_proba(X, w, b))


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    r = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    return r @ X / X.shape[0], float(np.mean(r))


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
    epoch = 0
    while epoch < epochs:
        history.append(regularized_loss(X, y, w, b, lam))
        dw, db = regularized_gradient(X, y, w, b, lam)
        w = w - lr * dw
        b = b - lr * db
        epoch += 1
    return w, b, history


def predict(X, w, b, threshold=0.5):
    return (predict_proba(X, w, b) >= threshold) * 1


def threshold_sweep(y, p, thresholds):
    y = np.asarray(y).astype(bool)
    p = np.asarray(p, dtype=float)
    thresholds = np.asarray(thresholds, dtype=float)
    rows = []
    for t in thresholds:
        pred = p >= t
        tp = np.sum(pred & y)
        fp = np.sum(pred & ~y)
        tn = np.sum(~pred & ~y)
        fn = np.sum(~pred & y)
        rows.append((tp, fp, tn, fn))
    counts = np.array(rows, dtype=int).reshape(len(thresholds), 4)
    tp, fp, tn, fn = counts.T
    precision = np.array([a / (a + c) if a + c > 0 else 0.0 for a, c in zip(tp, fp)], dtype=float)
    recall = np.array([a / (a + c) if a + c > 0 else 0.0 for a, c in zip(tp, fn)], dtype=float)
    return {
        "threshold": thresholds,
        "tp": tp.copy(),
        "fp": fp.copy(),
        "tn": tn.copy(),
        "fn": fn.copy(),
        "accuracy": (tp + tn) / y.size,
        "precision": precision,
        "recall": recall,
    }


def add_interaction(X):
    X = np.asarray(X, dtype=float)
    return np.c_[X[:, 0], X[:, 1], X[:, 0] * X[:, 1]]
