"""Checks, and running a part's checks into a scored result.

A grader file (``autograder/graders/test_<part>.py``) is a pytest module whose
tests are marked with ``@check(points, hint)``. Each test takes fixtures by name:
``sub`` (the submission, with the part's helpers swapped for the reference),
``ref`` (the reference module, judge side only) and ``rng`` (hidden data,
seeded from the course secret). ``run_part`` runs them without pytest's start-up
cost; ``tests/test_graders_under_pytest.py`` holds the two ways identical.
"""

from __future__ import annotations

import builtins
import copy
import functools
import hashlib
import importlib
import inspect
import json
import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from solutions import logreg as reference

from ..assignment.contract import FUNCTIONS
from ..assignment.parts import BY_NAME, Part
from . import wire
from .limits import TEXT_LIMITS
from .results import FAILED, GRADER_FAULT, NOT_IMPLEMENTED, PASSED, SKIPPED, CheckResult, PartResult, cap
from .sandbox import SandboxError


class CheckFailed(Exception):
    """A check's explicit verdict against the submission; `detail` says what was seen.

    The only way a check fails on purpose (``assert`` vanishes under ``python -O``).
    Any other exception raised by a check is a fault of the grader, never the student's.
    `hint` replaces the check's own hint when the failure is a common beginner one
    (None returned, a list for an array...) that the check's hint would misname;
    a part shows such a hint once, on its first check that meets it.
    """

    def __init__(self, detail: str = "", hint: str = "") -> None:
        super().__init__(detail)
        self.detail = detail
        self.hint = hint


@dataclass(frozen=True)
class CheckSpec:
    name: str
    points: float
    hint: str
    requires: tuple[str, ...]
    func: Callable


def check(points: float, hint: str, requires: str | tuple[str, ...] = ()) -> Callable:
    """Mark a grader test as a rubric item worth `points`; `hint` names the mistake."""

    def mark(func: Callable) -> Callable:
        func.rubric = CheckSpec(  # type: ignore[attr-defined]
            func.__name__.removeprefix("test_"),
            float(points),
            hint,
            (requires,) if isinstance(requires, str) else tuple(requires),
            func,
        )
        return func

    return mark


@functools.cache
def checks_of(part: str) -> tuple[CheckSpec, ...]:
    module = grader_module(part)
    found = [obj.rubric for obj in vars(module).values() if callable(obj) and hasattr(obj, "rubric")]
    return tuple(sorted(found, key=lambda spec: spec.func.__code__.co_firstlineno))


def grader_module(part: str) -> ModuleType:
    return importlib.import_module(f"autograder.graders.test_{part}")


def seed_for(secret: str | Mapping[tuple[str, str], int], part: str, check_name: str) -> int:
    """Hidden data depend on the course secret, the part and the check, nothing else.

    A grading machine that must not hold the secret gets the table of these seeds instead.
    """
    if isinstance(secret, Mapping):
        return secret[(part, check_name)]
    digest = hashlib.sha256(f"{secret}\0{part}\0{check_name}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


class Handle:
    """What a check sees as ``sub``: call the submission's functions by name.

    Subclasses say how a call reaches the student's code (a sandbox, or the
    notebook kernel); either way the check receives plain data.
    """

    def call(self, fn: str, *args: Any, return_args: bool = False, **kwargs: Any):
        raise NotImplementedError

    def __getattr__(self, fn: str) -> Callable:
        if fn.startswith("_"):
            raise AttributeError(fn)
        return lambda *args, **kwargs: self.call(fn, *args, **kwargs).value


class _Reference:
    """The reference module for the ``ref`` fixture, with ``fit`` remembered.

    Every submission is judged on the same hidden data, so a worker trains the
    reference on each data set once instead of once per student. Each caller gets
    its own copy: a grader that changed a remembered array would change the next
    student's expected answer.
    """

    _memo: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        value = getattr(reference, name)
        return self._fit if name == "fit" else value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the reference is read-only: a grader must not change it for the next student")

    def _fit(self, *args: Any, **kwargs: Any):
        key = json.dumps([wire.encode(a) for a in args] + [sorted((k, wire.encode(v)) for k, v in kwargs.items())])
        if key not in self._memo:
            if len(self._memo) > 256:
                self._memo.clear()
            self._memo[key] = reference.fit(*args, **kwargs)
        return copy.deepcopy(self._memo[key])


REFERENCE = _Reference()


# Numbers are hidden data, not words: a student's exception text must not carry them into the
# feedback (``raise ValueError(repr(X))`` or ``round(z * 1e6)``). Only the exception's type, from
# a known list, and the kit's own words reach the student.
_KNOWN_EXCEPTIONS = {
    name for name, obj in vars(builtins).items() if isinstance(obj, type) and issubclass(obj, BaseException)
} | {"LinAlgError", "AxisError"}
_EXCEPTION_NAME = re.compile(r"^([A-Za-z_][A-Za-z0-9_.]{0,60}):")


def student_exception(text: str) -> str:
    """What a student's exception may show: its type if it is a known one, nothing of its message."""
    match = _EXCEPTION_NAME.match(text)
    name = match.group(1).rsplit(".", 1)[-1] if match else ""
    if name in _KNOWN_EXCEPTIONS:
        return f"your code raised {name}"
    if text.startswith("called exit("):
        return "your code called exit() instead of returning"
    # Anything else is the submission's own text (or a reply it forged): none of it is shown,
    # since any text can carry the hidden inputs (as digits, letters or words).
    return "your code raised an exception"


def _sandbox_failure(spec: CheckSpec, exc: SandboxError) -> CheckResult:
    if exc.kind == "not_implemented":
        return CheckResult(spec.name, NOT_IMPLEMENTED, 0.0, spec.points, "not implemented yet", "")
    if exc.kind == "missing":
        # The kit's words only: the reply that says "missing" comes from the sandbox and could carry anything.
        name = str(exc).removesuffix(" is not defined")
        detail = f"{name} is not defined" if name in FUNCTIONS else "not defined"
        return CheckResult(
            spec.name, FAILED, 0.0, spec.points, "define it with exactly the name in the assignment", detail
        )
    if exc.kind == "error":
        return CheckResult(spec.name, FAILED, 0.0, spec.points, spec.hint, student_exception(str(exc)))
    if exc.kind == "timeout":  # "too slow" or a wall-time backstop: the check's formula hint would mislead
        return CheckResult(spec.name, FAILED, 0.0, spec.points, cap(str(exc), TEXT_LIMITS.hint), "")
    # A dead sandbox: the message is the kit's own.
    return CheckResult(spec.name, FAILED, 0.0, spec.points, spec.hint, cap(str(exc)))


GRADER_FAULT_HINT = (
    "this check could not be run because of a fault in the kit's grader, not because of your code; "
    "your instructor has been told and will regrade it"
)


def _grader_fault(spec: CheckSpec, exc: BaseException) -> CheckResult:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/graders/" in f.filename.replace("\\", "/")]
    where = f" at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    detail = cap(f"{type(exc).__name__}{where}: {exc}", TEXT_LIMITS.error)
    return CheckResult(spec.name, GRADER_FAULT, 0.0, spec.points, GRADER_FAULT_HINT, detail)


def run_check(spec: CheckSpec, fixtures: dict[str, Any]) -> CheckResult:
    """One check's outcome. Only CheckFailed and the student's own call failing count against the student."""
    try:
        with np.errstate(all="ignore"):
            spec.func(**{name: fixtures[name] for name in inspect.signature(spec.func).parameters})
    except CheckFailed as exc:
        hint = cap(exc.hint, TEXT_LIMITS.hint) if exc.hint else spec.hint
        return CheckResult(spec.name, FAILED, 0.0, spec.points, hint, cap(exc.detail))
    except SandboxError as exc:
        return _sandbox_failure(spec, exc)
    except Exception as exc:
        return _grader_fault(spec, exc)
    return CheckResult(spec.name, PASSED, spec.points, spec.points)


def run_part(part: Part | str, sub: Handle, secret: str, specs: tuple[CheckSpec, ...] | None = None) -> PartResult:
    """Run every check of a part against one handle; partial credit per check."""
    part = BY_NAME[part] if isinstance(part, str) else part
    result = PartResult(part.name, list(part.functions), 0.0, part.points)
    passed: set[str] = set()
    diagnosed: dict[str, str] = {}  # a beginner hint -> the first check that gave it
    for spec in checks_of(part.name) if specs is None else specs:
        missing = [name for name in spec.requires if name not in passed]
        if missing:
            result.checks.append(
                CheckResult(spec.name, SKIPPED, 0.0, spec.points, f"skipped: needs '{missing[0]}' to pass first")
            )
            continue
        rng = np.random.default_rng(seed_for(secret, part.name, spec.name))
        outcome = run_check(spec, {"sub": sub, "ref": REFERENCE, "rng": rng})
        if outcome.passed:
            passed.add(spec.name)
        elif outcome.hint != spec.hint and outcome.status == FAILED:
            first = diagnosed.setdefault(outcome.hint, spec.name)
            if first != spec.name:
                outcome.hint = f"the same problem as in '{first}'"
        result.checks.append(outcome)
    result.score = float(sum(c.score for c in result.checks))
    if any(c.status == NOT_IMPLEMENTED for c in result.checks):
        result.errors.append(f"not implemented yet: {', '.join(part.functions)}")
    return result
