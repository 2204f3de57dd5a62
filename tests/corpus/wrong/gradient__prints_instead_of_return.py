# function: gradient
# mistake: prints the gradient instead of returning it
import numpy as np


def gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    error = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    print(X.T @ error / X.shape[0], float(np.mean(error)))
