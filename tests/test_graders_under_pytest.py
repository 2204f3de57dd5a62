"""The graders are real pytest files: plain pytest and the engine agree check by check."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from helpers import CORPUS, RELEASE, ROOT, with_reference

from autograder.engine.judge import grade

pytestmark = pytest.mark.slow  # drives nbgrader, kernels or many sandboxes

CASES = [
    ROOT / "solutions" / "logreg.py",
    CORPUS / "wrong" / "gradient__dw_missing_div_n.py",
    CORPUS / "wrong" / "fit__history_after_update.py",
    RELEASE,
]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_pytest_and_the_engine_agree(path, tmp_path, server):
    if CORPUS in path.parents:
        path = with_reference(path, tmp_path)
    junit = tmp_path / "junit.xml"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(ROOT / "autograder" / "graders"),
            f"--submission={path}",
            f"--junitxml={junit}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    under_pytest = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        part = case.get("classname").rsplit(".", 1)[-1].removeprefix("test_")
        passed = not any(child.tag in ("failure", "error", "skipped") for child in case)
        under_pytest[(part, case.get("name").removeprefix("test_"))] = passed
    engine = {(p.name, c.name): c.passed for p in grade(path, server=server).parts for c in p.checks}
    assert under_pytest == engine
