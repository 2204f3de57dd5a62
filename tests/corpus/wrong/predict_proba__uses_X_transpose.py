# function: predict_proba
# mistake: uses X.T @ w (shape error unless n == d, wrong values when n == d)
import numpy as np


def predict_proba(X, w, b):
    return sigmoid(np.asarray(X, dtype=float).T @ np.asarray(w, dtype=float) + b)
