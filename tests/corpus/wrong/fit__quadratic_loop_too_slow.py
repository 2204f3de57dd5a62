# function: fit
# mistake: correct, but for every example and feature it recomputes the predictions of all examples: O(n^2 d) Python work per epoch
import math

import numpy as np


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    rows = np.asarray(X, dtype=float).tolist()
    ys = [float(v) for v in np.ravel(y)]
    n, d = len(rows), len(rows[0])
    w = [0.0] * d
    b = 0.0
    history = []
    for _ in range(epochs):
        history.append(regularized_loss(np.array(rows), np.array(ys), np.array(w), b, lam))
        dw = [0.0] * d
        db = 0.0
        for i in range(n):
            for j in range(d):
                probs = [1.0 / (1.0 + math.exp(-(sum(r[k] * w[k] for k in range(d)) + b))) for r in rows]
                err = probs[i] - ys[i]
                dw[j] += rows[i][j] * err / n
            db += err / n
        w = [w[j] - lr * (dw[j] + lam / n * w[j]) for j in range(d)]
        b = b - lr * db
    return np.array(w), b, history
