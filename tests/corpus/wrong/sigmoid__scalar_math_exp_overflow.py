# function: sigmoid
# mistake: scalar branch uses naive math.exp(-z), which raises OverflowError for z below about -709
import numpy as np


import math


def sigmoid(z):
    if np.ndim(z) == 0:
        return 1.0 / (1.0 + math.exp(-float(z)))
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out
