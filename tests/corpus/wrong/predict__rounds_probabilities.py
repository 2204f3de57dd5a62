# function: predict
# mistake: uses np.round(p).astype(int): ignores threshold and rounds p == 0.5 down to 0
import numpy as np


def predict(X, w, b, threshold=0.5):
    return np.round(predict_proba(X, w, b)).astype(int)
