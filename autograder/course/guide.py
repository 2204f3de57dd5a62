"""The instructor's guide, generated from the master notebook.

For every "Think about it" prompt the answer kept in the master only (cells tagged
``instructor-only``, which the release build removes), and for every free-response
question its model answer and marking scheme, in notebook order under their
section headings. ``make guide`` writes ``guide/<assignment>.md``, for showing the
answers after the deadline.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat

from .paths import KIT_ROOT
from .release import ASSIGNMENTS, INSTRUCTOR_ONLY

GUIDE = KIT_ROOT / "guide"


def _prompt(source: str, marker: str) -> str:
    """The paragraph of `source` that starts with `marker` (the prompt or the question)."""
    paragraphs = re.split(r"\n\s*\n", source)
    hits = [p for p in paragraphs if p.lstrip().startswith(marker)]
    return hits[-1].strip() if hits else source.strip()


def guide_text(nb: Any, title: str) -> str:
    """The guide as markdown: section headings, then each prompt followed by its answer."""
    lines = [f"# Instructor's guide: {title}", "", "Generated from the master by `make guide`; do not edit.", ""]
    heading = None
    for before, cell in zip([None, *nb.cells], nb.cells):
        if cell.cell_type == "markdown":
            found = re.findall(r"^## .+$", cell.source, re.M)
            heading = found[-1] if found else heading
        tags = cell.metadata.get("tags", [])
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if INSTRUCTOR_ONLY in tags:
            prompt = _prompt(before.source if before is not None else "", "*Think about it*")
            answer = cell.source.split("\n\n", 1)[1] if cell.source.startswith("*Instructor only") else cell.source
        elif grade_id.startswith("free_"):
            prompt = _prompt(before.source if before is not None else "", "**Question")
            answer = cell.source
        else:
            continue
        if heading:
            lines += [heading.replace("## ", "### "), ""]
            heading = None
        lines += ["> " + line if line else ">" for line in prompt.splitlines()]
        lines += ["", answer.strip(), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def build(name: str = "logreg", out_dir: Path = GUIDE) -> Path:
    nb = nbformat.read(ASSIGNMENTS / name / f"{name}.ipynb", as_version=4)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{name}.md"
    out.write_text(guide_text(nb, name), encoding="utf-8")
    return out


def main(names: list[str] | None = None) -> int:
    from .release import assignment_names

    for name in names or assignment_names():
        print(f"wrote {build(name).relative_to(KIT_ROOT)}")
    return 0
