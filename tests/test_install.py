"""The install: the lock pins everything requirements.in names, and PYTHON= picks the venv's interpreter.

Whether the lock really installs on every Python is .ci/smoke_matrix.sh's job (CI, every interpreter).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

LOCK = ROOT / "requirements.lock"


def _names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            names.add(re.split(r"[\[<>=!~ ;]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def _pins(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


def test_the_lock_pins_every_direct_dependency_exactly():
    pins = _pins(LOCK)
    assert all(re.match(r"^[A-Za-z0-9_.\-]+==[^ ;]+( ; .+)?$", line) for line in pins), "one exact pin a line"
    missing = _names(ROOT / "requirements.in") - _names(LOCK)
    assert not missing, f"in requirements.in but not in the lock: {missing}; run `make lock`"


def test_students_get_the_versions_the_kit_is_tested_with():
    """Each package=version of the students' file is in the kit's lock (markers may differ: fewer packages)."""
    student = {line.split(" ;")[0] for line in _pins(ROOT / "assignments" / "logreg" / "requirements.txt")}
    kit = {line.split(" ;")[0] for line in _pins(LOCK)}
    assert student and student <= kit, student - kit


def _dry_venv(tmp_path: Path, stamp: str) -> str:
    venv = tmp_path / "venv"
    venv.mkdir(exist_ok=True)
    (venv / ".installed").write_text(stamp + "\n")
    proc = subprocess.run(
        ["make", "-n", "venv", f"PYTHON={sys.executable}", f"VENV={venv}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_a_venv_built_by_the_same_interpreter_is_kept(tmp_path):
    stamp = f"{sys.executable} {sys.version.split()[0]}"
    assert "-m venv" not in _dry_venv(tmp_path, stamp)


def test_a_venv_built_by_another_interpreter_is_rebuilt(tmp_path):
    """Positive control of the test above: the same call with another stamp rebuilds."""
    assert f"{sys.executable} -m venv --clear" in _dry_venv(tmp_path, "/usr/bin/python3 3.11.2")
