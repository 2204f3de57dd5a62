"""Helpers shared by the kit's tests: the kit's paths and corpus submissions made whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MASTER = ROOT / "assignments" / "logreg" / "logreg.ipynb"
RELEASE = ROOT / "release" / "logreg" / "logreg.ipynb"
CORPUS = ROOT / "tests" / "corpus"


def with_reference(path: Path, folder: Path) -> Path:
    """A whole submission from a corpus file, which holds only the function it gets wrong.

    The rest of the module is the reference itself, not a copy of it: the corpus
    function is appended after it, so it replaces the reference's definition.
    """
    out = folder / path.name
    out.write_text((ROOT / "solutions" / "logreg.py").read_text() + f"\n\n# ---- {path.name} ----\n" + path.read_text())
    return out


def with_stubs(path: Path, folder: Path) -> Path:
    """An attack placed in an otherwise unimplemented submission: the release's stubs for
    every function the attack does not define itself, after the attack's own code."""
    import ast
    import json

    text = path.read_text()
    defined = {node.name for node in ast.parse(text).body if isinstance(node, ast.FunctionDef)}
    cells = json.loads(RELEASE.read_text())["cells"]
    stubs = [
        "".join(c["source"])
        for c in cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id", "").startswith("sol_")
        and c["metadata"]["nbgrader"]["grade_id"].removeprefix("sol_") not in defined
    ]
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / path.name
    out.write_text(text.replace("KIT_ROOT", str(ROOT)) + "\n\n" + "\n\n\n".join(stubs) + "\n")
    return out


def nbgrader_export(course) -> list[dict[str, str]]:
    """The rows of ``nbgrader export`` (CSV) for a course folder, run through the real command."""
    import csv

    from autograder.course.release import nbgrader

    out = course.root / "nbgrader_export.csv"
    proc = nbgrader(
        "export",
        f"--CsvExportPlugin.to={out}",
        f"--CourseDirectory.db_url={course.db_url}",
        root=course.root,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return list(csv.DictReader(out.open()))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server a test starts)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def grade_all(paths: list[Path], graders: int = 2) -> dict[Path, Any]:
    """Each submission's report, `graders` at a time (each with a fork server of its own), as make autograde does."""
    from concurrent.futures import ThreadPoolExecutor

    from autograder.engine.judge import grade
    from autograder.engine.sandbox import ForkServer

    servers = [ForkServer() for _ in range(graders)]
    try:
        with ThreadPoolExecutor(graders) as pool:
            shares = [paths[i::graders] for i in range(graders)]
            done = pool.map(lambda i: [(p, grade(p, server=servers[i])) for p in shares[i]], range(graders))
            return dict(item for share in done for item in share)
    finally:
        for server in servers:
            server.stop()
