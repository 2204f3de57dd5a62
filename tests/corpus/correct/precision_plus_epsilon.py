# style: rates with + 1e-8 in every denominator instead of a zero test (allowed: within the contract's tolerance)
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
    return {
        "threshold": thresholds,
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
        "accuracy": (tp + tn) / len(y),
        "precision": tp / (tp + fp + 1e-8),
        "recall": tp / (tp + fn + 1e-8),
    }
