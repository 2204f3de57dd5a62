# function: predict
# mistake: returns 0.0/1.0 floats (astype(float)) instead of integers
import numpy as np


def predict(X, w, b, threshold=0.5):
    return (predict_proba(X, w, b) >= threshold).astype(float)
