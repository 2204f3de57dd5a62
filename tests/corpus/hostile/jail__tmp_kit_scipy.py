# correct: a full solution that leans on numpy.random and scipy.special; graded from a kit and venv under /tmp
# expect: 100, as anywhere else
import numpy as np
import numpy.random
from scipy.special import expit, xlogy

_rng = numpy.random.default_rng(0)


def sigmoid(z):
    return expit(np.asarray(z, dtype=float))


def bce_loss(y, p):
    y, p = np.asarray(y, dtype=float), np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)
    return float(-np.mean(xlogy(y, p) + xlogy(1 - y, 1 - p)))
