"""The kit's scores in nbgrader's gradebook, through nbgrader's own pipeline.

For each graded student this runs nbgrader's sanitising preprocessors (restore
the locked and test cells from the master, as ``nbgrader autograde`` does; its
JSON-schema CheckCellMetadata pass is skipped, since the restored cells are the
master's and the judge never reads the notebook's metadata), puts
the kit's score for each part into that part's autograder cell as the cell's
result, and lets nbgrader's ``SaveAutoGrades`` record it. Only the Execute step is
replaced: the scores come from the sandboxed judge, not from the student's kernel.
So formgrader shows the autograded cells beside the free-response cells still
waiting for a human, and ``nbgrader export`` adds up the same numbers as
``grades.csv``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import warnings
from pathlib import Path

import nbformat
from nbconvert.preprocessors import Preprocessor
from nbformat.v4.rwbase import rejoin_lines
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import ClearOutput, DeduplicateIds, OverwriteCells, OverwriteKernelspec, SaveAutoGrades
from nbgrader.utils import parse_utc
from sqlalchemy.exc import SAWarning

from ..assignment import grade_ids
from ..engine.results import PartResult, Report, dumps
from .paths import Course
from .release import build

SYNCED = ".kit_synced"  # in autograded/<student>/<assignment>/: the result synced last


def ensure_assignment(course: Course) -> None:
    """Register the assignment's cells in the course gradebook (nbgrader generate_assignment)."""
    if (course.root / "gradebook.db").is_file():  # a new database would need nbgrader's alembic on PATH
        with Gradebook(course.db_url) as gb:
            try:
                if gb.find_assignment(course.assignment).notebooks:
                    return
            except MissingEntry:
                pass
    with tempfile.TemporaryDirectory() as scratch:
        build(course.assignment, release_dir=Path(scratch), root=course.root)


def _timestamp(course: Course, student: str):
    stamp = course.submitted / student / course.assignment / "timestamp.txt"
    if stamp.is_file():
        try:
            return parse_utc(stamp.read_text(errors="replace").strip())
        except Exception:  # dateutil raises ValueError, OverflowError...: a time nobody can read is no time
            return None
    return None


def _read_notebook(source: Path):
    """The student's notebook as nbformat nodes; a bare NaN or Infinity in it (Python's json reads them) becomes null,
    so the autograded copy formgrader reads is strict JSON."""
    return nbformat.from_dict(json.loads(source.read_bytes(), parse_constant=lambda _: None))


def _score_outputs(part: PartResult) -> list:
    lines = [f"{part.name}: {part.score:g} / {part.max_score:g} (graded by the kit's sandboxed judge)"]
    for c in part.checks:
        if not c.passed:
            lines.append(
                f"  - {c.name} ({c.max_score:g} pts): {c.hint}" + (f"\n      seen: {c.detail}" if c.detail else "")
            )
    return [
        nbformat.v4.new_output("stream", name="stdout", text="\n".join(lines) + "\n"),
        nbformat.v4.new_output("execute_result", data={"text/plain": repr(float(part.score))}, execution_count=1),
    ]


def _resources(course: Course, student: str, workdir: Path) -> dict:
    return {
        "nbgrader": {
            "db_url": course.db_url,
            "assignment": course.assignment,
            "notebook": course.assignment,
            "student": student,
        },
        "metadata": {"path": str(workdir)},
    }


def _zero_all(gb: Gradebook, course: Course, student: str) -> None:
    """A submission that could not be read: nbgrader's own rule for a missing notebook."""
    notebook = gb.find_submission_notebook(course.assignment, course.assignment, student)
    for grade in notebook.grades:
        grade.auto_score = 0
        grade.needs_manual_grade = False
    gb.db.commit()


def _preprocess(pp, gb: Gradebook, nb, resources: dict):
    """Run an nbgrader preprocessor on the gradebook already open, not a new connection per notebook."""
    info = resources["nbgrader"]
    pp.notebook_id, pp.assignment_id, pp.db_url = info["notebook"], info["assignment"], info["db_url"]
    pp.student_id, pp.gradebook = info.get("student"), gb
    return Preprocessor.preprocess(pp, nb, resources)


def sync_student(course: Course, gb: Gradebook, student: str, result: Report) -> str:
    """Record one student's result; returns a note if the notebook had to be scored without nbgrader's checks."""
    out_dir = course.autograded / student / course.assignment
    out_dir.mkdir(parents=True, exist_ok=True)
    gb.update_or_create_student(student)
    timestamp = _timestamp(course, student)
    gb.update_or_create_submission(course.assignment, student, **({"timestamp": timestamp} if timestamp else {}))
    source = course.submission_file(student)
    note = ""
    try:
        # Read without nbformat's schema validation: a malformed notebook is dealt with below.
        nb = _read_notebook(source) if source and source.suffix == ".ipynb" else None
        if nb is not None and (nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list)):
            nb = None
        if nb is not None:
            nb = rejoin_lines(nb)
    except Exception:
        nb = None
    if nb is None:
        _zero_all(gb, course, student)
        note = "not a readable notebook: every autograded cell scored 0"
    else:
        resources = _resources(course, student, out_dir)
        by_part = {grade_ids.grade(p.name): p for p in result.parts}
        try:
            for pp in (ClearOutput(), DeduplicateIds(), OverwriteKernelspec()):
                nb, resources = pp.preprocess(nb, resources)
            nb, resources = _preprocess(OverwriteCells(), gb, nb, resources)
            for cell in nb.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if cell.cell_type == "code" and grade_id in by_part:
                    cell.outputs = _score_outputs(by_part[grade_id])
            nb, resources = _preprocess(SaveAutoGrades(), gb, nb, resources)
            note = _enter_missing_cells(gb, course, student, nb, by_part)
            (out_dir / f"{course.assignment}.ipynb").write_text(dumps(nb), encoding="utf-8")
        except Exception as exc:
            gb.db.rollback()
            _zero_all(gb, course, student)
            for part in result.parts:
                grade = gb.find_grade(grade_ids.grade(part.name), course.assignment, course.assignment, student)
                grade.auto_score = part.score
            gb.db.commit()
            note = f"nbgrader could not process the notebook ({type(exc).__name__}): scores entered directly"
    stamp = course.submitted / student / course.assignment / "timestamp.txt"
    if stamp.is_file():
        shutil.copy(stamp, out_dir / "timestamp.txt")
    (out_dir / SYNCED).write_text(result.cache_key)
    return note


def _enter_missing_cells(gb: Gradebook, course: Course, student: str, nb, by_part: dict[str, PartResult]) -> str:
    """An autograder cell deleted from the notebook has no output for SaveAutoGrades, so nbgrader would count
    0 for it while grades.csv has the judge's score: enter the judge's score, and name the tampering."""
    present = {cell.metadata.get("nbgrader", {}).get("grade_id") for cell in nb.cells}
    missing = sorted(grade_id for grade_id in by_part if grade_id not in present)
    for grade_id in missing:
        grade = gb.find_grade(grade_id, course.assignment, course.assignment, student)
        grade.auto_score = by_part[grade_id].score
        grade.needs_manual_grade = False
    if missing:
        gb.db.commit()
        return f"autograder cell(s) {', '.join(missing)} deleted from the notebook: the judge's scores entered directly"
    return ""


class GradebookSync:
    """Records results in the gradebook one by one, over a single connection.

    The connection opens at the first result (registering the assignment first if
    the gradebook is new). A result already recorded (same cache key) is skipped.
    """

    def __init__(self, course: Course) -> None:
        self.course = course
        self.notes: dict[str, str] = {}
        self._gb: Gradebook | None = None
        self._warnings = warnings.catch_warnings()

    def add(self, student: str, result: Report) -> None:
        marker = self.course.autograded / student / self.course.assignment / SYNCED
        if result.cache_key and marker.is_file() and marker.read_text() == result.cache_key:
            return
        if self._gb is None:
            ensure_assignment(self.course)
            self._warnings.__enter__()
            # nbgrader's own session handling warns on every new submission; it is harmless noise here.
            warnings.simplefilter("ignore", SAWarning)
            self._gb = Gradebook(self.course.db_url)
        note = sync_student(self.course, self._gb, student, result)
        if note:
            self.notes[student] = note

    def close(self) -> None:
        if self._gb is not None:
            self._gb.close()
            self._warnings.__exit__(None, None, None)
            self._gb = None

    def __enter__(self) -> GradebookSync:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def sync(course: Course, results: dict[str, Report]) -> dict[str, str]:
    """Bring the gradebook up to date with every changed result; returns notes per student."""
    with GradebookSync(course) as syncer:
        for student, result in results.items():
            try:
                syncer.add(student, result)
            except Exception as exc:  # one student's row must never stop the others'
                if syncer._gb is not None:
                    syncer._gb.db.rollback()
                syncer.notes[student] = f"not recorded in the gradebook ({type(exc).__name__})"
    return syncer.notes


def export_scores(course: Course) -> dict[str, float]:
    """Total per student as the gradebook has it (what ``nbgrader export`` reports)."""
    with Gradebook(course.db_url) as gb:
        return {s.student.id: float(s.score) for s in gb.assignment_submissions(course.assignment)}
