"""Keeping the master notebook in step with its sources of truth.

``python -m autograder sync-master`` rewrites, in the master, every solution cell
from ``solutions/logreg.py`` and every autograder cell (source and points) from
the points table. ``tests/test_notebook.py`` fails while the two disagree.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import nbformat

from solutions import logreg as reference

from ..assignment import grade_ids
from ..assignment.contract import FUNCTIONS
from ..assignment.parts import PARTS
from ..engine.in_kernel import grade_cell_source
from .public_cells import write_expected
from .release import ASSIGNMENTS


def solution_cell_source(name: str) -> str:
    """The reference function with its body (after the docstring) between solution markers."""
    source = inspect.getsource(getattr(reference, name)).rstrip()
    head, doc, body = source.split('"""', 2)
    doc_end, _, rest = body.partition("\n")
    return f'{head}"""{doc}"""{doc_end}\n    ### BEGIN SOLUTION\n{rest}\n    ### END SOLUTION'


def sync(path: Path = ASSIGNMENTS / "logreg" / "logreg.ipynb") -> list[str]:
    """Rewrite the generated cells of the master; returns the grade_ids changed."""
    nb = nbformat.read(path, as_version=4)
    wanted: dict[str, tuple[str, float | None]] = {
        grade_ids.solution(name): (solution_cell_source(name), None) for name in FUNCTIONS
    }
    wanted |= {grade_ids.grade(p.name): (grade_cell_source(p.name), p.points) for p in PARTS}
    changed = []
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in wanted:
            source, points = wanted[grade_id]
            if cell.source != source or (points is not None and cell.metadata["nbgrader"].get("points") != points):
                cell.source = source
                if points is not None:
                    cell.metadata["nbgrader"]["points"] = points
                changed.append(grade_id)
    changed += write_expected(nb)  # after the solutions: the expected outputs are the reference's
    if changed:
        nbformat.write(nb, path)
    return changed
