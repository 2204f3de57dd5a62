# function: bce_loss
# mistake: forgets the minus sign, returning the mean log-likelihood (a negative number)
import numpy as np


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15)
    return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
