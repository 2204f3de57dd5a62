"""Part bce_loss: mean binary cross-entropy, clipped."""

import numpy as np

from autograder.engine.rubric import check
from autograder.graders import expect


def _labels_and_probs(rng, n=50):
    y = (rng.random(n) < 0.5).astype(float)
    p = rng.uniform(0.02, 0.98, size=n)
    return y, p


@check(3, "values differ from binary cross-entropy: check the natural log and both the y and the (1 - y) terms")
def test_values(sub, ref, rng):
    y, p = _labels_and_probs(rng)
    expect.close(expect.number(sub.bce_loss(y, p), "bce_loss"), ref.bce_loss(y, p), "bce_loss", rtol=1e-9)


@check(1, "bce_loss must return one float, not an array")
def test_returns_float(sub, rng):
    y, p = _labels_and_probs(rng, 10)
    out = sub.bce_loss(y, p)
    expect.that(isinstance(out, (float, np.floating)), f"returned {expect.describe(out)}")


@check(2, "the loss grows with n: did you sum instead of averaging?")
def test_mean_not_sum(sub, rng):
    y, p = _labels_and_probs(rng, 20)
    once = expect.number(sub.bce_loss(y, p), "bce_loss")
    thrice = expect.number(sub.bce_loss(np.tile(y, 3), np.tile(p, 3)), "bce_loss")
    expect.close(thrice, once, "the loss of the same data repeated three times", rtol=1e-9)


@check(2, "p of exactly 0 or 1 gives inf or nan: clip p away from 0 and 1 before the log")
def test_clipped_at_zero_and_one(sub, ref):
    wrong = expect.number(sub.bce_loss(np.array([1.0, 0.0]), np.array([0.0, 1.0])), "loss of confident wrong answers")
    right = expect.number(sub.bce_loss(np.array([1.0, 0.0]), np.array([1.0, 0.0])), "loss of confident right answers")
    expect.that(wrong > 10, "a confidently wrong answer should cost a large loss")
    expect.that(0 <= right < 1e-6, "a confidently right answer should cost (almost) nothing")


@check(1, "cross-entropy can never be negative: check the sign in front of the mean")
def test_non_negative(sub, rng):
    y, p = _labels_and_probs(rng)
    expect.that(expect.number(sub.bce_loss(y, p), "bce_loss") >= 0, "the loss is negative")


@check(1, "the arguments are (y, p), labels first: are y and p swapped?")
def test_argument_order(sub, ref, rng):
    y = np.array([1.0, 1.0, 0.0, 0.0, 1.0])
    p = rng.uniform(0.6, 0.95, size=5)
    expect.close(expect.number(sub.bce_loss(y, p), "bce_loss"), ref.bce_loss(y, p), "bce_loss(y, p)", rtol=1e-9)
