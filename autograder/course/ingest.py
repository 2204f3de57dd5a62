"""Reading an LMS download safely, before nbgrader sees any of it.

nbgrader's ``zip_collect`` unpacks every archive it finds, nested ones too, with
no limit and with the archive's mode bits, and stops the whole class on a name
collision or an unparseable time. Here the download is read member by member
under ``INGEST_LIMITS`` (bytes counted as they are really unpacked), every file is
matched to a student by name, and what is left for nbgrader is one plain file per
student, written by the kit with ordinary permissions. Everything not collected
is named, with why, in a ``CollectReport``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from ..engine.limits import INGEST_LIMITS, IngestLimits
from ..engine.results import cap, dumps
from .grades import csv_cell
from .paths import Course

_ID = r"[A-Za-z0-9][A-Za-z0-9.\-]*"  # no leading dot: an id is a folder name in submitted/
CANVAS = re.compile(
    rf"^(?P<name>[^_/]+)_(?P<student_id>{_ID})_attempt_"
    r"(?P<timestamp>\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)_(?P<file_id>[^/]+)\.ipynb$"
)
PLAIN = re.compile(rf"^(?P<student_id>{_ID})\.ipynb$")
CANVAS_TIME = "%Y-%m-%d-%H-%M-%S"
RATIO_FLOOR = 1024**2  # below 1 MiB unpacked a high compression ratio is harmless (a notebook of blanks)


class IngestRefused(RuntimeError):
    """The download as a whole is over a limit: nothing of it is collected."""


@dataclass
class Match:
    student_id: str
    timestamp: datetime | None
    note: str = ""


def match_name(name: str, assignment: str) -> Match | str:
    """The student a file name belongs to, or why it belongs to nobody."""
    canvas = CANVAS.match(name)
    if canvas:
        # Canvas appends "-1", "-2" to re-uploads of the same file; anything else is another file.
        if not re.fullmatch(rf"{re.escape(assignment)}(-\d+)?", canvas["file_id"]):
            return f"not the assignment's notebook ({assignment}.ipynb)"
        try:
            when = datetime.strptime(canvas["timestamp"], CANVAS_TIME)
        except ValueError:
            note = f"the attempt time in the file name ({canvas['timestamp']}) is not a date: no submission time kept"
            return Match(canvas["student_id"], None, note)
        return Match(canvas["student_id"], when)
    plain = PLAIN.match(name)
    if plain:
        return Match(plain["student_id"], None)
    return "name is neither <name>_<id>_attempt_<YYYY-MM-DD-HH-MM-SS>_<notebook>.ipynb nor <id>.ipynb"


@dataclass
class CollectReport:
    """What ``make collect`` did with every file: collected (for whom), skipped or colliding (why)."""

    source: str
    collected: dict[str, str] = field(default_factory=dict)  # student -> file collected
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    notes: dict[str, list[str]] = field(default_factory=dict)  # student -> what their grade row must say
    refused: str = ""
    colliding: set[str] = field(default_factory=set)  # students whose files could not be told apart
    remarks: list[str] = field(default_factory=list)  # what could not be checked (e.g. an owner without an account)

    def skip(self, name: str, why: str) -> None:
        self.skipped.append((cap(name, 300), cap(why, 300)))

    def note(self, student: str, text: str) -> None:
        self.notes.setdefault(student, []).append(cap(text, 300))

    def as_dict(self) -> dict:
        return {
            "source": cap(self.source, 1000),
            "refused": self.refused,
            "collected": dict(sorted(self.collected.items())),
            "skipped": [{"file": f, "why": w} for f, w in self.skipped],
            "notes": dict(sorted(self.notes.items())),
            "remarks": list(self.remarks),
        }

    def lines(self) -> list[str]:
        out = [f"refused: {self.refused}"] if self.refused else []
        out += [f"skipped {f}: {w}" for f, w in self.skipped]
        out += [f"{s}: {n}" for s, notes in sorted(self.notes.items()) for n in notes]
        return out + [f"note: {r}" for r in self.remarks[:20]]

    def write(self, course: Course) -> Path:
        """grades/collect_report.json (strict JSON) and .csv (cells safe for a spreadsheet)."""
        course.grades.mkdir(parents=True, exist_ok=True)
        path = course.grades / "collect_report.json"
        path.write_text(dumps(self.as_dict()), encoding="utf-8")
        with (course.grades / "collect_report.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["file", "student", "outcome"])
            for student, name in sorted(self.collected.items()):
                writer.writerow([csv_cell(v) for v in (name, student, "collected")])
            for name, why in self.skipped:
                writer.writerow([csv_cell(v) for v in (name, "", f"skipped: {why}")])
            for student, notes in sorted(self.notes.items()):
                for note in notes:
                    writer.writerow([csv_cell(v) for v in ("", student, note)])
        return path


@dataclass
class _Budget:
    limits: IngestLimits
    files: int = 0
    total: int = 0


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes | str:
    """The member's bytes, or why they were not read. Counts real bytes, whatever the header declares."""
    limits = budget.limits
    chunks, size = [], 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(1 << 20)
            if not chunk:
                break
            size += len(chunk)
            budget.total += len(chunk)
            if budget.total > limits.total_bytes:
                raise IngestRefused(
                    f"the download unpacks to more than {limits.total_bytes / 1024**2:.0f} MiB "
                    "(a zip bomb?): nothing was collected"
                )
            if size > limits.file_bytes:
                return f"unpacks to more than {limits.file_bytes / 1024**2:.0f} MiB"
            if size > RATIO_FLOOR and size > limits.ratio * max(info.compress_size, 1):
                return f"compressed more than {limits.ratio:g}x (a zip bomb?)"
            chunks.append(chunk)
    return b"".join(chunks)


def unpack(data: bytes | Path, label: str, report: CollectReport, budget: _Budget, depth: int = 1):
    """Every (where, file name, bytes) of an archive and of the archives in it, under the limits; the rest reported."""
    limits = budget.limits
    try:
        archive = zipfile.ZipFile(data if isinstance(data, Path) else io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        report.skip(label, f"not a readable zip archive ({type(exc).__name__})")
        return
    with archive:
        for info in archive.infolist():
            where = f"{label}/{info.filename}" if depth > 1 else info.filename
            mode = info.external_attr >> 16
            if info.is_dir():
                continue
            budget.files += 1
            if budget.files > limits.files:
                raise IngestRefused(f"the download holds more than {limits.files} files: nothing was collected")
            if stat.S_ISLNK(mode):
                report.skip(where, "a symbolic link, not a file")
                continue
            try:
                content = _read_member(archive, info, budget)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
                report.skip(where, f"could not be unpacked ({type(exc).__name__})")
                continue
            if isinstance(content, str):
                report.skip(where, content)
                continue
            name = PurePosixPath(info.filename.replace("\\", "/")).name
            if name.lower().endswith(".zip"):
                if depth >= limits.depth:
                    report.skip(where, f"an archive nested {depth + 1} levels deep (at most {limits.depth})")
                else:
                    yield from unpack(content, where, report, budget, depth + 1)
                continue
            yield where, name, content


def _write_plain(path: Path, data: bytes) -> None:
    """A new file with ordinary permissions (never the archive's mode bits)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(path, 0o644)


def stage(zip_path: Path, staging: Path, assignment: str, limits: IngestLimits = INGEST_LIMITS) -> CollectReport:
    """Unpack the download under the limits and leave one file per student in `staging` for nbgrader.

    Two or more files for one student: the newest attempt wins when the file names
    give every one a time (nbgrader's rule, now reported); otherwise none of them
    is collected and the student's row says why.
    """
    report = CollectReport(str(zip_path))
    candidates: dict[str, list[tuple[str, Match, bytes]]] = {}
    try:
        for where, name, content in unpack(Path(zip_path), Path(zip_path).name, report, _Budget(limits)):
            found = match_name(name, assignment)
            if isinstance(found, str):
                report.skip(where, found)
                continue
            candidates.setdefault(found.student_id, []).append((where, found, content))
    except IngestRefused as exc:
        report.refused = str(exc)
        return report
    staging.mkdir(parents=True, exist_ok=True)
    for student, files in sorted(candidates.items()):
        stamps = [m.timestamp for _, m, _ in files]
        if len(files) > 1:
            if None in stamps or len(set(stamps)) < len(stamps):
                names = ", ".join(w for w, _, _ in files)
                report.note(
                    student,
                    f"{len(files)} files map to this student ({names}) and cannot be ordered by "
                    "time: none was collected; keep one and collect again",
                )
                report.colliding.add(student)
                continue
            files = sorted(files, key=lambda f: f[1].timestamp)  # type: ignore[arg-type, return-value]
            for where, _, _ in files[:-1]:
                report.skip(where, f"an older attempt of {student}: the newest ({files[-1][0]}) was collected")
        where, found, content = files[-1]
        if found.note:
            report.note(student, found.note)
        out = (
            f"{student}_{student}_attempt_{found.timestamp.strftime(CANVAS_TIME)}_{assignment}.ipynb"
            if found.timestamp
            else f"{student}.ipynb"
        )
        _write_plain(staging / out, content)
        report.collected[student] = where
    return report


SPECIAL_BITS = stat.S_ISUID | stat.S_ISGID | stat.S_ISVTX


def clear_special_bits(*roots: Path) -> int:
    """Remove setuid, setgid and sticky bits from everything under `roots` (never following links)."""
    cleared = 0
    for root in roots:
        for folder, dirs, files in os.walk(root):
            for name in [*dirs, *files]:
                path = os.path.join(folder, name)
                mode = os.lstat(path).st_mode
                if not stat.S_ISLNK(mode) and mode & SPECIAL_BITS:
                    os.chmod(path, stat.S_IMODE(mode) & ~SPECIAL_BITS, follow_symlinks=False)
                    cleared += 1
    return cleared
