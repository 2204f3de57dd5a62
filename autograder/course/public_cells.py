"""The master's public test cells, run outside a kernel.

Each function's public test cell follows its solution cell, and the markdown cell
after it shows the cell's output with the reference filled in ("Expected output").
``sync-master`` writes that output from the reference; the kit's tests run every
corpus mistake through its part's public cells in the same plain namespace.
The cells are plain Python (no magics), so ``exec`` runs them as a kernel would.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import re
import warnings
from pathlib import Path
from typing import Any

import nbformat
import numpy as np

from solutions import logreg as reference

from ..assignment.contract import FUNCTIONS
from ..assignment.parts import BY_NAME

HELPERS = "public_helpers"
EXPECTED = re.compile(r"(\*\*Expected output\*\*[^\n]*\n\n```\n)(.*?)(\n```)", re.S)


def _grade_id(cell: Any) -> str:
    return str(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""))


def public_sources(nb: Any) -> dict[str, str]:
    """grade_id -> source of every public cell (the helpers first), in notebook order."""
    return {_grade_id(c): c.source for c in nb.cells if _grade_id(c).startswith("public_")}


def cells_for_part(part: str) -> list[str]:
    """The public cells of one part: one per function it judges, ``public_<function>``."""
    # fit is tested once, in its own part; the xor part's cell tests add_interaction.
    return [f"public_{fn}" for fn in BY_NAME[part].functions if fn != "fit" or part == "fit"]


def namespace(overrides: dict[str, str] | None = None) -> dict[str, Any]:
    """A fresh notebook-like namespace: NumPy, warnings and the reference functions,
    with the source of any function in `overrides` executed on top."""
    ns: dict[str, Any] = {"np": np, "warnings": warnings, "__name__": "__main__"}
    for name in FUNCTIONS:
        exec(compile(inspect.getsource(getattr(reference, name)), f"<reference {name}>", "exec"), ns)
    for name, source in (overrides or {}).items():
        exec(compile(source, f"<{name}>", "exec"), ns)
    return ns


def run(ns: dict[str, Any], source: str, name: str = "<cell>") -> tuple[str, BaseException | None]:
    """Execute one cell in `ns`; returns what it printed and the exception it raised, if any."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a wrong function may overflow; the cells record what they test
        try:
            exec(compile(source, name, "exec"), ns)
        except Exception as exc:  # a failing public test is data here
            return out.getvalue(), exc
    return out.getvalue(), None


def reference_outputs(nb: Any) -> dict[str, str]:
    """grade_id -> what each public cell prints with the reference, run in notebook order."""
    ns = namespace()
    outputs = {}
    for grade_id, source in public_sources(nb).items():
        printed, exc = run(ns, source, grade_id)
        if exc is not None:
            raise RuntimeError(f"{grade_id} fails on the reference: {type(exc).__name__}: {exc}")
        outputs[grade_id] = printed.rstrip("\n")
    return outputs


def expected_blocks(nb: Any) -> dict[str, str]:
    """grade_id -> the "Expected output" shown in the markdown cell right after each public cell."""
    blocks = {}
    for cell, after in zip(nb.cells, nb.cells[1:]):
        if _grade_id(cell).startswith("public_") and after.cell_type == "markdown":
            match = EXPECTED.search(after.source)
            if match:
                blocks[_grade_id(cell)] = match.group(2)
    return blocks


def write_expected(nb: Any) -> list[str]:
    """Rewrite every "Expected output" block from the reference; returns the grade_ids changed."""
    outputs = reference_outputs(nb)
    changed = []
    for cell, after in zip(nb.cells, nb.cells[1:]):
        grade_id = _grade_id(cell)
        if grade_id in outputs and after.cell_type == "markdown" and EXPECTED.search(after.source):
            new = EXPECTED.sub(lambda m: m.group(1) + outputs[grade_id] + m.group(3), after.source, count=1)
            if new != after.source:
                after.source = new
                changed.append(grade_id)
    return changed


def read(path: Path) -> Any:
    return nbformat.read(path, as_version=4)
