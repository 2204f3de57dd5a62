"""The master notebook and its release: one source of truth, no leaks, real kernels."""

from __future__ import annotations

import copy
import inspect
import re
import shutil
import time

import nbformat
import pytest
from helpers import MASTER, RELEASE, ROOT
from nbclient import NotebookClient

from autograder.assignment.contract import FUNCTIONS
from autograder.assignment.parts import PARTS
from autograder.course import release as rel
from autograder.engine.in_kernel import grade_cell_source
from solutions import logreg as ref


def _by_id(nb) -> dict:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "grade_id" in c.metadata.get("nbgrader", {})}


def _without_solution_markers(source: str) -> str:
    return "\n".join(
        line for line in source.splitlines() if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
    )


def _reference_body_lines() -> set[str]:
    lines = set()
    for name in FUNCTIONS:
        source = inspect.getsource(getattr(ref, name))
        body = source.split('"""', 2)[2]  # after the docstring
        lines |= {line.strip() for line in body.splitlines() if line.strip()}
    return lines


def test_master_solution_cells_are_the_reference():
    cells = _by_id(nbformat.read(MASTER, as_version=4))
    for name in FUNCTIONS:
        cell = cells[f"sol_{name}"]
        assert cell.source.count("### BEGIN SOLUTION") == 1
        assert _without_solution_markers(cell.source).rstrip() == inspect.getsource(getattr(ref, name)).rstrip(), (
            f"sol_{name} differs from solutions/logreg.py: run `python -m autograder sync-master`"
        )


def test_grade_cells_carry_the_points_table():
    cells = _by_id(nbformat.read(MASTER, as_version=4))
    graded = {gid for gid, c in cells.items() if c.metadata["nbgrader"].get("grade") and c.cell_type == "code"}
    scored = {gid for gid in graded if cells[gid].metadata["nbgrader"]["points"] != 0}
    assert scored == {f"grade_{p.name}" for p in PARTS}
    # The public tests are grade cells worth 0 points, so Validate reports them; they add nothing to any total.
    assert graded - scored == {f"public_{name}" for name in FUNCTIONS}
    for part in PARTS:
        cell = cells[f"grade_{part.name}"]
        assert cell.metadata["nbgrader"]["points"] == part.points
        assert cell.source == grade_cell_source(part.name)
    manual = [c for c in cells.values() if c.cell_type == "markdown" and c.metadata["nbgrader"].get("grade")]
    assert len(manual) >= 2


@pytest.mark.slow
def test_release_is_committed_and_reproducible(tmp_path):
    """A fresh nbgrader build equals release/, byte for byte after normalisation."""
    course = tmp_path / "course"
    shutil.copytree(ROOT / "assignments", course / "assignments")
    started = time.perf_counter()
    built = rel.build("logreg", release_dir=course / "release", root=course)
    assert time.perf_counter() - started < 120
    assert built.read_text() == RELEASE.read_text(), "release/ is stale: run `make release` and commit it"


def test_release_leaks_no_solution_and_no_hidden_test():
    text = RELEASE.read_text()
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    sources = "\n".join(c.source for c in nbformat.read(RELEASE, as_version=4).cells)
    lines = {line.strip() for line in sources.splitlines()}
    leaked = _reference_body_lines() & lines
    assert not leaked, f"reference lines in the release: {sorted(leaked)[:5]}"
    master = nbformat.read(MASTER, as_version=4)
    hidden = set()
    for cell in master.cells:
        for block in re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", cell.source, re.S):
            hidden |= {line.strip() for line in block.splitlines() if line.strip()}
    assert hidden and not hidden & lines


def _public_test_notebook(solutions: bool):
    """The release cut down to setup, solution and public test cells; optionally with the reference filled in."""
    nb = nbformat.read(RELEASE, as_version=4)
    keep = []
    for i, cell in enumerate(nb.cells):
        gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if cell.cell_type != "code":
            continue
        if i <= 2 or gid.startswith("public_"):
            keep.append(cell)
        elif gid.startswith("sol_"):
            cell = copy.deepcopy(cell)
            if solutions:
                cell.source = inspect.getsource(getattr(ref, gid.removeprefix("sol_")))
            keep.append(cell)
    nb.cells = keep
    return nb


def _run(nb, timeout: int = 60):
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(ROOT)}}
    ).execute()
    return nb


def _public_results(nb) -> dict[str, list]:
    return {
        c.metadata["nbgrader"]["grade_id"]: [o for o in c.outputs if o.output_type == "error"]
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("public_")
    }


@pytest.mark.slow
def test_public_tests_pass_on_the_reference():
    results = _public_results(_run(_public_test_notebook(solutions=True)))
    assert set(results) == {f"public_{name}" for name in FUNCTIONS} | {"public_helpers"}
    failed = {gid: errs[0].ename + ": " + errs[0].evalue for gid, errs in results.items() if errs}
    assert not failed


@pytest.mark.slow
def test_public_tests_fail_on_the_stubs_with_not_implemented():
    results = _public_results(_run(_public_test_notebook(solutions=False)))
    results.pop("public_helpers")
    for gid, errors in results.items():
        assert errors and errors[0].ename == "NotImplementedError", gid


@pytest.mark.slow
def test_master_runs_top_to_bottom_in_a_real_kernel():
    """Teaching cells, public tests and hidden graders all run; every part gets full marks in-kernel."""
    nb = nbformat.read(MASTER, as_version=4)
    started = time.perf_counter()
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(MASTER.parent)}}
    ).execute()
    assert time.perf_counter() - started < 240
    cells = _by_id(nb)
    for part in PARTS:
        results = [o for o in cells[f"grade_{part.name}"].outputs if o.output_type == "execute_result"]
        assert float(results[0].data["text/plain"]) == part.points, part.name
        assert not [o for o in cells[f"grade_{part.name}"].outputs if o.get("name") == "stderr"]


def test_think_about_it_answers_stay_in_the_master_and_reach_the_guide():
    """Answers in instructor-only cells: in the master and the guide, nowhere in the release."""
    from autograder.course.guide import guide_text
    from autograder.course.release import INSTRUCTOR_ONLY

    master = nbformat.read(MASTER, as_version=4)
    answers = [c.source for c in master.cells if INSTRUCTOR_ONLY in c.metadata.get("tags", [])]
    prompts = [c for c in master.cells[1:] if c.cell_type == "markdown" and "*Think about it* (not graded)" in c.source]
    assert len(answers) == len(prompts) == 5
    release_text = RELEASE.read_text()
    guide = guide_text(master, "logreg")
    for answer in answers:
        body = answer.split("\n\n", 1)[1]
        assert body.splitlines()[0] not in release_text
        assert body in guide
    for cell in master.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id", "").startswith("free_"):
            assert cell.source in guide and cell.source.splitlines()[0] not in release_text
    assert INSTRUCTOR_ONLY not in release_text


def test_release_names_the_student_environment_first():
    first = nbformat.read(RELEASE, as_version=4).cells[0].source
    assert "pip install -r requirements.txt" in first
    assert "Restart Kernel and Run All Cells" in first and '"YOUR ANSWER HERE"' in first
