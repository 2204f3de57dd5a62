# attack: formats the hidden inputs it receives into every message the judge may print (tests/test_hostile_class.py)
# expect: no "LEAK" anywhere in the result, the feedback page, Gradescope's file or the gradebook's outputs
import warnings

import numpy as np

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _ints(a):
    return " ".join(str(round(float(v) * 1e6)) for v in np.ravel(a)[:20])


def _letters(a):
    # digits as letters and as category names: passes any redaction of numbers
    return "".join("QWERTYUIOP"[int(d)] for d in _ints(a) if d.isdigit())


def _names(a):
    return "-".join(WORDS[int(d)] for d in _ints(a) if d.isdigit())


def sigmoid(z):
    category = type("LEAK" + _letters(z), (UserWarning,), {})
    warnings.warn(category("LEAK " + _ints(z)))
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def bce_loss(y, p):
    raise type("LEAKÉ" + _letters(p), (Exception,), {})("LEAK " + repr(np.ravel(p)[:20].tolist()))


def predict_proba(X, w, b):
    raise SystemExit("LEAK" + _letters(X))


def loss(X, y, w, b):
    return type("LEAK" + _letters(w), (), {})()


def gradient(X, y, w, b):
    raise ValueError("LEAK " + _names(X))


def regularized_loss(X, y, w, b, lam):
    raise RuntimeError("LEAK " + _ints(X) + " " + _letters(X) + " " + _names(X))
