# style: the gradient computed in float32 (allowed: the contract accepts float32 within its tolerance)
import numpy as np


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=np.float32)
    error = (predict_proba(X, w, b) - np.asarray(y)).astype(np.float32)
    dw = X.T @ error / np.float32(X.shape[0])
    db = np.float32(np.mean(error))
    return dw, db
