"""``sub`` for one part: a sandbox holding the submission, with the part's helpers swapped for the reference."""

from __future__ import annotations

import functools
import inspect
import textwrap
import time
from typing import Any

from solutions import logreg as reference

from ..assignment.contract import FUNCTIONS, builds_on
from ..assignment.parts import Part
from .rubric import Handle
from .sandbox import CallResult, ForkServer, Sandbox, SandboxError
from .submission import Submission


@functools.cache
def reference_source(names: tuple[str, ...]) -> str:
    """Source text of the reference functions `names`, for a sandbox to define (the same for every submission)."""
    body = "\n\n".join(textwrap.dedent(inspect.getsource(getattr(reference, name))) for name in names)
    return "import numpy as np\n\n" + body if names else ""


class SandboxHandle(Handle):
    """``sub`` for one part: a sandbox with the part's helpers swapped for the reference.

    The sandbox is started on first use and again after it dies. After
    ``limits.timeouts_per_part`` time-outs, or once the part's calls have used up
    ``limits.part_cpu_seconds`` of CPU time (or ``limits.part_seconds`` of wall
    time, the backstop), the part's remaining calls fail at once.
    """

    def __init__(self, server: ForkServer, submission: Submission, part: Part) -> None:
        self.server, self.submission, self.part = server, submission, part
        self.limits = server.limits
        self.helpers = builds_on(part.functions)
        self.reference = reference_source(tuple(self.helpers))
        self.sandbox: Sandbox | None = None
        self.timeouts = 0
        self.started = time.monotonic()
        self.cpu_used = 0.0
        self.load_errors: list[str] = []
        self.load_timed_out = False
        self.defined: list[str] = []

    def _ensure(self) -> Sandbox:
        if self.timeouts >= self.limits.timeouts_per_part:
            raise SandboxError(f"skipped after {self.timeouts} time-outs in this part", kind="timeout")
        if self.cpu_used > self.limits.part_cpu_seconds:
            raise SandboxError(
                f"skipped: this part used up its {self.limits.part_cpu_seconds:g} s of CPU time; "
                "too slow: vectorize the loop over examples",
                kind="timeout",
            )
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
            result = sandbox.call(fn, *args, return_args=return_args, **kwargs)
        except SandboxError as exc:
            self._count(exc)
            if exc.kind == "timeout":
                self.cpu_used += self.limits.call_cpu_seconds
            raise
        self.cpu_used += result.cpu_seconds
        return result

    def close(self) -> None:
        if self.sandbox:
            self.sandbox.close()
