# function: sigmoid
# mistake: recursive list comprehension: array input returns a (nested) Python list, not an array
import numpy as np


import math


def sigmoid(z):
    if np.isscalar(z):
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)
    return [sigmoid(v) for v in z]
