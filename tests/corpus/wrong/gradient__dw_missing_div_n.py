# function: gradient
# mistake: dw = X.T @ (p - y) without dividing by n (db is averaged correctly)
import numpy as np


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    error = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    dw = X.T @ error
    db = float(np.mean(error))
    return dw, db
