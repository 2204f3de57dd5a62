# style: bias-column trick: a ones column is prepended and one parameter vector theta = [b, w] is used in predict_proba, gradient and fit (the bias masked out of the penalty); manual construction of the interaction array
import numpy as np


def _with_ones(X):
    X = np.asarray(X, dtype=float)
    return np.hstack([np.ones((X.shape[0], 1)), X])


def _theta(w, b):
    return np.concatenate([[float(b)], np.asarray(w, dtype=float)])


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty(z.shape)
    nonneg = z >= 0
    out[nonneg] = 1.0 / (1.0 + np.exp(-z[nonneg]))
    ez = np.exp(z[~nonneg])
    out[~nonneg] = ez / (1.0 + ez)
    return out.item() if out.ndim == 0 else out


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.minimum(np.maximum(np.asarray(p, dtype=float), 1e-15), 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def predict_proba(X, w, b):
    return sigmoid(_with_ones(X) @ _theta(w, b))


def loss(X, y, w, b):
    return bce_loss(y, predict_proba(X, w, b))


def gradient(X, y, w, b):
    Xa = _with_ones(X)
    err = sigmoid(Xa @ _theta(w, b)) - np.asarray(y, dtype=float)
    grad = Xa.T @ err / Xa.shape[0]
    return grad[1:], float(grad[0])


def regularized_loss(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    return loss(X, y, w, b) + lam / (2 * len(X)) * float(np.sum(w * w))


def regularized_gradient(X, y, w, b, lam):
    dw, db = gradient(X, y, w, b)
    return dw + lam / len(X) * np.asarray(w, dtype=float), db


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    Xa = _with_ones(X)
    y = np.asarray(y, dtype=float)
    n, k = Xa.shape
    theta = np.zeros(k)
    penalised = np.ones(k)
    penalised[0] = 0.0  # the bias is not regularised
    history = []
    for _ in range(epochs):
        p = sigmoid(Xa @ theta)
        history.append(bce_loss(y, p) + lam / (2 * n) * float(np.sum((theta * penalised) ** 2)))
        grad = Xa.T @ (p - y) / n + lam / n * theta * penalised
        theta = theta - lr * grad
    return theta[1:].copy(), float(theta[0]), history


def predict(X, w, b, threshold=0.5):
    return np.asarray(predict_proba(X, w, b) >= threshold, dtype=int)


def threshold_sweep(y, p, thresholds):
    y = np.asarray(y).astype(bool)
    p = np.asarray(p, dtype=float)
    thresholds = np.asarray(thresholds, dtype=float)
    positive = p[None, :] >= thresholds[:, None]
    tp = (positive & y).sum(axis=1)
    fp = (positive & ~y).sum(axis=1)
    fn = (~positive & y).sum(axis=1)
    tn = (~positive & ~y).sum(axis=1)
    precision = np.zeros(len(thresholds))
    recall = np.zeros(len(thresholds))
    has_pred, has_pos = tp + fp > 0, tp + fn > 0
    precision[has_pred] = tp[has_pred] / (tp + fp)[has_pred]
    recall[has_pos] = tp[has_pos] / (tp + fn)[has_pos]
    return {"threshold": thresholds, "tp": tp, "fp": fp, "tn": tn, "fn": fn,
            "accuracy": (tp + tn) / len(y), "precision": precision, "recall": recall}


def add_interaction(X):
    X = np.asarray(X, dtype=float)
    out = np.empty((X.shape[0], 3))
    out[:, :2] = X
    out[:, 2] = X[:, 0] * X[:, 1]
    return out
