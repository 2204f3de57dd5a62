"""Fair grading: each mistake charged once, where it was made, with its own hint, whatever the machine's load."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import CORPUS, ROOT, grade_all, with_reference

from autograder.assignment.contract import MAY_MODIFY_INPUTS
from autograder.assignment.parts import BY_NAME, PARTS
from autograder.engine.judge import grade
from autograder.engine.limits import Limits
from autograder.engine.sandbox import TOO_SLOW, ForkServer
from autograder.graders import expect

WRONG = sorted((CORPUS / "wrong").glob("*.py"))
CORRECT = sorted((CORPUS / "correct").glob("*.py"))


def _part_of(function: str) -> str:
    return next(part.name for part in PARTS if function in part.functions)


def _outcome(report) -> list[tuple]:
    """Everything a student is told, check by check."""
    return [(p.name, c.name, c.status, c.score, c.hint, c.detail) for p in report.parts for c in p.checks]


class CpuHog:
    """As many busy processes as the machine has cores, started and stopped by the test."""

    def __init__(self, count: int | None = None) -> None:
        self.count = count or os.cpu_count() or 1
        self.procs: list[subprocess.Popen] = []

    def __enter__(self) -> CpuHog:
        self.procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(self.count)]
        time.sleep(0.5)
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in self.procs:
            proc.kill()
        for proc in self.procs:
            proc.wait()


def _wall_over_cpu() -> float:
    """How much longer than its CPU time a fixed CPU-bound job takes in wall time, right now (a job of about
    1 s: a shorter one can finish on the scheduler's head start for new processes)."""
    code = "import time\nw, c = time.perf_counter(), time.process_time()\nsum(i * i for i in range(16_000_000))\n"
    code += "print((time.perf_counter() - w) / (time.process_time() - c))"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


@pytest.mark.slow
def test_every_corpus_submission_scores_the_same_on_a_busy_machine(tmp_path, corpus_reports):
    """The corpus as graded quietly (the session's corpus_reports), graded again with every core busy."""
    whole = {with_reference(p, tmp_path): p for p in WRONG + CORRECT} | {
        CORPUS / "constants.py": CORPUS / "constants.py"
    }
    assert set(whole.values()) == set(corpus_reports)
    quiet = {str(p.relative_to(CORPUS)): _outcome(report) for p, report in corpus_reports.items()}
    started = time.perf_counter()
    with CpuHog() as hog:
        # The control: the hog really stretches wall time, so a wall-clock limit would be hit sooner.
        # Measured before and after the busy pass (one short job can land in a lull of the scheduler).
        stretch = _wall_over_cpu()
        busy = {str(whole[p].relative_to(CORPUS)): _outcome(report) for p, report in grade_all(list(whole)).items()}
        stretch = max(stretch, _wall_over_cpu())
    seconds = time.perf_counter() - started
    points = {
        label: sum(c[3] for outcome in runs.values() for c in outcome) for label, runs in (("q", quiet), ("b", busy))
    }
    print(
        f"\n{len(busy)} submissions; quiet: points {points['q']:g}; "
        f"{hog.count} hogs: {seconds:.0f} s, wall/cpu {stretch:.2f}, points {points['b']:g}"
    )
    assert stretch > 1.2, f"{hog.count} busy processes slowed a job by only {stretch:.2f}x: the hog does not load"
    differ = [name for name in quiet if quiet[name] != busy[name]]
    assert not differ, f"scores changed under load for {differ}"


@pytest.mark.slow
def test_limits_count_cpu_time_not_wall_time(tmp_path):
    """Sleeping past the CPU budget is fine; computing past it is "too slow" (a positive control of the above)."""
    source = (ROOT / "solutions" / "logreg.py").read_text()
    slow_sleep = tmp_path / "sleeps.py"
    slow_sleep.write_text(
        source + "\n\nimport time\n_s = sigmoid\n\ndef sigmoid(z):\n    time.sleep(0.6)\n    return _s(z)\n"
    )
    slow_work = tmp_path / "works.py"
    slow_work.write_text(
        source + "\n\nimport time\n_s = sigmoid\n\ndef sigmoid(z):\n"
        "    t = time.process_time()\n    while time.process_time() - t < 0.6:\n        pass\n    return _s(z)\n"
    )
    limits = Limits(call_cpu_seconds=0.4, call_seconds=20.0, part_seconds=600.0)
    with ForkServer(limits) as server:
        from autograder.engine.judge import grade_part
        from autograder.engine.secret import course_secret
        from autograder.engine.submission import read_submission

        secret, _ = course_secret()
        slept = grade_part(server, read_submission(slow_sleep), BY_NAME["sigmoid"], secret).result
        worked = grade_part(server, read_submission(slow_work), BY_NAME["sigmoid"], secret).result
    assert slept.score == slept.max_score
    assert worked.score < worked.max_score
    assert worked.checks[0].hint == TOO_SLOW


@pytest.mark.slow
def test_a_truly_slow_fit_is_told_it_is_too_slow(server, tmp_path):
    report = grade(with_reference(CORPUS / "wrong" / "fit__quadratic_loop_too_slow.py", tmp_path), server=server)
    fit = next(p for p in report.parts if p.name == "fit")
    slow = [c for c in fit.checks if not c.passed]
    assert slow and slow[0].hint == TOO_SLOW and "endless" not in slow[0].hint.split("(")[0]
    assert all(c.name.startswith("accuracy") for c in slow), [c.name for c in slow]


def test_doing_nothing_scores_nothing(server):
    report = grade(CORPUS / "constants.py", server=server)
    passed = [(p.name, c.name) for p in report.parts for c in p.checks if c.passed]
    assert report.score <= 2, passed


def test_a_fit_mistake_costs_nothing_in_xor(server, tmp_path):
    """The xor part trains with the reference fit: even a fit that learns nothing leaves xor at full marks."""
    assert BY_NAME["xor"].functions == ("add_interaction",)
    broken = tmp_path / "no_fit.py"
    broken.write_text(
        (ROOT / "solutions" / "logreg.py").read_text()
        + "\n\ndef fit(X, y, lr=0.1, epochs=1000, lam=0.0):\n    raise ValueError('broken')\n"
    )
    report = grade(broken, server=server)
    scores = {p.name: p.score for p in report.parts}
    assert scores["xor"] == BY_NAME["xor"].points and scores["fit"] == 0


def test_a_beginner_hint_is_given_once_per_part(server, tmp_path):
    report = grade(with_reference(CORPUS / "wrong" / "gradient__prints_instead_of_return.py", tmp_path), server=server)
    gradient = next(p for p in report.parts if p.name == "gradient")
    hints = [c.hint for c in gradient.checks if not c.passed]
    assert hints.count(expect.NONE_HINT) == 1, hints
    assert all(h == expect.NONE_HINT or h.startswith("the same problem as in") for h in hints), hints


@pytest.mark.parametrize(
    ("case", "hint"),
    [
        ("predict__returns_list.py", expect.LIST_HINT),
        ("gradient__dw_column_shape.py", expect.COLUMN_HINT),
        ("threshold_sweep__integer_division.py", expect.INTDIV_HINT),
    ],
)
def test_common_beginner_failures_get_their_own_hint_and_cost_one_check(case, hint, server, tmp_path):
    report = grade(with_reference(CORPUS / "wrong" / case, tmp_path), server=server)
    failed = [c for p in report.parts for c in p.checks if not c.passed]
    assert [c.hint for c in failed][:1] == [hint], [(c.name, c.hint) for c in failed]
    assert all(c.hint == hint or c.hint.startswith("the same problem") for c in failed)


def _scribbler(function: str) -> str:
    """The reference `function`, changed to overwrite the float arrays it was given after computing its result."""
    return (
        f"\n\n_reference_{function} = {function}\n\n\n"
        f"def {function}(*args, **kwargs):\n"
        f"    out = _reference_{function}(*args, **kwargs)\n"
        "    for arg in args:\n"
        "        if isinstance(arg, np.ndarray) and arg.dtype.kind == 'f' and arg.size:\n"
        "            arg[...] = arg + 1.0\n"
        "    return out\n"
    )


@pytest.mark.parametrize("function", sorted(MAY_MODIFY_INPUTS))
def test_changing_an_input_costs_points_exactly_where_the_contract_forbids_it(function, server, tmp_path):
    path = tmp_path / f"scribbles_{function}.py"
    path.write_text((ROOT / "solutions" / "logreg.py").read_text() + _scribbler(function))
    report = grade(path, server=server)
    lost = {p.name: [c.name for c in p.checks if not c.passed] for p in report.parts if p.score < p.max_score}
    if MAY_MODIFY_INPUTS[function]:
        assert not lost, lost
    else:
        assert list(lost) == [_part_of(function)], lost
        assert "inputs_untouched" in lost[_part_of(function)], lost


def test_every_new_case_is_in_the_corpus():
    """The cases issue 12 names stay in the corpus (the table in the closing note refers to them)."""
    names = {p.name for p in WRONG + CORRECT}
    for name in (
        "fit__gradient_ascent.py",
        "fit__frozen_bias.py",
        "fit__random_init.py",
        "fit__standardises_X_inplace.py",
        "fit__history_entries_as_arrays.py",
        "fit__stops_early_on_plateau.py",
        "fit__quadratic_loop_too_slow.py",
        "loss__textbook_unclipped.py",
        "regularized_loss__textbook_unclipped.py",
        "threshold_sweep__assumes_ascending_thresholds.py",
        "predict_proba__modifies_X_inplace.py",
        "per_example_loop_fit.py",
        "precision_plus_epsilon.py",
        "gradient_float32.py",
        "add_interaction_float32.py",
    ):
        assert name in names, name
    assert Path(CORPUS / "constants.py").exists()


def test_the_judge_reads_cpu_time_only_of_its_own_sandbox():
    """A pid from another PID namespace (a jail) must not be measured as if it were the sandbox."""
    from autograder.engine.sandbox import _cpu_seconds

    with ForkServer() as server:
        sandbox = server.spawn()
        try:
            sandbox.load([], "", [], [])
            assert sandbox._worker() > 0 and _cpu_seconds(sandbox._worker()) is not None
            sandbox.server_pid = None  # no fork server to descend from: nothing is measured
            assert sandbox._worker() == -1
        finally:
            sandbox.close()
