# function: regularized_loss
# mistake: adds b**2 to the L2 penalty
import numpy as np


def regularized_loss(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    n = np.asarray(X).shape[0]
    return loss(X, y, w, b) + lam / (2 * n) * (float(np.sum(w ** 2)) + b ** 2)
