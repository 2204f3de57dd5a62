# function: fit
# mistake: stops as soon as the loss stops changing, so history can be shorter than epochs
import numpy as np


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    history = []
    for _ in range(epochs):
        history.append(regularized_loss(X, y, w, b, lam))
        if len(history) > 1 and abs(history[-2] - history[-1]) < 1e-12:
            break
        dw, db = regularized_gradient(X, y, w, b, lam)
        w = w - lr * dw
        b = b - lr * db
    return w, b, history
