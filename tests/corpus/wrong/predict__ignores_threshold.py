# function: predict
# mistake: hard-codes 0.5 and ignores the threshold argument
import numpy as np


def predict(X, w, b, threshold=0.5):
    return (predict_proba(X, w, b) >= 0.5).astype(int)
