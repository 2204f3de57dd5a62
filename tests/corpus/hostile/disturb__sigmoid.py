# disturbance: loops forever
# function: sigmoid
import numpy as np


def sigmoid(z):
    while True:
        pass
