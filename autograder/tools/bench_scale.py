"""``make bench-scale [N=10000]``: a synthetic MOOC class graded on this machine, then through dask.

The class cycles through the demo's kinds (correct, partly done, untouched,
mistakes, hostile, broken) in the demo's proportions, written straight into
``submitted/`` (no zip: nbgrader's zip_collect is not what is measured). It is
graded twice, each time as ``python -m autograder autograde`` in a process of
its own with the gradebook sync, into two course folders that share the
submissions:

1. on this machine (the local process pool, ``W`` workers);
2. through a ``dask scheduler`` and ``dask worker --nworkers W`` started here.

Reported: submissions/s for each, the dask path's overhead ratio, the
instructor process's peak memory (its VmHWM, sampled), the gradebook sync's
share, the scheduler's per-task overhead (no-op tasks through the same windowed
loop), the scores agreeing, and the projection the README quotes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..assignment import KIT_ROOT, NAME
from ..course.paths import Course

PY = sys.executable


def make_class(root: Path, n: int) -> Course:
    """A course folder with n submissions cycling through the demo's class (each kind's notebook built once)."""
    from . import demo

    root.mkdir(parents=True, exist_ok=True)
    if not (root / "assignments").exists():
        (root / "assignments").symlink_to(KIT_ROOT / "assignments", target_is_directory=True)
    course = Course(root)
    kinds = demo.make_class()
    texts = [s.broken or demo.notebook_for(s) for s in kinds]
    for i in range(n):
        folder = course.submitted / f"m{i + 1:06d}" / NAME
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{NAME}.ipynb").write_text(texts[i % len(texts)])
    return course


def sibling(course: Course, root: Path) -> Course:
    """Another course folder grading the same submissions (its own results and gradebook)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "assignments").symlink_to(KIT_ROOT / "assignments", target_is_directory=True)
    (root / "submitted").symlink_to(course.submitted, target_is_directory=True)
    return Course(root)


def _env() -> dict[str, str]:
    # distributed's debugging log of the last 1000 messages per connection would hold submissions' bytes.
    quiet = {"DASK_DISTRIBUTED__ADMIN__LOW_LEVEL_LOG_LENGTH": "0"}
    return os.environ | {"PYTHONPATH": str(KIT_ROOT), "MPLBACKEND": "Agg"} | quiet


@dataclass
class LocalDask:
    """A real ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1, each in a process group of its own."""

    address: str
    info: Path  # the scheduler file workers connect with
    scheduler: subprocess.Popen
    workers: list[subprocess.Popen]
    folder: Path

    tls: list[str] = field(default_factory=list)  # --tls-ca-file ... for scheduler and workers alike

    def add_worker(self, threads: int = 1, kit: Path | None = None) -> subprocess.Popen:
        proc = start_worker(self.info, self.folder / f"worker{len(self.workers)}.log", threads, kit, self.tls)
        self.workers.append(proc)
        return proc


@contextlib.contextmanager
def local_dask(
    workers: int, threads: int = 1, folder: Path | None = None, tls: tuple[Path, Path, Path] | None = None
) -> Iterator[LocalDask]:
    """Start a scheduler and `workers` workers here; wait until all are connected; stop them all after.

    `tls` = (CA file, certificate, key): every process then talks TLS only.
    """
    from distributed import Client

    scratch = Path(folder or tempfile.mkdtemp(prefix="bench-dask-"))
    scratch.mkdir(parents=True, exist_ok=True)
    info = scratch / "scheduler.json"
    info.unlink(missing_ok=True)
    dask = str(Path(PY).with_name("dask"))
    log = (scratch / "scheduler.log").open("w")
    tls_args = []
    security = None
    if tls:
        from distributed.security import Security

        tls_args = ["--tls-ca-file", str(tls[0]), "--tls-cert", str(tls[1]), "--tls-key", str(tls[2])]
        security = Security(
            tls_ca_file=str(tls[0]), tls_client_cert=str(tls[1]), tls_client_key=str(tls[2]), require_encryption=True
        )
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(info)]
        + (["--protocol", "tls", *tls_args] if tls else []),
        env=_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    cluster = LocalDask("", info, scheduler, [], scratch, tls_args)
    try:
        deadline = time.monotonic() + 60
        while not info.is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        cluster.address = json.loads(info.read_text())["address"]
        for _ in range(workers):
            cluster.add_worker(threads)
        if workers:
            with Client(cluster.address, timeout=30, security=security) as client:
                client.wait_for_workers(workers, timeout=120)
        yield cluster
    finally:
        for proc in [*cluster.workers, scheduler]:
            stop(proc)
        log.close()


def start_worker(
    info: Path, log: Path, threads: int = 1, kit: Path | None = None, extra: list[str] | None = None
) -> subprocess.Popen:
    """One ``dask worker`` (a nanny and its worker process) running the kit at `kit` (default: this one)."""
    dask = str(Path(PY).with_name("dask"))
    root = kit or KIT_ROOT
    return subprocess.Popen(
        [dask, "worker", "--scheduler-file", str(info), "--nthreads", str(threads), "--no-dashboard", *(extra or [])],
        env=_env() | {"PYTHONPATH": str(root)},
        cwd=root,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen, sig: int = 9) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
    proc.wait()


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_autograde(course: Course, workers: int, scheduler: str | None = None) -> dict:
    """``python -m autograder autograde`` as the instructor runs it; wall time, grading time, peak RSS."""
    argv = [PY, "-m", "autograder", "autograde", "--course", str(course.root), "-j", str(workers), "--force"]
    argv += ["--scheduler", scheduler] if scheduler else []
    started = time.perf_counter()
    out = tempfile.TemporaryFile("w+")
    proc = subprocess.Popen(argv, env=_env(), stdout=out, stderr=subprocess.DEVNULL, cwd=KIT_ROOT)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _peak_rss_mb(proc.pid))
        time.sleep(0.2)
    wall = time.perf_counter() - started
    out.seek(0)
    text = out.read()
    if proc.returncode != 0:
        raise RuntimeError(f"autograde failed ({proc.returncode}):\n{text[-2000:]}")
    grading = float(re.search(r"in ([0-9.]+) s with", text).group(1))  # type: ignore[union-attr]
    batch = json.loads((course.grades / "batch.json").read_text())
    return {"wall": wall, "grading": grading, "peak_mb": peak, "graded": len(batch["graded"])}


def gradebook_sync_seconds(course: Course, n: int) -> tuple[float, list[float]]:
    """Time to record n results into a fresh gradebook (nbgrader's preprocessors per notebook), in this process.

    Also the time of each tenth, in order: a later tenth slower than the first means the database's size costs.
    """
    from ..course.batch import load_results
    from ..course.gradebook import GradebookSync, ensure_assignment

    results = load_results(course)
    students = sorted(results)[:n]
    target = Course(Path(tempfile.mkdtemp(prefix="bench-gradebook-")))
    (target.root / "assignments").symlink_to(KIT_ROOT / "assignments", target_is_directory=True)
    (target.root / "submitted").symlink_to(course.submitted, target_is_directory=True)
    ensure_assignment(target)
    tenths, step = [], max(1, len(students) // 10)
    started = last = time.perf_counter()
    with GradebookSync(target) as syncer:
        for i, student in enumerate(students, 1):
            syncer.add(student, results[student])
            if i % step == 0:
                tenths.append(round(time.perf_counter() - last, 2))
                last = time.perf_counter()
    seconds = time.perf_counter() - started
    shutil.rmtree(target.root, ignore_errors=True)
    return seconds, tenths


def _noop(i: int) -> int:
    return i


def task_overhead(address: str, tasks: int = 2000, window: int = 8) -> float:
    """Seconds per task of the scheduler round trip, through the same windowed submit/wait loop as grading."""
    from distributed import Client
    from distributed.client import _wait

    with Client(address, timeout=30) as client:
        started = time.perf_counter()
        flying: set = set()
        submitted = 0
        while submitted < tasks or flying:
            while submitted < tasks and len(flying) < window:
                flying.add(client.submit(_noop, submitted, pure=False))
                submitted += 1
            done = client.sync(_wait, list(flying), timeout=30, return_when="FIRST_COMPLETED").done
            flying -= set(done)
        return (time.perf_counter() - started) / tasks


def _scores(course: Course) -> dict[str, float]:
    return {p.stem: json.loads(p.read_text())["score"] for p in course.results.glob("*.json")}


def projection(per_sub_core: float, overhead: float, sync: float, n: int, machines: int, cores: int) -> dict:
    """Hours to grade n on `machines` of `cores` each: the slowest of the workers, the scheduler and the instructor."""
    workers = n * per_sub_core / (machines * cores)
    scheduler = n * overhead
    instructor = n * sync  # results written and synced one by one, in one process
    return {"workers_s": workers, "scheduler_s": scheduler, "instructor_s": instructor}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=10_000, help="class size (default 10000)")
    parser.add_argument("-w", "--workers", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--folder", default=str(KIT_ROOT / "bench" / "scale"), help="where the classes go")
    parser.add_argument("--sync-n", type=int, default=10_000, help="results to sync into a fresh gradebook")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    local = make_class(folder / "local", args.n)
    made = time.perf_counter() - started
    print(f"class of {args.n} written in {made:.1f} s", flush=True)
    remote = sibling(local, folder / "dask")
    rows: dict[str, dict] = {}
    rows["local"] = run_autograde(local, args.workers)
    print(f"local: {rows['local']}", flush=True)
    cluster_started = time.perf_counter()
    with local_dask(args.workers, folder=folder / "cluster") as cluster:
        address = cluster.address
        cluster_start = time.perf_counter() - cluster_started
        rows["dask"] = run_autograde(remote, args.workers, scheduler=address)
        print(f"dask: {rows['dask']}", flush=True)
        overhead = task_overhead(address)
    same = _scores(local) == _scores(remote)
    sync_n = args.sync_n
    # The gradebook at sync_n: the class's own results, repeated under new names if the class is smaller.
    if sync_n > args.n:
        _extend_results(local, sync_n)
    sync_seconds, sync_tenths = gradebook_sync_seconds(local, sync_n)
    local_rate = args.n / rows["local"]["grading"]
    dask_rate = args.n / rows["dask"]["grading"]
    per_sub_core = rows["local"]["grading"] * args.workers / args.n
    sync_per = sync_seconds / sync_n
    report = {
        "n": args.n,
        "workers": args.workers,
        "class_written_s": round(made, 1),
        "local": rows["local"],
        "dask": rows["dask"],
        "local_per_s": round(local_rate, 2),
        "dask_per_s": round(dask_rate, 2),
        "dask_over_local": round(rows["dask"]["grading"] / rows["local"]["grading"], 3),
        "cluster_start_s": round(cluster_start, 1),
        "scheduler_s_per_task": overhead,
        "gradebook_sync_n": sync_n,
        "gradebook_sync_s": round(sync_seconds, 1),
        "gradebook_sync_tenths_s": sync_tenths,
        "scores_identical": same,
        "per_submission_core_s": round(per_sub_core, 3),
        "projection": {
            f"{n}@{m}x{c}": projection(per_sub_core, overhead, sync_per, n, m, c)
            for n in (10_000, 100_000)
            for m in (10, 100)
            for c in (args.workers,)
        },
    }
    (folder / "report.json").write_text(json.dumps(report, indent=1))
    print(json.dumps(report, indent=1))
    return 0 if same else 1


def _extend_results(course: Course, n: int) -> None:
    """Fake students m<k> beyond the class, each a copy of a graded one, so the gradebook sync is timed at n."""
    results = sorted(course.results.glob("m*.json"))
    have = len(results)
    for i in range(have, n):
        source = results[i % have]
        sid = f"m{i + 1:06d}"
        data = json.loads(source.read_text())
        data["student"] = sid
        (course.results / f"{sid}.json").write_text(json.dumps(data))
        src_nb = course.submitted / source.stem / NAME
        dst = course.submitted / sid / NAME
        dst.mkdir(parents=True, exist_ok=True)
        shutil.copy(src_nb / f"{NAME}.ipynb", dst / f"{NAME}.ipynb")


if __name__ == "__main__":
    sys.exit(main())
