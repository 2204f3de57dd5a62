"""Grading a whole class: every submission under submitted/, in parallel, incrementally.

Each worker process keeps one fork server; every submission still gets fresh
sandboxes (one per part), so no process that ran one student's code ever runs
another's. A result is reused only while the submission's bytes, the kit's
grading code and the course secret are all unchanged (``FORCE=1`` ignores it).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing.util
import os
import resource
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..engine.fingerprint import grading_fingerprint
from ..engine.judge import grade, ungraded_report
from ..engine.results import Report, dumps
from ..engine.sandbox import ForkServer, IsolationUnavailable
from ..engine.sandbox.isolation import detect_isolation
from ..engine.secret import course_secret
from .paths import Course

_server: ForkServer | None = None


def cache_key(path: Path | None, fingerprint: str, secret: str) -> str:
    digest = hashlib.sha256(f"{fingerprint}\0{hashlib.sha256(secret.encode()).hexdigest()}\0".encode())
    digest.update(path.read_bytes() if path is not None and path.is_file() else b"<no file>")
    return digest.hexdigest()


def ungraded_result(path: Path | None, reason: str, kit_fault: bool = False) -> dict:
    """A zero with its reason; with `kit_fault` the kit's own failure, never cached, retried."""
    report = ungraded_report(path, reason)
    report.kit_fault = reason if kit_fault else ""
    return report.as_dict()


def _grade_one(path: str | None, secret: str) -> tuple[dict, float]:
    """Runs in a worker: grade one submission with this worker's fork server; also the worker's peak RSS (MB)."""
    global _server
    if path is None:
        result = ungraded_result(None, "no notebook found in the submission folder")
    else:
        if _server is None:
            _server = ForkServer()
            # Pool workers leave through multiprocessing's exit path, which runs these finalizers.
            multiprocessing.util.Finalize(_server, _server.stop, exitpriority=10)
        try:
            result = grade(path, server=_server, secret=secret, with_feedback_data=True).as_dict()
        except Exception as exc:
            reason = f"the grader failed on this submission: {type(exc).__name__}: {exc}"
            result = ungraded_result(Path(path), reason, kit_fault=True)
    return result, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class BatchSummary:
    graded: list[str]
    reused: list[str]
    seconds: float
    workers: int
    peak_worker_rss_mb: float = 0.0
    notes: dict[str, str] = field(default_factory=dict)


def _write_text(path: Path, text: str) -> None:
    """Atomically: an interrupted run leaves the old file or the new one, never half of one."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _stored_key(path: Path) -> str | None:
    try:
        return json.loads(path.read_text()).get("cache_key")
    except (OSError, ValueError, AttributeError):
        return None


def autograde(
    course: Course,
    workers: int | None = None,
    force: bool = False,
    progress: bool = True,
    on_result: Callable[[str, Report], None] | None = None,
) -> BatchSummary:
    """Grade every new or changed submission of the course; write one JSON per student.

    `on_result(student, result)` runs in this process as each result arrives (the
    gradebook sync), overlapping with the workers still grading. A row that failed
    for the kit's own reasons (a dead worker, a grader fault) is retried once in a
    fresh pool and, if it fails again, stored without a cache key so the next run
    grades it again.
    """
    started = time.perf_counter()
    isolation = detect_isolation()
    if isolation.mode == "unavailable":  # refuse the class up front, not one worker fault per student
        raise IsolationUnavailable(f"refusing to run student code: {isolation.problem}")
    secret, _ = course_secret()
    fingerprint = grading_fingerprint()
    course.results.mkdir(parents=True, exist_ok=True)
    todo, reused = [], []
    for student in course.students():
        path = course.submission_file(student)
        key = cache_key(path, fingerprint, secret)
        if not force and _stored_key(course.result_path(student)) == key:
            reused.append(student)
        else:
            todo.append((student, path, key))
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    summary = BatchSummary([s for s, _, _ in todo], reused, 0.0, workers)
    bar = _progress_bar(len(todo), progress)
    pending, peak = todo, 0.0
    for attempt in (1, 2):
        failed = []
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_grade_one, str(p) if p else None, secret): (s, p, k) for s, p, k in pending}
            for future in as_completed(futures):
                student, path, key = futures[future]
                try:
                    result, rss = future.result()
                    peak = max(peak, rss)
                except Exception as exc:
                    result = ungraded_result(path, f"the grading worker died: {type(exc).__name__}", kit_fault=True)
                report = Report.from_dict(result)
                if report.grader_fault and attempt == 1:
                    failed.append((student, path, key))
                    continue
                report.student, report.assignment = student, course.assignment
                if report.grader_fault:
                    summary.notes[student] = "; ".join(report.fault_notes())  # not cached: the next run retries
                else:
                    report.cache_key = key
                _write_text(course.result_path(student), report.to_json())
                if on_result is not None:
                    try:
                        on_result(student, report)
                    except Exception as exc:
                        summary.notes[student] = f"not recorded in the gradebook yet ({type(exc).__name__}: {exc})"
                bar.update(1)
        if not failed:
            break
        pending = failed
    bar.close()
    summary.seconds, summary.peak_worker_rss_mb = time.perf_counter() - started, round(peak, 1)
    _write_text(course.grades / "batch.json", dumps(asdict(summary)))
    return summary


def load_results(course: Course) -> dict[str, Report]:
    """Every student's stored result; a student without a readable one is reported as not graded yet."""
    results = {}
    for student in course.students():
        try:
            results[student] = Report.from_dict(json.loads(course.result_path(student).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            results[student] = Report.from_dict(ungraded_result(None, "not graded yet: run make autograde"))
        results[student].student = student
    return results


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="grading", unit="submission", disable=not enabled or total == 0)
