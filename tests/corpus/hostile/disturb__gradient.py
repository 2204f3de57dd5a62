# disturbance: allocates memory without bound
# function: gradient
import numpy as np


def gradient(X, y, w, b):
    import numpy as np
    hoard = []
    while True:
        hoard.append(np.ones(10**7))
