"""Grading a whole class: every submission under submitted/, in parallel, incrementally.

One loop for every place the grading runs: this machine's worker processes
(``LocalBackend``) or a dask.distributed cluster (``cluster.DaskBackend``). The
loop reads each submission's bytes, hands them to the backend, and writes each
result (one JSON per student, then ``on_result``) as it arrives; only a few
submissions per worker are in flight at once, so this process's memory stays
flat however large the class. Workers get bytes, not paths, and give back the
result as JSON text: nothing is shared with them but what travels.

Each worker process keeps one fork server per grading thread (a ``Station``);
every submission still gets fresh sandboxes (one per part), so no process that
ran one student's code ever runs another's. A result is reused only while the
submission's bytes, the kit's grading code and the course secret are all
unchanged (``FORCE=1`` ignores it).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import multiprocessing.util
import os
import queue
import resource
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..assignment.parts import PARTS
from ..engine.fingerprint import grading_fingerprint
from ..engine.judge import grade, ungraded_report
from ..engine.results import Report, dumps
from ..engine.rubric import checks_of, seed_for
from ..engine.sandbox import ForkServer, IsolationUnavailable
from ..engine.sandbox.isolation import detect_isolation
from ..engine.secret import course_secret
from .paths import Course

Seeds = Mapping[tuple[str, str], int]


def cache_key(path: Path | None, fingerprint: str, secret: str) -> str:
    digest = hashlib.sha256(f"{fingerprint}\0{hashlib.sha256(secret.encode()).hexdigest()}\0".encode())
    digest.update(path.read_bytes() if path is not None and path.is_file() else b"<no file>")
    return digest.hexdigest()


def ungraded_result(path: Path | None, reason: str, kit_fault: bool = False) -> dict:
    """A zero with its reason; with `kit_fault` the kit's own failure, never cached, retried."""
    report = ungraded_report(path, reason)
    report.kit_fault = reason if kit_fault else ""
    return report.as_dict()


# Set by the command line's Ctrl-C handler: the run stops between two results, so that no
# result or gradebook entry is left half written, whatever library code the signal would land in.
STOP = threading.Event()


def seed_table(secret: str) -> dict[tuple[str, str], int]:
    """The hidden-data seed of every check: all a grading worker needs of the course secret."""
    return {
        (part.name, spec.name): seed_for(secret, part.name, spec.name)
        for part in PARTS
        for spec in checks_of(part.name)
    }


def grade_bytes(server: ForkServer, seeds: Seeds, filename: str, data: bytes | None) -> dict:
    """Grade a submission that arrived as bytes: written to a private temp folder, graded, deleted.

    Named as on the instructor's machine (its base name) so messages read the same;
    never raises for anything the submission does.
    """
    if data is None:
        return ungraded_result(None, "no notebook found in the submission folder")
    with tempfile.TemporaryDirectory(prefix="autograder-sub-") as folder:
        path = Path(folder) / (Path(filename).name or "submission.ipynb")
        path.write_bytes(data)
        try:
            return grade(path, server=server, secret=seeds, with_feedback_data=True).as_dict()  # type: ignore[arg-type]
        except Exception as exc:
            reason = f"the grader failed on this submission: {type(exc).__name__}: {exc}"
            return ungraded_result(path, reason, kit_fault=True)


class Station:
    """One worker process's grading kit: a fork server per grading thread, and the seeds."""

    def __init__(self, seeds: Seeds, servers: int = 1) -> None:
        self.seeds = seeds
        self.servers = [ForkServer() for _ in range(max(1, servers))]
        self._free: queue.SimpleQueue[ForkServer] = queue.SimpleQueue()
        for server in self.servers:
            server.spawn().close()  # start the zygote now, not in the first student's time
            self._free.put(server)

    def grade(self, filename: str, data: bytes | None) -> tuple[str, float]:
        """(the result as JSON text, this process's peak RSS in MB)."""
        server = self._free.get()
        try:
            result = grade_bytes(server, self.seeds, filename, data)
        finally:
            self._free.put(server)
        return json.dumps(result), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def stop(self) -> None:
        for server in self.servers:
            server.stop()


_station: Station | None = None  # in a local pool worker: its grading kit


def _pool_start(seeds: Seeds) -> None:
    global _station
    _station = Station(seeds)
    # Pool workers leave through multiprocessing's exit path, which runs these finalizers.
    multiprocessing.util.Finalize(_station, _station.stop, exitpriority=10)


def _pool_grade(filename: str, spooled: str | None) -> tuple[str, float]:
    assert _station is not None
    data = None
    if spooled is not None:
        data = Path(spooled).read_bytes()
        os.unlink(spooled)
    return _station.grade(filename, data)


class WorkerLost(Exception):
    """The process grading a submission died under it (not the submission's sandbox: the worker)."""


class Backend(Protocol):
    """Where submissions are graded: submit bytes, wait for any, read a result."""

    notes: dict[str, str]

    @property
    def workers(self) -> int: ...
    def window(self) -> int: ...
    def submit(self, student: str, filename: str, data: bytes | None) -> Any: ...
    def wait_any(self, futures: list[Any]) -> Iterable[Any]: ...
    def result(self, future: Any) -> tuple[str, float]: ...
    def new_round(self) -> None: ...
    def close(self) -> None: ...


class LocalBackend:
    """This machine: a pool of worker processes, each with its own Station."""

    def __init__(self, workers: int, seeds: Seeds) -> None:
        self.workers, self.seeds = workers, seeds
        self.notes: dict[str, str] = {}
        self.pool: ProcessPoolExecutor | None = None
        # Submissions reach the workers as files here, never through the pool's pipe: with a worker killed
        # and a large submission filling that pipe, Python before 3.11.5 (Debian 12's 3.11.2) deadlocks in
        # the pool's shutdown (CPython gh-94777).
        self.spool = Path(tempfile.mkdtemp(prefix="autograder-spool-"))
        self.spooled = 0

    def new_round(self) -> None:
        # A worker that died breaks its whole pool: each round gets a fresh one.
        self._stop_pool()
        self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_pool_start, initargs=(self.seeds,))

    def window(self) -> int:
        return 2 * self.workers

    def submit(self, student: str, filename: str, data: bytes | None) -> concurrent.futures.Future:
        assert self.pool is not None
        spooled = None
        if data is not None:
            self.spooled += 1
            spooled = self.spool / f"{self.spooled}.submission"
            spooled.write_bytes(data)
        try:
            return self.pool.submit(_pool_grade, filename, str(spooled) if spooled else None)
        except BrokenProcessPool as exc:  # a worker died: fail this one, retried later
            failed: concurrent.futures.Future = concurrent.futures.Future()
            failed.set_exception(exc)
            return failed

    def wait_any(self, futures: list) -> Iterable:
        while True:
            done = concurrent.futures.wait(futures, timeout=1, return_when=concurrent.futures.FIRST_COMPLETED).done
            if done:
                return done
            if STOP.is_set():
                raise KeyboardInterrupt

    def result(self, future: concurrent.futures.Future) -> tuple[str, float]:
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise WorkerLost(type(exc).__name__) from exc

    def _stop_pool(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def close(self) -> None:
        self._stop_pool()
        shutil.rmtree(self.spool, ignore_errors=True)


@dataclass
class BatchSummary:
    graded: list[str]
    reused: list[str]
    seconds: float
    workers: int
    peak_worker_rss_mb: float = 0.0
    notes: dict[str, str] = field(default_factory=dict)
    where: str = "this machine"
    cluster_notes: dict[str, str] = field(default_factory=dict)  # e.g. workers refused for their kit version


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


Item = tuple[str, Path | None, str]  # (student, submission file, cache key)


def _in_flight(backend: Backend, items: Iterable[Item]) -> Iterator[tuple[Item, Any]]:
    """Each item's finished future, keeping only ``backend.window()`` in flight (bytes read just in time)."""
    todo = iter(items)
    flying: dict[Any, Item] = {}

    def fill() -> None:
        while len(flying) < backend.window():
            item = next(todo, None)
            if item is None:
                return
            student, path, _ = item
            try:
                data = path.read_bytes() if path is not None else None
            except OSError:
                data = None
            flying[backend.submit(student, path.name if path else "", data)] = item

    fill()
    while flying:
        for future in backend.wait_any(list(flying)):
            yield flying.pop(future), future
        fill()


def autograde(
    course: Course,
    workers: int | None = None,
    force: bool = False,
    progress: bool = True,
    on_result: Callable[[str, Report], None] | None = None,
    scheduler: str | None = None,
    security: Any = None,
) -> BatchSummary:
    """Grade every new or changed submission of the course; write one JSON per student.

    `scheduler` is a dask.distributed scheduler's address (``tcp://host:8786``,
    ``tls://...`` with `security`); without it the class is graded on this
    machine by `workers` processes. `on_result(student, result)` runs in this
    process as each result arrives (the gradebook sync), overlapping with the
    workers still grading. A row that failed for the kit's own reasons (a dead
    worker, a grader fault) is retried once and, if it fails again, stored
    without a cache key so the next run grades it again. If the run stops
    (Ctrl-C, the scheduler lost), every result written so far is whole and
    kept: the next run grades only the rest.
    """
    started = time.perf_counter()
    secret, _ = course_secret()
    fingerprint = grading_fingerprint()
    course.results.mkdir(parents=True, exist_ok=True)
    todo: list[Item] = []
    reused = []
    for student in course.students():
        path = course.submission_file(student)
        key = cache_key(path, fingerprint, secret)
        if not force and _stored_key(course.result_path(student)) == key:
            reused.append(student)
        else:
            todo.append((student, path, key))
    seeds = seed_table(secret)
    backend: Backend
    if scheduler and todo:  # nothing to grade needs no cluster
        from .cluster import DaskBackend

        backend = DaskBackend(scheduler, seeds, fingerprint, security=security)
        where = f"dask cluster at {scheduler}"
    else:
        isolation = detect_isolation()
        if todo and isolation.mode == "unavailable":  # refuse the class up front, not one fault per student
            raise IsolationUnavailable(f"refusing to run student code: {isolation.problem}")
        backend = LocalBackend(max(1, min(workers or os.cpu_count() or 1, len(todo) or 1)), seeds)
        where = f"dask cluster at {scheduler}" if scheduler else "this machine"
    summary = BatchSummary([s for s, _, _ in todo], reused, 0.0, backend.workers, where=where)
    summary.cluster_notes = backend.notes
    bar = _progress_bar(len(todo), progress, where)
    pending, peak = todo, 0.0
    try:
        for attempt in (1, 2):
            failed = []
            backend.new_round()
            for (student, path, key), future in _in_flight(backend, pending):
                if STOP.is_set():
                    raise KeyboardInterrupt
                try:
                    text, rss = backend.result(future)
                    result = json.loads(text)
                    peak = max(peak, rss)
                except WorkerLost as exc:
                    result = ungraded_result(path, f"the grading worker died: {exc}", kit_fault=True)
                report = Report.from_dict(result)
                if report.grader_fault and attempt == 1:
                    failed.append((student, path, key))
                    continue
                report.student, report.assignment, report.submission = student, course.assignment, str(path or "")
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
    finally:
        bar.close()
        backend.close()
    summary.workers = backend.workers
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


def _progress_bar(total: int, enabled: bool, where: str):
    from tqdm import tqdm

    desc = "grading" if where == "this machine" else "grading on the cluster"
    return tqdm(total=total, desc=desc, unit="submission", disable=not enabled or total == 0)
