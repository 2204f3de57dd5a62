# function: regularized_loss
# mistake: writes out the unclipped textbook cost plus the penalty: nan at saturated probabilities
import numpy as np


def regularized_loss(X, y, w, b, lam):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.asarray(w, dtype=float)
    n = X.shape[0]
    p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    cost = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    return float(cost + lam / (2 * n) * np.sum(w**2))
