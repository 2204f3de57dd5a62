"""Part fit: gradient descent from zero, its loss history and the model it learns."""

import math

import numpy as np

from autograder.engine.rubric import check
from autograder.graders import data, expect


def _fit(sub, X, y, **kwargs):
    return expect.fit_output(sub.fit(X, y, **kwargs), X.shape[1])


@check(2, "history[0] must be the loss at the starting point w = 0, b = 0, recorded before any update")
def test_history_starts_at_ln2(sub, rng):
    X, y = data.blobs(rng, 40, 2.0)
    _, _, history = _fit(sub, X, y, lr=0.1, epochs=5)
    expect.that(len(history) > 0, "history is empty")
    expect.that(abs(history[0] - math.log(2)) < 1e-9, "history[0] is not the loss of the zero model")


@check(1, "history must have exactly one entry per epoch")
def test_history_length(sub, rng):
    X, y = data.blobs(rng, 30, 2.0)
    for epochs in (1, 37):
        _, _, history = _fit(sub, X, y, lr=0.1, epochs=epochs)
        expect.that(len(history) == epochs, f"epochs={epochs} gave {len(history)} entries")


@check(2, "with a small learning rate the loss must never go up: check the direction of the update")
def test_history_non_increasing(sub, rng):
    X, y = data.blobs(rng, 60, 1.5)
    _, _, history = _fit(sub, X, y, lr=0.05, epochs=200)
    expect.that(np.all(np.diff(history) <= 1e-12), "the loss increased")


@check(3, "the trajectory differs from full-batch gradient descent on the regularized loss from w = 0, b = 0")
def test_trajectory(sub, ref, rng):
    X, y = data.blobs(rng, 50, 1.5)
    w, b, history = _fit(sub, X, y, lr=0.3, epochs=150)
    ref_w, ref_b, ref_history = ref.fit(X, y, lr=0.3, epochs=150)
    expect.close(history, ref_history, "history", rtol=1e-6)
    expect.close(np.append(w, b), np.append(ref_w, ref_b), "the learned (w, b)", rtol=1e-6)


@check(1, "the lr argument is ignored")
def test_lr_honoured(sub, ref, rng):
    X, y = data.blobs(rng, 40, 1.5)
    w, b, _ = _fit(sub, X, y, lr=0.02, epochs=30)
    ref_w, ref_b, _ = ref.fit(X, y, lr=0.02, epochs=30)
    expect.close(np.append(w, b), np.append(ref_w, ref_b), "the learned (w, b) at lr = 0.02", rtol=1e-6)


@check(2, "lam is ignored or applied wrongly: fit must descend the regularized loss")
def test_lam_honoured(sub, ref, rng):
    X, y = data.blobs(rng, 40, 3.0)
    w, b, history = _fit(sub, X, y, lr=0.5, epochs=60, lam=5.0)
    ref_w, ref_b, ref_history = ref.fit(X, y, lr=0.5, epochs=60, lam=5.0)
    expect.close(history, ref_history, "history with lam = 5", rtol=1e-6)
    expect.close(np.append(w, b), np.append(ref_w, ref_b), "the learned (w, b) with lam = 5", rtol=1e-6)


@check(1, "fit changed X or y in place: work on copies", requires="history_length")
def test_inputs_untouched(sub, rng):
    X, y = data.blobs(rng, 30, 2.0)
    result = sub.call("fit", X, y, return_args=True, lr=0.1, epochs=20)
    expect.unchanged(X, result.args_after[0], "X")
    expect.unchanged(y, result.args_after[1], "y")


@check(
    2, "with its default arguments, on well separated classes, the model should classify 95% of new points correctly"
)
def test_accuracy_separable(sub, ref, rng):
    X, y = data.blobs(rng, 400, 6.0)
    w, b, _ = _fit(sub, X[:200], y[:200])
    expect.that(data.accuracy(y[200:], ref.predict_proba(X[200:], w, b)) >= 0.95, "held-out accuracy below 0.95")


@check(1, "on overlapping classes the model should be about as accurate as the reference's")
def test_accuracy_overlapping(sub, ref, rng):
    X, y = data.blobs(rng, 600, 1.2)
    w, b, _ = _fit(sub, X[:300], y[:300], epochs=300)
    ref_w, ref_b, _ = ref.fit(X[:300], y[:300], epochs=300)
    mine = data.accuracy(y[300:], ref.predict_proba(X[300:], w, b))
    theirs = data.accuracy(y[300:], ref.predict_proba(X[300:], ref_w, ref_b))
    expect.that(mine >= theirs - 0.03, "held-out accuracy well below the reference's")
