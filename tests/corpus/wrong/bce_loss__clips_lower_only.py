# function: bce_loss
# mistake: clips only from below (np.maximum(p, eps)), so p == 1 gives log(0): warning and inf/nan
import numpy as np


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.maximum(np.asarray(p, dtype=float), 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
