"""What the instructor takes away: grades.csv, Gradescope results, distributions, item analysis."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ..assignment.parts import PARTS
from ..engine.limits import TEXT_LIMITS
from ..engine.results import FAILED, GRADER_FAULT, NOT_IMPLEMENTED, SKIPPED, UNGRADABLE, Report, cap, dumps
from .hand_grades import HandGrade, hand_grades, hand_questions
from .paths import Course
from .plotting import pyplot

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: object) -> str:
    """A CSV field a spreadsheet shows as text: a leading =, +, -, @ would make it a formula."""
    text = str(value)
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def problems(result: Report) -> str:
    """What the instructor must know about a row: grader faults, and why a submission scored nothing."""
    notes = result.fault_notes()
    notes += [e for e in result.errors if e.startswith("flagged:")]  # tampering is named whatever the score
    if not result.jailed:
        notes.append("graded WITHOUT the sandbox's jail (ISOLATION=none): this grade is not tamper-proof")
    if result.score <= 0:
        reasons = [e for e in result.errors if e not in notes]
        reasons += [e for part in result.parts for e in part.errors if e not in reasons]
        notes += reasons or ["every check failed"]
    return cap("; ".join(notes), TEXT_LIMITS.error)


def collect_notes(course: Course) -> dict[str, list[str]]:
    """What ``make collect`` reported per student (a collision, a bad time), from grades/collect_report.json."""
    try:
        notes = json.loads((course.grades / "collect_report.json").read_text(encoding="utf-8")).get("notes", {})
        return {str(k): [str(n) for n in v] for k, v in notes.items() if isinstance(v, list)}
    except (OSError, ValueError, AttributeError):
        return {}


def write_grades_csv(
    course: Course, results: dict[str, Report], by_hand: dict[str, list[HandGrade]] | None = None
) -> Path:
    """One row per student: the total of autograded and hand-graded points, each part and question, problems
    (with what collect found)."""
    by_hand = hand_grades(course) if by_hand is None else by_hand
    questions = hand_questions(course)
    collected = collect_notes(course)
    path = course.grades / "grades.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["student", "total", "max_total", "autograded", "max_autograded", *[p.name for p in PARTS]]
            + ["by_hand", "max_by_hand", *[q for q, _ in questions], "hand_grading", "problems"]
        )
        for student, result in sorted(results.items()):
            scores = {p.name: p.score for p in result.parts}
            hand = {h.question: h for h in by_hand.get(student, [])}
            hand_score = sum(h.score or 0.0 for h in hand.values())
            hand_max = sum(points for _, points in questions)
            waiting = [q for q, _ in questions if not (q in hand and hand[q].graded)]
            row = [
                student,
                f"{result.score + hand_score:g}",
                f"{result.max_score + hand_max:g}",
                f"{result.score:g}",
                f"{result.max_score:g}",
                *[f"{scores.get(p.name, 0.0):g}" for p in PARTS],
                f"{hand_score:g}",
                f"{hand_max:g}",
                *[f"{hand[q].score:g}" if q in hand and hand[q].graded else "" for q, _ in questions],
                ("waiting: " + ", ".join(waiting)) if waiting else "done",
            ]
            found = "; ".join(f"collect: {n}" for n in collected.get(student, []))
            text = cap("; ".join(t for t in (problems(result), found) if t), 2 * TEXT_LIMITS.error)
            writer.writerow([csv_cell(v) for v in [*row, text]])
    return path


def gradescope_results(result: Report, by_hand: list[HandGrade] | None = None) -> dict:
    """Gradescope's autograder results format: one test per check, hint and what was seen on their own lines,
    and one per hand-graded question with the grader's comment."""
    tests = []
    for part in result.parts:
        for check in part.checks:
            seen = check.student_detail
            output = "" if check.passed else check.hint + (f"\nSeen: {seen}" if seen else "")
            tests.append(
                {
                    "name": f"{part.name}: {check.name}",
                    "score": check.score,
                    "max_score": check.max_score,
                    "status": "passed" if check.passed else "failed",
                    "output": output,
                    "visibility": "after_published",
                }
            )
    for hand in by_hand or []:
        tests.append(
            {
                "name": f"by hand: {hand.question}",
                "score": hand.score or 0.0,
                "max_score": hand.max_score,
                "status": "passed" if hand.graded and hand.score == hand.max_score else "failed",
                "output": hand.comment if hand.graded else "not graded yet",
                "visibility": "after_published",
            }
        )
    return {
        "score": result.score + sum(h.score or 0.0 for h in by_hand or []),
        "max_score": result.max_score + sum(h.max_score for h in by_hand or []),
        "output": "\n".join(result.errors),
        "visibility": "after_published",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def write_gradescope(
    course: Course, results: dict[str, Report], by_hand: dict[str, list[HandGrade]] | None = None
) -> list[Path]:
    by_hand = hand_grades(course) if by_hand is None else by_hand
    paths = []
    for student, result in results.items():
        path = course.grades / "gradescope" / student / "results.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(gradescope_results(result, by_hand.get(student, []))), encoding="utf-8")
        paths.append(path)
    return paths


# Item analysis tells real mistakes from blank answers: a stub, a skipped check or an
# unreadable file says nothing about which idea the class got wrong.
NOT_ANSWERED = (NOT_IMPLEMENTED, SKIPPED, UNGRADABLE, GRADER_FAULT)
ITEM_FIELDS = ["part", "check", "wrong", "not_answered", "students", "share_wrong", "share_not_answered"]


def item_analysis(results: dict[str, Report]) -> list[dict]:
    """For every check, the share of the class that answered it wrongly and the share with no answer to judge."""
    counts: dict[tuple[str, str], list[int]] = {}
    for result in results.values():
        for part in result.parts:
            for check in part.checks:
                row = counts.setdefault((part.name, check.name), [0, 0, 0])
                row[0] += check.status == FAILED
                row[1] += check.status in NOT_ANSWERED
                row[2] += 1
    rows = [
        {
            "part": part,
            "check": name,
            "wrong": wrong,
            "not_answered": blank,
            "students": n,
            "share_wrong": round(wrong / n, 4),
            "share_not_answered": round(blank / n, 4),
        }
        for (part, name), (wrong, blank, n) in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r["share_wrong"], -r["share_not_answered"], r["part"], r["check"]))


def write_item_analysis(course: Course, results: dict[str, Report]) -> tuple[Path, Path]:
    rows = item_analysis(results)
    csv_path = course.grades / "item_analysis.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=ITEM_FIELDS)
        writer.writeheader()
        writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    plt = pyplot()

    fig, ax = plt.subplots(figsize=(8, max(3, 0.22 * len(rows))))
    labels = [f"{r['part']}: {r['check']}" for r in rows][::-1]
    wrong = [100 * r["share_wrong"] for r in rows][::-1]
    blank = [100 * r["share_not_answered"] for r in rows][::-1]
    ax.barh(labels, wrong, color="#c0504d", label="answered wrongly")
    ax.barh(labels, blank, left=wrong, color="#cccccc", label="not attempted / could not run")
    ax.set_xlabel("share of the class (%)")
    ax.set_xlim(0, 100)
    ax.set_title("Item analysis: real mistakes first")
    ax.legend(loc="lower right", fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    png = course.grades / "item_analysis.png"
    fig.savefig(png, dpi=110)
    plt.close(fig)
    return csv_path, png


def write_distribution(course: Course, results: dict[str, Report]) -> Path:
    """A histogram of the class's scores per part, and of the total."""
    plt = pyplot()

    fig, axes = plt.subplots(3, 3, figsize=(11, 8))
    panels = [(p.name, p.points) for p in PARTS] + [("total", sum(p.points for p in PARTS))]
    for ax, (name, top) in zip(axes.flat, panels):
        if name == "total":
            values = [r.score for r in results.values()]
        else:
            values = [next((p.score for p in r.parts if p.name == name), 0.0) for r in results.values()]
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


def write_all(course: Course, results: dict[str, Report]) -> dict[str, Path]:
    by_hand = hand_grades(course)
    csv_path = write_grades_csv(course, results, by_hand)
    write_gradescope(course, results, by_hand)
    items_csv, items_png = write_item_analysis(course, results)
    return {
        "grades.csv": csv_path,
        "gradescope": course.grades / "gradescope",
        "score distribution": write_distribution(course, results),
        "item analysis": items_csv,
        "item analysis plot": items_png,
    }
