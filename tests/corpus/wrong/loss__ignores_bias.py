# function: loss
# mistake: passes 0 instead of b to predict_proba
import numpy as np


def loss(X, y, w, b):
    return bce_loss(y, predict_proba(X, w, 0.0))
