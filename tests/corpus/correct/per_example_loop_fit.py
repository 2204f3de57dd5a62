# style: the per-example loops a popular online course teaches: fit computes its own cost and gradient example by example with np.dot on each row
import numpy as np


def _sigmoid(z):
    return 1 / (1 + np.exp(-z)) if z >= 0 else np.exp(z) / (1 + np.exp(z))


def _compute_cost(X, y, w, b, lam):
    m, n = X.shape
    cost = 0.0
    for i in range(m):
        f_wb_i = _sigmoid(np.dot(X[i], w) + b)
        f_wb_i = min(max(f_wb_i, 1e-15), 1 - 1e-15)
        cost += -y[i] * np.log(f_wb_i) - (1 - y[i]) * np.log(1 - f_wb_i)
    reg = 0.0
    for j in range(n):
        reg += w[j] ** 2
    return float(cost / m + lam / (2 * m) * reg)


def _compute_gradient(X, y, w, b, lam):
    m, n = X.shape
    dj_dw = np.zeros(n)
    dj_db = 0.0
    for i in range(m):
        err_i = _sigmoid(np.dot(X[i], w) + b) - y[i]
        for j in range(n):
            dj_dw[j] += err_i * X[i, j]
        dj_db += err_i
    dj_dw = dj_dw / m
    for j in range(n):
        dj_dw[j] += lam / m * w[j]
    return dj_dw, dj_db / m


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    X = np.array(X, dtype=float)
    y = np.array(y, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    history = []
    for _ in range(epochs):
        history.append(_compute_cost(X, y, w, b, lam))
        dj_dw, dj_db = _compute_gradient(X, y, w, b, lam)
        w = w - lr * dj_dw
        b = b - lr * dj_db
    return w, float(b), history
