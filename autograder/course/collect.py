"""Bringing LMS downloads into nbgrader's submitted/ layout with ``nbgrader zip_collect``.

Two file-name forms work out of the box:

* Canvas-style ``<name>_<studentid>_attempt_<YYYY-MM-DD-HH-MM-SS>_<notebook>.ipynb``
  (the attempt's time becomes the submission time nbgrader records), and
* a plain ``<studentid>.ipynb`` (no time is known; nbgrader records none).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from nbgrader.plugins import FileNameCollectorPlugin

from .paths import Course
from .release import nbgrader

_ID = r"[A-Za-z0-9][A-Za-z0-9.\-]*"  # no leading dot: an id is a folder name in submitted/
CANVAS = re.compile(
    rf"^(?P<name>[^_/]+)_(?P<student_id>{_ID})_attempt_"
    r"(?P<timestamp>\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)_(?P<file_id>[^/]+)\.ipynb$"
)
PLAIN = re.compile(rf"^(?P<student_id>{_ID})\.ipynb$")


class KitFileNameCollector(FileNameCollectorPlugin):
    """Accepts both documented naming schemes; anything else is skipped with a warning."""

    def collect(self, submitted_file: str) -> dict | None:
        name = os.path.basename(submitted_file)
        match = CANVAS.match(name)
        if match:
            info = match.groupdict()
            # Canvas appends "-1", "-2" to re-uploads of the same file; anything else is another file.
            if not re.fullmatch(rf"{re.escape(_assignment(self))}(-\d+)?", info["file_id"]):
                self.log.warning("Skipped %s: not the assignment's notebook", name)
                return None
            day, clock = info["timestamp"][:10], info["timestamp"][11:].replace("-", ":")
            info["timestamp"] = f"{day} {clock}"
            info["file_id"] = f"{_assignment(self)}.ipynb"
            return info
        match = PLAIN.match(name)
        if match:
            return {"student_id": match["student_id"], "file_id": f"{_assignment(self)}.ipynb"}
        self.log.warning("Skipped %s: not <name>_<id>_attempt_<time>_<notebook>.ipynb or <id>.ipynb", name)
        return None


def _assignment(plugin: FileNameCollectorPlugin) -> str:
    return plugin.parent.coursedir.assignment_id


def collect_zip(course: Course, zip_path: Path) -> str:
    """Run nbgrader zip_collect on an LMS archive; returns nbgrader's log."""
    archive = course.root / "downloaded" / course.assignment / "archive"
    if archive.exists():
        shutil.rmtree(archive)
    archive.mkdir(parents=True)
    shutil.copy(zip_path, archive / Path(zip_path).name)
    proc = nbgrader(
        "zip_collect",
        course.assignment,
        "--force",
        "--ZipCollectApp.collector_plugin=autograder.course.collect.KitFileNameCollector",
        f"--CourseDirectory.db_url={course.db_url}",
        root=course.root,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader zip_collect failed:\n{proc.stderr[-2000:]}")
    return proc.stderr


# The exchange files a course under its id; set the same in the hub's nbgrader config.
EXCHANGE_COURSE_ID = "logreg-kit"


def collect_exchange(course: Course, exchange: Path | None = None) -> str:
    """``nbgrader collect`` from the course exchange (JupyterHub deployments; nbgrader's default root if None)."""
    extra = [f"--CourseDirectory.course_id={EXCHANGE_COURSE_ID}"] + (
        [f"--Exchange.root={exchange}"] if exchange else []
    )
    proc = nbgrader(
        "collect", course.assignment, f"--CourseDirectory.db_url={course.db_url}", *extra, root=course.root, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader collect failed:\n{proc.stderr[-2000:]}")
    return proc.stderr
