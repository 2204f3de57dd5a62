"""The students' environment: the release's requirements.txt installs alone and runs the notebook's imports."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import venv

import pytest
from helpers import RELEASE, ROOT

REQUIREMENTS = ROOT / "assignments" / "logreg" / "requirements.txt"


def _imported_modules() -> set[str]:
    """Top-level modules the release's code cells import, the standard library left out."""
    cells = json.loads(RELEASE.read_text())["cells"]
    modules = set()
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        lines = "".join(cell["source"]).splitlines()
        tree = ast.parse("\n".join(line for line in lines if not line.lstrip().startswith(("%", "!"))))  # no magics
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module)
    return {m for m in modules if m.split(".")[0] not in sys.stdlib_module_names}


def test_the_release_ships_the_students_requirements():
    assert (RELEASE.parent / "requirements.txt").read_text() == REQUIREMENTS.read_text(), "run `make release`"
    pins = [line for line in REQUIREMENTS.read_text().splitlines() if line and not line.startswith("#")]
    assert pins and all("==" in line for line in pins), "every package pinned"
    assert not [line for line in pins if line.lower().startswith("nbgrader")], "no instructor tools for students"


@pytest.mark.slow
def test_requirements_install_into_a_fresh_venv_and_the_notebook_imports_work(tmp_path):
    modules = _imported_modules()
    assert {"numpy", "matplotlib.pyplot"} <= modules, modules  # the parse found the notebook's imports
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "-r", REQUIREMENTS], capture_output=True, text=True, timeout=900
    )
    assert install.returncode == 0, install.stderr[-3000:]
    probe = (
        "import importlib, importlib.util, json, sys\n"
        "missing = []\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ImportError:\n"
        "        missing.append(name)\n"
        "print(json.dumps(missing))\n"
    )
    wanted = sorted(modules | {"ipykernel", "jupyterlab"})
    # nbgrader is the positive control: the probe must report it missing, or it reports nothing.
    run = subprocess.run(
        [python, "-c", probe, *wanted, "nbgrader"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg"},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout) == ["nbgrader"], f"imports missing in the students' environment: {run.stdout}"
