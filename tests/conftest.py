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
