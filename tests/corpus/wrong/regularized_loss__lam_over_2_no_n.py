# function: regularized_loss
# mistake: penalty lam / 2 * sum(w**2), not divided by n
import numpy as np


def regularized_loss(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    return loss(X, y, w, b) + lam / 2 * float(np.sum(w ** 2))
