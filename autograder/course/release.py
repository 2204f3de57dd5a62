"""Building student releases from the masters with ``nbgrader generate_assignment``.

The committed release must be reproducible: nbgrader's output is normalised
(no outputs, no execution counts, no per-run metadata) so that a rebuild on
any machine gives the same bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .paths import KIT_ROOT as ROOT

ASSIGNMENTS = ROOT / "assignments"
RELEASE = ROOT / "release"
# Cells with this tag (the answers to the "Think about it" prompts) stay in the master only.
# nbgrader cannot do it: its markdown solution cells must be grade cells, so formgrader would
# ask for a hand grade of every answer in every submission.
INSTRUCTOR_ONLY = "instructor-only"


def assignment_names() -> list[str]:
    return sorted(p.name for p in ASSIGNMENTS.iterdir() if p.is_dir() and (p / f"{p.name}.ipynb").is_file())


def nbgrader(*args: str, root: Path = ROOT, check: bool = True, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run an nbgrader command against the kit's course directory (or another `root`).

    `cwd` matters to the student-side commands: fetch_assignment fetches into it.
    """
    cmd = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={root}"]
    # nbgrader runs alembic as a command: the venv's bin must be on PATH.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(cmd, cwd=cwd, check=check, text=True, capture_output=True, env=env)


def normalise(path: Path) -> None:
    """Drop what changes from run to run so the release is byte-for-byte reproducible,
    and the instructor-only cells."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"] = [c for c in nb["cells"] if INSTRUCTOR_ONLY not in c.get("metadata", {}).get("tags", [])]
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cell.get("metadata", {}).pop("execution", None)
    nb["metadata"].pop("widgets", None)
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def build(name: str, release_dir: Path = RELEASE, root: Path = ROOT) -> Path:
    """Build one assignment's release into `release_dir`/name; returns the notebook path.

    With another `root` (a scratch course copy), its own gradebook is used.
    """
    args = ["generate_assignment", name, "--force", f"--CourseDirectory.release_directory={release_dir}"]
    if root != ROOT:  # another course folder: its own gradebook, the kit's masters
        args += [
            f"--CourseDirectory.db_url=sqlite:///{root / 'gradebook.db'}",
            f"--CourseDirectory.source_directory={ASSIGNMENTS}",
        ]
    proc = nbgrader(*args, root=root, check=False)
    out = release_dir / name / f"{name}.ipynb"
    if proc.returncode != 0 or not out.is_file():
        raise RuntimeError(f"nbgrader generate_assignment {name} failed:\n{proc.stdout}\n{proc.stderr}")
    normalise(out)
    return out


def main(names: list[str]) -> int:
    for name in names or assignment_names():
        print(f"built {build(name).relative_to(ROOT)}")
    return 0
