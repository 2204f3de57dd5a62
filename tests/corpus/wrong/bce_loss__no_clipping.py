# function: bce_loss
# mistake: does not clip p, so p of exactly 0 or 1 gives a divide-by-zero warning and inf/nan
import numpy as np


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
