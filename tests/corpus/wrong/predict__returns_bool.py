# function: predict
# mistake: returns a boolean array instead of 0/1 integers
import numpy as np


def predict(X, w, b, threshold=0.5):
    return predict_proba(X, w, b) >= threshold
