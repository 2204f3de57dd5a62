# function: threshold_sweep
# mistake: integer division (//) for the rates, so accuracy, precision and recall are 0 or 1
import numpy as np


def threshold_sweep(y, p, thresholds):
    y = np.asarray(y).astype(bool)
    p = np.asarray(p, dtype=float)
    thresholds = np.asarray(thresholds, dtype=float)
    positive = p[None, :] >= thresholds[:, None]
    tp = np.sum(positive & y, axis=1)
    fp = np.sum(positive & ~y, axis=1)
    fn = np.sum(~positive & y, axis=1)
    tn = np.sum(~positive & ~y, axis=1)
    predicted, actual = tp + fp, tp + fn
    precision = np.where(predicted > 0, tp // np.maximum(predicted, 1), 0)
    recall = np.where(actual > 0, tp // np.maximum(actual, 1), 0)
    return {
        "threshold": thresholds,
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
        "accuracy": (tp + tn) // len(y),
        "precision": precision,
        "recall": recall,
    }
