"""The release as a student who finished it runs it: filled with the reference, in a real kernel.

Used by the kit's tests (it runs top to bottom without errors or warnings, fast enough,
and every plot cell draws) and by ``make plots``, which saves the PNG of every cell
tagged ``plot-<name>`` for a person to look at.
"""

from __future__ import annotations

import base64
import copy
import inspect
import time
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

from solutions import logreg as reference

from .paths import KIT_ROOT
from .release import RELEASE

PLOTS = KIT_ROOT / "plots"
PLOT_TAG = "plot-"


def filled(nb: Any) -> Any:
    """A copy of a release notebook with the reference in every solution cell and a written answer in the others."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.startswith("sol_"):
            cell.source = inspect.getsource(getattr(reference, grade_id.removeprefix("sol_")))
        elif grade_id.startswith("free_"):
            cell.source = "A written answer."
    return nb


def execute(nb: Any, cwd: Path, timeout: int = 120) -> float:
    """Run `nb` in place in a fresh python3 kernel started in `cwd`; returns the seconds it took, kernel included."""
    started = time.perf_counter()
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(cwd)}}
    ).execute()
    return time.perf_counter() - started


def run_filled_release(name: str = "logreg") -> tuple[Any, float]:
    release = RELEASE / name
    nb = filled(nbformat.read(release / f"{name}.ipynb", as_version=4))
    return nb, execute(nb, release)


def plot_cells(nb: Any) -> dict[str, Any]:
    """plot name -> the cell tagged ``plot-<name>``."""
    return {
        tag.removeprefix(PLOT_TAG): cell
        for cell in nb.cells
        for tag in cell.metadata.get("tags", [])
        if tag.startswith(PLOT_TAG)
    }


def images(cell: Any) -> list[bytes]:
    return [base64.b64decode(o.data["image/png"]) for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


def save_plots(nb: Any, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for plot, cell in plot_cells(nb).items():
        for i, png in enumerate(images(cell)):
            path = out_dir / (f"{plot}.png" if i == 0 else f"{plot}-{i + 1}.png")
            path.write_bytes(png)
            written.append(path)
    return written


def main(out_dir: Path = PLOTS) -> int:
    nb, seconds = run_filled_release()
    for path in save_plots(nb, out_dir):
        print(path)
    print(f"(the filled release ran in {seconds:.1f} s)")
    return 0
