# function: predict_proba
# mistake: returns sigmoid(X @ w), ignoring b
import numpy as np


def predict_proba(X, w, b):
    return sigmoid(np.asarray(X, dtype=float) @ np.asarray(w, dtype=float))
