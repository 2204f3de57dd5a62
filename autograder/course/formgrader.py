"""``make formgrader [COURSE=dir]``: JupyterLab with nbgrader's formgrader on one course folder.

Formgrader reads the ``nbgrader_config.py`` of the folder the server starts in, and the course
root must lie inside the server's root directory. So the server starts in the course folder,
with that folder as its root, after the folder has been given its own config.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .paths import Course


def command(course: Course, port: int | None = None, browser: bool = True, token: str | None = None) -> list[str]:
    """The JupyterLab command line; run it with ``cwd=course.root`` and :func:`environment`."""
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={course.root}",
    ]
    if port is not None:
        cmd += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if not browser:
        cmd.append("--no-browser")
    if os.geteuid() == 0:  # CI and grading servers run as root; JupyterLab refuses that by default
        cmd.append("--allow-root")
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
    return cmd


def environment() -> dict[str, str]:
    """nbgrader runs alembic as a command, and hidden cells import the kit: both must be found."""
    kit = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH", "")
    return {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": kit if not path else f"{kit}{os.pathsep}{path}",
    }


def main(course: Course, port: int | None = None, browser: bool = True) -> int:
    """Replace this process with JupyterLab on the course (never returns on success)."""
    config = course.write_nbgrader_config()
    students = course.students()
    print(f"course {course.root} ({len(students)} submissions), nbgrader config {config}")
    print("formgrader: in JupyterLab, Nbgrader > Formgrader (or open /formgrader); Ctrl-C stops the server")
    cmd = command(course, port, browser)
    os.chdir(course.root)
    os.execve(cmd[0], cmd, environment())
    return 1  # pragma: no cover - execve does not return
