# function: gradient
# mistake: db = sum(p - y) instead of the mean
import numpy as np


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    error = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    dw = X.T @ error / X.shape[0]
    db = float(np.sum(error))
    return dw, db
