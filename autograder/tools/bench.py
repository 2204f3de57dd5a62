"""``make bench``: the kit against plain ``nbgrader autograde`` on the same class, in one run.

Prints wall times, their ratio, submissions per second, peak memory, the
single-submission latency and the public tests' run time, checks that both
give identical per-part points, and writes the table into the README. A
benchmark, never a test: nothing in ``make test`` depends on timings.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from solutions import logreg as reference

from ..assignment import grade_ids
from ..assignment.parts import PARTS
from ..course.batch import load_results
from ..course.paths import KIT_ROOT, Course
from ..course.release import nbgrader
from ..engine.judge import grade
from ..engine.sandbox import ForkServer
from . import demo

BENCH_ROOT = KIT_ROOT / "bench"
README = KIT_ROOT / "README.md"


def make_class(n: int) -> list[demo.Student]:
    """N notebooks in a realistic mix: correct, partly done, untouched and typical mistakes.

    Hostile ones are left out: plain nbgrader would wait out its whole cell time-out on them.
    """
    honest = [s for s in demo.make_class() if s.kind in ("correct", "partly done", "untouched", "mistake")]
    students = []
    for i in range(n):
        model = honest[i % len(honest)]
        students.append(demo.Student(f"b{i:04d}", f"bench{i:04d}", model.kind, model.functions, model.note))
    return students


def _course(name: str, students: list[demo.Student]) -> Course:
    root = BENCH_ROOT / name
    root.mkdir(parents=True)
    (root / "assignments").symlink_to(KIT_ROOT / "assignments", target_is_directory=True)
    course = Course(root)
    for student in students:
        folder = course.submitted / student.sid / "logreg"
        folder.mkdir(parents=True)
        (folder / "logreg.ipynb").write_text(demo.notebook_for(student))
    return course


def _timed(cmd: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    return time.perf_counter() - started, proc


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def plain_part_scores(course: Course, students: list[str]) -> dict[tuple[str, str], float]:
    with Gradebook(course.db_url) as gb:
        out = {}
        for sid in students:
            for g in gb.find_submission_notebook("logreg", "logreg", sid).grades:
                if grade_ids.kind(g.name) == "grade":
                    out[(sid, grade_ids.part_of(g.name))] = float(g.auto_score)
        return out


def public_test_seconds() -> float:
    """Slowest public test cell of the release, run against the reference (a student's instant feedback)."""
    nb = nbformat.read(Course().release_notebook, as_version=4)
    setup = "import warnings\nimport numpy as np\n"
    slowest = 0.0
    for cell in nb.cells:
        if grade_ids.kind(cell.metadata.get("nbgrader", {}).get("grade_id", "")) == "public":
            namespace = {name: getattr(reference, name) for name in dir(reference)}
            exec(setup, namespace)
            started = time.perf_counter()
            exec(cell.source, namespace)
            slowest = max(slowest, time.perf_counter() - started)
    return slowest


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def main(n: int = 100, write_readme: bool = True) -> int:
    if BENCH_ROOT.exists():
        shutil.rmtree(BENCH_ROOT)
    students = make_class(n)
    plain, kit = _course("plain", students), _course("kit", students)
    print(
        f"class: {n} notebooks ({', '.join(sorted({s.kind for s in students}))}) in {BENCH_ROOT.relative_to(KIT_ROOT)}/"
    )
    env = {**os.environ, "PYTHONPATH": str(KIT_ROOT)}
    for course in (plain, kit):  # set-up both would have had from `make release`, not timed
        nbgrader(
            "generate_assignment",
            "logreg",
            "--force",
            f"--CourseDirectory.release_directory={BENCH_ROOT / 'rel'}",
            f"--CourseDirectory.db_url={course.db_url}",
            root=course.root,
        )

    print("timing plain nbgrader autograde (the shipped notebooks, hidden cells in the student's kernel) ...")
    cmd = [
        sys.executable,
        "-m",
        "nbgrader",
        "autograde",
        "logreg",
        f"--CourseDirectory.root={plain.root}",
        f"--CourseDirectory.db_url={plain.db_url}",
    ]
    env_plain = {**env, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"}
    before = _children_peak_mb()
    plain_seconds, proc = _timed(cmd, cwd=KIT_ROOT, env=env_plain)
    plain_peak = max(before, _children_peak_mb())
    if proc.returncode != 0:
        print(proc.stderr[-3000:])
        return 1

    print("timing the kit's make autograde ...")
    cmd = [sys.executable, "-m", "autograder", "autograde", "--course", str(kit.root)]
    kit_seconds, proc = _timed(cmd, cwd=KIT_ROOT, env=env)
    if proc.returncode != 0:
        print(proc.stderr[-3000:])
        return 1
    worker_peak = json.loads((kit.grades / "batch.json").read_text())["peak_worker_rss_mb"]

    sids = [s.sid for s in students]
    plain_points = plain_part_scores(plain, sids)
    kit_points = {(sid, p.name): p.score for sid, r in load_results(kit).items() for p in r.parts}
    differ = sorted(k for k in plain_points if plain_points[k] != kit_points.get(k))
    same = not differ and len(plain_points) == len(kit_points) == n * len(PARTS)

    with ForkServer() as server:
        grade(KIT_ROOT / "solutions" / "logreg.py", server=server)  # start-up and first fork done
        started = time.perf_counter()
        grade(KIT_ROOT / "solutions" / "logreg.py", server=server)
        latency = time.perf_counter() - started
    cold, _ = _timed(
        [sys.executable, "-m", "autograder", "grade", str(KIT_ROOT / "solutions" / "logreg.py"), "--json"],
        cwd=KIT_ROOT,
        env=env,
    )
    public = public_test_seconds()

    rows = [
        ("class size", f"{n} notebooks"),
        ("plain `nbgrader autograde`", f"{plain_seconds:.1f} s ({n / plain_seconds:.2f} submissions/s)"),
        ("kit `make autograde` (incl. gradebook)", f"{kit_seconds:.1f} s ({n / kit_seconds:.2f} submissions/s)"),
        ("speed-up", f"{plain_seconds / kit_seconds:.1f}x"),
        ("per-part points identical", "yes" if same else f"NO: {len(differ)} differ, e.g. {differ[:3]}"),
        ("peak memory, nbgrader (largest process)", f"{plain_peak:.0f} MB"),
        ("peak memory, kit worker", f"{worker_peak:.0f} MB"),
        ("one submission, warm (after start-up)", f"{latency * 1000:.0f} ms"),
        ("one submission, cold `python -m autograder grade`", f"{cold:.2f} s"),
        ("slowest public test cell (one part)", f"{public * 1000:.0f} ms"),
        ("machine", machine()),
    ]
    width = max(len(k) for k, _ in rows)
    print()
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    if write_readme:
        table = "| measure | value |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
        text = README.read_text()
        text = re.sub(
            r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)",
            lambda m: m.group(1) + table + "\n" + m.group(2),
            text,
            flags=re.S,
        )
        README.write_text(text)
        print("\nREADME.md benchmark table updated")
    return 0 if same else 1
