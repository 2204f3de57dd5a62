# function: sigmoid
# mistake: clips z to [-20, 20] to avoid overflow, so the tails stop ~2e-9 short of 0 and 1
import numpy as np


def sigmoid(z):
    z = np.clip(np.asarray(z, dtype=float), -20.0, 20.0)
    out = 1.0 / (1.0 + np.exp(-z))
    if out.ndim == 0:
        return float(out)
    return out
