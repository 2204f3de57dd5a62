# function: add_interaction
# mistake: appends x1 + x2 instead of x1 * x2
import numpy as np


def add_interaction(X):
    X = np.asarray(X, dtype=float)
    return np.column_stack([X, X[:, 0] + X[:, 1]])
