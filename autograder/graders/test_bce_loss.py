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
    expect.close(expect.scalar(sub.bce_loss(y, p), "bce_loss"), ref.bce_loss(y, p), "bce_loss")


@check(1, "bce_loss must return one float, not an array")
def test_returns_float(sub, rng):
    y, p = _labels_and_probs(rng, 10)
    out = sub.bce_loss(y, p)
    expect.varies(expect.scalar(out, "bce_loss"), expect.scalar(sub.bce_loss(y, 1 - p), "bce_loss"), "bce_loss")
    expect.that(isinstance(out, (float, np.floating)), f"returned {expect.describe(out)}")


@check(2, "the loss grows with n: did you sum instead of averaging?")
def test_mean_not_sum(sub, rng):
    y, p = _labels_and_probs(rng, 20)
    once = expect.scalar(sub.bce_loss(y, p), "bce_loss")
    thrice = expect.scalar(sub.bce_loss(np.tile(y, 3), np.tile(p, 3)), "bce_loss")
    expect.varies(once, expect.scalar(sub.bce_loss(y, 1 - p), "bce_loss"), "bce_loss")
    expect.close(thrice, once, "the loss of the same data repeated three times")


@check(2, "p of exactly 0 or 1 gives inf or nan: clip p away from 0 and 1 before the log")
def test_clipped_at_zero_and_one(sub, ref):
    wrong = expect.scalar(sub.bce_loss(np.array([1.0, 0.0]), np.array([0.0, 1.0])), "loss of confident wrong answers")
    right = expect.scalar(sub.bce_loss(np.array([1.0, 0.0]), np.array([1.0, 0.0])), "loss of confident right answers")
    expect.that(np.isfinite(wrong) and wrong > 10, "a confidently wrong answer should cost a large, finite loss")
    expect.that(0 <= right < 1e-6, "a confidently right answer should cost (almost) nothing")


@check(1, "the arguments are (y, p), labels first: are y and p swapped?")
def test_argument_order(sub, ref, rng):
    y = np.array([1.0, 1.0, 0.0, 0.0, 1.0])
    p = rng.uniform(0.6, 0.95, size=5)
    expect.close(expect.scalar(sub.bce_loss(y, p), "bce_loss"), ref.bce_loss(y, p), "bce_loss(y, p)")


@check(1, "bce_loss changed y or p in place (np.clip(..., out=p)?): clip into a new array")
def test_inputs_untouched(sub, rng):
    y, p = _labels_and_probs(rng, 12)
    p[:2] = [1e-20, 1e-18]  # values a clip would change, though the log of each is finite
    result = sub.call("bce_loss", y, p, return_args=True)
    expect.varies(
        expect.scalar(result.value, "bce_loss"), expect.scalar(sub.bce_loss(y, 1 - p), "bce_loss"), "bce_loss"
    )
    expect.inputs_untouched(result, {"y": y, "p": p})
