"""A feedback page per student: score per part, every check with its hint, and two plots.

Pages are built from the stored result only: check names, points and hints,
plus the student's own training run on public data. No hidden test code and no
hidden data reach them. Everything the submission could influence (error
messages) is HTML-escaped.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import numpy as np

from solutions import logreg as reference

from ..engine.results import GRADER_FAULT, PASSED, UNGRADABLE, PartResult, Report
from ..graders.data import FEEDBACK_FIT, public_blobs
from .hand_grades import HandGrade, hand_grades
from .paths import Course
from .plotting import pyplot

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}
table{border-collapse:collapse;width:100%;margin:1rem 0}
td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.ok{color:#2e7d32}.lost{color:#c62828}.part{background:#f3f6fa;font-weight:600}
.note{background:#fff4e5;padding:.6rem;border-radius:4px}
img{max-width:100%}.seen{color:#666;font-size:.9em}.fault{color:#8a6d00}
"""


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _plots(plots: dict) -> str:
    """The student's loss curve against the reference's, and their decision boundary with its class-1 side."""
    if not plots or not plots.get("history"):
        reason = (plots or {}).get("unavailable", "your fit was not run")
        return f"<p class='note'>No plots: {html.escape(reason)}</p>"
    plt = pyplot()
    X, y = public_blobs()
    ref_w, ref_b, ref_history = reference.fit(X, y, **FEEDBACK_FIT)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    try:
        history = [np.nan if h is None else h for h in plots["history"]]
        left.plot(ref_history, label="reference", lw=2, color="#999")
        left.plot(history, label="your fit (your own functions)", lw=1.5, color="#1f77b4")
        left.set(title="Training loss on the practice data", xlabel="epoch", ylabel="regularized loss")
        left.legend()
        right.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=12, edgecolors="none")
        x_lim, y_lim = (X[:, 0].min(), X[:, 0].max()), (X[:, 1].min(), X[:, 1].max())
        w, b = plots.get("w") or [], plots.get("b")
        if len(w) == 2 and None not in w and b is not None:
            grid_x, grid_y = np.meshgrid(np.linspace(*x_lim, 120), np.linspace(*y_lim, 120))
            side = (w[0] * grid_x + w[1] * grid_y + b) >= 0
            right.contourf(grid_x, grid_y, side.astype(float), levels=[0.5, 1.5], colors=["#f4cccc"], alpha=0.5)
            right.text(
                0.02, 0.96, "shaded: your model predicts class 1", transform=right.transAxes, fontsize=8, va="top"
            )
        xs = np.linspace(*x_lim, 2)
        for (bw, bb), style, label in (((ref_w, ref_b), "--", "reference"), ((w, b), "-", "your boundary")):
            if len(bw) == 2 and bb is not None and None not in bw and abs(bw[1]) > 1e-12:
                right.plot(xs, -(bw[0] * xs + bb) / bw[1], style, label=label)
        right.set(title="Decision boundary w.x + b = 0", xlabel="x1", ylabel="x2", xlim=x_lim, ylim=y_lim)
        right.legend(loc="lower right")
        fig.tight_layout()
        image = _png(fig)
    except Exception:
        return "<p class='note'>No plots: the numbers your fit returned could not be drawn.</p>"
    finally:
        plt.close(fig)
    return f"<img alt='loss curve and decision boundary' src='data:image/png;base64,{image}'>"


def _part_rows(part: PartResult, said_above: bool = False) -> list[str]:
    esc = html.escape
    rows = [
        f"<tr class='part'><td>{esc(part.name)}</td><td>{part.score:g} / {part.max_score:g}</td>"
        f"<td colspan='2'>judges {esc(', '.join(part.functions))}</td></tr>"
    ]
    if part.checks and all(c.status == UNGRADABLE for c in part.checks):
        # One reason for the whole part, said once, not on every check (and not at all if said above).
        if said_above:
            return rows
        reason = part.errors[0] if part.errors else "not graded"
        return rows + [f"<tr><td colspan='4' class='lost'>&nbsp;&nbsp;{esc(reason)}</td></tr>"]
    for check in part.checks:
        mark = {PASSED: "<span class='ok'>passed</span>", GRADER_FAULT: "<span class='fault'>not counted</span>"}
        rows.append(
            f"<tr><td>&nbsp;&nbsp;{esc(check.name)}</td>"
            f"<td>{check.score:g} / {check.max_score:g} {mark.get(check.status, '<span class=lost>lost</span>')}</td>"
            f"<td>{'' if check.passed else esc(check.hint)}</td><td class='seen'>{esc(check.student_detail)}</td></tr>"
        )
    return rows


UNREADABLE_ADVICE = (
    "Your file could not be graded as it is. Open your notebook in Jupyter, check that it runs, "
    "save it (File > Save Notebook) and upload that .ipynb file again."
)


def _hand_section(by_hand: list[HandGrade]) -> str:
    """The free-response questions: points and the grader's comment, or that they wait for a person."""
    esc = html.escape
    if not by_hand:
        return "<p>The free-response questions are graded by hand; they are not graded yet.</p>"
    rows = []
    for hand in by_hand:
        if hand.graded:
            score, comment = f"{hand.score:g} / {hand.max_score:g}", esc(hand.comment) or "(no comment)"
        else:
            score, comment = f"- / {hand.max_score:g}", "not graded yet"
        rows.append(f"<tr><td>{esc(hand.question)}</td><td>{score}</td><td colspan='2'>{comment}</td></tr>")
    return (
        "<h2>Written answers, graded by hand</h2><table><tr><th>question</th><th>points</th>"
        f"<th colspan='2'>comment</th></tr>{''.join(rows)}</table>"
    )


def render(student: str, result: Report, by_hand: list[HandGrade] | None = None) -> str:
    esc = html.escape
    by_hand = by_hand or []
    hand_score = sum(h.score or 0.0 for h in by_hand)
    hand_max = sum(h.max_score for h in by_hand)
    waiting = [h for h in by_hand if not h.graded]
    unreadable = all(c.status == UNGRADABLE for part in result.parts for c in part.checks)
    rows = [row for part in result.parts for row in _part_rows(part, said_above=unreadable and bool(result.errors))]
    problems = "".join(f"<li>{esc(e)}</li>" for e in result.errors)
    advice = f"<p>{esc(UNREADABLE_ADVICE)}</p>" if unreadable else ""
    problems = (
        f"<div class='note'><b>Problems reading or running your submission</b><ul>{problems}</ul>{advice}</div>"
        if problems
        else ""
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Feedback: {esc(student)}</title>"
        f"<style>{_STYLE}</style></head><body><h1>Logistic regression: feedback for {esc(student)}</h1>"
        f"<p><b>Score: {result.score + hand_score:g} / {result.max_score + hand_max:g}</b> "
        f"(autograded {result.score:g} / {result.max_score:g}"
        + (f", by hand {hand_score:g} / {hand_max:g}" if by_hand else "")
        + (f"; {len(waiting)} written answer(s) not graded yet" if waiting else "")
        + ")</p>"
        f"{problems}<table><tr><th>part / check</th><th>points</th><th>what to look at</th><th>what we saw</th></tr>"
        f"{''.join(rows)}</table>"
        f"{_hand_section(by_hand)}"
        f"<h2>Your model on the practice data</h2>{_plots(result.plots)}</body></html>"
    )


def write_feedback(
    course: Course, results: dict[str, Report], by_hand: dict[str, list[HandGrade]] | None = None
) -> list[Path]:
    """One page per student; a page that cannot be built costs that student's page only, with a note."""
    by_hand = hand_grades(course) if by_hand is None else by_hand
    paths = []
    for student, result in sorted(results.items()):
        path = course.feedback / student / course.assignment / "feedback.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            page = render(student, result, by_hand.get(student, []))
        except Exception as exc:
            page = (
                f"<!doctype html><meta charset='utf-8'><p>Your score: {result.score:g} / {result.max_score:g}. "
                f"The detailed page could not be built ({html.escape(type(exc).__name__)}); ask your instructor.</p>"
            )
        path.write_text(page, encoding="utf-8", errors="backslashreplace")
        # nbgrader's generate_feedback --force deletes feedback/<student>/<assignment>/ and then copies
        # every non-notebook file of autograded/<student>/<assignment>/ into it: a copy there survives.
        keep = course.autograded / student / course.assignment
        if keep.is_dir():
            (keep / path.name).write_text(page, encoding="utf-8", errors="backslashreplace")
        paths.append(path)
    return paths
