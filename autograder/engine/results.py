"""The one result schema: a ``Report`` of ``PartResult``s of ``CheckResult``s.

The engine builds it; batch, grades, feedback and the gradebook sync read it back
with ``Report.from_dict`` from the JSON it was stored as. A check's **hint** is the
kit's own words (what to look at, shown to students); its **detail** is what was
observed. They stay apart all the way to every output.

Everything a submission can influence (details, errors, plot data) is capped
here, on the way in and on the way back from JSON, and every JSON the kit writes
is strict (no bare NaN or Infinity): see ``dumps``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from .limits import TEXT_LIMITS

SCHEMA_VERSION = 2

# What happened to a check. Only "failed" and "not_implemented" are the student's;
# "skipped" follows from an earlier failure; "grader_fault" is the kit's own bug.
PASSED, FAILED, SKIPPED, NOT_IMPLEMENTED, GRADER_FAULT, UNGRADABLE = (
    "passed",
    "failed",
    "skipped",
    "not_implemented",
    "grader_fault",
    "ungradable",
)
STATUSES = (PASSED, FAILED, SKIPPED, NOT_IMPLEMENTED, GRADER_FAULT, UNGRADABLE)


def cap(text: Any, limit: int = TEXT_LIMITS.detail) -> str:
    """A string no longer than `limit`, whatever came in (lone surrogates made printable)."""
    text = str(text)
    if len(text) > limit:
        text = text[: max(0, limit - 1)] + "…"
    # A lone surrogate cannot be written as UTF-8: one in a student's message must not stop the class.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _number(value: Any) -> float:
    out = float(value)
    return out if math.isfinite(out) else 0.0


@dataclass
class CheckResult:
    name: str
    status: str
    score: float
    max_score: float
    hint: str = ""  # the kit's words: what to look at (empty when passed)
    detail: str = ""  # what was observed: shapes, types, a relative error; never hidden values

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    @property
    def grader_fault(self) -> bool:
        return self.status == GRADER_FAULT

    @property
    def message(self) -> str:
        """Hint and detail in one line, for the places that have one field only."""
        if self.passed:
            return ""
        return f"{self.hint} [{self.detail}]" if self.hint and self.detail else self.hint or self.detail

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "passed": self.passed,
            "score": self.score,
            "max_score": self.max_score,
            "hint": self.hint,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckResult:
        status = str(data.get("status") or (PASSED if data.get("passed") else FAILED))
        status = status if status in STATUSES else GRADER_FAULT  # a status this kit does not know is its own fault
        limit = TEXT_LIMITS.error if status == GRADER_FAULT else TEXT_LIMITS.detail
        return cls(
            cap(data["name"], TEXT_LIMITS.name),
            status,
            _number(data.get("score", 0.0)),
            _number(data.get("max_score", 0.0)),
            cap(data.get("hint", data.get("message", "")), TEXT_LIMITS.hint),
            cap(data.get("detail", ""), limit),
        )

    @property
    def student_detail(self) -> str:
        """The detail as a student may see it: a grader fault's exception text is for the instructor only."""
        return "" if self.grader_fault else self.detail


@dataclass
class PartResult:
    name: str
    functions: list[str]
    score: float
    max_score: float
    checks: list[CheckResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def grader_faults(self) -> list[CheckResult]:
        return [c for c in self.checks if c.grader_fault]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "functions": list(self.functions),
            "score": self.score,
            "max_score": self.max_score,
            "checks": [c.as_dict() for c in self.checks],
            "errors": list(self.errors),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PartResult:
        return cls(
            cap(data["name"], TEXT_LIMITS.name),
            [cap(f, TEXT_LIMITS.name) for f in data.get("functions", [])],
            _number(data.get("score", 0.0)),
            _number(data.get("max_score", 0.0)),
            [CheckResult.from_dict(c) for c in data.get("checks", [])],
            [cap(e, TEXT_LIMITS.error) for e in data.get("errors", [])][: TEXT_LIMITS.errors],
        )


@dataclass
class Report:
    submission: str
    score: float
    max_score: float
    parts: list[PartResult]
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    protection: list[str] = field(default_factory=list)
    plots: dict[str, Any] = field(default_factory=dict)  # the student's own run on public data, for feedback
    # Filled in by the course workflow: who this is, and the key that says whether it is still valid.
    student: str = ""
    assignment: str = ""
    cache_key: str = ""
    # The kit could not grade it for reasons of its own (a dead worker, a grader exception outside any check).
    kit_fault: str = ""

    @property
    def grader_fault(self) -> bool:
        """True when any part of this grade is the kit's fault: it must not be cached, and is retried."""
        return bool(self.kit_fault) or any(p.grader_faults for p in self.parts)

    @property
    def jailed(self) -> bool:
        """False when the instructor opted out of the jail (ISOLATION=none): said in every output."""
        return not any(p.startswith("NO JAIL") for p in self.protection)

    def fault_notes(self) -> list[str]:
        """One line per grader fault, for the instructor's summary and grades.csv's problems column."""
        notes = [f"grader fault: {self.kit_fault}"] if self.kit_fault else []
        notes += [
            f"grader fault in {part.name}/{check.name}: {check.detail}"
            for part in self.parts
            for check in part.grader_faults
        ]
        return notes

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "submission": self.submission,
            "score": self.score,
            "max_score": self.max_score,
            "parts": [p.as_dict() for p in self.parts],
            "errors": list(self.errors),
            "protection": list(self.protection),
            "seconds": round(self.seconds, 3),
            "grader_fault": self.grader_fault,
        }
        if self.plots:
            out["plots"] = clean_plots(self.plots)
        for key in ("student", "assignment", "cache_key", "kit_fault"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        if not isinstance(data, dict) or not isinstance(data.get("parts"), list):
            raise ValueError("not a result of the kit's schema")
        if int(data.get("schema", 1)) > SCHEMA_VERSION:
            raise ValueError(f"result of schema {data['schema']}, newer than this kit's {SCHEMA_VERSION}: regrade")
        return cls(
            cap(data.get("submission", ""), TEXT_LIMITS.path),
            _number(data.get("score", 0.0)),
            _number(data.get("max_score", 0.0)),
            [PartResult.from_dict(p) for p in data["parts"]],
            [cap(e, TEXT_LIMITS.error) for e in data.get("errors", [])][: TEXT_LIMITS.errors],
            _number(data.get("seconds", 0.0)),
            [cap(p, TEXT_LIMITS.error) for p in data.get("protection", [])],
            clean_plots(data.get("plots") or {}),
            cap(data.get("student", ""), TEXT_LIMITS.name),
            cap(data.get("assignment", ""), TEXT_LIMITS.name),
            cap(data.get("cache_key", ""), TEXT_LIMITS.name),
            cap(data.get("kit_fault", ""), TEXT_LIMITS.error),
        )

    def to_json(self, indent: int | None = 1) -> str:
        return dumps(self.as_dict(), indent=indent)


def clean_plots(plots: Any) -> dict[str, Any]:
    """The feedback run's data as finite floats of bounded length (a student's fit may return nan)."""
    if not isinstance(plots, dict):
        return {}
    if "unavailable" in plots:
        return {"unavailable": cap(plots["unavailable"], TEXT_LIMITS.error)}
    out: dict[str, Any] = {}
    for key, value in plots.items():
        if isinstance(value, (list, tuple)):
            out[cap(key, TEXT_LIMITS.name)] = [_finite_or_none(v) for v in list(value)[: TEXT_LIMITS.plot_points]]
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[cap(key, TEXT_LIMITS.name)] = _finite_or_none(value)
    return out


def _finite_or_none(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def dumps(data: Any, indent: int | None = 1) -> str:
    """Strict JSON: a non-finite float anywhere is a bug of the kit, so it raises instead of writing NaN."""
    return json.dumps(data, indent=indent, allow_nan=False)
