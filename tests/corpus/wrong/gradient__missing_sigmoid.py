# function: gradient
# mistake: uses the raw scores X @ w + b instead of predict_proba (the linear-regression gradient)
import numpy as np


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    error = X @ np.asarray(w, dtype=float) + b - np.asarray(y, dtype=float)
    dw = X.T @ error / X.shape[0]
    db = float(np.mean(error))
    return dw, db
