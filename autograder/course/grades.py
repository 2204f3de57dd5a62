"""What the instructor takes away: grades.csv, Gradescope results, distributions, item analysis."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ..assignment.parts import PARTS
from .paths import Course
from .plotting import pyplot


def _reason(result: dict) -> str:
    """Why a submission scored nothing: what went wrong reading it, or what each part said."""
    if result["score"] > 0:
        return ""
    reasons = list(result.get("errors", []))
    reasons += [e for part in result["parts"] for e in part.get("errors", []) if e not in reasons]
    return "; ".join(reasons)[:300] or "every check failed"


def write_grades_csv(course: Course, results: dict[str, dict]) -> Path:
    """One row per student: total, every part, and a reason where the total is 0."""
    path = course.grades / "grades.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "total", "max_total", *[p.name for p in PARTS], "problems"])
        for student, result in sorted(results.items()):
            scores = {p["name"]: p["score"] for p in result["parts"]}
            writer.writerow(
                [
                    student,
                    f"{result['score']:g}",
                    f"{result['max_score']:g}",
                    *[f"{scores.get(p.name, 0.0):g}" for p in PARTS],
                    _reason(result),
                ]
            )
    return path


def gradescope_results(result: dict) -> dict:
    """Gradescope's autograder results format: one test per check, hints visible after publishing."""
    tests = []
    for part in result["parts"]:
        for check in part["checks"]:
            tests.append(
                {
                    "name": f"{part['name']}: {check['name']}",
                    "score": check["score"],
                    "max_score": check["max_score"],
                    "status": "passed" if check["passed"] else "failed",
                    "output": check["message"],
                    "visibility": "after_published",
                }
            )
    output = "\n".join(result.get("errors", []))
    return {
        "score": result["score"],
        "max_score": result["max_score"],
        "output": output,
        "visibility": "after_published",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def write_gradescope(course: Course, results: dict[str, dict]) -> list[Path]:
    paths = []
    for student, result in results.items():
        path = course.grades / "gradescope" / student / "results.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(gradescope_results(result), indent=1))
        paths.append(path)
    return paths


def item_analysis(results: dict[str, dict]) -> list[dict]:
    """For every check, the share of the class that failed it, most failed first."""
    counts: dict[tuple[str, str], list[int]] = {}
    for result in results.values():
        for part in result["parts"]:
            for check in part["checks"]:
                failed_total = counts.setdefault((part["name"], check["name"]), [0, 0])
                failed_total[0] += 0 if check["passed"] else 1
                failed_total[1] += 1
    rows = [
        {"part": part, "check": name, "failed": f, "students": n, "share_failed": round(f / n, 4)}
        for (part, name), (f, n) in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r["share_failed"], r["part"], r["check"]))


def write_item_analysis(course: Course, results: dict[str, dict]) -> tuple[Path, Path]:
    rows = item_analysis(results)
    csv_path = course.grades / "item_analysis.csv"
    with csv_path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["part", "check", "failed", "students", "share_failed"])
        writer.writeheader()
        writer.writerows(rows)
    plt = pyplot()

    fig, ax = plt.subplots(figsize=(8, max(3, 0.22 * len(rows))))
    labels = [f"{r['part']}: {r['check']}" for r in rows][::-1]
    ax.barh(labels, [100 * r["share_failed"] for r in rows][::-1], color="#c0504d")
    ax.set_xlabel("share of the class that failed the check (%)")
    ax.set_xlim(0, 100)
    ax.set_title("Item analysis: which mistakes are common")
    ax.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    png = course.grades / "item_analysis.png"
    fig.savefig(png, dpi=110)
    plt.close(fig)
    return csv_path, png


def write_distribution(course: Course, results: dict[str, dict]) -> Path:
    """A histogram of the class's scores per part, and of the total."""
    plt = pyplot()

    fig, axes = plt.subplots(3, 3, figsize=(11, 8))
    panels = [(p.name, p.points) for p in PARTS] + [("total", sum(p.points for p in PARTS))]
    for ax, (name, top) in zip(axes.flat, panels):
        if name == "total":
            values = [r["score"] for r in results.values()]
        else:
            values = [next((p["score"] for p in r["parts"] if p["name"] == name), 0.0) for r in results.values()]
        ax.hist(values, bins=min(11, int(top) + 1), range=(0, top), color="#4f81bd", edgecolor="white")
        ax.set_title(f"{name} (max {top:g})")
        ax.set_xlabel("points")
        ax.set_ylabel("students")
    fig.suptitle(f"Score distribution, {len(results)} submissions")
    fig.tight_layout()
    png = course.grades / "score_distribution.png"
    fig.savefig(png, dpi=100)
    plt.close(fig)
    return png


def write_all(course: Course, results: dict[str, dict]) -> dict[str, Path]:
    csv_path = write_grades_csv(course, results)
    write_gradescope(course, results)
    items_csv, items_png = write_item_analysis(course, results)
    return {
        "grades.csv": csv_path,
        "gradescope": course.grades / "gradescope",
        "score distribution": write_distribution(course, results),
        "item analysis": items_csv,
        "item analysis plot": items_png,
    }
