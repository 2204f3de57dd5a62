# function: predict
# mistake: returns a Python list of labels, not an array
import numpy as np


def predict(X, w, b, threshold=0.5):
    return [1 if p >= threshold else 0 for p in predict_proba(X, w, b)]
