# function: bce_loss
# mistake: uses y as the probabilities and p as the labels inside the formula
import numpy as np


def bce_loss(y, p):
    p = np.asarray(p, dtype=float)
    y = np.clip(np.asarray(y, dtype=float), 1e-15, 1 - 1e-15)
    return float(-np.mean(p * np.log(y) + (1 - p) * np.log(1 - y)))
