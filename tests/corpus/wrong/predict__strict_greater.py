# function: predict
# mistake: uses > instead of >=, so p exactly at the threshold predicts 0
import numpy as np


def predict(X, w, b, threshold=0.5):
    return (predict_proba(X, w, b) > threshold).astype(int)
