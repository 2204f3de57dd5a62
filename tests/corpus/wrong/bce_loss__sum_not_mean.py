# function: bce_loss
# mistake: sums the per-sample losses instead of averaging them
import numpy as np


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15)
    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
