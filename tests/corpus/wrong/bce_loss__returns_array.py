# function: bce_loss
# mistake: reshapes to column vectors and averages over axis 0, returning a shape-(1,) array instead of a float
import numpy as np


def bce_loss(y, p):
    y = np.asarray(y, dtype=float).reshape(-1, 1)
    p = np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15).reshape(-1, 1)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p), axis=0)
