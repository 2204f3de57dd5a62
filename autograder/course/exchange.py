"""``nbgrader collect`` from a shared exchange, collecting only what a student really submitted.

nbgrader's exchange is a folder every student can write to. Its collector takes
the newest ``<student>+<assignment>+<time>`` entry per name, whoever made it
(a mismatched owner is only a log warning), copies it with ``shutil.copytree``,
which follows symbolic links, and stops the class on a time it cannot parse.
``KitExchangeCollect`` (set as ``ExchangeFactory.collect``) instead:

* considers only entries that are real folders (not links) and, where the
  exchange can tell (the student's name is a local account), owned by that
  student's uid: an entry filed under a classmate's name is reported, and the
  classmate's own newest entry is collected;
* copies only regular files with one link, owned by the student where that can
  be told, opened without following links at any level (``O_NOFOLLOW`` on
  every path component, through directory descriptors), with ordinary modes;
* treats an unparseable time as the oldest, and never copies a timestamp.txt it
  cannot parse;
* writes everything it refused, and why, to ``report_path`` (JSON), which
  ``collect.collect_exchange`` merges into the course's collect report.
"""

from __future__ import annotations

import datetime
import fnmatch
import glob
import os
import stat
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default.collect import ExchangeCollect, groupby
from nbgrader.utils import parse_utc
from traitlets import Unicode

from ..engine.results import dumps

try:
    import pwd
except ImportError:  # pragma: no cover - Windows has no uids to check
    pwd = None  # type: ignore[assignment]

_OLDEST = datetime.datetime(1970, 1, 1)


def _parse_time(text: str) -> datetime.datetime | None:
    try:
        return parse_utc(text.strip())
    except Exception:  # dateutil raises ValueError, OverflowError, TypeError...: all mean "no time"
        return None


def student_uid(name: str) -> int | None:
    """The uid of the local account `name`, or None when the exchange cannot tell who that is."""
    if pwd is None:
        return None
    try:
        return pwd.getpwnam(name).pw_uid
    except (KeyError, UnicodeEncodeError, ValueError):
        return None


class KitExchangeCollect(ExchangeCollect):
    report_path = Unicode("", help="Where to write what was refused and why (JSON).").tag(config=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.refused: list[dict[str, str]] = []
        self.notes: dict[str, list[str]] = {}
        self.remarks: list[str] = []

    def _refuse(self, what: str, why: str) -> None:
        self.log.warning("Not collected: %s: %s", what, why)
        self.refused.append({"file": what[:300], "why": why[:300]})

    def _path_to_record(self, path: str) -> dict | None:
        filename = os.path.basename(path)
        parts = filename.rsplit("+", 3)
        if len(parts) < 3:
            self._refuse(filename, "not <student>+<assignment>+<time>")
            return None
        when = _parse_time(parts[2])
        record = {"username": parts[0], "filename": filename, "timestamp": when or _OLDEST, "bad_time": when is None}
        why = self._entry_problem(path, parts[0])
        if why:
            self._refuse(filename, why)
            return None
        return record

    def _entry_problem(self, path: str, student: str) -> str:
        """Why an inbound entry is not the student's own submission folder ("" if it is, as far as can be told)."""
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return "a symbolic link, not a submission folder"
        if not stat.S_ISDIR(info.st_mode):
            return "not a folder"
        uid = student_uid(student)
        if uid is None:
            self.remarks.append(f"{os.path.basename(path)}: owner not checked (no local account {student!r})")
        elif info.st_uid != uid:
            return f"filed under {student}'s name but owned by uid {info.st_uid}, not {student}'s uid {uid}"
        return ""

    def init_src(self) -> None:
        """nbgrader's init_src, on the entries that pass ``_entry_problem`` only."""
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Course not found: {self.inbound_path}")
        student_id = self.coursedir.student_id if self.coursedir.student_id else "*"
        pattern = os.path.join(self.inbound_path, f"{student_id}+{self.coursedir.assignment_id}+*")
        records = [r for r in (self._path_to_record(f) for f in sorted(glob.glob(pattern))) if r]
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None
        self.src_records = []
        for group in groupby(records, lambda r: r["username"]).values():
            ordered = self._sort_by_timestamp(group)
            if self.duedate is not None and self.before_duedate:
                ordered = [r for r in ordered if r["timestamp"] <= self.duedate] or ordered
            self.src_records.append(ordered[0])
            if ordered[0]["bad_time"]:
                self.notes.setdefault(ordered[0]["username"], []).append(
                    f"the exchange entry's time ({ordered[0]['filename']}) is not a date: no submission time kept"
                )

    def _ignored(self, name: str) -> bool:
        return any(fnmatch.fnmatch(name, pattern) for pattern in self.coursedir.ignore)

    def do_copy(self, src: str, dest: str, log=None) -> None:
        student = os.path.basename(src).rsplit("+", 3)[0]
        uid = student_uid(student)
        os.makedirs(dest, exist_ok=True)
        fd = os.open(src, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            budget = [1000 * self.coursedir.max_dir_size]
            self._copy_dir(fd, Path(dest), os.path.basename(src), uid, budget)
        finally:
            os.close(fd)
        stamp = Path(dest) / "timestamp.txt"
        if stamp.is_file() and _parse_time(stamp.read_text(errors="replace")) is None:
            stamp.unlink()  # nbgrader would stop on it later; the entry's own time stands instead, if any
            self._refuse(f"{os.path.basename(src)}/timestamp.txt", "not a date")

    def _copy_dir(self, dir_fd: int, dest: Path, where: str, uid: int | None, budget: list[int]) -> None:
        max_file = 1000 * self.coursedir.max_file_size
        for entry in sorted(os.scandir(dir_fd), key=lambda e: e.name):
            path = f"{where}/{entry.name}"
            info = entry.stat(follow_symlinks=False)
            if self._ignored(entry.name):
                continue
            if stat.S_ISLNK(info.st_mode):
                self._refuse(path, "a symbolic link: only regular files are collected")
            elif stat.S_ISDIR(info.st_mode):
                child = os.open(entry.name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
                try:
                    (dest / entry.name).mkdir(mode=0o755, exist_ok=True)
                    self._copy_dir(child, dest / entry.name, path, uid, budget)
                finally:
                    os.close(child)
            elif not stat.S_ISREG(info.st_mode):
                self._refuse(path, "not a regular file")
            elif uid is not None and info.st_uid != uid:
                self._refuse(path, f"owned by uid {info.st_uid}, not by the student (uid {uid})")
            elif info.st_nlink > 1:
                self._refuse(path, "a hard link to another file")
            elif info.st_size > max_file or info.st_size > budget[0]:
                self._refuse(path, "too large")
            else:
                self._copy_file(dir_fd, entry.name, info, dest / entry.name, path, budget)

    def _copy_file(self, dir_fd: int, name: str, seen: os.stat_result, out: Path, where: str, budget: list[int]):
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
        with os.fdopen(fd, "rb") as f:
            now = os.fstat(f.fileno())
            if (now.st_ino, now.st_dev) != (seen.st_ino, seen.st_dev) or not stat.S_ISREG(now.st_mode):
                self._refuse(where, "changed while it was being collected")
                return
            data = f.read(budget[0] + 1)
        if len(data) > budget[0]:
            self._refuse(where, "too large")
            return
        budget[0] -= len(data)
        out_fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        with os.fdopen(out_fd, "wb") as f:
            f.write(data)

    def copy_files(self) -> None:
        try:
            super().copy_files()
        finally:
            if self.report_path:
                report = {"skipped": self.refused, "notes": self.notes, "remarks": self.remarks}
                Path(self.report_path).write_text(dumps(report, indent=None), encoding="utf-8")
