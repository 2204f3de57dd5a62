"""The grading fingerprint changes with what decides a score, and only with that."""

from __future__ import annotations

import shutil

import pytest

from autograder.engine import fingerprint


@pytest.fixture
def kit_copy(tmp_path, monkeypatch):
    for folder in (*fingerprint.SCORED_FOLDERS, "autograder/course"):
        shutil.copytree(fingerprint.KIT_ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "KIT_ROOT", tmp_path)
    fingerprint.grading_fingerprint.cache_clear()
    yield tmp_path
    fingerprint.grading_fingerprint.cache_clear()


def _again() -> str:
    fingerprint.grading_fingerprint.cache_clear()
    return fingerprint.grading_fingerprint()


def test_editing_the_feedback_page_or_the_text_report_regrades_nobody(kit_copy):
    before = _again()
    (kit_copy / "autograder/course/feedback.py").write_text("# restyled\n")
    (kit_copy / "autograder/engine/report.py").write_text("# another table\n")
    assert _again() == before


@pytest.mark.parametrize(
    "path",
    [
        "autograder/graders/test_sigmoid.py",
        "solutions/logreg.py",
        "autograder/assignment/parts.py",
        "autograder/engine/rubric.py",
    ],
)
def test_editing_what_scores_changes_it(kit_copy, path):
    before = _again()
    with (kit_copy / path).open("a") as f:
        f.write("\n# changed\n")
    assert _again() != before


def test_a_limit_override_changes_it(kit_copy, monkeypatch):
    before = _again()
    monkeypatch.setenv("AUTOGRADER_CALL_SECONDS", "1.5")
    assert _again() != before


def test_the_cached_reference_is_not_shared_mutable_state():
    import numpy as np

    from autograder.engine.rubric import REFERENCE

    X, y = np.eye(3), np.array([0.0, 1.0, 1.0])
    w, _, history = REFERENCE.fit(X, y, epochs=3)
    w[:] = 99.0
    history.append(-1)
    again_w, _, again_history = REFERENCE.fit(X, y, epochs=3)
    assert not np.any(again_w == 99.0) and -1 not in again_history
    with pytest.raises(AttributeError):
        REFERENCE.fit = lambda *a, **k: None
