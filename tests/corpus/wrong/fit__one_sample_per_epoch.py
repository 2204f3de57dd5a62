# function: fit
# mistake: stochastic updates: each epoch steps on the gradient of a single sample (i = epoch % n)
import numpy as np


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)

    n = X.shape[0]
    w = np.zeros(X.shape[1])
    b = 0.0
    history = []
    for epoch in range(epochs):
        history.append(regularized_loss(X, y, w, b, lam))
        i = epoch % n
        dw, db = regularized_gradient(X[i:i + 1], y[i:i + 1], w, b, lam)
        w = w - lr * dw
        b = b - lr * db
    return w, b, history
