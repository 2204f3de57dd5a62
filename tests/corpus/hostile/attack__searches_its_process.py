# attack: looks for a reference implementation in sys.modules, gc and stack frames and calls it
# expect: zero (otherwise unimplemented)
import gc, inspect, sys


def _steal(name, me, *args, **kwargs):
    for frame in inspect.stack():
        cand = frame.frame.f_globals.get(name)
        if callable(cand) and cand is not me:
            return cand(*args, **kwargs)
    for mod in list(sys.modules.values()):
        cand = getattr(mod, name, None)
        if callable(cand) and cand is not me:
            return cand(*args, **kwargs)
    for obj in gc.get_objects():
        if callable(obj) and getattr(obj, '__name__', '') == name and obj is not me:
            try:
                return obj(*args, **kwargs)
            except Exception:
                continue
    raise NotImplementedError()


def sigmoid(z):
    return _steal('sigmoid', sigmoid, *[v for v in locals().values()])


def bce_loss(y, p):
    return _steal('bce_loss', bce_loss, *[v for v in locals().values()])


def predict_proba(X, w, b):
    return _steal('predict_proba', predict_proba, *[v for v in locals().values()])


def loss(X, y, w, b):
    return _steal('loss', loss, *[v for v in locals().values()])


def gradient(X, y, w, b):
    return _steal('gradient', gradient, *[v for v in locals().values()])


def regularized_loss(X, y, w, b, lam):
    return _steal('regularized_loss', regularized_loss, *[v for v in locals().values()])


def regularized_gradient(X, y, w, b, lam):
    return _steal('regularized_gradient', regularized_gradient, *[v for v in locals().values()])


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    return _steal('fit', fit, *[v for v in locals().values()])


def predict(X, w, b, threshold=0.5):
    return _steal('predict', predict, *[v for v in locals().values()])


def threshold_sweep(y, p, thresholds):
    return _steal('threshold_sweep', threshold_sweep, *[v for v in locals().values()])


def add_interaction(X):
    return _steal('add_interaction', add_interaction, *[v for v in locals().values()])
