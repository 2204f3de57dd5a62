"""The grading fingerprint: what decides a score, hashed.

A cached grade stays valid while this is unchanged. It covers the engine, the
graders, the assignment's definition, the reference solution and the versions
of the libraries and interpreter the checks compute with; nothing of the course
workflow or the tools (editing the feedback page's CSS regrades nobody).
"""

from __future__ import annotations

import functools
import hashlib
import platform
from dataclasses import asdict
from importlib import metadata

from ..assignment import KIT_ROOT
from .limits import Limits

SCORED_FOLDERS = ("autograder/engine", "autograder/graders", "autograder/assignment", "solutions")
# In the engine but never deciding a score: the text table of `python -m autograder grade`.
NOT_SCORED = ("autograder/engine/report.py",)
# Libraries whose arithmetic or behaviour a check's outcome can depend on.
GRADING_LIBRARIES = ("numpy", "ipython")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


@functools.lru_cache(maxsize=1)
def grading_fingerprint() -> str:
    digest = hashlib.sha256()
    for folder in SCORED_FOLDERS:
        for path in sorted((KIT_ROOT / folder).rglob("*.py")):
            if path.relative_to(KIT_ROOT).as_posix() in NOT_SCORED:
                continue
            digest.update(path.relative_to(KIT_ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    versions = [f"python={platform.python_version()}"] + [f"{n}={_version(n)}" for n in GRADING_LIBRARIES]
    digest.update("\0".join(versions).encode())
    # The limits in force (environment overrides included) decide time-outs, so they decide scores too.
    digest.update(repr(sorted(asdict(Limits.from_env()).items())).encode())
    return digest.hexdigest()[:16]
