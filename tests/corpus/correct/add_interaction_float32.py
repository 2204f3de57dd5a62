# style: add_interaction returning float32 (allowed: the contract accepts float32 within its tolerance)
import numpy as np


def add_interaction(X):
    X = np.asarray(X, dtype=np.float32)
    return np.hstack([X, (X[:, 0] * X[:, 1])[:, None]])
