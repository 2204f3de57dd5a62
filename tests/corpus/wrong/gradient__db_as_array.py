# function: gradient
# mistake: computes the gradient with a ones column and returns db as a shape-(1,) slice, not a float
import numpy as np


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    Xb = np.column_stack([np.ones(n), X])
    error = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    grad = Xb.T @ error / n
    return grad[1:], grad[:1]
