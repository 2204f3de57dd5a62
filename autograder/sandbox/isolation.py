"""What protection the machine allows around a sandbox, and how to start one under it.

Measured once per fork server and reported with every grade, so an instructor
always sees which guarantees were in force.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# Sandboxes run as uid UID_BASE + their own pid when the judge is root: each one
# a user of its own, unable to signal the judge or another student's sandbox.
UID_BASE = 200_000


@dataclass(frozen=True)
class Isolation:
    uid: int | None = None                 # per-sandbox uid base, or None to keep the judge's uid
    wrapper: tuple[str, ...] = ()          # command prefix that hides the filesystem
    notes: tuple[str, ...] = field(default_factory=tuple)

    def command(self, python: str, zygote: Path, shared: list[Path]) -> list[str]:
        return [*self.wrapper, python, "-I", str(zygote), *map(str, shared)]

    def describe(self) -> list[str]:
        return list(self.notes)


def detect_isolation() -> Isolation:
    notes = []
    uid = None
    if os.geteuid() == 0 and os.environ.get("AUTOGRADER_NO_SETUID") != "1":
        uid = UID_BASE
        notes.append("each sandbox runs as a uid of its own: it cannot signal the judge or another sandbox")
    else:
        notes.append("sandboxes run as the judge's own user (not root): a sandbox could signal other processes of that user")
    return Isolation(uid=uid, wrapper=(), notes=tuple(notes))
