"""The layers import one way: the engine knows nothing of the course workflow or the tools."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "autograder"
# layer -> the layers it must never import
FORBIDDEN = {
    "engine": ("course", "tools"),
    "assignment": ("engine", "course", "tools"),
    "graders": ("course", "tools"),
    "course": ("tools",),
}


def _imports(path: Path) -> set[str]:
    """Every module a file imports, resolved to an absolute dotted name."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _violations(layer: str) -> list[str]:
    bad = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module in _imports(path):
            if any(module == f"autograder.{f}" or module.startswith(f"autograder.{f}.") for f in FORBIDDEN[layer]):
                bad.append(f"{path.relative_to(PACKAGE)} imports {module}")
    return bad


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_only_downward(layer):
    assert _violations(layer) == []


def test_the_rule_can_fail(tmp_path, monkeypatch):
    """Positive control: a planted upward import is found."""
    fake = tmp_path / "autograder"
    (fake / "engine").mkdir(parents=True)
    (fake / "engine" / "bad.py").write_text("from ..course.paths import Course\nimport autograder.tools.demo\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    assert len(_violations("engine")) >= 2


def test_grading_one_submission_loads_nothing_of_the_workflow():
    """At run time too: importing the engine and the graders pulls in no course or tools module."""
    import subprocess
    import sys

    code = (
        "import sys; import autograder.engine.judge, autograder.engine.in_kernel;"
        "from autograder.engine.rubric import checks_of; from autograder.assignment.parts import PARTS;"
        "[checks_of(p.name) for p in PARTS];"
        "print([m for m in sys.modules if m.startswith(('autograder.course', 'autograder.tools', 'nbgrader'))])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE.parent, check=True)
    assert out.stdout.strip() == "[]"


def test_the_old_in_kernel_path_still_imports():
    """Autograder cells of running courses' gradebooks import autograder.notebook."""
    from autograder.engine.in_kernel import grade_part
    from autograder.notebook import grade_part as old

    assert old is grade_part
