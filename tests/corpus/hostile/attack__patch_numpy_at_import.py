# attack: monkeypatches numpy's comparisons and checks at import
# expect: zero (otherwise unimplemented)
import numpy as np
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.isclose = lambda *a, **k: np.True_
np.testing.assert_allclose = lambda *a, **k: None

def sigmoid(z):
    raise NotImplementedError()


def bce_loss(y, p):
    raise NotImplementedError()


def predict_proba(X, w, b):
    raise NotImplementedError()


def loss(X, y, w, b):
    raise NotImplementedError()


def gradient(X, y, w, b):
    raise NotImplementedError()


def regularized_loss(X, y, w, b, lam):
    raise NotImplementedError()


def regularized_gradient(X, y, w, b, lam):
    raise NotImplementedError()


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    raise NotImplementedError()


def predict(X, w, b, threshold=0.5):
    raise NotImplementedError()


def threshold_sweep(y, p, thresholds):
    raise NotImplementedError()


def add_interaction(X):
    raise NotImplementedError()
