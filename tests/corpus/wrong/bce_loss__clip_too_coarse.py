# function: bce_loss
# mistake: clips p to [0.01, 0.99], which changes the loss for ordinary p below 0.01 or above 0.99
import numpy as np


def bce_loss(y, p):
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 0.01, 0.99)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
