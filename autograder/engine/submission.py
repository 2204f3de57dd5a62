"""Reading a submission file into the cells a sandbox will run, as data.

Nothing here executes student code: a notebook is JSON, a module is text. What
cannot be read becomes a clear message in ``Submission.errors`` and the grade
goes on with whatever could be read.
"""

from __future__ import annotations

import ast
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..assignment import RELEASE, grade_ids
from .limits import Limits

# Cell magics whose body is ordinary Python; any other cell magic drops its cell.
_TRANSPARENT_CELL_MAGICS = {"time", "timeit", "capture", "prun"}


@dataclass
class Cell:
    label: str  # where it came from, as shown in messages ("cell 7 (sol_sigmoid)")
    source: str  # what the sandbox runs, line numbers as in the notebook

    def as_message(self) -> dict:
        return {"label": self.label, "source": self.source}


_DEF_NODES = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _is_constant(node: ast.AST) -> bool:
    """`EPS = 1e-15` or `NAMES = ("a", "b")`: an assignment of a literal, safe and instant to run."""
    value = getattr(node, "value", None)
    if not isinstance(node, (ast.Assign, ast.AnnAssign)) or value is None:
        return False
    try:
        ast.literal_eval(value)
        return True
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False


def definitions_only(source: str) -> str:
    """A teaching cell's imports, definitions and literal constants; its demos and plots blanked out.

    Parsed here, once per submission, rather than in every part's sandbox (parsing
    runs nothing). Dropped statements become blank lines so that line numbers in
    messages still match the notebook. Code that does not parse is left whole for
    the sandbox to report.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return source
    lines = source.splitlines()
    keep: set[int] = set()
    for node in tree.body:
        if isinstance(node, _DEF_NODES) or _is_constant(node):
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            keep.update(range(first, (node.end_lineno or node.lineno) + 1))
    return "\n".join(line if number in keep else "" for number, line in enumerate(lines, 1)).rstrip()


@dataclass
class Submission:
    path: Path
    kind: str  # "notebook" or "module"
    cells: list[Cell] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    test_cells: dict[str, str] = field(default_factory=dict)  # grade_id -> source as submitted


def strip_magics(source: str) -> tuple[str, str | None]:
    """IPython-only syntax turned into plain Python. Returns (source, note).

    IPython's own transformer finds the magics (so an operator that starts a
    continuation line is not mistaken for one); they become calls on the
    sandbox's inert ``get_ipython()``, which does nothing.
    """
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        words = lines[0].lstrip()[2:].split()
        magic = words[0] if words else ""
        if magic not in _TRANSPARENT_CELL_MAGICS:
            return "", f"cell magic %%{magic} is not Python; the cell was skipped"
        lines[0] = ""
        source = "\n".join(lines)
    if "%" not in source and "!" not in source and "?" not in source:
        return source, None
    try:
        return _ipython_transformer().transform_cell(source), None
    except Exception:
        return source, None


@functools.lru_cache(maxsize=1)
def _ipython_transformer():
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager()


def _cell_text(cell: dict) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(str(s) for s in source)
    return str(source)


def _nbgrader(cell: dict) -> dict:
    meta = cell.get("metadata")
    meta = meta.get("nbgrader") if isinstance(meta, dict) else None
    return meta if isinstance(meta, dict) else {}


def is_test_cell(cell: dict) -> bool:
    meta = _nbgrader(cell)
    grade_id = str(meta.get("grade_id", ""))
    return bool(meta.get("grade") and not meta.get("solution")) or grade_id.startswith(grade_ids.TEST_PREFIXES)


def read_notebook(path: Path, limits: Limits) -> Submission:
    sub = Submission(path=path, kind="notebook")
    size = path.stat().st_size
    if size > limits.notebook_bytes:
        sub.errors.append(
            f"the notebook is {size / 1e6:.0f} MB, over the {limits.notebook_bytes / 1e6:.0f} MB limit; "
            "clear its outputs (Kernel > Restart & Clear Output) and submit again"
        )
        return sub
    try:
        nb = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as exc:
        sub.errors.append(f"the file is not a valid notebook (invalid JSON: {str(exc)[:120]})")
        return sub
    except (RecursionError, MemoryError):
        sub.errors.append("the file is not a valid notebook (its JSON is nested too deeply or is too large)")
        return sub
    if not isinstance(nb, dict):
        sub.errors.append("the file is not a valid notebook (its JSON is not an object)")
        return sub
    major = nb.get("nbformat")
    if major != 4 or not isinstance(nb.get("cells"), list):
        found = "no format version" if major is None else f"format version {major}"
        sub.errors.append(
            f"the notebook has {found}; only nbformat 4 is read. Open it in a current Jupyter and save it again"
        )
        return sub
    number, code = 0, 0
    for cell in nb["cells"]:
        if not isinstance(cell, dict):
            continue
        number += 1
        if cell.get("cell_type") != "code":
            continue
        meta = _nbgrader(cell)
        grade_id = str(meta.get("grade_id", ""))
        text = _cell_text(cell)
        if is_test_cell(cell):
            sub.test_cells[grade_id or f"cell {number}"] = text
            continue
        label = f"cell {number}" + (f" ({grade_id})" if grade_id else "")
        # Sizes are checked before anything is parsed: what the judge and every sandbox spend is bounded.
        if len(text) > limits.cell_chars:
            sub.errors.append(
                f"{label}: {len(text) / 1024:.0f} KB of code, over the {limits.cell_chars / 1024:.0f} KB limit "
                "for one cell, was not run; load large data from a file instead of writing it into a cell"
            )
            continue
        code += len(text)
        if code > limits.code_chars:
            sub.errors.append(
                f"{label}: the notebook's code is over the {limits.code_chars / 1024:.0f} KB limit in all; "
                "this cell and the ones after it were not run"
            )
            break
        source, note = strip_magics(text)
        if note:
            sub.errors.append(f"{label}: {note}")
        if not meta.get("solution"):
            source = definitions_only(source)
        if source.strip():
            sub.cells.append(Cell(label, source))
    if not sub.cells:
        sub.errors.append("the notebook has no code to grade (no code cells outside the test cells)")
    return sub


@functools.lru_cache(maxsize=4)
def _released_test_cells(release: Path) -> dict[str, str]:
    nb = json.loads(release.read_text(encoding="utf-8"))
    return {str(_nbgrader(c).get("grade_id")): _cell_text(c) for c in nb["cells"] if is_test_cell(c)}


def tampered_test_cells(sub: Submission, release: Path = RELEASE) -> list[str]:
    """Flags for test cells edited or deleted in a notebook. They cost nothing by themselves:
    the kit never runs a notebook's test cells, and nbgrader restores them before autograding."""
    if sub.kind != "notebook" or not release.is_file() or not sub.test_cells and not sub.cells:
        return []
    flags = []
    for grade_id, source in _released_test_cells(release).items():
        if grade_id not in sub.test_cells:
            flags.append(
                f"flagged: test cell {grade_id} was deleted or lost its nbgrader metadata (not needed for grading)"
            )
        elif sub.test_cells[grade_id].strip() != source.strip():
            flags.append(f"flagged: test cell {grade_id} was edited; the edit was ignored (the hidden graders judge)")
    return flags


def read_module(path: Path, limits: Limits) -> Submission:
    sub = Submission(path=path, kind="module")
    if path.stat().st_size > limits.notebook_bytes:
        sub.errors.append("the file is too large to grade")
        return sub
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        sub.errors.append("the file is not UTF-8 text")
        return sub
    sub.cells.append(Cell(path.name, text))
    return sub


def read_submission(path: str | Path, limits: Limits | None = None) -> Submission:
    """A notebook (.ipynb) or a plain module (.py), read as data."""
    path = Path(path)
    limits = limits or Limits.from_env()
    if not path.is_file():
        sub = Submission(path=path, kind="missing")
        sub.errors.append(f"no file at {path}")
        return sub
    if path.suffix == ".py":
        return read_module(path, limits)
    if path.suffix != ".ipynb":
        sub = Submission(path=path, kind="unknown")
        sub.errors.append(f"{path.name}: expected a .ipynb notebook or a .py module")
        return sub
    return read_notebook(path, limits)
