# function: bce_loss
# mistake: uses np.log10 instead of the natural log
import numpy as np


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log10(p) + (1 - y) * np.log10(1 - p)))
