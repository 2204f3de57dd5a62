"""Running the graders under plain pytest: ``pytest autograder/graders --submission PATH``.

The fixtures are the engine's (``autograder.rubric``): ``sub`` is the part's
sandbox, ``ref`` the reference, ``rng`` the seeded hidden data, and a check whose
``requires`` failed is skipped, as the engine does. pytest reports pass and fail
only; points come from ``python -m autograder grade``.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.assignment.parts import BY_NAME
from autograder.engine.judge import SandboxHandle
from autograder.engine.rubric import REFERENCE, seed_for
from autograder.engine.sandbox import ForkServer
from autograder.engine.secret import course_secret
from autograder.engine.submission import read_submission

_outcomes: dict[tuple[str, str], bool] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--submission", help="the notebook or .py module to grade")


def _part(module) -> str:
    """The part a grader module judges: test_sigmoid.py -> sigmoid."""
    return module.__name__.rsplit(".", 1)[-1].removeprefix("test_")


@pytest.fixture(scope="session")
def fork_server():
    with ForkServer() as server:
        yield server


@pytest.fixture(scope="session")
def submission(request):
    path = request.config.getoption("--submission")
    if not path:
        pytest.exit("give the submission to grade: --submission PATH", returncode=4)
    return read_submission(path)


@pytest.fixture
def sub(request, fork_server, submission):
    handle = SandboxHandle(fork_server, submission, BY_NAME[_part(request.module)])
    yield handle
    handle.close()


@pytest.fixture
def ref():
    return REFERENCE


@pytest.fixture
def rng(request):
    check_name = request.function.rubric.name
    return np.random.default_rng(seed_for(course_secret()[0], _part(request.module), check_name))


def pytest_runtest_setup(item: pytest.Item) -> None:
    spec = getattr(getattr(item, "function", None), "rubric", None)
    if spec is None:
        return
    for needed in spec.requires:
        if not _outcomes.get((_part(item.module), needed), False):  # type: ignore[attr-defined]
            pytest.skip(f"needs '{needed}' to pass first")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    report = yield
    spec = getattr(getattr(item, "function", None), "rubric", None)
    if spec is not None and report.when == "call":
        _outcomes[(_part(item.module), spec.name)] = report.passed  # type: ignore[attr-defined]
    return report
