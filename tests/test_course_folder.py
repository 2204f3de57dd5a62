"""A course folder of its own: nbgrader and formgrader started there see that course, not the kit's."""

from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import free_port

from autograder.course.batch import autograde, load_results
from autograder.course.collect import collect_zip
from autograder.course.formgrader import command, environment
from autograder.course.gradebook import sync
from autograder.course.paths import KIT_ROOT, Course
from autograder.tools import demo

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    """The demo's flow on three students, in a bare folder (no assignments/ link: COURSE=anywhere)."""
    tmp = tmp_path_factory.mktemp("course_folder")
    course = Course(tmp / "course")
    course.root.mkdir()
    course.write_nbgrader_config()
    students = demo.make_class()
    picked = [students[0], next(s for s in students if s.kind == "mistake"), next(s for s in students if s.broken)]
    collect_zip(course, demo.write_zip(picked, tmp / "download.zip"))
    autograde(course, workers=2, progress=False)
    sync(course, load_results(course))
    assert len(course.students()) == 3
    return course


def _export(cwd: Path, out: Path) -> subprocess.CompletedProcess:
    """`nbgrader export` exactly as an instructor types it in a folder: no course options."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", "export", f"--CsvExportPlugin.to={out}"],
        cwd=cwd,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_config_points_nbgrader_at_the_folder_and_the_kits_masters(course):
    text = course.nbgrader_config.read_text()
    assert repr(str(KIT_ROOT / "assignments")) in text
    before = text
    course.write_nbgrader_config()  # never overwrites an instructor's edits
    assert course.nbgrader_config.read_text() == before


def test_nbgrader_export_from_the_course_folder_lists_its_students(course, tmp_path):
    proc = _export(course.root, tmp_path / "export.csv")
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader((tmp_path / "export.csv").open())}
    assert rows == {student: result.score for student, result in load_results(course).items()}


def test_export_from_the_kit_root_lists_none_of_them(course, tmp_path):
    """Positive control: the rows above come from running in the course folder, not from anywhere."""
    proc = _export(KIT_ROOT, tmp_path / "export.csv")
    out = tmp_path / "export.csv"
    rows = list(csv.DictReader(out.open())) if proc.returncode == 0 and out.exists() else []
    assert not [r for r in rows if r["student_id"] in course.students()]


def _generate(course: Course) -> subprocess.CompletedProcess:
    """An nbgrader command that needs the masters, typed in the course folder with no options."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", course.assignment, "--force"],
        cwd=course.root,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_nbgrader_in_the_course_folder_finds_the_kits_masters(course, tmp_path):
    proc = _generate(course)
    release = course.root / "release" / course.assignment
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (release / f"{course.assignment}.ipynb").is_file()
    assert (release / "requirements.txt").read_text() == (
        KIT_ROOT / "release" / "logreg" / "requirements.txt"
    ).read_text()
    # Positive control: without the course's config nbgrader looks for masters in the folder itself.
    shutil.rmtree(course.root / "release")
    aside = tmp_path / "nbgrader_config.py"
    shutil.move(course.nbgrader_config, aside)
    try:
        proc = _generate(course)
    finally:
        shutil.move(aside, course.nbgrader_config)
    assert proc.returncode != 0 or not release.exists()


def _formgrader_assignments(cwd: Path, course: Course) -> list[dict] | str:
    """Start JupyterLab as `make formgrader` does (from `cwd`), ask formgrader's API for its assignments."""
    port, token = free_port(), secrets.token_hex(16)
    proc = subprocess.Popen(
        command(course, port=port, browser=False, token=token),
        cwd=cwd,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/formgrader/api/assignments", headers={"Authorization": f"token {token}"}
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return f"server exited: {proc.stderr.read()[-2000:]}"
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    body = response.read()
                try:
                    return json.loads(body)
                except ValueError:  # formgrader's error page for a course outside the server's root
                    return f"not JSON: {body[:300]!r}"
            except urllib.error.HTTPError as err:
                return f"HTTP {err.code}"
            except OSError:
                time.sleep(0.5)
        return "the server did not answer in 90 s"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_formgrader_shows_the_course_submissions(course):
    answer = _formgrader_assignments(course.root, course)
    assert isinstance(answer, list), answer
    assert {a["name"]: a["num_submissions"] for a in answer} == {"logreg": 3}


def test_formgrader_started_from_the_kit_root_does_not(course):
    """Positive control: the README's old `jupyter lab --notebook-dir=<course>` from the kit's root."""
    answer = _formgrader_assignments(KIT_ROOT, course)
    assert not (isinstance(answer, list) and any(a.get("num_submissions") == 3 for a in answer)), answer


def test_make_formgrader_runs_the_same_command():
    """The Makefile target goes through `python -m autograder formgrader`, which execs command()."""
    dry = subprocess.run(
        ["make", "-n", "formgrader", "COURSE=demo", "PORT=9999"],
        cwd=KIT_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "MAKEFLAGS": ""},
    )
    assert "-m autograder formgrader --course demo --port 9999" in dry.stdout, dry.stdout + dry.stderr
