# function: threshold_sweep
# mistake: counts a sample as positive when p > threshold instead of p >= threshold
import numpy as np


def threshold_sweep(y, p, thresholds):
    y = np.asarray(y).astype(bool)
    p = np.asarray(p, dtype=float)
    thresholds = np.asarray(thresholds, dtype=float)

    positive = p[None, :] > thresholds[:, None]
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
