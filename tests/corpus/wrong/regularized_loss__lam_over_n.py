# function: regularized_loss
# mistake: penalty lam / n * sum(w**2), missing the factor 1/2
import numpy as np


def regularized_loss(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    n = np.asarray(X).shape[0]
    return loss(X, y, w, b) + lam / n * float(np.sum(w ** 2))
