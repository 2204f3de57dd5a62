# function: gradient
# mistake: returns dw as a column of shape (d, 1); the values are right
import numpy as np


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    error = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    dw = (X.T @ error / X.shape[0]).reshape(-1, 1)
    return dw, float(np.mean(error))
