"""The jail, as root and as an ordinary user: the same attack gets the same result both ways.

Each case runs `python -m autograder grade --json` in a subprocess, once as the test's own user and,
when the test runs as root (CI), once more as uid 65534 (nobody). To let nobody reach the kit and the
interpreter (which may live under /root, mode 0700), that run starts in a private mount namespace where
only the needed folders are made traversable (``traversable_view``); no file on the machine changes.

Every protection has a positive control: the same attack with that protection switched off
(``ISOLATION=none``, or only a per-process memory limit) gains points or reaches the listener.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import CORPUS, ROOT, with_reference, with_stubs

from autograder.engine.sandbox import SandboxError
from autograder.engine.sandbox.isolation import UID_BASE

HOSTILE = CORPUS / "hostile"
NOBODY = 65534
USERS = ["root", "nobody"] if os.geteuid() == 0 else ["self"]
SHM_KEY = 0x4A11ED

pytestmark = pytest.mark.slow

# Run as root: open up the paths for `uid` in a private mount namespace, then become `uid` and exec the rest.
LAUNCH = """
import json, os, sys
sys.path.insert(0, sys.argv[1])
from autograder.engine.sandbox.isolation import traversable_view
traversable_view(json.loads(sys.argv[2]), int(sys.argv[3]))
uid = sys.argv[3]
os.execvp("setpriv", ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--", *sys.argv[4:]])
"""


def _jail_uid(user: str) -> int | None:
    return {"root": UID_BASE, "nobody": NOBODY}.get(user)


def _processes_of(uid: int | None) -> list[int]:
    """Live processes of `uid`, except this test process's own (a session fork server runs as the jail's uid)."""
    if uid is None:
        return []
    owners, parents = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if "State:\tZ" not in status:
                owners[int(entry.name)] = int(status.split("Uid:")[1].split()[1])
                parents[int(entry.name)] = int(status.split("PPid:")[1].split()[0])

    def ours(pid: int) -> bool:
        while pid > 1:
            if pid == os.getpid():
                return True
            pid = parents.get(pid, 0)
        return False

    return [pid for pid, owner in owners.items() if owner == uid and not ours(pid)]


def _shm_segments() -> set[str]:
    out = subprocess.run(["ipcs", "-m"], capture_output=True, text=True).stdout
    return {line.split()[1] for line in out.splitlines() if line.startswith("0x")}


def grade_as(user: str, path: Path, env: dict | None = None, kit: Path = ROOT, python: str | None = None) -> dict:
    """Grade `path` in a subprocess as `user`; the report, plus seconds and what it left behind."""
    python = python or sys.executable
    base = {
        "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
        "HOME": "/tmp",
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    argv = [python, "-m", "autograder", "grade", str(path), "--json"]
    if user == "nobody":
        prefixes = {sys.prefix, os.path.realpath(sys.base_prefix), os.path.dirname(os.path.realpath(python))}
        prefixes.add(os.path.realpath(os.path.join(os.path.dirname(python), "..")))
        needed = sorted({str(kit), str(path.parent), *prefixes})
        argv = [sys.executable, "-I", "-c", LAUNCH, str(ROOT), json.dumps(needed), str(NOBODY), *argv]
        os.chmod(path, 0o644)
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=kit, env={**base, **(env or {})}, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    deadline = time.monotonic() + 5
    while _processes_of(_jail_uid(user)) and time.monotonic() < deadline:
        time.sleep(0.1)
    report["left"] = len(_processes_of(_jail_uid(user)))
    report["wall"] = seconds
    return report


def _attack(name: str, folder: Path, **values) -> Path:
    text = (HOSTILE / name).read_text()
    for key, value in values.items():
        text = text.replace(key, str(value))
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "src" / name
    source.parent.mkdir(exist_ok=True)
    source.write_text(text)
    out = with_stubs(source, folder)
    out.chmod(0o644)
    folder.chmod(0o755)
    return out


def _jailed(report: dict) -> bool:
    return report["protection"][0].startswith("jail")


@pytest.mark.parametrize("user", USERS)
def test_a_correct_submission_gets_full_marks_in_the_jail(user):
    report = grade_as(user, ROOT / "solutions" / "logreg.py")
    assert report["score"] == 100 and _jailed(report), report["protection"]
    assert report["left"] == 0


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("attack", ["attack__reads_judge_cwd.py", "attack__reads_kit_files.py"])
def test_the_judges_files_are_out_of_reach(attack, user, tmp_path):
    path = _attack(attack, tmp_path)
    report = grade_as(user, path)
    assert _jailed(report) and report["score"] == 0 and report["left"] == 0
    control = grade_as(user, path, {"ISOLATION": "none"})
    assert control["protection"][0].startswith("NO JAIL")
    assert control["score"] > 50, "positive control: without the jail the attack reads the reference"


class Listener:
    """A TCP listener on 127.0.0.1 counting what it receives."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.received = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                if conn.recv(4096):
                    self.received += 1

    def close(self) -> None:
        self.sock.close()


@pytest.mark.parametrize("user", USERS)
def test_no_network_in_any_sandbox(user, tmp_path):
    listener = Listener()
    try:
        path = _attack("jail__network.py", tmp_path, PORT=listener.port)
        report = grade_as(user, path)
        assert _jailed(report) and report["left"] == 0
        time.sleep(0.2)
        assert listener.received == 0, "the hidden inputs left the sandbox"
        grade_as(user, path, {"ISOLATION": "none"})
        time.sleep(0.2)
        assert listener.received > 0, "positive control: without the jail the listener receives the inputs"
    finally:
        listener.close()


@pytest.mark.parametrize("user", USERS)
def test_no_shared_memory_between_sandboxes_or_students(user, tmp_path):
    """The attack leaves the helpers it gets in SysV shared memory and answers from what it finds there:
    graded twice (its own second grade, or a classmate with the same trick graded later), it gains nothing."""
    before = _shm_segments()
    path = _attack("attack__sysv_shared_memory.py", tmp_path)
    first, second = grade_as(user, path), grade_as(user, path)
    assert _jailed(first) and first["score"] == second["score"] == 0
    assert _shm_segments() == before, "a shared memory segment outlived its sandbox"
    assert first["left"] == second["left"] == 0
    try:
        grade_as(user, path, {"ISOLATION": "none"})
        control = grade_as(user, path, {"ISOLATION": "none"})
        assert control["score"] > 0, "positive control: with the host's IPC shared, the second grade gains"
        assert _shm_segments() != before
    finally:
        subprocess.run(["ipcrm", "-M", hex(SHM_KEY)], capture_output=True)


@pytest.mark.parametrize("user", USERS)
def test_memory_is_bounded_across_a_sandboxs_processes(user, tmp_path):
    """8 children of 200 MB each would hold 1.6 GB under a stated total of 1 GB."""
    values = {"CHILDREN": 8, "CHUNK_MB": 200, "TOTAL_MB": 1024}
    path = _attack("jail__memory_children.py", tmp_path, **values)
    limits = {"AUTOGRADER_MEMORY_MB": "1024"}
    report = grade_as(user, path, limits)
    assert _jailed(report) and report["score"] == 0 and report["left"] == 0
    assert any("4 processes x 256 MB" in note for note in report["protection"]), report["protection"]
    per_process_only = {**limits, "AUTOGRADER_PROCESS_MEMORY_MB": "1024", "AUTOGRADER_PROCESSES": "32"}
    control = grade_as(user, path, per_process_only)
    assert control["score"] > 0, "positive control: with only a per-process limit, the children hold more"


GRADE_TWICE = """
import json, sys
from dataclasses import replace
from autograder.engine.judge import grade
from autograder.engine.sandbox import ForkServer
from autograder.engine.sandbox.isolation import detect_isolation
jail = detect_isolation()
hidden = replace(jail, visible=tuple(p for p in jail.visible if not p.startswith("/tmp/")))
scores = []
for isolation in (jail, hidden):
    with ForkServer(isolation=isolation) as server:
        scores.append(grade(sys.argv[1], server=server).score)
print(json.dumps({"scores": scores, "protection": jail.describe()}))
"""


def test_a_kit_and_venv_under_tmp_grade_the_same(tmp_path):
    """A clone in a temporary folder with its venv beside it: numpy.random and scipy.special import in the
    sandbox, and the protection note lists the venv under /tmp. Control: the same jail without that bind."""
    assert str(tmp_path).startswith("/tmp/")
    kit = tmp_path / "kit"
    for folder in ("autograder", "solutions"):  # what `python -m autograder grade` needs
        shutil.copytree(ROOT / folder, kit / folder, ignore=shutil.ignore_patterns("__pycache__"))
    venv = kit / ".venv"
    if subprocess.run(["cp", "-al", sys.prefix, str(venv)], capture_output=True).returncode:
        shutil.rmtree(venv, ignore_errors=True)  # not our files to hard-link (an ordinary user): copy them
        subprocess.run(["cp", "-a", sys.prefix, str(venv)], check=True)
    python = str(kit / ".venv" / "bin" / "python")
    submission = with_reference(HOSTILE / "jail__tmp_kit_scipy.py", tmp_path)
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [python, "-c", GRADE_TWICE, str(submission)], cwd=kit, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["scores"][0] == 100
    assert any(str(kit / ".venv") in note for note in result["protection"]), result["protection"]
    assert result["scores"][1] < 100, "positive control: with the venv under /tmp hidden, the submission loses points"


@pytest.mark.parametrize("user", USERS)
def test_without_a_jail_grading_refuses_unless_told_otherwise(user, tmp_path):
    path = ROOT / "solutions" / "logreg.py"
    no_bwrap = {"AUTOGRADER_BWRAP": "/nonexistent/bwrap"}
    argv = [sys.executable, "-m", "autograder", "grade", str(path), "--json"]
    done = subprocess.run(argv, cwd=ROOT, env={**os.environ, **no_bwrap}, capture_output=True, text=True)
    assert done.returncode == 2 and not done.stdout
    assert "refusing to run student code" in done.stderr and "bubblewrap" in done.stderr
    assert "ISOLATION=none" in done.stderr
    report = grade_as(user, path, {**no_bwrap, "ISOLATION": "none"})
    assert report["score"] == 100 and report["protection"][0].startswith("NO JAIL (ISOLATION=none")


def attack_table() -> list[tuple[str, str, float, float, int]]:
    """Every attack and disturbance of the corpus, graded as each user: (case, user, score, seconds, left)."""
    import tempfile

    rows = []
    listener = Listener()
    cases = sorted(HOSTILE.glob("attack__*.py")) + sorted(HOSTILE.glob("disturb__*.py"))
    cases += [HOSTILE / "jail__network.py", HOSTILE / "jail__memory_children.py"]
    try:
        for case in cases:
            for user in USERS:
                with tempfile.TemporaryDirectory() as folder:
                    folder = Path(folder)
                    os.chmod(folder, 0o755)
                    env = {}
                    if case.name.startswith("disturb__"):
                        path = with_reference(case, folder)
                    else:
                        values = {"PORT": listener.port, "CHILDREN": 8, "CHUNK_MB": 200, "TOTAL_MB": 1024}
                        path = _attack(case.name, folder, **values)
                        env = {"AUTOGRADER_MEMORY_MB": "1024"} if "memory" in case.name else {}
                    if "shadow_numpy" in case.name:
                        (folder / "numpy.py").write_text("FAKE_SIGMOID = 'fake'\nallclose = lambda *a, **k: True\n")
                    received = listener.received
                    report = grade_as(user, path, env)
                    label = case.stem + (
                        f" (listener got {listener.received - received})" if "network" in case.name else ""
                    )
                    rows.append((label, user, report["score"], report["wall"], report["left"]))
    finally:
        listener.close()
    return rows


if __name__ == "__main__":  # the closing note's table: .venv/bin/python tests/test_isolation.py
    print("| case | user | score | seconds | processes left |\n| --- | --- | --- | --- | --- |")
    for case, user, score, seconds, left in attack_table():
        print(f"| {case} | {user} | {score:g} | {seconds:.1f} | {left} |")


PEEK = """
import os
def peek():
    return sorted(int(p) for p in os.listdir('/proc') if p.isdigit())
"""


@pytest.mark.parametrize("jail", [True, False], ids=["jail", "control_none"])
def test_a_sandbox_sees_no_other_process(jail, monkeypatch):
    """Two sandboxes alive at once: each sees only itself (PID 1) in its /proc; without the jail, everything."""
    from autograder.engine.sandbox import ForkServer
    from autograder.engine.sandbox.isolation import detect_isolation

    if not jail:
        monkeypatch.setenv("ISOLATION", "none")
    detect_isolation.cache_clear()
    try:
        with ForkServer() as server:
            first, second = server.spawn(), server.spawn()
            for sandbox in (first, second):
                sandbox.load([{"label": "peek", "source": PEEK}], "", [], [])
            seen = [first.call("peek").value, second.call("peek").value]
            first.close()
            second.close()
    finally:
        detect_isolation.cache_clear()
    if jail:
        assert seen == [[1], [1]]
    else:
        assert all(len(pids) > 3 for pids in seen), "positive control: without the jail /proc shows the machine"


NEST = """
import ctypes
def nest():
    libc = ctypes.CDLL(None, use_errno=True)
    return [libc.unshare(flag) == 0 for flag in (0x10000000, 0x40000000, 0x00020000)]  # user, net, mount
"""


def test_a_sandbox_can_make_no_namespace_of_its_own(server):
    """No new user namespace (a common way into kernel bugs), and without capabilities no other kind either."""
    sandbox = server.spawn()
    try:
        sandbox.load([{"label": "nest", "source": NEST}], "", [], [])
        assert sandbox.call("nest").value == [False, False, False]
    finally:
        sandbox.close()


FORKS = """
import os, time
def forks(x):
    if os.fork() == 0:
        return "from the child"  # comes back into the sandbox's serving loop in a second process
    time.sleep(0.3)  # the child gets there first
    return x
def echo(x):
    return x
"""


def test_only_the_sandbox_answers_never_a_process_it_forked(server):
    """A forked copy of the sandbox that returns must not answer this call or a later one: the same
    submission gets the same answers however its processes race (a fork bomb once made grades vary)."""
    sandbox = server.spawn()
    try:
        bomb = (HOSTILE / "disturb__regularized_loss.py").read_text()  # the corpus's fork bomb
        sandbox.load([{"label": "forks", "source": FORKS}, {"label": "bomb", "source": bomb}], "", [], [])
        assert [sandbox.call("forks", n).value for n in range(3)] == [0, 1, 2]
        with pytest.raises(SandboxError, match="bomb"):
            sandbox.call("regularized_loss", None, None, None, None, None)
        assert [sandbox.call("echo", n).value for n in range(5)] == list(range(5))
        assert sandbox.alive
    finally:
        sandbox.close()


CHANGES = """
import numpy as np
def changes(a, b, c=None, d=None):
    a *= 2
    c[...] = 7
    return 1.0
"""


def test_the_judge_reads_what_a_call_did_to_its_arguments_from_its_own_memory(server):
    """In-place changes reach the judge through memory it owns, for positional and keyword arrays
    of any shape and dtype; what was not an array, or not changed, comes back as it was sent."""
    import numpy as np

    sandbox = server.spawn()
    try:
        sandbox.load([{"label": "changes", "source": CHANGES}], "", [], [])
        a, b, c = np.arange(6).reshape(2, 3), np.ones(3), np.array(0.5)
        result = sandbox.call("changes", a, b, c=c, d=3.0, return_args=True)
        assert result.value == 1.0
        assert (result.args_after[0] == 2 * a).all() and result.args_after[0].dtype == a.dtype
        assert (result.args_after[1] == b).all()
        assert result.kwargs_after["c"] == 7 and result.kwargs_after["c"].shape == ()
        assert result.kwargs_after["d"] == 3.0
        assert (a == np.arange(6).reshape(2, 3)).all()  # the judge's own arrays were never shared
    finally:
        sandbox.close()


LOADED = """
import sys
def missing(names):
    return [name for name in names if name not in sys.modules]
"""


def test_a_sandbox_starts_with_the_release_notebooks_imports_loaded(server):
    """Imported once by the fork server (a notebook's sklearn import cost about a second in each of its
    eight sandboxes), and found by reading the release, so a new import in the master is picked up."""
    from autograder.engine.sandbox import release_imports

    names = list(release_imports())
    assert {"matplotlib.pyplot", "sklearn.datasets", "sklearn.linear_model"} <= set(names)
    sandbox = server.spawn()
    try:
        sandbox.load([{"label": "loaded", "source": LOADED}], "", [], [])
        assert sandbox.call("missing", names).value == []
    finally:
        sandbox.close()


DRAWS = """
import random
import numpy as np
def draws():
    return [random.random(), float(np.random.rand())]
"""


def test_unseeded_randomness_draws_the_same_in_every_sandbox_of_every_fork_server():
    """A submission that starts fit from np.random.randn once scored 9750 or 9751 points in all between two
    fork servers (each seeds NumPy from the OS when it imports it). Control: the draws are random at all."""
    from autograder.engine.sandbox import ForkServer

    seen = []
    for _ in range(2):
        with ForkServer() as server:
            for _ in range(2):
                sandbox = server.spawn()
                sandbox.load([{"label": "draws", "source": DRAWS}], "", [], [])
                seen.append(sandbox.call("draws").value)
                sandbox.close()
    assert all(draw == seen[0] for draw in seen), seen
    assert 0 < seen[0][0] < 1 and 0 < seen[0][1] < 1 and seen[0][0] != seen[0][1]
