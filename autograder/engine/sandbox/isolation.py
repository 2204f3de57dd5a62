"""What protection the machine allows around a sandbox, measured once per judge process.

Reported with every grade, so an instructor always sees which guarantees were in force.
"""

from __future__ import annotations

import ctypes
import functools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Sandboxes run as uid UID_BASE + their keeper's pid when the judge is root: each one
# a user of its own, unable to signal the judge or another student's sandbox.
UID_BASE = 200_000
CLONE_NEWNS, CLONE_NEWPID, MS_REC, MS_PRIVATE = 0x00020000, 0x20000000, 16384, 1 << 18


@dataclass(frozen=True)
class Isolation:
    uid: int | None = None  # per-sandbox uid base, or None to keep the judge's uid
    namespaces: bool = False  # private PID and mount namespaces per sandbox
    visible: tuple[str, ...] = ()  # the only paths a namespaced sandbox sees (read-only)
    notes: tuple[str, ...] = field(default_factory=tuple)

    def command(self, python: str, zygote: Path, shared: list[Path]) -> list[str]:
        return [python, "-I", str(zygote), *map(str, shared)]

    def describe(self) -> list[str]:
        return list(self.notes)


@functools.lru_cache(maxsize=1)
def namespaces_work() -> bool:
    """Can this process give a child its own PID and mount namespaces? (Root, and not forbidden.)"""
    if os.geteuid() != 0:
        return False
    pid = os.fork()
    if pid == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        ok = (
            libc.unshare(CLONE_NEWNS | CLONE_NEWPID) == 0
            and libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) == 0
        )
        os._exit(0 if ok else 1)
    return os.waitpid(pid, 0)[1] == 0


# What Python and NumPy need to run; nothing of the kit, the course or any home folder.
SYSTEM_PATHS = ("/usr", "/bin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")


def visible_paths() -> tuple[str, ...]:
    prefixes = {sys.prefix, sys.base_prefix, os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)}
    interpreter_dirs = {os.path.dirname(os.path.realpath(sys.executable))}
    paths = [p for p in SYSTEM_PATHS if os.path.lexists(p)]
    paths += sorted(
        p for p in prefixes | interpreter_dirs if not any(p == s or p.startswith(s + "/") for s in SYSTEM_PATHS)
    )
    return tuple(dict.fromkeys(paths))


def detect_isolation() -> Isolation:
    notes = []
    root = os.geteuid() == 0 and os.environ.get("AUTOGRADER_NO_ISOLATION") != "1"
    uid = UID_BASE if root else None
    notes.append(
        "each sandbox runs as a uid of its own: it cannot signal the judge or another sandbox, "
        "and starts at most 32 processes"
        if root
        else "sandboxes run as the judge's own user (not root): a sandbox could signal the judge's other processes"
    )
    namespaces = root and namespaces_work()
    visible = visible_paths() if namespaces else ()
    if namespaces:
        notes.append(
            "private PID and mount namespaces: the sandbox's filesystem holds only the system and Python "
            f"folders ({', '.join(visible)}, read-only), its own /tmp and /proc; no kit, course or student "
            "file is in it, and every process it starts ends with it"
        )
    else:
        notes.append(
            "no mount namespaces here: the sandbox can read any file its user can read, "
            "including the kit's folder; processes it starts are ended by process group only"
        )
    return Isolation(uid=uid, namespaces=namespaces, visible=visible, notes=tuple(notes))
