# function: gradient
# mistake: p reshaped to (n, 1) minus y of shape (n,) broadcasts to (n, n), so dw is (d, n) and db wrong
import numpy as np


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    p = predict_proba(X, w, b).reshape(-1, 1)
    error = p - np.asarray(y, dtype=float)
    dw = X.T @ error / X.shape[0]
    db = float(np.mean(error))
    return dw, db
