# function: fit
# mistake: records the loss after each update instead of before it
import numpy as np


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)

    w = np.zeros(X.shape[1])
    b = 0.0
    history = []
    for _ in range(epochs):
        dw, db = regularized_gradient(X, y, w, b, lam)
        w = w - lr * dw
        b = b - lr * db
        history.append(regularized_loss(X, y, w, b, lam))
    return w, b, history
