"""The instructor's workflow on a small class: collect, autograde, gradebook, feedback, grades."""

from __future__ import annotations

import csv
import json
import os
import re

import pytest
from helpers import nbgrader_export
from nbgrader.api import Gradebook

from autograder.assignment.parts import PARTS
from autograder.course.batch import autograde, load_results
from autograder.course.collect import collect_zip
from autograder.course.feedback import write_feedback
from autograder.course.gradebook import export_scores, sync
from autograder.course.grades import write_all
from autograder.course.paths import KIT_ROOT, Course
from autograder.course.release import nbgrader
from autograder.tools import demo

pytestmark = pytest.mark.slow  # drives nbgrader, kernels or many sandboxes


def _grades(course: Course, student: str) -> dict:
    """grade cell name -> nbgrader Grade, read through nbgrader's API."""
    with Gradebook(course.db_url) as gb:
        notebook = gb.find_submission_notebook("logreg", "logreg", student)
        return {grade.name: grade for grade in notebook.grades}


def _course(tmp_path, name="course") -> Course:
    root = tmp_path / name
    root.mkdir()
    (root / "assignments").symlink_to(KIT_ROOT / "assignments", target_is_directory=True)
    return Course(root)


@pytest.fixture(scope="module")
def small_class():
    """A handful of demo students: correct, partly done, untouched, two mistakes, broken, hostile (not the
    endless loop, which only waits out its time limits: tests/test_integrity.py grades that)."""
    students = demo.make_class()
    wanted = {"correct": 1, "partly done": 1, "untouched": 1, "mistake": 2, "broken": 2, "hostile": 1}
    picked = []
    for student in students:
        if wanted.get(student.kind, 0) and student.note != "loops forever":
            wanted[student.kind] -= 1
            picked.append(student)
    return picked


@pytest.fixture(scope="module")
def graded(tmp_path_factory, small_class):
    tmp = tmp_path_factory.mktemp("workflow")
    course = _course(tmp)
    zip_path = demo.write_zip(small_class, tmp / "download.zip")
    collect_zip(course, zip_path)
    summary = autograde(course, workers=2, progress=False)
    results = load_results(course)
    notes = sync(course, results)
    return course, summary, results, notes


def test_zip_collect_keeps_every_student_and_the_submission_time(graded, small_class):
    course, *_ = graded
    assert course.students() == sorted(s.sid for s in small_class)
    canvas = next(s for s in small_class if not s.plain_name)
    stamp = (course.submitted / canvas.sid / "logreg" / "timestamp.txt").read_text()
    assert re.match(r"2026-11-\d\d \d\d:\d\d:00", stamp)


def test_every_submission_gives_one_grade_row_with_a_reason_for_zero(graded, small_class):
    course, _, results, _ = graded
    path = write_all(course, results)["grades.csv"]
    rows = list(csv.DictReader(path.open()))
    assert [r["student"] for r in rows] == sorted(s.sid for s in small_class)
    for row in rows:
        assert float(row["autograded"]) == sum(float(row[p.name]) for p in PARTS)
        assert float(row["total"]) == float(row["autograded"]) + float(row["by_hand"])
        if float(row["total"]) == 0:
            assert row["problems"], row["student"]
    broken = next(s for s in small_class if s.broken)
    assert "not a valid notebook" in next(r for r in rows if r["student"] == broken.sid)["problems"]


def test_gradebook_and_nbgrader_export_agree_with_grades_csv(graded):
    course, _, results, _ = graded
    exported = export_scores(course)
    assert exported == {s: r.score for s, r in results.items()}
    exported_rows = nbgrader_export(course)
    rows = {r["student_id"]: float(r["score"]) for r in exported_rows}
    assert rows == {s: r.score for s, r in results.items()}


def test_free_response_cells_wait_for_manual_grading(graded, small_class):
    course, *_ = graded
    correct = next(s for s in small_class if s.kind == "correct")
    flags = {name: grade.needs_manual_grade for name, grade in _grades(course, correct.sid).items()}
    assert flags["free_xor"] and flags["free_threshold"]
    assert not any(flags[f"grade_{p.name}"] for p in PARTS)


def test_regrading_only_touches_what_changed(graded):
    course, first, _, _ = graded
    assert len(first.graded) == len(course.students())
    again = autograde(course, workers=1, progress=False)
    assert again.graded == [] and len(again.reused) == len(course.students())
    victim = course.students()[0]
    path = course.submission_file(victim)
    path.write_text(path.read_text().replace("return", "return ", 1))
    third = autograde(course, workers=1, progress=False)
    assert third.graded == [victim]


def test_feedback_shows_hints_but_no_hidden_material(graded):
    course, _, results, _ = graded
    pages = write_feedback(course, results)
    assert len(pages) == len(results)
    hidden_sources = [p.read_text() for p in (KIT_ROOT / "autograder" / "graders").glob("test_*.py")]
    code_lines = {
        line.strip()
        for text in hidden_sources
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith(("@check", "def ", "#", '"""', "import", "from"))
    }
    for page in pages:
        text = page.read_text()
        assert "<img" in text or "No plots" in text
        leaked = [line for line in code_lines if len(line) > 25 and line in text]
        assert not leaked, leaked[:3]
        assert "BEGIN HIDDEN" not in text and "grade_part" not in text


def test_gradescope_results_follow_the_format(graded):
    course, _, results, _ = graded
    write_all(course, results)
    for student, result in results.items():
        data = json.loads((course.grades / "gradescope" / student / "results.json").read_text())
        assert data["score"] == result.score
        assert sum(t["max_score"] for t in data["tests"]) == data["max_score"] == 110  # 100 autograded + 10 by hand
        assert all(t["visibility"] in ("visible", "hidden", "after_due_date", "after_published") for t in data["tests"])


def test_plain_nbgrader_autograde_gives_the_same_part_points(tmp_path, small_class):
    """The hidden cells, run by nbgrader in the student's kernel, agree with the sandboxed judge."""
    honest = [s for s in small_class if s.kind in ("correct", "partly done", "mistake")]  # partly done: stubs too
    course = _course(tmp_path, "plain")
    for student in honest:
        folder = course.submitted / student.sid / "logreg"
        folder.mkdir(parents=True)
        (folder / "logreg.ipynb").write_text(demo.notebook_for(student))
    nbgrader(
        "generate_assignment",
        "logreg",
        "--force",
        f"--CourseDirectory.release_directory={tmp_path / 'rel'}",
        f"--CourseDirectory.db_url={course.db_url}",
        root=course.root,
    )
    env_ok = os.environ.get("PYTHONPATH", "")
    assert str(KIT_ROOT) in env_ok.split(os.pathsep)
    proc = nbgrader(
        "autograde", "logreg", "--force", f"--CourseDirectory.db_url={course.db_url}", root=course.root, check=False
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    plain = {(s.sid, p.name): _grades(course, s.sid)[f"grade_{p.name}"].auto_score for s in honest for p in PARTS}
    autograde(course, workers=2, progress=False)
    kit = {(sid, p.name): p.score for sid, r in load_results(course).items() for p in r.parts}
    assert plain == kit


def test_collect_from_the_course_exchange(tmp_path, small_class):
    """release_assignment -> a student fetches and submits -> make collect brings it into submitted/."""
    from autograder.course.collect import EXCHANGE_COURSE_ID, collect_exchange

    course = _course(tmp_path)
    (course.root / "release").symlink_to(KIT_ROOT / "release", target_is_directory=True)
    exchange, home = tmp_path / "exchange", tmp_path / "student_home"
    exchange.mkdir()
    home.mkdir()
    common = [f"--Exchange.root={exchange}", f"--CourseDirectory.course_id={EXCHANGE_COURSE_ID}"]
    nbgrader(
        "release_assignment",
        "logreg",
        "--force",
        f"--CourseDirectory.db_url={course.db_url}",
        *common,
        root=course.root,
    )
    nbgrader("fetch_assignment", "logreg", *common, root=home, cwd=home)
    fetched = home / "logreg" / "logreg.ipynb"
    fetched.write_text(demo.notebook_for(next(s for s in small_class if s.kind == "correct")))
    nbgrader("submit", str(home / "logreg"), *common, root=home, cwd=home)
    collect_exchange(course, exchange)
    student = os.environ.get("USER") or __import__("getpass").getuser()
    assert course.students() == [student]
    assert (course.submitted / student / "logreg" / "timestamp.txt").is_file()


def test_hand_grades_reach_grades_csv_gradescope_and_the_feedback_page(graded):
    """Points and a comment given by hand (as formgrader stores them) appear in every output,
    and every total agrees with nbgrader export."""
    course, _, results, _ = graded
    student = sorted(results)[0]
    with Gradebook(course.db_url) as gb:
        notebook = gb.find_submission_notebook("logreg", "logreg", student)
        grade = next(g for g in notebook.grades if g.name == "free_xor")
        grade.manual_score = 4.0
        comment = next(c for c in notebook.comments if c.name == "free_xor")
        comment.manual_comment = "Good: the four points need a curved boundary."
        gb.db.commit()
    outputs = write_all(course, results)
    rows = {r["student"]: r for r in csv.DictReader(outputs["grades.csv"].open())}
    assert float(rows[student]["by_hand"]) == 4.0 and rows[student]["free_xor"] == "4"
    assert float(rows[student]["max_total"]) == 110.0 and "free_threshold" in rows[student]["hand_grading"]
    exported_rows = nbgrader_export(course)
    exported = {r["student_id"]: (float(r["score"]), float(r["max_score"])) for r in exported_rows}
    assert {s: (float(r["total"]), float(r["max_total"])) for s, r in rows.items()} == exported
    gradescope = json.loads((course.grades / "gradescope" / student / "results.json").read_text())
    assert gradescope["score"] == float(rows[student]["total"]) and gradescope["max_score"] == 110
    page = write_feedback(course, results)[sorted(results).index(student)].read_text()
    assert "the four points need a curved boundary" in page and "not graded yet" in page


def test_nbgrader_generate_feedback_keeps_the_kits_page(graded):
    course, _, results, _ = graded
    pages = write_feedback(course, results)
    before = {p: p.read_text() for p in pages}
    proc = nbgrader(
        "generate_feedback",
        "logreg",
        "--force",
        f"--CourseDirectory.db_url={course.db_url}",
        root=course.root,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    readable = [s for s in results if (course.autograded / s / "logreg" / "logreg.ipynb").is_file()]
    assert readable and all((course.feedback / s / "logreg" / "logreg.html").is_file() for s in readable)
    assert all(page.is_file() and page.read_text() == text for page, text in before.items())
