"""Part threshold_sweep: confusion counts and rates across thresholds."""

import numpy as np

from autograder.engine.rubric import check
from autograder.graders import expect

KEYS = ("threshold", "tp", "fp", "tn", "fn", "accuracy", "precision", "recall")


def _sweep(sub, y, p, thresholds):
    out = sub.threshold_sweep(y, p, thresholds)
    expect.that(isinstance(out, dict), f"threshold_sweep should return a dict, got {expect.describe(out)}")
    missing = [key for key in KEYS if key not in out]
    expect.that(not missing, f"missing keys: {', '.join(missing)}")
    table = {}
    for key in KEYS:
        values = expect.loose_array(out[key], f"sweep['{key}']") if isinstance(out[key], (list, tuple)) else out[key]
        table[key] = expect.array(values, (len(thresholds),), f"sweep['{key}']")
    return table


def _scores(rng, n=80):
    y = (rng.random(n) < 0.4).astype(float)
    p = np.clip(0.35 * y + rng.uniform(0, 0.65, size=n), 0, 1).round(2)  # rounded: ties with thresholds
    return y, p


@check(1, "the result must be a dict with every key, one entry per threshold")
def test_keys_and_lengths(sub, rng):
    y, p = _scores(rng)
    _sweep(sub, y, p, np.linspace(0, 1, 11))


@check(3, "tp, fp, tn or fn are wrong: positive means p >= threshold; check which count is which")
def test_count_values(sub, ref, rng):
    y, p = _scores(rng)
    thresholds = np.linspace(0.05, 0.95, 19)
    table, expected = _sweep(sub, y, p, thresholds), ref.threshold_sweep(y, p, thresholds)
    for key in ("tp", "fp", "tn", "fn"):
        expect.that(np.array_equal(table[key], expected[key]), f"'{key}' is wrong")


@check(1, "at every threshold tp + fn must equal the positives and fp + tn the negatives")
def test_totals(sub, rng):
    y, p = _scores(rng)
    table = _sweep(sub, y, p, np.linspace(0, 1, 21))
    expect.that(np.all(table["tp"] + table["fn"] == y.sum()), "tp + fn is not the number of positives")
    expect.that(np.all(table["fp"] + table["tn"] == len(y) - y.sum()), "fp + tn is not the number of negatives")


@check(1, "raising the threshold can only lower tp and fp")
def test_monotone(sub, rng):
    y, p = _scores(rng)
    table = _sweep(sub, y, p, np.linspace(0, 1, 41))
    expect.that(
        np.all(np.diff(table["tp"]) <= 0) and np.all(np.diff(table["fp"]) <= 0), "counts rise with the threshold"
    )


@check(1, "a score exactly equal to the threshold counts as positive")
def test_ties(sub):
    y = np.array([1.0, 0.0, 1.0, 0.0])
    p = np.array([0.5, 0.5, 0.3, 0.7])
    table = _sweep(sub, y, p, np.array([0.3, 0.5, 0.7]))
    expect.that(list(table["tp"]) == [2, 1, 0] and list(table["fp"]) == [2, 2, 1], "ties were counted as negative")


@check(2, "accuracy, precision or recall is wrong: check each one's denominator")
def test_rate_values(sub, ref, rng):
    y, p = _scores(rng)
    thresholds = np.linspace(0.1, 0.9, 9)
    table, expected = _sweep(sub, y, p, thresholds), ref.threshold_sweep(y, p, thresholds)
    for key in ("accuracy", "precision", "recall", "threshold"):
        expect.close(table[key], expected[key], f"'{key}'", rtol=1e-9)


@check(1, "precision or recall must be 0.0 (not nan) where nothing is predicted or nothing is positive")
def test_empty_denominators(sub, rng):
    y, p = _scores(rng, 30)
    table = _sweep(sub, y, p, np.array([1.5]))  # no score reaches it
    expect.that(table["precision"][0] == 0.0, "precision with no predicted positives")
    table = _sweep(sub, np.zeros(30), p, np.array([0.5]))  # no actual positives
    expect.that(table["recall"][0] == 0.0, "recall with no actual positives")
