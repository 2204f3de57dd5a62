# function: fit
# mistake: trains on (and records) the unregularized loss and gradient, ignoring lam
import numpy as np


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)

    w = np.zeros(X.shape[1])
    b = 0.0
    history = []
    for _ in range(epochs):
        history.append(loss(X, y, w, b))
        dw, db = gradient(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
    return w, b, history
