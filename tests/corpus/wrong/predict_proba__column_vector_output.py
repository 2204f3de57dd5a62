# function: predict_proba
# mistake: reshapes w to a column, returning shape (n, 1) instead of (n,)
import numpy as np


def predict_proba(X, w, b):
    return sigmoid(np.asarray(X, dtype=float) @ np.asarray(w, dtype=float).reshape(-1, 1) + b)
