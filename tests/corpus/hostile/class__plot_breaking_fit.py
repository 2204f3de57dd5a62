# attack: its own fit returns a loss history matplotlib cannot draw (s004)
# expect: a feedback page for every student; this one says the plot could not be drawn
import numpy as np


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    w = np.zeros(X.shape[1])
    return w, 0.0, [1e308 * (-1) ** i for i in range(epochs)]
