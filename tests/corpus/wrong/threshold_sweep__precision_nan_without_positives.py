# function: threshold_sweep
# mistake: plain tp / (tp + fp) with warnings silenced: precision is nan (not 0.0) when nothing is predicted positive
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
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = tp / predicted
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
