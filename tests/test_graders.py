"""The graders judged on known answers: the reference, the stubs, mistakes and alternatives."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from helpers import CORPUS, RELEASE, ROOT, with_reference

from autograder.assignment.parts import MAX_SCORE, PARTS
from autograder.engine.judge import grade
from autograder.engine.rubric import checks_of

WRONG = sorted((CORPUS / "wrong").glob("*.py"))
CORRECT = sorted((CORPUS / "correct").glob("*.py"))


def _declared_function(path: Path) -> str:
    first = path.read_text().splitlines()[0]
    assert first.startswith("# function: "), f"{path.name} must start with '# function: <name>'"
    return first.removeprefix("# function: ").strip()


def test_points_table_matches_the_checks():
    assert MAX_SCORE == 100
    for part in PARTS:
        assert sum(c.points for c in checks_of(part.name)) == part.points, part.name
        for spec in checks_of(part.name):
            assert spec.hint and spec.points > 0


def test_reference_scores_full_marks(server):
    report = grade(ROOT / "solutions" / "logreg.py", server=server)
    lost = [(p.name, c.name, c.message) for p in report.parts for c in p.checks if not c.passed]
    assert report.score == 100, lost
    assert report.errors == []


def test_untouched_release_scores_zero_quickly(server):
    started = time.perf_counter()
    report = grade(RELEASE, server=server)
    assert time.perf_counter() - started < 30
    assert report.score == 0
    for part in report.parts:
        assert any("not implemented yet" in e for e in part.errors), part.name


def test_same_submission_same_score(server, tmp_path):
    path = with_reference(WRONG[0], tmp_path)
    first, second = grade(path, server=server), grade(path, server=server)
    assert json.dumps([p.as_dict() for p in first.parts]) == json.dumps([p.as_dict() for p in second.parts])


def test_corpus_is_big_enough():
    assert len(WRONG) >= 40 and len(CORRECT) >= 8


@pytest.mark.slow
@pytest.mark.parametrize("path", WRONG, ids=lambda p: p.stem)
def test_mistake_costs_points_only_where_it_was_made(path, corpus_reports):
    function = _declared_function(path)
    report = corpus_reports[path]
    losing = [p for p in report.parts if p.score < p.max_score]
    assert losing, f"{path.name}: the mistake in {function} was not caught"
    collateral = [p.name for p in losing if function not in p.functions]
    assert not collateral, f"{path.name}: a mistake in {function} cost points in {collateral}"
    assert not report.fault_notes(), f"{path.name}: the grader itself failed: {report.fault_notes()}"


@pytest.mark.slow
@pytest.mark.parametrize("path", CORRECT, ids=lambda p: p.stem)
def test_alternative_correct_answers_score_full_marks(path, corpus_reports):
    report = corpus_reports[path]  # a file may hold only the functions it redoes, the rest is the reference
    lost = [(p.name, c.name, c.message) for p in report.parts for c in p.checks if not c.passed]
    assert report.score == MAX_SCORE, lost
    assert not report.grader_fault


def test_notebook_and_module_forms_score_the_same(server, tmp_path):
    """A wrong .py pasted into the release's solution cells grades exactly like the .py."""
    import nbformat

    from autograder.engine.submission import read_submission

    module = with_reference(next(p for p in WRONG if _declared_function(p) == "gradient"), tmp_path)
    source = module.read_text()
    nb = nbformat.read(RELEASE, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            cell.source = ""
    first = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "sol_sigmoid")
    first.source = source
    path = tmp_path / "logreg.ipynb"
    nbformat.write(nb, path)
    assert read_submission(path).cells
    as_notebook, as_module = grade(path, server=server), grade(module, server=server)
    assert [p.score for p in as_notebook.parts] == [p.score for p in as_module.parts]


def test_readme_points_table_matches_the_points_table():
    text = (ROOT / "README.md").read_text()
    for part in PARTS:
        assert f"| {part.name} | {part.points:g} | {', '.join(part.functions)} |" in text, part.name
