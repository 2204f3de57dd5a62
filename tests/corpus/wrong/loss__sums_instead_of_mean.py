# function: loss
# mistake: writes the cross-entropy out by hand and sums it instead of averaging
import numpy as np


def loss(X, y, w, b):
    p = np.clip(predict_proba(X, w, b), 1e-15, 1 - 1e-15)
    y = np.asarray(y, dtype=float)
    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
