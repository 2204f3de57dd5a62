# function: gradient
# mistake: uses n = len(w) (number of features) instead of the number of samples
import numpy as np


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    n = len(w)
    error = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    dw = X.T @ error / n
    db = float(np.sum(error) / n)
    return dw, db
