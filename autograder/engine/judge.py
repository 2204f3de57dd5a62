"""Grading one submission: each part in a fresh sandbox, judged here.

load (``submission``) -> sandbox per part (``sandbox``) -> checks (``rubric``)
-> a ``Report``. The judge only ever sees plain data from the sandbox.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..assignment.parts import MAX_SCORE, PARTS, Part
from .limits import TEXT_LIMITS
from .practice_run import practice_run
from .results import UNGRADABLE, CheckResult, PartResult, Report, cap, clean_plots
from .rubric import checks_of, run_part
from .sandbox import ForkServer, SandboxError
from .sandbox_handle import SandboxHandle
from .secret import course_secret
from .submission import Submission, read_submission, tampered_test_cells

NOT_GRADED_HINT = "not graded: see the problem reported for this part"


def ungradable_part(part: Part, reason: str) -> PartResult:
    """Every check of the part at 0, each saying why."""
    checks = [CheckResult(c.name, UNGRADABLE, 0.0, c.points, NOT_GRADED_HINT) for c in checks_of(part.name)]
    return PartResult(part.name, list(part.functions), 0.0, part.points, checks, [cap(reason, TEXT_LIMITS.error)])


def ungraded_report(path: str | Path | None, reason: str) -> Report:
    """A zero for the whole submission, with its reason, in the shape of any other report."""
    return Report(
        str(path or ""), 0.0, MAX_SCORE, [ungradable_part(p, reason) for p in PARTS], [cap(reason, TEXT_LIMITS.error)]
    )


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
                plots = practice_run(server, submission)  # never raises: plot data never cost a grade
    finally:
        if own_server:
            server.stop()
    score = round(sum(r.score for r in results), 6)
    errors = [cap(e, TEXT_LIMITS.error) for e in errors][: TEXT_LIMITS.errors]
    return Report(
        cap(path, TEXT_LIMITS.path),
        score,
        MAX_SCORE,
        results,
        errors,
        time.perf_counter() - started,
        protection,
        clean_plots(plots),
    )
