# function: threshold_sweep
# mistake: walks a pointer through the sorted scores once, so it is only right for ascending thresholds
import numpy as np


def threshold_sweep(y, p, thresholds):
    y = np.asarray(y).astype(bool)
    p = np.asarray(p, dtype=float)
    thresholds = np.asarray(thresholds, dtype=float)
    order = np.argsort(p, kind="stable")
    ps, ys = p[order], y[order]
    n, positives = len(ps), int(ys.sum())
    rows = {key: [] for key in ("tp", "fp", "tn", "fn")}
    i = 0
    negatives_below = 0  # negatives among ps[:i]
    positives_below = 0
    for t in thresholds:
        while i < n and ps[i] < t:
            positives_below += int(ys[i])
            negatives_below += int(not ys[i])
            i += 1
        rows["fn"].append(positives_below)
        rows["tn"].append(negatives_below)
        rows["tp"].append(positives - positives_below)
        rows["fp"].append(n - positives - negatives_below)
    tp, fp, tn, fn = (np.array(rows[k]) for k in ("tp", "fp", "tn", "fn"))
    predicted, actual = tp + fp, tp + fn
    precision = np.divide(tp, predicted, out=np.zeros(len(thresholds)), where=predicted > 0)
    recall = np.divide(tp, actual, out=np.zeros(len(thresholds)), where=actual > 0)
    return {
        "threshold": thresholds,
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
        "accuracy": (tp + tn) / n,
        "precision": precision,
        "recall": recall,
    }
