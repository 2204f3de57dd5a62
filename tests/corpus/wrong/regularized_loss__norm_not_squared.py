# function: regularized_loss
# mistake: uses the norm ||w|| instead of the squared norm sum(w**2)
import numpy as np


def regularized_loss(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    n = np.asarray(X).shape[0]
    return loss(X, y, w, b) + lam / (2 * n) * float(np.linalg.norm(w))
