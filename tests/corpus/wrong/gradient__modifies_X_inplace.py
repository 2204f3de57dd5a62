# function: gradient
# mistake: multiplies X by the error in place (X *= ...), changing the caller's array
import numpy as np


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    error = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    X *= error[:, None]
    dw = X.sum(axis=0) / n
    db = float(np.mean(error))
    return dw, db
