# function: regularized_gradient
# mistake: penalty gradient lam / (2n) * w instead of lam / n * w
import numpy as np


def regularized_gradient(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    n = np.asarray(X).shape[0]
    dw, db = gradient(X, y, w, b)
    return dw + lam / (2 * n) * w, db
