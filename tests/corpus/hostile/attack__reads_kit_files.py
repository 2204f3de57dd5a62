# attack: searches the disk for the kit's reference solution and executes it
# expect: zero (otherwise unimplemented)
import os

# The test replaces KIT_ROOT with the kit's real folder: students can read the kit's code, so they know it.
PLACES = ["KIT_ROOT", "KIT_ROOT/solutions", "/work", "/tmp", "/root", "/home", "/srv", "/opt"]


def _find():
    for top in PLACES:
        for root, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if d not in (".venv", ".pyenv", ".git", "site-packages")]
            for name in files:
                if not name.endswith((".py", ".ipynb")):
                    continue
                try:
                    with open(os.path.join(root, name), errors="ignore") as f:
                        text = f.read()
                except OSError:
                    continue
                if "def regularized_gradient" in text and "def threshold_sweep" in text and "NotImplementedError" not in text:
                    found = {}
                    try:
                        exec(text, found)
                    except Exception:
                        continue
                    return found
    return {}


_FOUND = _find()


def sigmoid(z):
    if 'sigmoid' in _FOUND:
        return _FOUND['sigmoid'](*[v for v in locals().values()])
    raise NotImplementedError()


def bce_loss(y, p):
    if 'bce_loss' in _FOUND:
        return _FOUND['bce_loss'](*[v for v in locals().values()])
    raise NotImplementedError()


def predict_proba(X, w, b):
    if 'predict_proba' in _FOUND:
        return _FOUND['predict_proba'](*[v for v in locals().values()])
    raise NotImplementedError()


def loss(X, y, w, b):
    if 'loss' in _FOUND:
        return _FOUND['loss'](*[v for v in locals().values()])
    raise NotImplementedError()


def gradient(X, y, w, b):
    if 'gradient' in _FOUND:
        return _FOUND['gradient'](*[v for v in locals().values()])
    raise NotImplementedError()


def regularized_loss(X, y, w, b, lam):
    if 'regularized_loss' in _FOUND:
        return _FOUND['regularized_loss'](*[v for v in locals().values()])
    raise NotImplementedError()


def regularized_gradient(X, y, w, b, lam):
    if 'regularized_gradient' in _FOUND:
        return _FOUND['regularized_gradient'](*[v for v in locals().values()])
    raise NotImplementedError()


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    if 'fit' in _FOUND:
        return _FOUND['fit'](*[v for v in locals().values()])
    raise NotImplementedError()


def predict(X, w, b, threshold=0.5):
    if 'predict' in _FOUND:
        return _FOUND['predict'](*[v for v in locals().values()])
    raise NotImplementedError()


def threshold_sweep(y, p, thresholds):
    if 'threshold_sweep' in _FOUND:
        return _FOUND['threshold_sweep'](*[v for v in locals().values()])
    raise NotImplementedError()


def add_interaction(X):
    if 'add_interaction' in _FOUND:
        return _FOUND['add_interaction'](*[v for v in locals().values()])
    raise NotImplementedError()
