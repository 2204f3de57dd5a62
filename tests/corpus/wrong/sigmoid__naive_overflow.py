# function: sigmoid
# mistake: naive 1/(1+np.exp(-z)): exp overflows (RuntimeWarning) for large negative z
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = 1.0 / (1.0 + np.exp(-z))
    if out.ndim == 0:
        return float(out)
    return out
