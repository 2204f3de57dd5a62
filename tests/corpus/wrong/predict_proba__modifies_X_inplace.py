# function: predict_proba
# mistake: scales the caller's X by w in place (X *= w) and sums the rows
import numpy as np


def predict_proba(X, w, b):
    X *= w
    return sigmoid(X.sum(axis=1) + b)
