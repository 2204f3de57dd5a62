"""Part threshold_sweep: confusion counts and rates across thresholds.

A check reads only the entries it is about (a nan precision is the rates'
concern, not the counts'), and thresholds come in any order, not only ascending.
"""

import numpy as np

from autograder.engine.rubric import check
from autograder.graders import expect

KEYS = ("threshold", "tp", "fp", "tn", "fn", "accuracy", "precision", "recall")


class _Table:
    """The sweep's result; an entry is checked for type and length only when a check reads it."""

    def __init__(self, out, k: int) -> None:
        self.out, self.k = out, k

    def __getitem__(self, key: str) -> np.ndarray:
        expect.that(key in self.out, f"missing key: {key}")
        return expect.values(self.out[key], (self.k,), f"sweep['{key}']")


def _sweep(sub, y, p, thresholds) -> _Table:
    out = sub.threshold_sweep(y, p, thresholds)
    if out is None:
        expect.fail("threshold_sweep returned None", expect.NONE_HINT)
    expect.that(isinstance(out, dict), f"threshold_sweep should return a dict, got {expect.describe(out)}")
    return _Table(out, len(thresholds))


def _scores(rng, n=80):
    y = (rng.random(n) < 0.4).astype(float)
    p = np.clip(0.35 * y + rng.uniform(0, 0.65, size=n), 0, 1).round(2)  # rounded: ties with thresholds
    return y, p


@check(1, "the result must be a dict with every key, one entry per threshold")
def test_keys_and_lengths(sub, rng):
    y, p = _scores(rng)
    table = _sweep(sub, y, p, np.linspace(0, 1, 11))
    missing = [key for key in KEYS if key not in table.out]
    expect.that(not missing, f"missing keys: {', '.join(missing)}")
    for key in KEYS:
        table[key]
    expect.varies(table["tp"][0], table["tp"][-1], "tp at the lowest and the highest threshold")


@check(2, "tp, fp, tn or fn are wrong: positive means p >= threshold; check which count is which")
def test_count_values(sub, ref, rng):
    y, p = _scores(rng)
    thresholds = rng.permutation(np.linspace(0.05, 0.95, 19))  # in no particular order
    table, expected = _sweep(sub, y, p, thresholds), ref.threshold_sweep(y, p, thresholds)
    for key in ("tp", "fp", "tn", "fn"):
        expect.that(np.array_equal(table[key], expected[key]), f"'{key}' is wrong")


@check(1, "the thresholds may come in any order, and each result belongs to its own threshold")
def test_any_threshold_order(sub, rng):
    y, p = _scores(rng)
    ascending = np.linspace(0.1, 0.9, 9)
    table, reverse = _sweep(sub, y, p, ascending), _sweep(sub, y, p, ascending[::-1])
    expect.varies(table["tp"][0], table["tp"][-1], "tp at the lowest and the highest threshold")
    for key in ("tp", "fp"):
        expect.that(np.array_equal(reverse[key], table[key][::-1]), f"'{key}' for descending thresholds")


@check(1, "tp + fn must equal the positives and fp + tn the negatives, and raising the threshold only lowers tp and fp")
def test_consistent_counts(sub, rng):
    y, p = _scores(rng)
    table = _sweep(sub, y, p, np.linspace(0, 1, 41))
    tp, fp, tn, fn = (table[key] for key in ("tp", "fp", "tn", "fn"))
    expect.varies(tp[0] + fp[0], tp[-1] + fp[-1], "tp + fp at the lowest and the highest threshold")
    expect.that(np.all(tp + fn == y.sum()), "tp + fn is not the number of positives")
    expect.that(np.all(fp + tn == len(y) - y.sum()), "fp + tn is not the number of negatives")
    expect.that(np.all(np.diff(tp) <= 0) and np.all(np.diff(fp) <= 0), "counts rise with the threshold")


@check(1, "a score exactly equal to the threshold counts as positive")
def test_ties(sub):
    y = np.array([1.0, 0.0, 1.0, 0.0])
    p = np.array([0.5, 0.5, 0.3, 0.7])
    table = _sweep(sub, y, p, np.array([0.3, 0.5, 0.7]))
    expect.that(list(table["tp"]) == [2, 1, 0] and list(table["fp"]) == [2, 2, 1], "ties were counted as negative")


@check(1, "accuracy is wrong: (tp + tn) / n")
def test_accuracy_values(sub, ref, rng):
    y, p = _scores(rng)
    thresholds = np.linspace(0.1, 0.9, 9)
    table, expected = _sweep(sub, y, p, thresholds), ref.threshold_sweep(y, p, thresholds)
    expect.close(table["accuracy"], expected["accuracy"], "'accuracy'")
    expect.close(table["threshold"], expected["threshold"], "'threshold'")


@check(1, "precision or recall is wrong: precision = tp / (tp + fp), recall = tp / (tp + fn)")
def test_rate_values(sub, ref, rng):
    y, p = _scores(rng)
    thresholds = np.array([t for t in np.linspace(0.1, 0.9, 9) if np.any(p >= t)])  # no denominator is 0 here
    table, expected = _sweep(sub, y, p, thresholds), ref.threshold_sweep(y, p, thresholds)
    for key in ("precision", "recall"):
        expect.close(table[key], expected[key], f"'{key}'")


@check(1, "precision or recall must be 0.0 (not nan) where nothing is predicted or nothing is positive")
def test_empty_denominators(sub, rng):
    y, p = _scores(rng, 30)
    table = _sweep(sub, y, p, np.array([0.0, 1.5]))  # every score reaches the first; none the second
    expect.that(table["precision"][1] == 0.0, "precision with no predicted positives")
    expect.that(abs(table["recall"][0] - 1.0) < 1e-5, "recall with every example predicted positive")  # not constant
    table = _sweep(sub, np.zeros(30), p, np.array([0.5]))  # no actual positives
    expect.that(table["recall"][0] == 0.0, "recall with no actual positives")


@check(1, "threshold_sweep changed y, p or thresholds in place: work on copies")
def test_inputs_untouched(sub, rng):
    y, p = _scores(rng, 20)
    thresholds = np.linspace(0.2, 0.8, 4)
    result = sub.call("threshold_sweep", y, p, thresholds, return_args=True)
    out = result.value
    expect.that(isinstance(out, dict) and "tp" in out, f"threshold_sweep returned {expect.describe(out)}")
    tp = expect.values(out["tp"], (4,), "sweep['tp']")
    expect.varies(tp[0], tp[-1], "tp at the lowest and the highest threshold")
    expect.inputs_untouched(result, {"y": y, "p": p, "thresholds": thresholds})
