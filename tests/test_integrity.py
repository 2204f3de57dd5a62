"""Hostile and broken submissions: nothing gained, nothing disturbed, a clear message for each.

Safe for the machine running the tests: every attack runs in the kit's sandbox
under its limits (time, memory, processes, output, filesystem).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import nbformat
import pytest
from helpers import CORPUS, RELEASE, with_reference, with_stubs

from autograder.assignment.contract import FUNCTIONS
from autograder.course.batch import autograde, load_results
from autograder.course.paths import KIT_ROOT, Course
from autograder.engine.judge import grade
from autograder.engine.sandbox.isolation import UID_BASE, detect_isolation

pytestmark = pytest.mark.slow  # drives nbgrader, kernels or many sandboxes

HOSTILE = CORPUS / "hostile"
ATTACKS = sorted(HOSTILE.glob("attack__*.py"))
DISTURBANCES = sorted(HOSTILE.glob("disturb__*.py"))
ISOLATED = detect_isolation().namespaces


def _header(path: Path, key: str) -> str:
    for line in path.read_text().splitlines()[:3]:
        if line.startswith(f"# {key}: "):
            return line.split(": ", 1)[1]
    raise AssertionError(f"{path.name} has no '# {key}:' line")


def _materialise(path: Path, folder: Path) -> Path:
    """An attack as a submission in `folder`, with what it needs beside it (the kit's path, a fake numpy.py)."""
    target = with_stubs(path, folder)
    if "shadow_numpy" in path.name:
        (folder / "numpy.py").write_text("FAKE_SIGMOID = 'fake'\nallclose = lambda *a, **k: True\n")
    return target


def _sandbox_processes(jail_uid: int = UID_BASE, keep: int | None = None) -> list[int]:
    """Processes of the jail's uid (as root, every jailed process runs as UID_BASE exactly), except the
    process tree of `keep` (a fork server still in use)."""
    uids, parents = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
                uids[int(entry.name)] = int(status.split("Uid:")[1].split()[1])
                parents[int(entry.name)] = int(status.split("PPid:")[1].split()[0])
            except (OSError, IndexError, ValueError):
                continue

    def kept(pid: int) -> bool:
        while pid > 1:
            if pid == keep:
                return True
            pid = parents.get(pid, 0)
        return False

    return [pid for pid, uid in uids.items() if uid == jail_uid and not kept(pid)]


@pytest.mark.parametrize("path", ATTACKS, ids=lambda p: p.stem)
def test_an_attack_gains_nothing(path, tmp_path, server):
    if "reads_kit_files" in path.name and not ISOLATED:
        pytest.skip("no mount namespaces on this machine: the sandbox can read the kit (reported with every grade)")
    report = grade(_materialise(path, tmp_path), server=server)
    assert len(report.parts) == 8
    assert report.score == 0, [(p.name, c.name) for p in report.parts for c in p.checks if c.passed]


@pytest.fixture(scope="module")
def disturbed_class(tmp_path_factory):
    """Every disturbance and a correct submission, graded together as one class."""
    root = tmp_path_factory.mktemp("disturbed")
    course = Course(root)
    for path in [*DISTURBANCES, KIT_ROOT / "solutions" / "logreg.py"]:
        folder = course.submitted / path.stem / "logreg"
        folder.mkdir(parents=True)
        if path in DISTURBANCES:
            with_reference(path, folder)
        else:
            (folder / path.name).write_text(path.read_text())
    started = time.perf_counter()
    # A 2 s CPU budget (6 s idle) instead of 5 s (15 s): the disturbances wait out their limits in a third of
    # the time, and what is tested, that each costs only its own parts, does not depend on the budget.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUTOGRADER_CALL_SECONDS", "2")
        autograde(course, workers=2, progress=False)
    return load_results(course), time.perf_counter() - started


@pytest.mark.parametrize("path", DISTURBANCES, ids=lambda p: p.stem)
def test_a_disturbance_costs_only_its_own_parts(path, disturbed_class):
    results, _ = disturbed_class
    function = _header(path, "function")
    result = results[path.stem]
    losing = [p.name for p in result.parts if p.score < p.max_score]
    assert losing, f"{path.name}: the disturbance in {function} cost nothing"
    assert all(function in p.functions for p in result.parts if p.name in losing), losing


def test_the_rest_of_the_class_is_graded_in_bounded_time(disturbed_class, server):
    results, seconds = disturbed_class
    assert results["logreg"].score == 100
    assert seconds < 120
    if os.geteuid() == 0:
        deadline = time.monotonic() + 10  # the workers' fork servers wind down after the pool closes
        keep = server.proc.pid if server.proc else None
        while _sandbox_processes(keep=keep) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _sandbox_processes(keep=keep) == [], "sandbox processes outlived their grading"


def _notebook(functions: dict[str, str], extra_cells: list[str] = (), edit=None) -> str:
    nb = nbformat.read(RELEASE, as_version=4)
    for cell in nb.cells:
        name = cell.metadata.get("nbgrader", {}).get("grade_id", "").removeprefix("sol_")
        if name in functions:
            cell.source = functions[name]
    for source in extra_cells:
        nb.cells.insert(2, nbformat.v4.new_code_cell(source))
    if edit:
        edit(nb)
    return nbformat.writes(nb)


NOTEBOOK_ATTACKS = {
    "input_transformer": [
        "ip = get_ipython()\nip.input_transformers_cleanup.append(lambda lines: ['sigmoid = lambda z: z\\n'])"
    ],
    "display_hook": ["import sys\nsys.displayhook = lambda value: print('100.0')\nsys.excepthook = lambda *a: None"],
}


@pytest.mark.parametrize("name", sorted(NOTEBOOK_ATTACKS))
def test_notebook_tricks_gain_nothing(name, tmp_path, server):
    path = tmp_path / "logreg.ipynb"
    path.write_text(_notebook({}, NOTEBOOK_ATTACKS[name]))
    assert grade(path, server=server).score == 0


def _retype_tests(nb):
    """Student deletes one test cell, edits another and retypes a grade cell to print a full score."""
    ids = {c.metadata.get("nbgrader", {}).get("grade_id"): i for i, c in enumerate(nb.cells)}
    nb.cells[ids["public_sigmoid"]].source = "assert True"
    nb.cells[ids["grade_sigmoid"]].source = "10.0"
    del nb.cells[ids["grade_fit"]]


def test_edited_and_deleted_test_cells_are_flagged_and_change_nothing(tmp_path, server):
    import inspect

    from solutions import logreg as ref

    correct = {name: inspect.getsource(getattr(ref, name)) for name in FUNCTIONS}
    honest, tampered = tmp_path / "honest.ipynb", tmp_path / "tampered.ipynb"
    honest.write_text(_notebook(correct))
    tampered.write_text(_notebook(correct, edit=_retype_tests))
    stub = tmp_path / "stub.ipynb"
    stub.write_text(_notebook({}, edit=_retype_tests))
    report = grade(tampered, server=server)
    assert report.score == grade(honest, server=server).score == 100
    flags = " ".join(report.errors)
    assert (
        "public_sigmoid was edited" in flags
        and "grade_sigmoid was edited" in flags
        and "grade_fit was deleted" in flags
    )
    assert grade(stub, server=server).score == 0


# ---- broken input: each gets a precise message, and the grade goes on -------------------------


def _broken_cases(folder: Path) -> dict[str, tuple[Path, str]]:
    import inspect

    from solutions import logreg as ref

    correct = {name: inspect.getsource(getattr(ref, name)) for name in FUNCTIONS}
    cases = {}

    def write(name: str, text: str, expect: str, suffix=".ipynb") -> None:
        path = folder / f"{name}{suffix}"
        path.write_text(text)
        cases[name] = (path, expect)

    write("invalid_json", '{"cells": [', "invalid JSON")
    old = json.loads(_notebook(correct))
    old["nbformat"] = 3
    write("old_format", json.dumps(old), "format version 3")
    write("empty", json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}), "no code to grade")
    syntax = dict(correct, loss=correct["loss"].replace("return", "return return", 1))
    write("syntax_error", _notebook(syntax), "SyntaxError")
    renamed = dict(correct, sigmoid=correct["sigmoid"].replace("def sigmoid", "def sigmod"))
    write("renamed_function", _notebook(renamed), "sigmoid is not defined")
    bloated = nbformat.reads(_notebook(correct), as_version=4)
    bloated.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * (100 * 1024 * 1024))]
    write("bloated_outputs", nbformat.writes(bloated), "")
    wrong_types = {
        "returns_none": ("sigmoid", "def sigmoid(z):\n    return None\n", "did you print instead of return?"),
        "returns_list": (
            "predict_proba",
            "def predict_proba(X, w, b):\n    return list(range(len(X)))\n",
            "got a list",
        ),
        "returns_string": ("bce_loss", "def bce_loss(y, p):\n    return '0.5'\n", "got a str"),
        "returns_nan": ("regularized_loss", "def regularized_loss(X, y, w, b, lam):\n    return float('nan')\n", "nan"),
        "returns_column": (
            "gradient",
            "def gradient(X, y, w, b):\n    import numpy as np\n    return np.zeros((len(w), 1)), 0.0\n",
            "shape",
        ),
    }
    for name, (function, source, expect) in wrong_types.items():
        write(name, _notebook(dict(correct, **{function: source})), expect)
    return cases


def test_broken_input_gets_a_precise_message_and_the_class_is_graded(tmp_path):
    course = Course(tmp_path / "course")
    cases = _broken_cases(tmp_path)
    for name, (path, _) in cases.items():
        folder = course.submitted / name / "logreg"
        folder.mkdir(parents=True)
        os.replace(path, folder / "logreg.ipynb")
    autograde(course, workers=2, progress=False)
    results = load_results(course)
    assert sorted(results) == sorted(cases)
    for name, (_, expect) in cases.items():
        result = results[name]
        assert len(result.parts) == 8, name
        text = json.dumps(result.errors) + json.dumps([c.message for p in result.parts for c in p.checks])
        assert expect in text, f"{name}: expected a message mentioning {expect!r}"
    assert results["bloated_outputs"].score == 100
    assert 70 <= results["syntax_error"].score < 100
    assert results["renamed_function"].score == 90
