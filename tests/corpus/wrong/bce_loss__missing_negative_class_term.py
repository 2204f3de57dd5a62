# function: bce_loss
# mistake: drops the (1 - y) * log(1 - p) term
import numpy as np


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p)))
