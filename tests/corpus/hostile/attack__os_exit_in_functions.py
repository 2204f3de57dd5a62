# attack: every function calls os._exit(0)
# expect: zero (otherwise unimplemented)
import os

def sigmoid(z):
    os._exit(0)


def bce_loss(y, p):
    os._exit(0)


def predict_proba(X, w, b):
    os._exit(0)


def loss(X, y, w, b):
    os._exit(0)


def gradient(X, y, w, b):
    os._exit(0)


def regularized_loss(X, y, w, b, lam):
    os._exit(0)


def regularized_gradient(X, y, w, b, lam):
    os._exit(0)


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    os._exit(0)


def predict(X, w, b, threshold=0.5):
    os._exit(0)


def threshold_sweep(y, p, thresholds):
    os._exit(0)


def add_interaction(X):
    os._exit(0)
