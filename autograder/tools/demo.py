"""``make demo``: the instructor's whole lifecycle on a built-in synthetic class.

Builds the release, writes a class of notebook submissions (correct, partly
correct, untouched, typical mistakes, broken and hostile ones) into an LMS-style
zip, then collects, autogrades, writes feedback and grades in ``demo/``, a
course folder of its own, and prints a summary.
"""

from __future__ import annotations

import copy
import functools
import inspect
import json
import os
import shutil
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from solutions import logreg as reference

from ..assignment import grade_ids
from ..assignment.contract import FUNCTIONS
from ..course.batch import autograde, load_results
from ..course.collect import collect_zip
from ..course.feedback import write_feedback
from ..course.gradebook import GradebookSync, export_scores
from ..course.grades import write_all
from ..course.paths import KIT_ROOT, Course
from ..course.release import build

DEMO_ROOT = KIT_ROOT / "demo"

# (function, text in the reference, replacement, what a student got wrong)
MISTAKES = [
    (
        "sigmoid",
        "    out[~pos] = ez / (1.0 + ez)",
        "    out[~pos] = 1.0 / (1.0 + np.exp(-z[~pos]))",
        "naive formula in the left tail",
    ),
    ("sigmoid", "    if out.ndim == 0:\n        return float(out)\n", "", "returns a 0-d array for a number"),
    ("bce_loss", "return float(-np.mean(", "return float(-np.sum(", "sums instead of averaging"),
    ("bce_loss", "np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15)", "np.asarray(p, dtype=float)", "no clipping"),
    ("predict_proba", "@ np.asarray(w, dtype=float) + b)", "@ np.asarray(w, dtype=float))", "forgets the bias"),
    ("predict", ">= threshold", "> threshold", "strict > at the threshold"),
    (
        "predict",
        "return (predict_proba(X, w, b) >= threshold).astype(int)",
        "return predict_proba(X, w, b) >= 0.5",
        "ignores the threshold, returns booleans",
    ),
    ("gradient", "dw = X.T @ error / X.shape[0]", "dw = X.T @ error", "forgets 1/n in dw"),
    (
        "gradient",
        "error = predict_proba(X, w, b) - np.asarray(y, dtype=float)",
        "error = np.asarray(y, dtype=float) - predict_proba(X, w, b)",
        "gradient with the wrong sign",
    ),
    ("regularized_loss", "lam / (2 * n)", "lam / n", "penalty lam/n in the loss"),
    (
        "regularized_gradient",
        "return dw + lam / n * w, db",
        "return dw + lam / n * w, db + lam / n * b",
        "penalizes the bias",
    ),
    (
        "fit",
        "        history.append(regularized_loss(X, y, w, b, lam))\n"
        "        dw, db = regularized_gradient(X, y, w, b, lam)\n"
        "        w = w - lr * dw\n        b = b - lr * db\n",
        "        dw, db = regularized_gradient(X, y, w, b, lam)\n        w = w - lr * dw\n        b = b - lr * db\n"
        "        history.append(regularized_loss(X, y, w, b, lam))\n",
        "history recorded after the update",
    ),
    ("fit", "w = w - lr * dw", "w = w - 0.1 * dw", "hard-coded learning rate for w"),
    (
        "threshold_sweep",
        "positive = p[None, :] >= thresholds[:, None]",
        "positive = p[None, :] > thresholds[:, None]",
        "ties counted as negative",
    ),
    ("add_interaction", "X[:, 0] * X[:, 1]", "X[:, 0] + X[:, 1]", "sum instead of product"),
]

HOSTILE = {
    "loops_forever": {"sigmoid": "def sigmoid(z):\n    while True:\n        pass\n"},
    "exits_the_process": {"fit": "def fit(X, y, lr=0.1, epochs=1000, lam=0.0):\n    import os\n    os._exit(0)\n"},
    "patches_numpy": {
        "bce_loss": "np.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n\n"
        "def bce_loss(y, p):\n    return 0.0\n"
    },
    "fakes_a_result": {
        "gradient": "print('gradient: 15 / 15')\nprint('=== 200 passed in 0.1s ===')\n\n"
        "def gradient(X, y, w, b):\n    class Anything:\n"
        "        def __eq__(self, other):\n            return True\n"
        "    return Anything(), Anything()\n"
    },
}

ANSWERS = {
    grade_ids.free(
        "xor"
    ): "No single line separates XOR; add the product feature x1*x2, or use a small neural network.",
    grade_ids.free("threshold"): "A low threshold: a missed cancer (false negative) costs far more than an extra test.",
}


@dataclass
class Student:
    sid: str
    name: str
    kind: str
    functions: dict[str, str]  # function -> source to put in its solution cell
    note: str
    plain_name: bool = False  # uploaded as <id>.ipynb instead of the Canvas form
    broken: str = ""  # raw file content instead of a notebook


def _source(name: str) -> str:
    return inspect.getsource(getattr(reference, name))


def _correct() -> dict[str, str]:
    return {name: _source(name) for name in FUNCTIONS}


def make_class() -> list[Student]:
    students: list[Student] = []

    def add(kind: str, functions: dict[str, str], note: str, **kw) -> None:
        n = len(students) + 1
        students.append(Student(f"s{n:03d}", f"student{n:03d}", kind, functions, note, **kw))

    for i in range(8):
        add("correct", _correct(), "complete and correct", plain_name=(i % 4 == 3))
    order = list(FUNCTIONS)
    for done in (2, 4, 6, 8, 10):
        add("partly done", {name: _source(name) for name in order[:done]}, f"first {done} of 11 functions")
    for i in range(2):
        add("untouched", {}, "submitted the release as it was", plain_name=(i == 1))
    for function, old, new, what in MISTAKES:
        functions = _correct()
        if old not in functions[function]:
            raise RuntimeError(f"demo mistake no longer applies: {function}: {what}")
        functions[function] = functions[function].replace(old, new)
        add("mistake", functions, f"{function}: {what}")
    for label, overrides in HOSTILE.items():
        add("hostile", _correct() | overrides, label.replace("_", " "))
    add("broken", {}, "not a notebook (a truncated upload)", broken='{"cells": [ {"cell_type": "code", "sou')
    syntax = _correct()
    syntax["loss"] = syntax["loss"].replace("return", "return return", 1)
    add("broken", syntax, "syntax error in one cell (loss); the other cells still load")
    return students


@functools.lru_cache(maxsize=1)
def _release() -> nbformat.NotebookNode:
    return nbformat.read(Course().release_notebook, as_version=4)


def notebook_for(student: Student) -> str:
    nb = copy.deepcopy(_release())
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_ids.kind(grade_id) == "solution" and grade_ids.part_of(grade_id) in student.functions:
            cell.source = student.functions[grade_ids.part_of(grade_id)]
        elif grade_id in ANSWERS and student.kind in ("correct", "partly done"):
            cell.source = ANSWERS[grade_id]
    return nbformat.writes(nb)


def write_zip(students: list[Student], path: Path) -> Path:
    """An LMS download: Canvas-style names with the attempt's time, a few plain <id>.ipynb."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, student in enumerate(students):
            content = student.broken or notebook_for(student)
            stamp = f"2026-11-{10 + i % 5:02d}-{9 + i % 12:02d}-{i % 60:02d}-00"
            name = (
                f"{student.sid}.ipynb"
                if student.plain_name
                else f"{student.name}_{student.sid}_attempt_{stamp}_logreg.ipynb"
            )
            archive.writestr(name, content)
    return path


def _prepare_course() -> Course:
    if DEMO_ROOT.exists():
        shutil.rmtree(DEMO_ROOT)
    DEMO_ROOT.mkdir()
    (DEMO_ROOT / "assignments").symlink_to(KIT_ROOT / "assignments", target_is_directory=True)
    course = Course(DEMO_ROOT)
    course.write_nbgrader_config()
    return course


def _jail_or_say_so() -> None:
    """The demo's class is the kit's own: it may run without a jail, and says so (grading proper refuses)."""
    from ..engine.sandbox.isolation import detect_isolation

    if detect_isolation().mode == "unavailable":
        print(f"NO JAIL for the demo: {detect_isolation().problem}")
        os.environ["AUTOGRADER_ISOLATION"] = "none"
        detect_isolation.cache_clear()
    else:
        print(f"grading in the jail: {detect_isolation().describe()[0].split(':')[0]}")


def main() -> int:
    timings: dict[str, float] = {}
    _jail_or_say_so()

    def step(label: str, started: float) -> None:
        timings[label] = time.perf_counter() - started
        print(f"[{label}] {timings[label]:.1f} s")

    t = time.perf_counter()
    print(f"built {build('logreg').relative_to(KIT_ROOT)}")
    step("release", t)
    course = _prepare_course()
    students = make_class()
    zip_path = write_zip(students, DEMO_ROOT / "lms_download.zip")
    print(f"synthetic class: {len(students)} submissions in {zip_path.relative_to(KIT_ROOT)}")
    t = time.perf_counter()
    collect_zip(course, zip_path)
    print(f"collected {len(course.students())} submissions into {course.submitted.relative_to(KIT_ROOT)}/")
    step("collect", t)
    t = time.perf_counter()
    with GradebookSync(course) as syncer:
        summary = autograde(course, on_result=syncer.add)
    results = load_results(course)
    notes = syncer.notes
    step("autograde", t)
    t = time.perf_counter()
    feedback = write_feedback(course, results)
    step("feedback", t)
    t = time.perf_counter()
    outputs = write_all(course, results)
    step("grades", t)
    gradebook = export_scores(course)

    print(f"\n{'student':<8}{'kind':<13}{'score':>7}  {'gradebook':>9}  what it is")
    for student in students:
        result = results.get(student.sid)
        score = f"{result.score:g}" if result else "-"
        in_gradebook = f"{gradebook[student.sid]:g}" if student.sid in gradebook else "-"
        print(f"{student.sid:<8}{student.kind:<13}{score:>7}  {in_gradebook:>9}  {student.note}")
    agree = all(abs(gradebook.get(s, -1) - r.score) < 1e-9 for s, r in results.items())
    print(f"\n{len(results)} submissions in, {len(results)} grade rows out; gradebook agrees with grades.csv: {agree}")
    print(f"graded in {summary.seconds:.1f} s with {summary.workers} workers")
    for sid, note in sorted(notes.items()):
        print(f"  note {sid}: {note}")
    print("\nwhere everything is:")
    rows = {
        "LMS zip": zip_path,
        "submitted": course.submitted,
        "kit results (JSON)": course.results,
        "autograded (nbgrader)": course.autograded,
        "gradebook": DEMO_ROOT / "gradebook.db",
        "feedback pages": feedback[0].parent.parent.parent if feedback else course.feedback,
    } | outputs
    for label, path in rows.items():
        print(f"  {label:>22}: {Path(path).relative_to(KIT_ROOT)}")
    print(
        "\nformgrader: make formgrader COURSE=demo  (Nbgrader > Formgrader; free-response cells await manual grading)"
    )
    (DEMO_ROOT / "timings.json").write_text(json.dumps(timings, indent=1))
    return 0 if agree and len(results) == len(students) else 1
