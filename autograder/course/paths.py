"""Where a course's files live: nbgrader's folders plus the kit's grade outputs.

The instructor's course is the kit's root; the demo uses its own root (``demo/``)
so it never touches real student data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..assignment import KIT_ROOT, NAME

# A course folder's own nbgrader_config.py. nbgrader reads the one in the folder it runs from,
# so `nbgrader export` and formgrader started in the course folder see this course's gradebook.
NBGRADER_CONFIG = '''"""nbgrader's view of this course folder (written by the kit; edit freely, it is not rewritten).

Run nbgrader from this folder, or `make formgrader COURSE=<this folder>` from the kit: the course
root, its submissions and its gradebook are here; the masters are the kit's assignments.
"""

import os

c = get_config()  # noqa: F821

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = {source!r}
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")
c.ExecutePreprocessor.timeout = 300

# Formgrader: student markdown (free-response answers) and outputs sanitised, so no <script> of theirs
# runs in the instructor's browser; nbgrader's own formgrade template does not clean markdown.
c.HTMLExporter.sanitize_html = True


def _clean_markdown(source):
    from markupsafe import Markup
    from nbconvert.filters import clean_html, markdown2html_mistune

    return Markup(clean_html(markdown2html_mistune(source)))


c.HTMLExporter.filters = {{"markdown2html": _clean_markdown}}
'''


@dataclass(frozen=True)
class Course:
    root: Path = KIT_ROOT
    assignment: str = NAME

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.root / 'gradebook.db'}"

    @property
    def submitted(self) -> Path:
        return self.root / "submitted"

    @property
    def autograded(self) -> Path:
        return self.root / "autograded"

    @property
    def feedback(self) -> Path:
        return self.root / "feedback"

    @property
    def grades(self) -> Path:
        return self.root / "grades"

    @property
    def results(self) -> Path:
        return self.grades / "results"

    @property
    def release_notebook(self) -> Path:
        return KIT_ROOT / "release" / self.assignment / f"{self.assignment}.ipynb"

    @property
    def master(self) -> Path:
        return KIT_ROOT / "assignments" / self.assignment / f"{self.assignment}.ipynb"

    @property
    def nbgrader_config(self) -> Path:
        return self.root / "nbgrader_config.py"

    def write_nbgrader_config(self) -> Path:
        """Give the course folder its own nbgrader_config.py unless it has one (the kit's root has).

        Without it, nbgrader run from the folder falls back to no course at all, and formgrader
        started from the kit's root shows the kit's gradebook instead of this course's.
        """
        if not self.nbgrader_config.exists():
            source = "assignments" if (self.root / "assignments").is_dir() else str(KIT_ROOT / "assignments")
            self.nbgrader_config.write_text(NBGRADER_CONFIG.format(source=source))
        return self.nbgrader_config

    def students(self) -> list[str]:
        """Every student with a submission folder for this assignment, sorted."""
        if not self.submitted.is_dir():
            return []
        return sorted(p.name for p in self.submitted.iterdir() if (p / self.assignment).is_dir())

    def submission_file(self, student: str) -> Path | None:
        """The notebook nbgrader collected for a student (or the one file there is)."""
        folder = self.submitted / student / self.assignment
        expected = folder / f"{self.assignment}.ipynb"
        if expected.is_file():
            return expected
        others = sorted(p for p in folder.iterdir() if p.suffix in (".ipynb", ".py")) if folder.is_dir() else []
        return others[0] if len(others) == 1 else None

    def result_path(self, student: str) -> Path:
        return self.results / f"{student}.json"
