"""The check contract: explicit failures, hint and detail apart, grader faults never charged to students."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from helpers import CORPUS, ROOT, with_reference

from autograder.engine.judge import grade
from autograder.engine.results import FAILED, GRADER_FAULT, Report
from autograder.engine.rubric import CheckFailed, checks_of, run_part
from autograder.graders import expect

WRONG_SIGMOID = CORPUS / "wrong" / "sigmoid__sign_flipped.py"


def _grade_json(path, *flags: str) -> dict:
    env_flags = [sys.executable, *flags, "-m", "autograder", "grade", str(path), "--json"]
    proc = subprocess.run(env_flags, cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    return json.loads(proc.stdout)


@pytest.mark.slow
def test_python_O_gives_the_same_points(tmp_path):
    """assert vanishes under -O; CheckFailed does not. Positive control: the wrong sigmoid does lose points."""
    wrong = with_reference(WRONG_SIGMOID, tmp_path)
    plain, optimised = _grade_json(wrong), _grade_json(wrong, "-O")
    assert plain["score"] < 100
    assert optimised["score"] == plain["score"]
    assert [p["score"] for p in optimised["parts"]] == [p["score"] for p in plain["parts"]]
    stubs = _grade_json(ROOT / "release" / "logreg" / "logreg.ipynb", "-O")
    assert stubs["score"] == 0


def test_hint_and_detail_stay_apart_in_the_json(server, tmp_path):
    report = grade(with_reference(WRONG_SIGMOID, tmp_path), server=server)
    data = json.loads(report.to_json())
    lost = [c for p in data["parts"] for c in p["checks"] if not c["passed"]]
    assert lost and all(c["hint"] and "detail" in c for c in lost)
    values = next(c for c in lost if c["name"] == "values")
    assert values["hint"].startswith("values differ") and values["detail"] == "sigmoid(z) has wrong values"
    assert Report.from_dict(data).as_dict() == data  # the schema round-trips exactly


def _planted(bug_on_failure: bool):
    """sigmoid's first check with a typo in its failure path (as a careless grader edit would leave it)."""
    real = checks_of("sigmoid")[0]

    def buggy(sub, ref, rng):
        z = rng.normal(size=5)
        out = sub.sigmoid(z)
        if not np.allclose(out, ref.sigmoid(z)):
            if bug_on_failure:
                raise NameError("name 'expect_close' is not defined")
            raise CheckFailed("sigmoid(z) has wrong values")

    return (type(real)(real.name, real.points, real.hint, (), buggy),)


def test_a_planted_grader_bug_is_a_grader_fault_not_a_lost_point(server, tmp_path):
    from autograder.assignment.parts import BY_NAME
    from autograder.engine.sandbox_handle import SandboxHandle
    from autograder.engine.submission import read_submission

    handle = SandboxHandle(server, read_submission(with_reference(WRONG_SIGMOID, tmp_path)), BY_NAME["sigmoid"])
    try:
        faulty = run_part("sigmoid", handle, "s", specs=_planted(True)).checks[0]
        honest = run_part("sigmoid", handle, "s", specs=_planted(False)).checks[0]
    finally:
        handle.close()
    assert faulty.status == GRADER_FAULT and "NameError" in faulty.detail and "not because of your code" in faulty.hint
    assert honest.status == FAILED  # positive control: the same check without the bug fails the student


def test_a_grader_fault_is_not_cached_and_is_named_in_grades_csv(tmp_path, monkeypatch):
    """The batch retries a grader fault, stores it without a cache key and grades.csv names it."""
    from autograder.course import batch
    from autograder.course.grades import write_grades_csv
    from autograder.course.paths import Course
    from autograder.engine import judge

    course = Course(root=tmp_path)
    folder = course.submitted / "s1" / "logreg"
    folder.mkdir(parents=True)
    (folder / "logreg.ipynb").write_text("{}")
    real = judge.grade

    def faulty(*args, **kwargs):
        report = real(*args, **kwargs)
        report.parts[0].checks[0].status = GRADER_FAULT
        report.parts[0].checks[0].detail = "KeyError: planted"
        return report

    monkeypatch.setattr(batch, "grade", faulty)
    summary = batch.autograde(course, workers=1, progress=False)
    stored = json.loads(course.result_path("s1").read_text())
    assert "cache_key" not in stored and stored["grader_fault"] is True
    assert "grader fault" in summary.notes["s1"]
    csv_text = write_grades_csv(course, batch.load_results(course)).read_text()
    assert "grader fault in sigmoid/values: KeyError: planted" in csv_text


@pytest.mark.parametrize(
    ("value", "detail"),
    [
        (np.zeros(3), "should have shape (4,), got (3,)"),
        ([0.0] * 4, "should hold numbers, got a list of 4 items"),
        (None, "None (did you print instead of return?)"),
        (np.array([np.nan] * 4), "contains nan"),
    ],
)
def test_expect_close_checks_shape_and_type_before_values(value, detail):
    with pytest.raises(CheckFailed) as failure:
        expect.close(value, np.zeros(4), "history")
    assert detail in failure.value.detail
