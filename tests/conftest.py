"""Fixtures and environment for the kit's own tests; shared helpers live in ``tests/helpers.py``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("PYTHONPATH", str(ROOT))  # nbgrader's kernels import the kit
os.environ.pop("AUTOGRADER_SECRET", None)  # tests use the demo secret: reproducible

from autograder.engine.sandbox import ForkServer  # noqa: E402


@pytest.fixture(scope="session")
def server():
    with ForkServer() as fork_server:
        yield fork_server


@pytest.fixture(scope="session")
def corpus_reports(tmp_path_factory) -> dict:
    """The whole corpus graded once on a quiet machine: corpus file -> its report (each wrong or correct file
    made whole with the reference). test_graders judges each report; test_fairness regrades them under load."""
    from helpers import CORPUS, grade_all, with_reference

    folder = tmp_path_factory.mktemp("corpus")
    files = sorted((CORPUS / "wrong").glob("*.py")) + sorted((CORPUS / "correct").glob("*.py"))
    whole = {with_reference(path, folder): path for path in files} | {CORPUS / "constants.py": CORPUS / "constants.py"}
    return {whole[path]: report for path, report in grade_all(list(whole)).items()}
