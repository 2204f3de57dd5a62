# attack: nan everywhere its fit returns, and a bare NaN in the notebook's JSON (s007)
# expect: every JSON the kit writes, and the autograded notebook, is strict JSON
import numpy as np


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    return np.full(X.shape[1], np.nan), np.nan, [np.nan] * epochs
