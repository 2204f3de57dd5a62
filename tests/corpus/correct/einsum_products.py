# style: np.einsum for every matrix/vector product and count; np.piecewise stable sigmoid; BCE as masked sums over the positive and negative samples; np.column_stack interaction
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.piecewise(
        z,
        [z >= 0, z < 0],
        [lambda v: 1.0 / (1.0 + np.exp(-v)), lambda v: np.exp(v) / (1.0 + np.exp(v))],
    )
    return float(out) if out.ndim == 0 else out


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15)
    is_one = y == 1
    total = np.sum(np.log(p[is_one])) + np.sum(np.log(1 - p[~is_one]))
    return float(-total / y.size)


def predict_proba(X, w, b):
    return sigmoid(np.einsum("ij,j->i", np.asarray(X, dtype=float), np.asarray(w, dtype=float)) + b)


def loss(X, y, w, b):
    return bce_loss(y, predict_proba(X, w, b))


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    err = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    n = X.shape[0]
    return np.einsum("ij,i->j", X, err) / n, float(np.einsum("i->", err) / n)


def regularized_loss(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    n = np.asarray(X).shape[0]
    return loss(X, y, w, b) + lam / (2 * n) * float(np.einsum("i,i->", w, w))


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
    history = [0.0] * epochs
    for epoch in range(epochs):
        history[epoch] = regularized_loss(X, y, w, b, lam)
        dw, db = regularized_gradient(X, y, w, b, lam)
        w = w - lr * dw
        b = b - lr * db
    return w, b, history


def predict(X, w, b, threshold=0.5):
    return (predict_proba(X, w, b) >= threshold).astype(int)


def threshold_sweep(y, p, thresholds):
    t = np.asarray(thresholds, dtype=float)
    yes = np.asarray(y).astype(bool).astype(np.int64)
    no = 1 - yes
    called = (np.asarray(p, dtype=float)[None, :] >= t[:, None]).astype(np.int64)
    missed = 1 - called
    tp = np.einsum("kn,n->k", called, yes)
    fp = np.einsum("kn,n->k", called, no)
    fn = np.einsum("kn,n->k", missed, yes)
    tn = np.einsum("kn,n->k", missed, no)
    precision = np.divide(tp, tp + fp, out=np.zeros(t.size), where=tp + fp > 0)
    recall = np.divide(tp, tp + fn, out=np.zeros(t.size), where=tp + fn > 0)
    return {"threshold": t, "tp": tp, "fp": fp, "tn": tn, "fn": fn,
            "accuracy": (tp + tn) / yes.size, "precision": precision, "recall": recall}


def add_interaction(X):
    X = np.asarray(X, dtype=float)
    return np.column_stack((X[:, 0], X[:, 1], np.einsum("i,i->i", X[:, 0], X[:, 1])))
