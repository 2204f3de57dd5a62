# style: object-oriented internals (a small _Model class does the maths, the contract functions are thin wrappers); naive sigmoid with the harmless exp overflow silenced by np.errstate; collections.Counter sweep; np.append interaction
from collections import Counter

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):  # exp(-z) -> inf gives exactly 0, which is the right limit
        out = 1.0 / (1.0 + np.exp(-z))
    return float(out) if out.ndim == 0 else out


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float).clip(1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


class _Model:
    def __init__(self, w, b):
        self.w = np.array(w, dtype=float)
        self.b = float(b)

    def proba(self, X):
        return sigmoid(X @ self.w + self.b)

    def loss(self, X, y, lam=0.0):
        return loss(X, y, self.w, self.b) + lam / (2 * len(X)) * float(self.w @ self.w)

    def grad(self, X, y, lam=0.0):
        err = self.proba(X) - y
        n = len(X)
        return X.T @ err / n + lam / n * self.w, float(np.mean(err))

    def step(self, X, y, lr, lam):
        dw, db = regularized_gradient(X, y, self.w, self.b, lam)
        self.w = self.w - lr * dw
        self.b = self.b - lr * db


def predict_proba(X, w, b):
    return _Model(w, b).proba(np.asarray(X, dtype=float))


def loss(X, y, w, b):
    return bce_loss(y, predict_proba(X, w, b))


def gradient(X, y, w, b):
    return _Model(w, b).grad(np.asarray(X, dtype=float), np.asarray(y, dtype=float))


def regularized_loss(X, y, w, b, lam):
    return _Model(w, b).loss(np.asarray(X, dtype=float), np.asarray(y, dtype=float), lam)


def regularized_gradient(X, y, w, b, lam):
    dw, db = gradient(X, y, w, b)
    return dw + lam / len(X) * np.asarray(w, dtype=float), db


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    model = _Model(np.zeros(X.shape[1]), 0.0)
    history = []
    for _ in range(epochs):
        history.append(regularized_loss(X, y, model.w, model.b, lam))
        model.step(X, y, lr, lam)
    return model.w, model.b, history


def predict(X, w, b, threshold=0.5):
    return (predict_proba(X, w, b) >= threshold).astype(int)


def threshold_sweep(y, p, thresholds):
    labels = np.asarray(y).astype(bool).tolist()
    p = np.asarray(p, dtype=float)
    t = np.asarray(thresholds, dtype=float)
    n = len(labels)
    table = {key: [] for key in ("tp", "fp", "tn", "fn", "accuracy", "precision", "recall")}
    for threshold in t:
        c = Counter(zip((p >= threshold).tolist(), labels))
        tp, fp = c[(True, True)], c[(True, False)]
        fn, tn = c[(False, True)], c[(False, False)]
        table["tp"].append(tp)
        table["fp"].append(fp)
        table["tn"].append(tn)
        table["fn"].append(fn)
        table["accuracy"].append((tp + tn) / n)
        table["precision"].append(tp / (tp + fp) if tp + fp else 0.0)
        table["recall"].append(tp / (tp + fn) if tp + fn else 0.0)
    out = {"threshold": t}
    for key, values in table.items():
        out[key] = np.array(values, dtype=int if key in ("tp", "fp", "tn", "fn") else float)
    return out


def add_interaction(X):
    X = np.asarray(X, dtype=float)
    return np.append(X, (X[:, 0] * X[:, 1])[:, None], axis=1)
