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

from ..graders.data import FEEDBACK_FIT, public_blobs
from .paths import Course
from .plotting import pyplot

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}
table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.ok{color:#2e7d32}.lost{color:#c62828}.part{background:#f3f6fa;font-weight:600}.note{background:#fff4e5;padding:.6rem;border-radius:4px}
img{max-width:100%}
"""


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _plots(plots: dict) -> str:
    """The student's loss curve against the reference's, and their decision boundary."""
    if not plots or "history" not in plots:
        reason = (plots or {}).get("unavailable", "your fit was not run")
        return f"<p class='note'>No plots: {html.escape(reason)}</p>"
    plt = pyplot()

    X, y = public_blobs()
    ref_w, ref_b, ref_history = reference.fit(X, y, **FEEDBACK_FIT)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(ref_history, label="reference", lw=2, color="#999")
    left.plot(plots["history"], label="your fit", lw=1.5, color="#1f77b4")
    left.set(title="Training loss on the practice data", xlabel="epoch", ylabel="regularized loss")
    left.legend()
    right.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=12, edgecolors="none")
    xs = np.linspace(X[:, 0].min(), X[:, 0].max(), 2)
    for (w, b), style, label in (((ref_w, ref_b), "--", "reference"), ((plots["w"], plots["b"]), "-", "your boundary")):
        if len(w) == 2 and abs(w[1]) > 1e-12:
            right.plot(xs, -(w[0] * xs + b) / w[1], style, label=label)
    right.set(title="Decision boundary w.x + b = 0", xlabel="x1", ylabel="x2", ylim=(X[:, 1].min(), X[:, 1].max()))
    right.legend()
    fig.tight_layout()
    image = _png(fig)
    plt.close(fig)
    return f"<img alt='loss curve and decision boundary' src='data:image/png;base64,{image}'>"


def render(student: str, result: dict) -> str:
    esc = html.escape
    rows = []
    for part in result["parts"]:
        rows.append(
            f"<tr class='part'><td>{esc(part['name'])}</td><td>{part['score']:g} / {part['max_score']:g}</td>"
            f"<td>judges {esc(', '.join(part['functions']))}</td></tr>"
        )
        for check in part["checks"]:
            mark = "<span class='ok'>passed</span>" if check["passed"] else "<span class='lost'>lost</span>"
            hint = "" if check["passed"] else esc(check["message"])
            rows.append(
                f"<tr><td>&nbsp;&nbsp;{esc(check['name'])}</td><td>{check['score']:g} / {check['max_score']:g} {mark}</td>"
                f"<td>{hint}</td></tr>"
            )
    problems = "".join(f"<li>{esc(e)}</li>" for e in result.get("errors", []))
    problems = (
        f"<div class='note'><b>Problems reading or running your submission</b><ul>{problems}</ul></div>"
        if problems
        else ""
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Feedback: {esc(student)}</title>"
        f"<style>{_STYLE}</style></head><body><h1>Logistic regression: feedback for {esc(student)}</h1>"
        f"<p><b>Autograded score: {result['score']:g} / {result['max_score']:g}</b>. The free-response questions "
        "are graded by hand and are not included.</p>"
        f"{problems}<table><tr><th>part / check</th><th>points</th><th>what to look at</th></tr>{''.join(rows)}</table>"
        f"<h2>Your model on the practice data</h2>{_plots(result.get('plots', {}))}</body></html>"
    )


def write_feedback(course: Course, results: dict[str, dict]) -> list[Path]:
    paths = []
    for student, result in sorted(results.items()):
        path = course.feedback / student / course.assignment / "feedback.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(student, result), encoding="utf-8")
        paths.append(path)
    return paths
