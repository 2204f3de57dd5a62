"""Positive controls of the attack tests: without the protection that stops it, each attack pays off.

``tests/test_integrity.py`` shows that every attack scores 0 in the kit's sandbox. Here the
same attack files are graded by ``tests/no_sandbox_grader.py``: the submission runs in the
graders' own process, as in plain nbgrader's kernel. An attack must then gain points or crash
the grading process; if it did neither, the attack test would prove nothing about the sandbox.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import CORPUS, ROOT, with_stubs

from autograder.engine.judge import grade

pytestmark = pytest.mark.slow

# attack -> (flags that switch its protection off, the protection)
CONTROLS = {
    "attack__imports_shadow_numpy": (["--in-folder"], "the sandbox runs python -I outside the submission's folder"),
    "attack__os_exit_in_functions": ([], "student code runs in a process of its own"),
    "attack__patch_math_and_builtins": ([], "student code runs in a process of its own"),
    "attack__patch_numpy_at_import": ([], "student code runs in a process of its own"),
    "attack__reads_kit_files": ([], "the sandbox's filesystem holds no kit file"),
    "attack__searches_its_process": ([], "the reference never exists in the sandbox"),
    "attack__sys_exit_at_import": ([], "loading catches exit() and goes on"),
}
# Attacks on a kind of judge the kit is not: there is no protection to switch off.
NO_SWITCH = {
    "attack__equal_to_anything": "two fences each stop it alone: plain data on the wire, and type checks before values",
    "attack__patch_pytest_and_unittest": "the kit's checks never go through pytest's or unittest's verdicts",
    "attack__prints_fake_results": "the judge never reads what a submission prints",
}


# Attacks that fake the verdict on wrong answers: on stubs they could gain nothing even if they worked,
# so they are placed on wrong (all-zero) answers, and must add nothing to those answers' score.
ON_WRONG_ANSWERS = {"attack__patch_numpy_at_import", "attack__patch_math_and_builtins"}
# The "does nothing" corpus case: constants of the right kind, wrong values everywhere.
ZEROS = (CORPUS / "constants.py").read_text()


def _no_sandbox_score(target, flags, cwd) -> float | None:
    """The score without the sandbox, or None if the grading process crashed."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "no_sandbox_grader.py"), str(target), *flags],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith('{"score"')]
    return json.loads(lines[-1])["score"] if proc.returncode == 0 and lines else None


# Attacks on the jail: their controls grade them with ISOLATION=none, as root and as an ordinary user.
CONTROLLED_IN_TEST_ISOLATION = {
    "attack__reads_judge_cwd": "test_the_judges_files_are_out_of_reach",
    "attack__sysv_shared_memory": "test_no_shared_memory_between_sandboxes_or_students",
}


# Attacks whose control needs answers of their own: the test below.
CONTROLLED_BELOW = {"attack__forges_its_reply": "test_a_forged_reply_gains_only_what_a_legal_line_gains"}


def test_every_attack_has_a_control_or_a_reason():
    attacks = {p.stem for p in (CORPUS / "hostile").glob("attack__*.py")}
    covered = set(CONTROLS) | set(NO_SWITCH) | set(CONTROLLED_IN_TEST_ISOLATION) | set(CONTROLLED_BELOW)
    assert attacks == covered, attacks ^ covered
    isolation_tests = (ROOT / "tests" / "test_isolation.py").read_text()
    assert all(f"def {test}(" in isolation_tests for test in CONTROLLED_IN_TEST_ISOLATION.values())
    assert all(callable(globals().get(test)) for test in CONTROLLED_BELOW.values())


@pytest.mark.parametrize("name", sorted(CONTROLS))
def test_without_its_protection_the_attack_pays_off(name, tmp_path, server):
    flags, protection = CONTROLS[name]
    text = (CORPUS / "hostile" / f"{name}.py").read_text()
    folder = tmp_path / "submission"
    folder.mkdir()
    if name in ON_WRONG_ANSWERS:
        base = folder / "base.py"
        base.write_text(ZEROS)
        target = folder / f"{name}.py"
        target.write_text(ZEROS + "\n" + text)
        baseline = grade(base, server=server).score
        assert grade(target, server=server).score <= baseline, f"{name} gained points in the sandbox"
    else:
        source = tmp_path / f"{name}.py"
        source.write_text(text)
        target, baseline = with_stubs(source, folder), 0.0
    if "shadow_numpy" in name:
        (folder / "numpy.py").write_text("FAKE_SIGMOID = 'fake'\nallclose = lambda *a, **k: True\n")
    score = _no_sandbox_score(target, flags, tmp_path)
    assert score is None or score > baseline, f"{name} gained nothing even without its protection ({protection})"


SILENCED_SIGMOID = """
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):  # legal: the contract asks that no warning escapes
        out = 1.0 / (1.0 + np.exp(-z))
    return float(out) if out.ndim == 0 else out
"""


def test_a_forged_reply_gains_only_what_a_legal_line_gains(tmp_path, server):
    """Answers that overflow and change their inputs, with the reporting code rewritten to hide both.

    The judge reads the arguments from its own memory after the sandbox has ended, so hiding the
    changes gains nothing. Warnings are the one thing a call reports of itself; hiding them gains
    exactly what one legal line (``np.errstate``) gains. Without the sandbox (plain nbgrader's
    kernel) the forged reply is believed and the attack gains more.
    """
    mistakes = (ROOT / "solutions" / "logreg.py").read_text()
    for name in ("sigmoid__naive_overflow", "gradient__modifies_X_inplace", "predict_proba__modifies_X_inplace"):
        mistakes += "\n\n" + (CORPUS / "wrong" / f"{name}.py").read_text()
    files = {
        "mistakes": mistakes,
        "silenced": mistakes + "\n\nimport numpy as np\n" + SILENCED_SIGMOID,
        "forged": mistakes + "\n\n" + (CORPUS / "hostile" / "attack__forges_its_reply.py").read_text(),
    }
    sandboxed, unsandboxed = {}, {}
    for label, text in files.items():
        path = tmp_path / f"{label}.py"
        path.write_text(text)
        sandboxed[label] = grade(path, server=server).score
        unsandboxed[label] = _no_sandbox_score(path, [], tmp_path)
    assert sandboxed["mistakes"] < sandboxed["silenced"] < 100, sandboxed
    assert sandboxed["forged"] == sandboxed["silenced"], sandboxed
    assert unsandboxed["forged"] is not None and unsandboxed["forged"] > unsandboxed["silenced"], unsandboxed
