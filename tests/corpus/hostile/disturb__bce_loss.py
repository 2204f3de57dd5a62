# disturbance: sleeps for an hour
# function: bce_loss
import numpy as np


def bce_loss(y, p):
    import time
    time.sleep(3600)
