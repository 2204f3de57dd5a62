# function: predict_proba
# mistake: computes np.sum(X * w, axis=0) (over samples) giving shape (d,) instead of (n,)
import numpy as np


def predict_proba(X, w, b):
    return sigmoid(np.sum(np.asarray(X, dtype=float) * np.asarray(w, dtype=float), axis=0) + b)
