# function: sigmoid
# mistake: loops over z.ravel() and returns a 1-D array, losing the shape of 2-D input
import numpy as np


import math


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    values = []
    for v in z.ravel():
        if v >= 0:
            values.append(1.0 / (1.0 + math.exp(-v)))
        else:
            e = math.exp(v)
            values.append(e / (1.0 + e))
    if z.ndim == 0:
        return float(values[0])
    return np.array(values)
