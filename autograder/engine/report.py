"""A grade as a person reads it: a table of parts and the hints for every lost point."""

from __future__ import annotations

from .results import Report


def _pts(x: float) -> str:
    return f"{x:g}"


def as_text(report: Report) -> str:
    lines = [f"Submission: {report.submission}", f"Score: {_pts(report.score)} / {_pts(report.max_score)}", ""]
    lines.append(f"{'part':<17}{'score':>9}  functions")
    for part in report.parts:
        lines.append(f"{part.name:<17}{_pts(part.score) + '/' + _pts(part.max_score):>9}  {', '.join(part.functions)}")
        for check in part.checks:
            mark = {"passed": "ok  ", "grader_fault": "KIT!", "skipped": "skip"}.get(check.status, "FAIL")
            line = f"    {mark} {check.name} ({_pts(check.score)}/{_pts(check.max_score)})"
            if not check.passed:
                line += f": {check.hint}" + (f"\n         seen: {check.detail}" if check.detail else "")
            lines.append(line)
    if report.errors:
        lines += ["", "Problems loading or running the submission:"]
        lines += [f"  - {error}" for error in report.errors]
    return "\n".join(lines)
