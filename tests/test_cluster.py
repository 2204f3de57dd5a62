"""Grading a class on a real dask.distributed cluster started here on 127.0.0.1, and the faults of a MOOC run.

Every cluster is real: a ``dask scheduler`` and ``dask worker`` processes
(``autograder.tools.bench_scale.local_dask``). The reference for every score is
the local path (this machine's process pool) on the same submissions.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from distributed import Client
from helpers import CORPUS, with_reference
from nbgrader.api import Gradebook

from autograder.assignment import KIT_ROOT, NAME
from autograder.assignment.parts import PARTS
from autograder.course.batch import autograde, load_results, seed_table
from autograder.course.cluster import PLUGIN, ClusterError
from autograder.course.gradebook import GradebookSync, export_scores
from autograder.course.paths import Course
from autograder.engine.judge import grade
from autograder.engine.results import Report
from autograder.engine.rubric import seed_for
from autograder.engine.secret import DEMO_SECRET
from autograder.tools import demo
from autograder.tools.bench_scale import local_dask, stop

ENV = os.environ | {"PYTHONPATH": str(KIT_ROOT), "MPLBACKEND": "Agg"}


def _course(root: Path, files: dict[str, tuple[str, str]]) -> Course:
    """A course folder with `files`: student -> (file name, text), as nbgrader collect leaves them."""
    root.mkdir(parents=True)
    (root / "assignments").symlink_to(KIT_ROOT / "assignments", target_is_directory=True)
    course = Course(root)
    for student, (name, text) in files.items():
        folder = course.submitted / student / NAME
        folder.mkdir(parents=True)
        (folder / name).write_text(text)
    return course


def _scores(course: Course) -> dict[str, tuple[float, list[float]]]:
    return {s: (r.score, [p.score for p in r.parts]) for s, r in load_results(course).items()}


def _one_row_each(course: Course) -> None:
    """Every student: one whole result file with its cache key, one submission in the gradebook."""
    students = course.students()
    assert sorted(p.stem for p in course.results.glob("*.json")) == students
    assert not list(course.results.glob("*.tmp"))
    for student in students:
        assert json.loads(course.result_path(student).read_text())["cache_key"]
    with Gradebook(course.db_url) as gb:
        rows = [(s.student.id, s.assignment.name) for s in gb.assignment_submissions(NAME)]
    assert sorted(rows) == [(s, NAME) for s in students]
    results = load_results(course)
    assert export_scores(course) == pytest.approx({s: r.score for s, r in results.items()})


@pytest.fixture(scope="module")
def demo_class() -> dict[str, tuple[str, str]]:
    """Nine of the demo's students: correct, partly done, untouched, mistakes, broken, two hostile."""
    wanted = {"correct": 2, "partly done": 1, "untouched": 1, "mistake": 2, "broken": 2, "hostile": 2}
    picked = {}
    for student in demo.make_class():
        if wanted.get(student.kind, 0) and student.note != "loops forever":
            wanted[student.kind] -= 1
            picked[student.sid] = (f"{NAME}.ipynb", student.broken or demo.notebook_for(student))
    return picked


@pytest.fixture(scope="module")
def local_scores(tmp_path_factory, demo_class) -> dict:
    course = _course(tmp_path_factory.mktemp("local") / "course", demo_class)
    autograde(course, workers=2, progress=False)
    return _scores(course)


def test_the_seed_table_gives_the_secrets_hidden_data_and_not_another(server, tmp_path):
    """Workers get per-check seeds instead of the course secret: the same report, and the table is what seeds it."""
    table = seed_table(DEMO_SECRET)
    assert all(seed_for(DEMO_SECRET, part, check) == seed for (part, check), seed in table.items())
    assert all(seed_for("another course", *key) != seed for key, seed in table.items())
    assert DEMO_SECRET not in repr(table)
    path = with_reference(CORPUS / "wrong" / "gradient__sign_flipped.py", tmp_path)
    by_secret = grade(path, server=server, secret=DEMO_SECRET).as_dict()
    by_seeds = grade(path, server=server, secret=table).as_dict()  # type: ignore[arg-type]
    assert [p["checks"] for p in by_seeds["parts"]] == [p["checks"] for p in by_secret["parts"]]
    with pytest.raises(KeyError):  # control: grading really draws its seeds from the table it is given
        grade(path, server=server, secret={})  # type: ignore[arg-type]


@pytest.mark.slow
def test_a_worker_killed_mid_run_costs_nothing(tmp_path, demo_class, local_scores):
    """Done when: two workers, one SIGKILLed (nanny and worker) holding submissions; same scores, one row each."""
    course = _course(tmp_path / "course", demo_class)
    arrived: list[str] = []
    lost: list[str] = []  # the students the victim held when it was killed
    killed_at: list[int] = []
    with local_dask(2, folder=tmp_path / "dask") as cluster, Client(cluster.address) as client:
        victim = cluster.workers[0]
        victim_address = next(a for a, pid in client.run(os.getpid).items() if _in_group(pid, victim.pid))

        with GradebookSync(course) as syncer:

            def on_result(student: str, result: Report) -> None:
                arrived.append(student)
                syncer.add(student, result)
                if not lost:
                    held = client.processing(workers=[victim_address])[victim_address]
                    if held:
                        lost.extend(key.split("-")[1] for key in held)
                        killed_at.append(len(arrived))
                        stop(victim)

            summary = autograde(course, progress=False, on_result=on_result, scheduler=cluster.address)
        assert victim_address not in client.scheduler_info()["workers"]
        log = (cluster.folder / "scheduler.log").read_text()
    assert lost and victim.returncode == -signal.SIGKILL
    assert f"Remove worker addr: {victim_address}" in log
    assert set(lost) <= set(arrived[killed_at[0] :])  # graded elsewhere, after the kill
    assert len(arrived) == len(set(arrived)) == len(demo_class)
    assert sorted(summary.graded) == sorted(demo_class)
    assert _scores(course) == local_scores
    _one_row_each(course)


def _in_group(pid: int, group: int) -> bool:
    try:
        return os.getpgid(pid) == group
    except ProcessLookupError:
        return False


@pytest.mark.slow
def test_hostile_submissions_cost_only_their_own_points_on_a_worker(tmp_path):
    """Killing its parent, a fork bomb, unbounded memory, processes left behind: the workers live on."""
    correct = demo.Student("ok", "ok", "correct", demo._correct(), "")
    files = {"ok": (f"{NAME}.ipynb", demo.notebook_for(correct))}
    for name in ("fit", "regularized_loss", "gradient", "add_interaction"):
        code = (CORPUS / "hostile" / f"disturb__{name}.py").read_text()
        student = demo.Student(name, name, "hostile", demo._correct() | {name: code}, "")
        files[f"disturb_{name}"] = (f"{NAME}.ipynb", demo.notebook_for(student))
    local = _course(tmp_path / "local", files)
    autograde(local, workers=2, progress=False)
    course = _course(tmp_path / "course", files)
    with local_dask(2, folder=tmp_path / "dask") as cluster:
        with Client(cluster.address) as client:
            before = client.run(os.getpid)
            with GradebookSync(course) as syncer:
                autograde(course, progress=False, on_result=syncer.add, scheduler=cluster.address)
            after = client.run(os.getpid)
    assert after == before  # no worker died or was restarted
    assert _scores(course) == _scores(local)
    scores = _scores(course)
    assert scores["ok"][0] == 100
    for student, (total, parts) in scores.items():
        disturbed = student.removeprefix("disturb_")
        assert total < 100 or student == "ok"
        for part, points in zip(PARTS, parts):  # each loses points only where its disturbed function is judged
            assert points == part.points or disturbed in part.functions, (student, part.name, points)
    _one_row_each(course)


def _autograde_process(course: Course, address: str) -> subprocess.Popen:
    argv = [sys.executable, "-m", "autograder", "autograde", "--course", str(course.root), "--scheduler", address]
    return subprocess.Popen(argv, env=ENV, cwd=KIT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_results(course: Course, count: int, proc: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while len(list(course.results.glob("*.json"))) < count:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.1)


def _rerun(course: Course, address: str) -> tuple[int, int]:
    out = subprocess.run(
        [sys.executable, "-m", "autograder", "autograde", "--course", str(course.root), "--scheduler", address],
        env=ENV,
        cwd=KIT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"graded (\d+) new or changed, reused (\d+) unchanged", out)
    assert found, out
    return int(found.group(1)), int(found.group(2))


@pytest.mark.slow
def test_an_interrupted_run_then_a_rerun_grades_only_what_is_missing(tmp_path, demo_class, local_scores):
    """Ctrl-C (SIGINT) to `python -m autograder autograde --scheduler`: what was written is whole and kept."""
    course = _course(tmp_path / "course", demo_class)
    with local_dask(2, folder=tmp_path / "dask") as cluster:
        proc = _autograde_process(course, cluster.address)
        _wait_for_results(course, 2, proc)
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 130, out
        assert "interrupted" in out
        kept = [p.stem for p in course.results.glob("*.json")]
        assert 2 <= len(kept) < len(demo_class)
        assert not list(course.results.glob("*.tmp"))
        graded, reused = _rerun(course, cluster.address)
    assert (graded, reused) == (len(demo_class) - len(kept), len(kept))
    assert _scores(course) == local_scores
    _one_row_each(course)


@pytest.mark.slow
def test_the_scheduler_lost_then_a_rerun_on_a_new_one_grades_only_what_is_missing(tmp_path, demo_class, local_scores):
    course = _course(tmp_path / "course", demo_class)
    with local_dask(2, folder=tmp_path / "dask1") as cluster:
        proc = _autograde_process(course, cluster.address)
        _wait_for_results(course, 2, proc)
        stop(cluster.scheduler)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, (out, err)
    assert "lost the dask scheduler" in err
    kept = [p.stem for p in course.results.glob("*.json")]
    assert 2 <= len(kept) < len(demo_class)
    with local_dask(2, folder=tmp_path / "dask2") as cluster:
        graded, reused = _rerun(course, cluster.address)
    assert (graded, reused) == (len(demo_class) - len(kept), len(kept))
    assert _scores(course) == local_scores
    _one_row_each(course)


def _kit_copy(folder: Path, edit: bool) -> Path:
    """The kit's code in another folder, as on another machine; `edit` changes one grader by a comment."""
    for name in ("autograder", "solutions"):
        shutil.copytree(KIT_ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    if edit:
        grader = folder / "autograder" / "graders" / "test_sigmoid.py"
        grader.write_text(grader.read_text() + "\n# a different version of the graders\n")
    return folder


def _fingerprint_of(kit: Path) -> str:
    code = "from autograder.engine.fingerprint import grading_fingerprint; print(grading_fingerprint())"
    env = ENV | {"PYTHONPATH": str(kit)}
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=kit, capture_output=True, text=True).stdout.strip()


@pytest.mark.slow
def test_a_worker_with_another_kit_version_is_refused_before_it_grades(tmp_path, demo_class, local_scores):
    from autograder.engine.fingerprint import grading_fingerprint

    stale = _kit_copy(tmp_path / "stale", edit=True)
    # Control: the same copy unedited is this kit to the fingerprint; the edit alone makes it another version.
    assert _fingerprint_of(_kit_copy(tmp_path / "same", edit=False)) == grading_fingerprint()
    assert _fingerprint_of(stale) != grading_fingerprint()
    course = _course(tmp_path / "course", demo_class)
    with local_dask(0, folder=tmp_path / "dask") as cluster:
        cluster.add_worker(kit=stale)
        with Client(cluster.address) as client:
            client.wait_for_workers(1, timeout=60)
        with pytest.raises(ClusterError, match="refused: this worker's grading fingerprint"):
            autograde(course, progress=False, scheduler=cluster.address)
        cluster.add_worker()
        with Client(cluster.address) as client:
            client.wait_for_workers(2, timeout=60)
        with GradebookSync(course) as syncer:
            summary = autograde(course, progress=False, on_result=syncer.add, scheduler=cluster.address)
        with Client(cluster.address) as client:
            # Defined here so it travels by value: the stale worker cannot import this test module.
            def executed_and_station(dask_worker=None) -> tuple[int, bool]:
                station = getattr(dask_worker.plugins.get(PLUGIN), "station", None)
                return dask_worker.state.executed_count, station is not None

            executed = client.run(executed_and_station)
    (note,) = summary.cluster_notes.values()
    assert note.startswith("refused: this worker's grading fingerprint") and grading_fingerprint() in note
    stale_worker = next(a for a in summary.cluster_notes)
    assert "refused: this worker's grading fingerprint" in (cluster.folder / "worker0.log").read_text()
    assert executed[stale_worker] == (0, False)  # it graded nothing and holds no fork server
    assert sum(n for n, _ in executed.values()) == len(demo_class)
    assert _scores(course) == local_scores
    _one_row_each(course)


@pytest.mark.slow
def test_a_tls_cluster_grades_and_refuses_a_client_without_a_certificate(tmp_path, demo_class, local_scores):
    """`--scheduler tls://... --tls-ca/--tls-cert/--tls-key`, as the README shows it, against a TLS-only cluster."""
    ca, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(ca)],
        check=True,
        capture_output=True,
    )
    course = _course(tmp_path / "course", demo_class)
    with local_dask(2, folder=tmp_path / "dask", tls=(ca, ca, key)) as cluster:
        assert cluster.address.startswith("tls://")
        plain = subprocess.run(
            [sys.executable, "-m", "autograder", "autograde", "--course", str(course.root)]
            + ["--scheduler", cluster.address.replace("tls://", "tcp://")],
            env=ENV | {"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "5s"},
            cwd=KIT_ROOT,
            capture_output=True,
            text=True,
        )
        assert plain.returncode != 0 and "connect" in plain.stderr.lower()  # control: no TLS, no answer
        assert not list(course.results.glob("*.json"))
        creds = ["--tls-ca", str(ca), "--tls-cert", str(ca), "--tls-key", str(key)]
        out = subprocess.run(
            [sys.executable, "-m", "autograder", "autograde", "--course", str(course.root)]
            + ["--scheduler", cluster.address, *creds],
            env=ENV,
            cwd=KIT_ROOT,
            capture_output=True,
            text=True,
        )
    assert out.returncode == 0, out.stderr[-2000:]
    assert _scores(course) == local_scores
    _one_row_each(course)


@pytest.mark.slow
def test_on_this_machine_a_killed_pool_worker_costs_nothing_either(tmp_path, demo_class, local_scores):
    """The local path's counterpart: a pool worker SIGKILLed mid-run; its submissions are retried in a fresh pool."""
    import multiprocessing

    course = _course(tmp_path / "course", demo_class)
    arrived: list[str] = []
    killed: list[int] = []

    def on_result(student: str, result: Report) -> None:
        arrived.append(student)
        if not killed:
            victim = multiprocessing.active_children()[0]
            killed.append(victim.pid)
            os.kill(victim.pid, signal.SIGKILL)

    with GradebookSync(course) as syncer:
        autograde(course, workers=2, progress=False, on_result=lambda s, r: (on_result(s, r), syncer.add(s, r)))
    assert killed
    assert len(arrived) == len(set(arrived)) == len(demo_class)
    assert _scores(course) == local_scores
    _one_row_each(course)
