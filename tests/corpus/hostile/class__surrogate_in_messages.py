# attack: lone surrogates in its cells and in an exception message (tests/test_hostile_class.py, s003)
# expect: that student's row, page and gradebook entry like any other; the class graded
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    if z.size == 9:
        raise ValueError('bad \udc80 value')
    return 0.5 * (1.0 + np.tanh(0.5 * z))
