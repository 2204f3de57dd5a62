# function: gradient
# mistake: uses y - p instead of p - y (gradient of the wrong sign)
import numpy as np


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    error = np.asarray(y, dtype=float) - predict_proba(X, w, b)
    dw = X.T @ error / X.shape[0]
    db = float(np.mean(error))
    return dw, db
