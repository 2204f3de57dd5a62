"""The hidden block of each autograder cell: grade one part inside nbgrader's kernel.

``float(grade_part("sigmoid", globals()))`` runs the same checks as
``python -m autograder grade``, calling the notebook's functions directly. Values
still pass through the wire format, so both judge the same data and give the
same points. There is no sandbox here: plain ``nbgrader autograde`` runs this in
the student's own kernel, where a hostile notebook can interfere (README,
"What plain nbgrader cannot guarantee").
"""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

from solutions import logreg as reference

from ..assignment.contract import builds_on
from ..assignment.parts import BY_NAME
from . import wire
from .rubric import Handle, run_part
from .sandbox import CallResult, SandboxError, result_from_reply
from .sandbox.calling import invoke
from .secret import course_secret


class KernelHandle(Handle):
    """``sub`` inside the kernel: the part's helpers are swapped for the reference during each call."""

    def __init__(self, namespace: dict, part: str) -> None:
        self.ns = namespace
        self.helpers = builds_on(BY_NAME[part].functions)

    def call(self, fn: str, *args: Any, return_args: bool = False, **kwargs: Any) -> CallResult:
        target = self.ns.get(fn)
        if not callable(target):
            raise SandboxError(f"{fn} is not defined", kind="missing")
        saved = {name: self.ns.get(name) for name in self.helpers}
        self.ns.update({name: getattr(reference, name) for name in self.helpers})
        try:
            fresh_args = [wire.roundtrip(a) for a in args]
            fresh_kwargs = {k: wire.roundtrip(v) for k, v in kwargs.items()}
            reply = invoke(target, fresh_args, fresh_kwargs, wire.encode, return_args)
        finally:
            for name, value in saved.items():
                if value is None:
                    self.ns.pop(name, None)
                else:
                    self.ns[name] = value
        return result_from_reply(_through_json(reply), return_args)


def _through_json(reply: dict) -> dict:
    # The same bytes a sandbox reply would be made of.
    return json.loads(json.dumps(reply))


def grade_part(part: str, namespace: dict) -> float:
    """Score of one part for nbgrader's partial credit; prints the failed checks' hints."""
    secret, _ = course_secret()
    # nbgrader gives 0 to a cell that writes to stderr, so nothing may reach it.
    with contextlib.redirect_stderr(io.StringIO()):
        result = run_part(part, KernelHandle(namespace, part), secret)
    print(f"{part}: {result.score:g} / {result.max_score:g}")
    for check in result.checks:
        if not check.passed:
            print(f"  - {check.name} ({check.max_score:g} pts): {check.message}")
    return result.score


def grade_cell_source(part: str) -> str:
    """The master's autograder cell for `part`; the release keeps only its first line."""
    return (
        f'# Autograder: part "{part}". The hidden tests for this part run here when your notebook is graded.\n'
        "### BEGIN HIDDEN TESTS\n"
        "from autograder.engine.in_kernel import grade_part\n"
        f'float(grade_part("{part}", globals()))\n'
        "### END HIDDEN TESTS"
    )
