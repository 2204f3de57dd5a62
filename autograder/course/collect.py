"""Bringing LMS downloads into nbgrader's submitted/ layout with ``nbgrader zip_collect``.

Two file-name forms work out of the box:

* Canvas-style ``<name>_<studentid>_attempt_<YYYY-MM-DD-HH-MM-SS>_<notebook>.ipynb``
  (the attempt's time becomes the submission time nbgrader records), and
* a plain ``<studentid>.ipynb`` (no time is known; nbgrader records none).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from nbgrader.plugins import FileNameCollectorPlugin

from ..engine.limits import INGEST_LIMITS, IngestLimits
from .ingest import CANVAS, PLAIN, CollectReport, IngestRefused, clear_special_bits, match_name, stage

__all__ = ["CANVAS", "PLAIN", "KitFileNameCollector", "collect_exchange", "collect_zip"]
from .paths import Course
from .release import nbgrader


class KitFileNameCollector(FileNameCollectorPlugin):
    """Accepts both documented naming schemes; anything else is skipped with a warning.

    The kit stages the files itself (``ingest.stage``), so by the time nbgrader
    calls this every name already matches; an unparseable time is dropped, never fatal.
    """

    def collect(self, submitted_file: str) -> dict | None:
        name = os.path.basename(submitted_file)
        found = match_name(name, _assignment(self))
        if isinstance(found, str):
            self.log.warning("Skipped %s: %s", name, found)
            return None
        info = {"student_id": found.student_id, "file_id": f"{_assignment(self)}.ipynb"}
        if found.timestamp is not None:
            info["timestamp"] = found.timestamp.strftime("%Y-%m-%d %H:%M:%S")
        return info


def _assignment(plugin: FileNameCollectorPlugin) -> str:
    return plugin.parent.coursedir.assignment_id


def collect_zip(course: Course, zip_path: Path, limits: IngestLimits = INGEST_LIMITS) -> CollectReport:
    """Collect an LMS archive: the kit unpacks it under `limits`, nbgrader zip_collect files what was accepted.

    Returns the collect report (also written to grades/collect_report.json and .csv):
    every file skipped and why, every collision, every note a student's row must carry.
    Raises ``IngestRefused`` (after writing the report) when the download as a whole is over a limit.
    """
    downloaded = course.root / "downloaded" / course.assignment
    archive = downloaded / "archive"
    if archive.exists():
        shutil.rmtree(archive)
    archive.mkdir(parents=True)
    report = stage(Path(zip_path), archive, course.assignment, limits)
    if report.refused:
        report.write(course)
        raise IngestRefused(report.refused)
    if report.collected:
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
    for student in report.colliding:
        # An empty submission folder: the student still gets a grade row, which says why.
        folder = course.submitted / student / course.assignment
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    clear_special_bits(course.submitted, course.root / "downloaded")
    report.write(course)
    return report


# The exchange files a course under its id; set the same in the hub's nbgrader config.
EXCHANGE_COURSE_ID = "logreg-kit"


def collect_exchange(course: Course, exchange: Path | None = None) -> CollectReport:
    """``nbgrader collect`` from the course exchange (nbgrader's default root if None), through
    ``exchange.KitExchangeCollect``: only each student's own regular files, never through a link.

    Returns the collect report (also written to grades/collect_report.json and .csv).
    """
    report_file = course.root / "downloaded" / course.assignment / "exchange_report.json"
    report_file.parent.mkdir(parents=True, exist_ok=True)
    report_file.unlink(missing_ok=True)
    extra = [f"--CourseDirectory.course_id={EXCHANGE_COURSE_ID}"] + (
        [f"--Exchange.root={exchange}"] if exchange else []
    )
    proc = nbgrader(
        "collect",
        course.assignment,
        f"--CourseDirectory.db_url={course.db_url}",
        "--ExchangeFactory.collect=autograder.course.exchange.KitExchangeCollect",
        f"--KitExchangeCollect.report_path={report_file}",
        *extra,
        root=course.root,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader collect failed:\n{proc.stderr[-2000:]}")
    report = CollectReport(str(exchange or "nbgrader's exchange"))
    found = json.loads(report_file.read_text(encoding="utf-8")) if report_file.is_file() else {}
    for item in found.get("skipped", []):
        report.skip(item["file"], item["why"])
    for student, notes in found.get("notes", {}).items():
        for note in notes:
            report.note(student, note)
    report.remarks = [str(r) for r in found.get("remarks", [])]
    report.collected = {s: str(course.submission_file(s) or "") for s in course.students()}
    clear_special_bits(course.submitted)
    report.write(course)
    return report
