"""Grading a whole class: every submission under submitted/, in parallel, incrementally.

Each worker process keeps one fork server; every submission still gets fresh
sandboxes (one per part), so no process that ran one student's code ever runs
another's. A result is reused only while the submission's bytes, the kit's
grading code and the course secret are all unchanged (``FORCE=1`` ignores it).
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from .course import KIT_ROOT, Course
from .judge import grade
from .parts import MAX_SCORE, PARTS
from .rubric import checks_of
from .sandbox import ForkServer
from .secret import course_secret

_server: ForkServer | None = None


def kit_fingerprint() -> str:
    """Hash of everything that decides a score: graders, engine, reference, points."""
    digest = hashlib.sha256()
    for folder in ("autograder", "solutions"):
        for path in sorted((KIT_ROOT / folder).rglob("*.py")):
            digest.update(path.relative_to(KIT_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(path: Path | None, fingerprint: str, secret: str) -> str:
    digest = hashlib.sha256(f"{fingerprint}\0{hashlib.sha256(secret.encode()).hexdigest()}\0".encode())
    digest.update(path.read_bytes() if path is not None and path.is_file() else b"<no file>")
    return digest.hexdigest()


def ungraded_result(student: str, path: Path | None, reason: str) -> dict:
    """A zero with its reason, in the same shape as a graded result."""
    parts = [{"name": p.name, "functions": list(p.functions), "score": 0.0, "max_score": p.points,
              "checks": [{"name": c.name, "passed": False, "score": 0.0, "max_score": c.points, "message": reason}
                         for c in checks_of(p.name)], "errors": [reason]} for p in PARTS]
    return {"submission": str(path) if path else "", "score": 0.0, "max_score": MAX_SCORE, "parts": parts,
            "errors": [reason], "protection": [], "seconds": 0.0}


def _grade_one(student: str, path: str | None, secret: str) -> tuple[dict, float]:
    """Runs in a worker: grade one submission with this worker's fork server; also the worker's peak RSS (MB)."""
    global _server
    if path is None:
        result = ungraded_result(student, None, "no notebook found in the submission folder")
    else:
        if _server is None:
            _server = ForkServer()
        try:
            result = grade(path, server=_server, secret=secret, with_feedback_data=True).as_dict()
        except Exception as exc:  # noqa: BLE001 - a grader fault must still give this student a row
            result = ungraded_result(student, Path(path), f"the grader failed on this submission: {type(exc).__name__}: {exc}")
    return result, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class BatchSummary:
    graded: list[str]
    reused: list[str]
    seconds: float
    workers: int
    peak_worker_rss_mb: float = 0.0


def autograde(course: Course, workers: int | None = None, force: bool = False, progress: bool = True,
              on_result: Callable[[str, dict], None] | None = None) -> BatchSummary:
    """Grade every new or changed submission of the course; write one JSON per student.

    `on_result(student, result)` runs in this process as each result arrives (the
    gradebook sync), overlapping with the workers still grading.
    """
    started = time.perf_counter()
    secret, _ = course_secret()
    fingerprint = kit_fingerprint()
    course.results.mkdir(parents=True, exist_ok=True)
    todo, reused = [], []
    for student in course.students():
        path = course.submission_file(student)
        key = cache_key(path, fingerprint, secret)
        out = course.result_path(student)
        if not force and out.is_file():
            try:
                if json.loads(out.read_text()).get("cache_key") == key:
                    reused.append(student)
                    continue
            except ValueError:
                pass
        todo.append((student, path, key))
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    bar = _progress_bar(len(todo), progress)
    peak = 0.0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_grade_one, s, str(p) if p else None, secret): (s, p, k) for s, p, k in todo}
        for future in as_completed(futures):
            student, path, key = futures[future]
            try:
                result, rss = future.result()
                peak = max(peak, rss)
            except Exception as exc:  # noqa: BLE001 - a dead worker costs this row its score, not the run
                result = ungraded_result(student, path, f"the grading worker died: {type(exc).__name__}")
            result.update(student=student, cache_key=key, assignment=course.assignment)
            course.result_path(student).write_text(json.dumps(result, indent=1))
            if on_result is not None:
                on_result(student, result)
            bar.update(1)
    bar.close()
    summary = BatchSummary([s for s, _, _ in todo], reused, time.perf_counter() - started, workers, round(peak, 1))
    (course.grades / "batch.json").write_text(json.dumps(asdict(summary), indent=1))
    return summary


def load_results(course: Course) -> dict[str, dict]:
    """Every student's stored result; a student without one is reported as not graded yet."""
    results = {}
    for student in course.students():
        path = course.result_path(student)
        results[student] = (json.loads(path.read_text()) if path.is_file()
                            else ungraded_result(student, None, "not graded yet: run make autograde"))
    return results


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="grading", unit="submission", disable=not enabled or total == 0)
