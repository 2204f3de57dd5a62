"""Checks, and running a part's checks into a scored result.

A grader file (``autograder/graders/test_<part>.py``) is a pytest module whose
tests are marked with ``@check(points, hint)``. Each test takes fixtures by name:
``sub`` (the submission, with the part's helpers swapped for the reference),
``ref`` (the reference module, judge side only) and ``rng`` (hidden data,
seeded from the course secret). ``run_part`` runs them without pytest's start-up
cost; ``tests/test_graders_under_pytest.py`` holds the two ways identical.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import inspect
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from types import ModuleType
from typing import Any

import numpy as np

from solutions import logreg as reference

from ..assignment.parts import BY_NAME, Part
from . import wire
from .sandbox import SandboxError


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
        func.rubric = CheckSpec(
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


@dataclass
class CheckResult:
    name: str
    passed: bool
    score: float
    max_score: float
    message: str = ""


@dataclass
class PartResult:
    name: str
    functions: list[str]
    score: float
    max_score: float
    checks: list[CheckResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


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
    reference on each data set once instead of once per student.
    """

    _memo: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        value = getattr(reference, name)
        return self._fit if name == "fit" else value

    def _fit(self, *args: Any, **kwargs: Any):
        key = json.dumps([wire.encode(a) for a in args] + [sorted((k, wire.encode(v)) for k, v in kwargs.items())])
        if key not in self._memo:
            if len(self._memo) > 256:
                self._memo.clear()
            self._memo[key] = reference.fit(*args, **kwargs)
        return self._memo[key]


REFERENCE = _Reference()


# Numbers with three or more decimals are hidden data, not shapes: a student's exception
# message must not carry them into the feedback (``raise ValueError(repr(X))``).
_DATA_NUMBER = re.compile(r"-?\d*\.\d{3,}(?:[eE][-+]?\d+)?|-?\d+(?:\.\d+)?[eE][-+]?\d+")


def _redact(message: str) -> str:
    return _DATA_NUMBER.sub("…", message)[:300]


def _failure_message(spec: CheckSpec, exc: BaseException) -> tuple[str, bool]:
    """(message, not_implemented) for a check that did not pass."""
    if isinstance(exc, SandboxError):
        if exc.kind == "not_implemented":
            return "not implemented yet", True
        if exc.kind == "missing":
            return f"{exc}: define it with exactly the name in the assignment", False
        return f"{spec.hint} [your code: {_redact(str(exc))}]", False
    if isinstance(exc, AssertionError):
        detail = str(exc).strip()
        return (f"{spec.hint} [{detail}]" if detail else spec.hint), False
    # The grader choked on what came back: almost always a value of the wrong type.
    return f"{spec.hint} [the value returned could not be checked: {type(exc).__name__}]", False


def run_part(part: Part | str, sub: Handle, secret: str) -> PartResult:
    """Run every check of a part against one handle; partial credit per check."""
    part = BY_NAME[part] if isinstance(part, str) else part
    result = PartResult(part.name, list(part.functions), 0.0, part.points)
    passed: set[str] = set()
    not_implemented = False
    for spec in checks_of(part.name):
        missing = [name for name in spec.requires if name not in passed]
        if missing:
            result.checks.append(
                CheckResult(spec.name, False, 0.0, spec.points, f"skipped: needs '{missing[0]}' to pass first")
            )
            continue
        fixtures = {"sub": sub, "ref": REFERENCE, "rng": np.random.default_rng(seed_for(secret, part.name, spec.name))}
        try:
            with np.errstate(all="ignore"):
                spec.func(**{name: fixtures[name] for name in inspect.signature(spec.func).parameters})
        except Exception as exc:
            message, stub = _failure_message(spec, exc)
            not_implemented |= stub
            result.checks.append(CheckResult(spec.name, False, 0.0, spec.points, message))
            continue
        passed.add(spec.name)
        result.checks.append(CheckResult(spec.name, True, spec.points, spec.points, ""))
    result.score = float(sum(c.score for c in result.checks))
    if not_implemented:
        result.errors.append(f"not implemented yet: {', '.join(part.functions)}")
    return result
