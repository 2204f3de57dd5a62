"""The public test cells agree with the hidden graders and catch the corpus's mistakes.

Students see the public tests first, so a mistake they let through costs hidden
points by surprise. Every corpus mistake is run through its part's public cells
(the rest of the submission is the reference, as in ``conftest.with_reference``);
each must fail there, or be listed in ``HIDDEN_ONLY`` with the reason.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import CORPUS, MASTER

from autograder.assignment.contract import FUNCTIONS
from autograder.assignment.parts import PARTS
from autograder.course import public_cells
from autograder.graders import expect

# Mistakes only the hidden graders can see, with the reason the public tests cannot.
HIDDEN_ONLY: dict[str, str] = {
    "fit__quadratic_loop_too_slow": "too slow only on the hidden data's size; the public cell's data are tiny",
    "fit__stops_early_on_plateau": "needs a data set whose loss is flat from the start (the hidden XOR points)",
    "loss__textbook_unclipped": "shows only at probabilities of exactly 0 or 1, which the public cell never reaches",
    "regularized_loss__textbook_unclipped": "as loss__textbook_unclipped, through the penalised loss",
    "predict_proba__modifies_X_inplace": "the public cell does not reuse X after the call, so the change is unseen",
    "threshold_sweep__assumes_ascending_thresholds": "the public cell's thresholds are ascending",
}

MASTER_NB = public_cells.read(MASTER)


def _function_of(path) -> str:
    match = re.search(r"^# function: (\w+)", path.read_text(), re.M)
    assert match, f"{path.name} has no '# function:' header"
    return match.group(1)


def _failures(overrides: dict[str, str]) -> dict[str, str]:
    """grade_id -> error message of every public cell that fails, all cells run in notebook order."""
    ns = public_cells.namespace(overrides)
    failed = {}
    for grade_id, source in public_cells.public_sources(MASTER_NB).items():
        _, exc = public_cells.run(ns, source, grade_id)
        if exc is not None:
            failed[grade_id] = f"{type(exc).__name__}: {exc}"
    return failed


def _cells_of(function: str) -> set[str]:
    return {cell for part in PARTS if function in part.functions for cell in public_cells.cells_for_part(part.name)}


def test_every_function_has_one_public_cell_right_after_it():
    cells = MASTER_NB.cells
    ids = [c.metadata.get("nbgrader", {}).get("grade_id", "") for c in cells]
    for name in FUNCTIONS:
        assert ids[ids.index(f"sol_{name}") + 1] == f"public_{name}", name
    assert {cell for part in PARTS for cell in public_cells.cells_for_part(part.name)} == {
        f"public_{name}" for name in FUNCTIONS
    }


def test_the_reference_passes_every_public_cell():
    assert _failures({}) == {}


WRONG = sorted((CORPUS / "wrong").glob("*.py"))


@pytest.mark.parametrize("path", WRONG, ids=[p.stem for p in WRONG])
def test_corpus_mistake_fails_its_parts_public_cells(path):
    function = _function_of(path)
    failed = _failures({function: path.read_text()})
    own = set(failed) & _cells_of(function)
    if path.stem in HIDDEN_ONLY:
        assert not own, f"{path.stem} is caught by {sorted(own)}: remove it from HIDDEN_ONLY"
    else:
        assert own, f"{path.stem} passes the public cells {sorted(_cells_of(function))} (failed elsewhere: {failed})"


def test_a_function_that_prints_is_told_so():
    printing = "def sigmoid(z):\n    print(1 / (1 + np.exp(-z)))\n"
    assert "returned None: did you print instead of return?" in _failures({"sigmoid": printing})["public_sigmoid"]


def test_expected_outputs_are_the_references():
    """The "Expected output" under each public cell is what that cell prints with the reference."""
    blocks = public_cells.expected_blocks(MASTER_NB)
    assert set(blocks) == {f"public_{name}" for name in FUNCTIONS}
    outputs = public_cells.reference_outputs(MASTER_NB)
    assert outputs.pop("public_helpers") == ""
    assert blocks == outputs, "run `python -m autograder sync-master`"


# The cases of issue 12 where the public tests and the hidden graders disagreed.
AGREEMENT = {
    "bce_loss clipped at 1e-12": (
        "bce_loss",
        "def bce_loss(y, p):\n"
        "    y, p = np.asarray(y, float), np.clip(np.asarray(p, float), 1e-12, 1 - 1e-12)\n"
        "    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))\n",
    ),
    "threshold_sweep returning lists": (
        "threshold_sweep",
        "_reference_sweep = threshold_sweep\n"
        "def threshold_sweep(y, p, thresholds):\n"
        "    return {k: v.tolist() for k, v in _reference_sweep(y, p, thresholds).items()}\n",
    ),
    "predict returning a list": (
        "predict",
        "def predict(X, w, b, threshold=0.5):\n    return [int(v >= threshold) for v in predict_proba(X, w, b)]\n",
    ),
    "fit returning b as a 1-element array": (
        "fit",
        "_reference_fit = fit\n"
        "def fit(X, y, lr=0.1, epochs=1000, lam=0.0):\n"
        "    w, b, history = _reference_fit(X, y, lr, epochs, lam)\n"
        "    return w, np.array([b]), history\n",
    ),
}


@pytest.mark.parametrize("case", AGREEMENT)
def test_public_cells_and_hidden_graders_agree(case, capsys):
    """A submission passes its function's public cell exactly when it gets the part's full hidden marks."""
    from autograder.engine.in_kernel import grade_part

    function, source = AGREEMENT[case]
    public_passes = f"public_{function}" not in _failures({function: source})
    parts = [part for part in PARTS if function in part.functions and (function != "fit" or part.name == "fit")]
    hidden_full = all(grade_part(p.name, public_cells.namespace({function: source})) == p.points for p in parts)
    assert public_passes == hidden_full, (case, public_passes, hidden_full)


BAD_VALUES = [
    None,
    [0.5, 0.5],
    (1.0,),
    np.zeros((2, 1)),
    np.zeros(3, dtype=bool),
    np.array(["a", "b"]),
    np.array([np.nan, 1]),
]


@pytest.mark.parametrize("value", BAD_VALUES + [np.zeros(1), 3, np.float64(np.inf)], ids=repr)
def test_public_helpers_word_problems_like_the_hidden_graders(value):
    """as_array and as_number in the notebook reject exactly what expect.array and expect.number reject, with the
    same message (a None gets the printing hint first)."""
    ns = public_cells.namespace()
    public_cells.run(ns, public_cells.public_sources(MASTER_NB)["public_helpers"])
    for ours, theirs, args in (
        (ns["as_array"], expect.array, ((2,), "sigmoid(z)")),
        (ns["as_number"], expect.number, ("db",)),
    ):
        try:
            theirs(value, *args)
            hidden = None
        except Exception as exc:  # the lead moves the graders from assert to CheckFailed: either is a rejection
            hidden = str(exc)
        try:
            ours(value, *args)
            public = None
        except AssertionError as exc:
            public = str(exc)
        if value is None:
            assert public and "returned None: did you print instead of return?" in public and hidden
        else:
            assert public == hidden, (ours.__name__, public, hidden)
