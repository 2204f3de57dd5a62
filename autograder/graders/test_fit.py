"""Part fit: gradient descent from zero, its loss history and the model it learns.

Each check looks at one property and, where it can, on data where the others
cannot interfere: the lr check compares the submission's own steps with each
other, the lam check looks at the learned model only (not at when the history
was recorded), and the types are one check of their own.
"""

import math

import numpy as np

from autograder.engine.rubric import check
from autograder.graders import data, expect

START_HINT = "fit starts from a different (random?) point on every call: start from w = 0, b = 0"


def _fit(sub, X, y, **kwargs):
    return expect.fit_output(sub.fit(X, y, **kwargs), X.shape[1])


def _same_start(sub, X, y) -> np.ndarray:
    """Where fit starts (lr = 0), the same on every call; else the check cannot compare two calls."""
    start = np.append(*_fit(sub, X, y, lr=0.0, epochs=1)[:2])
    if not np.array_equal(start, np.append(*_fit(sub, X, y, lr=0.0, epochs=1)[:2])):
        expect.fail("fit starts from a different point on every call", START_HINT)
    return start


@check(2, "history[0] must be the loss at the starting point w = 0, b = 0, recorded before any update")
def test_history_starts_at_ln2(sub, rng):
    X, y = data.blobs(rng, 40, 2.0)
    _, _, history = _fit(sub, X, y, lr=0.1, epochs=5)
    expect.that(len(history) > 0, "history is empty")
    expect.that(abs(history[0] - math.log(2)) < 1e-9, "history[0] is not the loss of the zero model")


@check(1, "history must have exactly one entry per epoch, even when the loss stops changing")
def test_history_length(sub, rng):
    X, y = data.blobs(rng, 30, 2.0)
    for epochs in (1, 37):
        _, _, history = _fit(sub, X, y, lr=0.1, epochs=epochs)
        expect.that(len(history) == epochs, f"epochs={epochs} gave {len(history)} entries")
    expect.varies(history[0], history[-1], "history over 37 epochs")
    X, y = data.xor_points()  # the gradient at w = 0, b = 0 is exactly zero here: the loss is flat from the start
    _, _, history = _fit(sub, X, y, lr=0.5, epochs=50)
    expect.that(len(history) == 50, f"epochs=50 on a flat loss gave {len(history)} entries")


@check(1, "fit must return w as an array of shape (d,), b as a float and history as a list of floats")
def test_types(sub, rng):
    X, y = data.blobs(rng, 30, 2.0)
    result = sub.fit(X, y, lr=0.1, epochs=10)
    expect.fit_types(result, 2)
    w, b, _ = expect.fit_output(result, 2)
    expect.varies(np.append(w, b), np.zeros(3), "the learned (w, b)")


@check(2, "with a small learning rate the loss must never go up: check the direction of the update")
def test_history_non_increasing(sub, rng):
    X, y = data.blobs(rng, 60, 1.5)
    _, _, history = _fit(sub, X, y, lr=0.05, epochs=200)
    expect.that(len(history) == 200, f"epochs=200 gave {len(history)} entries")
    expect.that(np.all(np.diff(history) <= 1e-12), "the loss increased")
    expect.that(history[-1] < history[0] - 1e-3, "the loss did not go down")


@check(2, "the trajectory differs from full-batch gradient descent on the regularized loss from w = 0, b = 0")
def test_trajectory(sub, ref, rng):
    X, y = data.blobs(rng, 50, 1.5)
    w, b, history = _fit(sub, X, y, lr=0.3, epochs=150)
    ref_w, ref_b, ref_history = ref.fit(X, y, lr=0.3, epochs=150)
    expect.close(history, ref_history, "history", precision_hint=False)
    expect.close(np.append(w, b), np.append(ref_w, ref_b), "the learned (w, b)", precision_hint=False)


@check(1, "with lam > 0, history must record the regularized loss (the L2 penalty included)")
def test_history_regularized(sub, ref, rng):
    X, y = data.blobs(rng, 40, 2.0)
    _same_start(sub, X, y)  # the two runs below are compared with each other
    w_before, b_before, _ = _fit(sub, X, y, lr=0.3, epochs=19, lam=4.0)
    w_after, b_after, history = _fit(sub, X, y, lr=0.3, epochs=20, lam=4.0)
    expect.that(len(history) == 20, f"epochs=20 gave {len(history)} entries")
    # Before or after the update is history_starts_at_ln2's concern: either model's regularized loss will do.
    candidates = [ref.regularized_loss(X, y, w, b, 4.0) for w, b in ((w_before, b_before), (w_after, b_after))]
    if not any(np.isclose(history[-1], c, rtol=1e-6, atol=1e-9) for c in candidates):
        expect.fail("history[-1] is not the regularized loss of the model it was recorded at")


@check(1, "the lr argument is ignored: one step of size 2 * lr must move (w, b) twice as far as a step of size lr")
def test_lr_honoured(sub, rng):
    X, y = data.blobs(rng, 40, 1.5)
    start = _same_start(sub, X, y)
    steps = [np.append(*_fit(sub, X, y, lr=lr, epochs=1)[:2]) - start for lr in (0.02, 0.04)]
    expect.varies(steps[0], np.zeros_like(steps[0]), "one step of fit")
    expect.close(steps[1], 2 * steps[0], "the step at lr = 0.04 compared with twice the step at lr = 0.02")


@check(1, "lam is ignored or applied wrongly: fit must descend the regularized loss")
def test_lam_honoured(sub, ref, rng):
    half = rng.normal(size=(20, 2)) + np.array([1.5, 0.5])
    X = np.vstack([half, -half])  # point-symmetric classes: the best bias is 0 all the way, so only w is at stake
    y = np.r_[np.ones(20), np.zeros(20)]
    w, b, _ = _fit(sub, X, y, lr=0.5, epochs=60, lam=5.0)
    ref_w, ref_b, _ = ref.fit(X, y, lr=0.5, epochs=60, lam=5.0)
    plain_w, _, _ = ref.fit(X, y, lr=0.5, epochs=60)
    expect.that(not np.allclose(w, plain_w, rtol=1e-3), "the learned w is the one without the penalty")
    expect.close(np.append(w, b), np.append(ref_w, ref_b), "the learned (w, b) with lam = 5", precision_hint=False)


@check(1, "fit changed X or y in place: work on copies")
def test_inputs_untouched(sub, rng):
    X, y = data.blobs(rng, 30, 2.0)
    result = sub.call("fit", X, y, return_args=True, lr=0.1, epochs=20)
    w, b, _ = expect.fit_output(result.value, 2)
    expect.varies(np.append(w, b), np.zeros(3), "the learned (w, b)")
    expect.inputs_untouched(result, {"X": X, "y": y})


@check(
    2, "with its default arguments, on well separated classes, the model should classify 95% of new points correctly"
)
def test_accuracy_separable(sub, ref, rng):
    X, y = data.blobs(rng, 300, 6.0)
    w, b, _ = _fit(sub, X[:100], y[:100])
    expect.that(data.accuracy(y[100:], ref.predict_proba(X[100:], w, b)) >= 0.95, "held-out accuracy below 0.95")


@check(1, "on overlapping classes the model should be about as accurate as the reference's")
def test_accuracy_overlapping(sub, ref, rng):
    X, y = data.blobs(rng, 600, 1.2)
    w, b, _ = _fit(sub, X[:200], y[:200], epochs=300)
    ref_w, ref_b, _ = ref.fit(X[:200], y[:200], epochs=300)
    mine = data.accuracy(y[200:], ref.predict_proba(X[200:], w, b))
    theirs = data.accuracy(y[200:], ref.predict_proba(X[200:], ref_w, ref_b))
    expect.that(mine >= theirs - 0.03, "held-out accuracy well below the reference's")
