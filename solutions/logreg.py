"""Reference logistic regression: the oracle every grader compares against.

This file is the single source of truth for the reference code. The master
notebook's solution blocks are checked identical to these functions by
``tests/test_notebook.py``; ``python -m autograder sync-master`` rewrites
them from here after an edit.
"""

from __future__ import annotations

import numpy as np


def sigmoid(z):
    """Logistic function 1 / (1 + e^-z), elementwise.

    A scalar gives a float, an array an array of the same shape. Stable for
    any |z|: no overflow warning, and within 1e-12 of 0 and 1 in the tails.
    Values are graded within a relative 1e-5 (float32 or float64); z is not
    modified.
    """
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    if out.ndim == 0:
        return float(out)
    return out


def bce_loss(y, p):
    """Mean binary cross-entropy of probabilities p against 0/1 labels y.

    p is clipped to [1e-15, 1 - 1e-15] so a confident wrong answer costs a
    large but finite loss. Returns a float, graded within a relative 1e-5;
    y and p are not modified (clip into a new array).
    """
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def predict_proba(X, w, b):
    """Probability of class 1 for each row of X: sigmoid(X @ w + b), shape (n,).

    Graded within a relative 1e-5 (float32 or float64); X and w are not modified.
    """
    return sigmoid(np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b)


def loss(X, y, w, b):
    """Mean binary cross-entropy of the model (w, b) on (X, y), as a float.

    Finite even for a confident model whose probabilities are exactly 0 or 1
    (bce_loss clips them). Graded within a relative 1e-5; no input is modified.
    """
    return bce_loss(y, predict_proba(X, w, b))


def gradient(X, y, w, b):
    """Gradient of `loss` with respect to w and b.

    Returns (dw, db): dw = X.T @ (p - y) / n with the shape of w, and
    db = mean(p - y) as a float. Graded within a relative 1e-5, so float32 is
    accepted; no input is modified.
    """
    X = np.asarray(X, dtype=float)
    error = predict_proba(X, w, b) - np.asarray(y, dtype=float)
    dw = X.T @ error / X.shape[0]
    db = float(np.mean(error))
    return dw, db


def regularized_loss(X, y, w, b, lam):
    """`loss` plus the L2 penalty lam / (2 n) * sum(w**2); the bias is not penalized.

    A float, finite at saturated probabilities; graded within a relative 1e-5;
    no input is modified.
    """
    w = np.asarray(w, dtype=float)
    n = np.asarray(X).shape[0]
    return loss(X, y, w, b) + lam / (2 * n) * float(np.sum(w**2))


def regularized_gradient(X, y, w, b, lam):
    """Gradient of `regularized_loss`: (dw + lam / n * w, db).

    Graded within a relative 1e-5 (float32 accepted); no input is modified.
    """
    w = np.asarray(w, dtype=float)
    n = np.asarray(X).shape[0]
    dw, db = gradient(X, y, w, b)
    return dw + lam / n * w, db


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    """Full-batch gradient descent on `regularized_loss` from w = 0, b = 0.

    Returns (w, b, history): w an array of shape (d,), b a float, and history
    a list of floats where history[i] is the regularized loss before update i,
    so len(history) == epochs, even when the loss stops changing (no early
    stop). X and y are never modified. Graded within a relative 1e-5 of the
    reference's trajectory; a per-example Python loop is fine as long as each
    call stays within 5 s of CPU time.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    history = []
    for _ in range(epochs):
        history.append(regularized_loss(X, y, w, b, lam))
        dw, db = regularized_gradient(X, y, w, b, lam)
        w = w - lr * dw
        b = b - lr * db
    return w, b, history


def predict(X, w, b, threshold=0.5):
    """Class labels: 1 where predict_proba >= threshold, else 0, as an int array.

    Exact labels of shape (n,), a NumPy array of ints (not a list, not booleans);
    X and w are not modified.
    """
    return (predict_proba(X, w, b) >= threshold).astype(int)


def threshold_sweep(y, p, thresholds):
    """Confusion counts and rates at each threshold; positive means p >= threshold.

    Returns a dict of arrays, one entry per threshold: threshold, tp, fp, tn,
    fn, accuracy, precision, recall. Precision or recall is 0.0 where its
    denominator is 0. Thresholds may come in any order. Counts are exact; rates
    are graded within a relative 1e-5 (so tp / (tp + fp + 1e-8) is fine). No
    input is modified.
    """
    y = np.asarray(y).astype(bool)
    p = np.asarray(p, dtype=float)
    thresholds = np.asarray(thresholds, dtype=float)
    positive = p[None, :] >= thresholds[:, None]
    tp = np.sum(positive & y, axis=1)
    fp = np.sum(positive & ~y, axis=1)
    fn = np.sum(~positive & y, axis=1)
    tn = np.sum(~positive & ~y, axis=1)
    predicted, actual = tp + fp, tp + fn
    precision = np.divide(tp, predicted, out=np.zeros(len(thresholds)), where=predicted > 0)
    recall = np.divide(tp, actual, out=np.zeros(len(thresholds)), where=actual > 0)
    return {
        "threshold": thresholds,
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
        "accuracy": (tp + tn) / len(y),
        "precision": precision,
        "recall": recall,
    }


def add_interaction(X):
    """Append the product of the two columns of X: (n, 2) -> (n, 3), a new NumPy array.

    Graded within a relative 1e-5 (float32 or float64); X is not modified.
    """
    X = np.asarray(X, dtype=float)
    return np.column_stack([X, X[:, 0] * X[:, 1]])
