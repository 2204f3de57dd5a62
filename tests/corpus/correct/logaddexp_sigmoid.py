# style: sigmoid as np.exp(-np.logaddexp(0, -z)); gradient as (p - y) @ X / n; integer-matrix products for the sweep counts; np.hstack interaction
import numpy as np


def sigmoid(z):
    out = np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))
    return float(out) if np.ndim(out) == 0 else out


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-15, 1.0 - 1e-15)
    log_likelihood = y * np.log(p) + (1.0 - y) * np.log(1.0 - p)
    return -float(np.mean(log_likelihood))


def predict_proba(X, w, b):
    return sigmoid(np.matmul(np.asarray(X, dtype=float), np.asarray(w, dtype=float)) + b)


def loss(X, y, w, b):
    return bce_loss(y, predict_proba(X, w, b))


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    err = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    dw = (err @ X) / n
    db = float(np.mean(err))
    return dw, db


def regularized_loss(X, y, w, b, lam):
    n = np.shape(X)[0]
    w = np.asarray(w, dtype=float)
    return loss(X, y, w, b) + (lam / (2.0 * n)) * float(np.sum(np.square(w)))


def regularized_gradient(X, y, w, b, lam):
    n = np.shape(X)[0]
    dw, db = gradient(X, y, w, b)
    return dw + (lam / n) * np.asarray(w, dtype=float), db


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    X = np.array(X, dtype=float, copy=True)
    y = np.array(y, dtype=float, copy=True)
    params = {"w": np.zeros(X.shape[1]), "b": 0.0}
    history = []
    for _ in range(epochs):
        history.append(regularized_loss(X, y, params["w"], params["b"], lam))
        dw, db = regularized_gradient(X, y, params["w"], params["b"], lam)
        params["w"] = params["w"] - lr * dw
        params["b"] = params["b"] - lr * db
    return params["w"], params["b"], history


def predict(X, w, b, threshold=0.5):
    return (predict_proba(X, w, b) >= threshold).astype(np.int64)


def threshold_sweep(y, p, thresholds):
    t = np.asarray(thresholds, dtype=float)
    labels = (np.asarray(y) != 0).astype(np.int64)
    called = (np.asarray(p, dtype=float)[None, :] >= t[:, None]).astype(np.int64)
    tp = called @ labels
    fp = called @ (1 - labels)
    fn = (1 - called) @ labels
    tn = (1 - called) @ (1 - labels)
    precision = np.zeros(t.shape)
    np.divide(tp, tp + fp, out=precision, where=(tp + fp) > 0)
    recall = np.zeros(t.shape)
    np.divide(tp, tp + fn, out=recall, where=(tp + fn) > 0)
    return {
        "threshold": t,
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
        "accuracy": (tp + tn) / labels.shape[0],
        "precision": precision,
        "recall": recall,
    }


def add_interaction(X):
    X = np.asarray(X, dtype=float)
    return np.hstack([X, (X[:, 0] * X[:, 1])[:, None]])
