# style: plain Python loops and lists everywhere (math.exp with a stable branch); NumPy only to convert at the boundaries
import math

import numpy as np


def _sigmoid_number(v):
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def sigmoid(z):
    arr = np.asarray(z, dtype=float)
    if arr.ndim == 0:
        return _sigmoid_number(float(arr))
    values = [_sigmoid_number(v) for v in arr.ravel().tolist()]
    return np.array(values, dtype=float).reshape(arr.shape)


def bce_loss(y, p):
    ys = [float(v) for v in np.ravel(y)]
    ps = [float(v) for v in np.ravel(p)]
    eps = 1e-15
    total = 0.0
    for yi, pi in zip(ys, ps):
        pi = min(max(pi, eps), 1 - eps)
        total += yi * math.log(pi) + (1 - yi) * math.log(1 - pi)
    return -total / len(ys)


def predict_proba(X, w, b):
    rows = np.asarray(X, dtype=float).tolist()
    weights = [float(v) for v in np.ravel(w)]
    probs = []
    for row in rows:
        score = 0.0
        for xj, wj in zip(row, weights):
            score += xj * wj
        probs.append(sigmoid(score + float(b)))
    return np.array(probs, dtype=float)


def loss(X, y, w, b):
    return bce_loss(y, predict_proba(X, w, b))


def gradient(X, y, w, b):
    rows = np.asarray(X, dtype=float).tolist()
    ys = [float(v) for v in np.ravel(y)]
    probs = [float(v) for v in predict_proba(X, w, b)]
    n, d = len(rows), len(np.ravel(w))
    dw = [0.0] * d
    db = 0.0
    for row, pi, yi in zip(rows, probs, ys):
        err = pi - yi
        db += err
        for j in range(d):
            dw[j] += row[j] * err
    return np.array([g / n for g in dw], dtype=float), db / n


def regularized_loss(X, y, w, b, lam):
    n = len(np.asarray(X))
    penalty = 0.0
    for wj in np.ravel(w).tolist():
        penalty += wj * wj
    return loss(X, y, w, b) + lam / (2 * n) * penalty


def regularized_gradient(X, y, w, b, lam):
    n = len(np.asarray(X))
    dw, db = gradient(X, y, w, b)
    weights = np.ravel(w).tolist()
    return np.array([g + lam / n * wj for g, wj in zip(np.ravel(dw).tolist(), weights)], dtype=float), db


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    X = np.array(X, dtype=float)
    y = np.array(y, dtype=float)
    w = np.array([0.0] * X.shape[1])
    b = 0.0
    history = []
    for _ in range(epochs):
        history.append(regularized_loss(X, y, w, b, lam))
        dw, db = regularized_gradient(X, y, w, b, lam)
        w = np.array([wj - lr * g for wj, g in zip(w.tolist(), np.ravel(dw).tolist())], dtype=float)
        b = b - lr * db
    return w, b, history


def predict(X, w, b, threshold=0.5):
    labels = []
    for prob in predict_proba(X, w, b).tolist():
        labels.append(1 if prob >= threshold else 0)
    return np.array(labels, dtype=int)


def threshold_sweep(y, p, thresholds):
    ys = [bool(v) for v in np.ravel(y)]
    ps = [float(v) for v in np.ravel(p)]
    ts = [float(t) for t in np.ravel(thresholds)]
    n = len(ys)
    cols = {key: [] for key in ("tp", "fp", "tn", "fn", "accuracy", "precision", "recall")}
    for t in ts:
        tp = fp = tn = fn = 0
        for yi, pi in zip(ys, ps):
            if pi >= t:
                if yi:
                    tp += 1
                else:
                    fp += 1
            else:
                if yi:
                    fn += 1
                else:
                    tn += 1
        cols["tp"].append(tp)
        cols["fp"].append(fp)
        cols["tn"].append(tn)
        cols["fn"].append(fn)
        cols["accuracy"].append((tp + tn) / n)
        cols["precision"].append(tp / (tp + fp) if tp + fp > 0 else 0.0)
        cols["recall"].append(tp / (tp + fn) if tp + fn > 0 else 0.0)
    result = {"threshold": np.array(ts, dtype=float)}
    for key in ("tp", "fp", "tn", "fn"):
        result[key] = np.array(cols[key], dtype=int)
    for key in ("accuracy", "precision", "recall"):
        result[key] = np.array(cols[key], dtype=float)
    return result


def add_interaction(X):
    rows = np.asarray(X, dtype=float).tolist()
    out = []
    for x1, x2 in rows:
        out.append([x1, x2, x1 * x2])
    return np.array(out, dtype=float).reshape(len(rows), 3)
