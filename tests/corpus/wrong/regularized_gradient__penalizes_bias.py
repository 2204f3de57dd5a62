# function: regularized_gradient
# mistake: also adds lam / n * b to db
import numpy as np


def regularized_gradient(X, y, w, b, lam):
    w = np.asarray(w, dtype=float)
    n = np.asarray(X).shape[0]
    dw, db = gradient(X, y, w, b)
    return dw + lam / n * w, db + lam / n * b
