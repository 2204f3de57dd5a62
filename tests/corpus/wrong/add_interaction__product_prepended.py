# function: add_interaction
# mistake: puts the product column first: [x1*x2, x1, x2]
import numpy as np


def add_interaction(X):
    X = np.asarray(X, dtype=float)
    return np.column_stack([X[:, 0] * X[:, 1], X])
