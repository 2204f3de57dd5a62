"""The grades and comments an instructor gives by hand in formgrader, read from nbgrader's gradebook.

The free-response cells (``free_<topic>``) are graded by a person; nbgrader keeps the points and
comment in the gradebook. ``make grades`` and ``make feedback`` read them from there, so totals,
maxima and per-question scores agree with formgrader and ``nbgrader export``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

from ..assignment import grade_ids
from .paths import Course


@dataclass(frozen=True)
class HandGrade:
    question: str  # the cell's grade id, e.g. free_xor
    score: float | None  # None: not graded yet
    max_score: float
    comment: str = ""

    @property
    def graded(self) -> bool:
        return self.score is not None


def hand_questions(course: Course) -> list[tuple[str, float]]:
    """(grade id, points) of every hand-graded cell of the assignment, in the master's order."""
    if not (course.root / "gradebook.db").is_file():
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(course.db_url) as gb:
            try:
                notebooks = gb.find_assignment(course.assignment).notebooks
            except MissingEntry:
                return []
            return [
                (cell.name, float(cell.max_score))
                for notebook in notebooks
                for cell in notebook.grade_cells
                if grade_ids.kind(cell.name) == "free"
            ]


def hand_grades(course: Course) -> dict[str, list[HandGrade]]:
    """Every student's hand grades (graded or not yet), from the gradebook; {} without a gradebook."""
    questions = hand_questions(course)
    if not questions:
        return {}
    out: dict[str, list[HandGrade]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(course.db_url) as gb:
            for submission in gb.assignment_submissions(course.assignment):
                grades, comments = {}, {}
                for notebook in submission.notebooks:
                    grades.update({g.name: g for g in notebook.grades})
                    comments.update({c.name: c for c in notebook.comments})
                row = []
                for name, points in questions:
                    grade, comment = grades.get(name), comments.get(name)
                    score = None if grade is None or grade.manual_score is None else float(grade.manual_score)
                    text = (comment.manual_comment or "") if comment is not None else ""
                    row.append(HandGrade(name, score, points, text))
                out[submission.student.id] = row
    return out
