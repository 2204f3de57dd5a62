# disturbance: recurses without bound
# function: threshold_sweep
import numpy as np


def threshold_sweep(y, p, thresholds):
    return threshold_sweep(y, p, thresholds)
