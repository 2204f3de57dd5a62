# function: sigmoid
# mistake: computes 1/(1+e^z) (sign of the exponent flipped), i.e. sigmoid(-z)
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    ez = np.exp(-z[pos])
    out[pos] = ez / (1.0 + ez)
    out[~pos] = 1.0 / (1.0 + np.exp(z[~pos]))
    if out.ndim == 0:
        return float(out)
    return out
