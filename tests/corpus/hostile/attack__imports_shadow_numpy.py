# attack: ships a numpy.py beside itself (the test writes it) and relies on it
# expect: zero (otherwise unimplemented)
import numpy as np

def sigmoid(z):
    return np.FAKE_SIGMOID


def bce_loss(y, p):
    return np.FAKE_BCE_LOSS


def predict_proba(X, w, b):
    return np.FAKE_PREDICT_PROBA


def loss(X, y, w, b):
    return np.FAKE_LOSS


def gradient(X, y, w, b):
    return np.FAKE_GRADIENT


def regularized_loss(X, y, w, b, lam):
    return np.FAKE_REGULARIZED_LOSS


def regularized_gradient(X, y, w, b, lam):
    return np.FAKE_REGULARIZED_GRADIENT


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    return np.FAKE_FIT


def predict(X, w, b, threshold=0.5):
    return np.FAKE_PREDICT


def threshold_sweep(y, p, thresholds):
    return np.FAKE_THRESHOLD_SWEEP


def add_interaction(X):
    return np.FAKE_ADD_INTERACTION
