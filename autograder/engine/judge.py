"""Grading one submission: each part in a fresh sandbox, judged here.

load (``submission``) -> sandbox per part (``sandbox``) -> checks (``rubric``)
-> a ``Report``. The judge only ever sees plain data from the sandbox.
"""

from __future__ import annotations

import functools
import inspect
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from solutions import logreg as reference

from ..assignment.contract import FUNCTIONS, builds_on
from ..assignment.parts import MAX_SCORE, PARTS, Part
from .rubric import CheckResult, Handle, PartResult, checks_of, run_part
from .sandbox import CallResult, ForkServer, Sandbox, SandboxError
from .secret import course_secret
from .submission import Submission, read_submission, tampered_test_cells


@functools.cache
def reference_source(names: tuple[str, ...]) -> str:
    """Source text of the reference functions `names`, for a sandbox to define (the same for every submission)."""
    body = "\n\n".join(textwrap.dedent(inspect.getsource(getattr(reference, name))) for name in names)
    return "import numpy as np\n\n" + body if names else ""


class SandboxHandle(Handle):
    """``sub`` for one part: a sandbox with the part's helpers swapped for the reference.

    The sandbox is started on first use and again after it dies. After
    ``limits.timeouts_per_part`` time-outs, or once the part has used up
    ``limits.part_seconds``, the part's remaining calls fail at once.
    """

    def __init__(self, server: ForkServer, submission: Submission, part: Part) -> None:
        self.server, self.submission, self.part = server, submission, part
        self.limits = server.limits
        self.helpers = builds_on(part.functions)
        self.reference = reference_source(tuple(self.helpers))
        self.sandbox: Sandbox | None = None
        self.timeouts = 0
        self.started = time.monotonic()
        self.load_errors: list[str] = []
        self.load_timed_out = False
        self.defined: list[str] = []

    def _ensure(self) -> Sandbox:
        if self.timeouts >= self.limits.timeouts_per_part:
            raise SandboxError(f"skipped after {self.timeouts} time-outs in this part", kind="timeout")
        if time.monotonic() - self.started > self.limits.part_seconds:
            raise SandboxError(f"skipped: this part used up its {self.limits.part_seconds:g} s", kind="timeout")
        if self.sandbox is None or not self.sandbox.alive:
            self.sandbox = self.server.spawn()
            try:
                loaded = self.sandbox.load(
                    [c.as_message() for c in self.submission.cells], self.reference, self.helpers, list(FUNCTIONS)
                )
            except SandboxError as exc:
                self._count(exc)
                self.load_timed_out = exc.kind == "timeout"
                raise SandboxError(f"loading the submission failed: {exc}", kind=exc.kind) from None
            self.load_errors, self.defined = loaded["errors"], loaded["defined"]
        return self.sandbox

    def _count(self, exc: SandboxError) -> None:
        if exc.kind == "timeout":
            self.timeouts += 1

    def call(self, fn: str, *args: Any, return_args: bool = False, **kwargs: Any) -> CallResult:
        sandbox = self._ensure()
        try:
            return sandbox.call(fn, *args, return_args=return_args, **kwargs)
        except SandboxError as exc:
            self._count(exc)
            raise

    def close(self) -> None:
        if self.sandbox:
            self.sandbox.close()


@dataclass
class Report:
    submission: str
    score: float
    max_score: float
    parts: list[PartResult]
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    protection: list[str] = field(default_factory=list)
    plots: dict = field(default_factory=dict)  # the student's own run on public data, for feedback

    def as_dict(self) -> dict:
        out = {
            "submission": self.submission,
            "score": self.score,
            "max_score": self.max_score,
            "parts": [p.as_dict() for p in self.parts],
            "errors": self.errors,
            "protection": self.protection,
            "seconds": round(self.seconds, 3),
        }
        if self.plots:
            out["plots"] = self.plots
        return out


def ungradable_part(part: Part, reason: str) -> PartResult:
    """Every check of the part at 0, each saying why."""
    checks = [CheckResult(c.name, False, 0.0, c.points, reason) for c in checks_of(part.name)]
    return PartResult(part.name, list(part.functions), 0.0, part.points, checks, [reason])


def ungraded_report(path: str | Path | None, reason: str) -> Report:
    """A zero for the whole submission, with its reason, in the shape of any other report."""
    return Report(str(path or ""), 0.0, MAX_SCORE, [ungradable_part(p, reason) for p in PARTS], [reason])


@dataclass
class _PartRun:
    result: PartResult
    load_errors: list[str]
    load_timed_out: bool


def grade_part(server: ForkServer, submission: Submission, part: Part, secret: str) -> _PartRun:
    handle = SandboxHandle(server, submission, part)
    try:
        try:
            handle._ensure()
        except SandboxError as exc:
            return _PartRun(ungradable_part(part, str(exc)), [str(exc)], handle.load_timed_out)
        result = run_part(part, handle, secret)  # a check that calls a missing function fails and says so
        missing = [name for name in part.functions if name not in handle.defined]
        if missing:
            result.errors.append(f"{', '.join(missing)} is not defined in the submission")
        return _PartRun(result, handle.load_errors, False)
    finally:
        handle.close()


def feedback_data(server: ForkServer, submission: Submission) -> dict:
    """The student's own training run on public data, for the plots in their feedback."""
    from ..assignment.parts import BY_NAME
    from ..graders.data import FEEDBACK_FIT, public_blobs

    handle = SandboxHandle(server, submission, BY_NAME["fit"])
    X, y = public_blobs()
    try:
        w, b, history = handle.call("fit", X, y, **FEEDBACK_FIT).value
        curve = [float(h) for h in history][: FEEDBACK_FIT["epochs"]]
        return {"w": [float(v) for v in w][:2], "b": float(b), "history": curve}
    except Exception as exc:
        reason = str(exc) if isinstance(exc, SandboxError) else "it did not return (w, b, history) as numbers"
        return {"unavailable": f"your fit could not be run for the plots: {reason[:200]}"}
    finally:
        handle.close()


def grade(
    path: str | Path, server: ForkServer | None = None, secret: str | None = None, with_feedback_data: bool = False
) -> Report:
    """Grade one submission file; never raises for anything the submission does."""
    started = time.perf_counter()
    plots: dict = {}
    own_server = server is None
    server = server or ForkServer()
    protection = server.isolation.describe()
    if secret is None:
        secret, demo_secret = course_secret()
        if demo_secret:
            protection.append("hidden data seeded by the built-in demo secret: set AUTOGRADER_SECRET for a real course")
    submission = read_submission(path, server.limits)
    errors = list(submission.errors) + tampered_test_cells(submission)
    try:
        if not submission.cells:
            results = [
                ungradable_part(p, "nothing could be graded: " + (errors[0] if errors else "no code")) for p in PARTS
            ]
        else:
            results = []
            stuck = ""
            for part in PARTS:
                if stuck:  # the same code would hang again in every part's sandbox
                    results.append(ungradable_part(part, stuck))
                    continue
                run = grade_part(server, submission, part, secret)
                if run.load_timed_out:
                    stuck = f"not graded: loading the submission did not finish within {server.limits.load_seconds:g} s"
                results.append(run.result)
                # Loading says the same in every part's sandbox: report each message once.
                errors.extend(e for e in run.load_errors if e not in errors)
            if with_feedback_data and not stuck:
                plots = feedback_data(server, submission)
    finally:
        if own_server:
            server.stop()
    score = round(sum(r.score for r in results), 6)
    return Report(str(path), score, MAX_SCORE, results, errors, time.perf_counter() - started, protection, plots)
