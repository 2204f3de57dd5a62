"""The jail around every sandbox, chosen and probed once per judge process.

The fork server runs under bubblewrap (``bwrap``) in its own user, mount, PID, network, IPC, UTS
and cgroup namespaces, seeing only read-only binds of the system, Python and virtual-environment
folders; each sandbox it forks then unshares its own user, mount, PID, IPC and network namespaces
again (``zygote.py``), so sandboxes can neither see nor signal each other nor share SysV IPC.
This needs no root, only unprivileged user namespaces. When the judge is root, bwrap is started as
an unprivileged uid of its own (``UID_BASE``) so that the kernel's process limit, which never
applies to root, bounds every sandbox.

Where no jail can be had the kit fails closed: ``ForkServer`` refuses student code with the cause
and the fix, unless the instructor opts out with ``ISOLATION=none`` (or ``AUTOGRADER_ISOLATION=none``),
which every report then states first in its ``protection`` list.
"""

from __future__ import annotations

import ctypes
import functools
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

# When the judge is root, the jail runs as this uid (nobody's files, never root): the kernel exempts
# root from RLIMIT_NPROC, so only a non-root uid lets the process limit bound a sandbox.
UID_BASE = 200_000
CLONE_NEWNS = 0x00020000
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18

# What Python and NumPy need to run; nothing of the kit, the course or any home folder.
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
# Where the fork server's own three files appear inside the jail (copied there read-only from the kit).
INSIDE = "/run/autograder"
OPT_OUT = ("ISOLATION", "AUTOGRADER_ISOLATION")


class IsolationUnavailable(RuntimeError):
    """No jail can be had here and the instructor did not opt out: student code is refused."""


@dataclass(frozen=True)
class Isolation:
    mode: str = "none"  # "jail" (bubblewrap + per-sandbox namespaces), "none" (opted out), "unavailable"
    uid: int | None = None  # the jail's host uid when the judge is root, else None (the judge's own uid)
    namespaces: bool = False  # True in the jail: per-sandbox user, mount, PID, IPC and network namespaces
    visible: tuple[str, ...] = ()  # host paths bound read-only into the jail (what the sandbox can read)
    notes: tuple[str, ...] = field(default_factory=tuple)
    problem: str = ""  # why no jail could be had, and how to get one
    bwrap: str = ""

    def command(self, python: str, zygote: Path, shared: list[Path]) -> list[str]:
        """The fork server's argv: bare for mode "none", else bwrap around it with only `visible` mounted."""
        if not self.namespaces:
            return [python, "-I", str(zygote), *map(str, shared)]
        return [*self.jail_argv([zygote, *shared]), python, "-I", f"{INSIDE}/{zygote.name}"] + [
            f"{INSIDE}/{p.name}" for p in shared
        ]

    def jail_argv(self, files: list[Path]) -> list[str]:
        argv = []
        if self.uid is not None:
            argv += ["setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups", "--"]
        argv += [self.bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--hostname", "sandbox"]
        # A tmpfs /tmp first, so that a venv or Python under /tmp is bound on top of it and stays visible.
        argv += ["--tmpfs", "/tmp", "--dev", "/dev", "--tmpfs", "/dev/shm", "--proc", "/proc"]
        for path in self.visible:
            if os.path.islink(path):
                argv += ["--symlink", os.readlink(path), path]
            else:
                argv += ["--ro-bind", path, path]
        for f in files:
            argv += ["--ro-bind", str(f), f"{INSIDE}/{f.name}"]
        return argv + ["--remount-ro", "/", "--chdir", "/", "--"]

    def preexec(self) -> Callable[[], None] | None:
        """Root only: before bwrap drops to `uid`, open up (in a private mount namespace) folders like /root
        that the jail's uid could not traverse to reach the interpreter or the venv."""
        uid = self.uid
        if uid is None:
            return None
        visible = list(self.visible)
        return lambda: traversable_view(visible, uid)

    def describe(self) -> list[str]:
        return list(self.notes)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = lambda v: v.encode() if isinstance(v, str) else v
    if _libc().mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {target}: {os.strerror(err)}")


def _blocks(path: str, uid: int) -> bool:
    """Would `uid` (not in the owner's group) be stopped from traversing this directory?"""
    st = os.stat(path)
    if st.st_uid == uid:
        return not st.st_mode & stat.S_IXUSR
    return not st.st_mode & stat.S_IXOTH


def traversable_view(paths: list[str], uid: int) -> None:
    """In a new private mount namespace (root only), let `uid` reach `paths` without changing any file.

    Each ancestor directory that `uid` may not traverse (typically /root, mode 0700) is covered with an
    empty tmpfs (mode 0755) into which only the needed child is bound back: nothing else of it appears.
    Used for the jail when the judge is root, and by the tests to grade as an ordinary user.
    """
    if _libc().unshare(CLONE_NEWNS) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS)")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    covered: dict[str, int] = {}  # covered directory -> O_PATH fd of what it was
    for target in paths:
        target = os.path.abspath(target)
        parts = target.strip("/").split("/")
        for depth in range(len(parts)):
            parent = "/" + "/".join(parts[:depth])
            child = parts[depth]
            if parent not in covered and (parent == "/" or not _blocks(parent, uid)):
                continue
            if parent not in covered:
                covered[parent] = os.open(parent, os.O_PATH | os.O_DIRECTORY)
                _mount("tmpfs", parent, "tmpfs", 0, "mode=0755,size=1m")
            inside = os.path.join(parent, child)
            if not os.path.lexists(inside):
                source = f"/proc/self/fd/{covered[parent]}/{child}"
                if os.path.islink(source):
                    os.symlink(os.readlink(source), inside)
                    continue
                if os.path.isdir(source):
                    os.mkdir(inside)
                else:
                    open(inside, "w").close()
                _mount(source, inside, None, MS_BIND | MS_REC)


def visible_paths() -> tuple[str, ...]:
    """The system folders, the interpreter's prefixes and the venv: wherever they live, /tmp included."""
    prefixes = {sys.prefix, sys.base_prefix, os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)}
    prefixes.add(os.path.dirname(os.path.realpath(sys.executable)))
    paths = [p for p in SYSTEM_PATHS if os.path.lexists(p)]
    under_system = lambda p: any(p == s or p.startswith(s + "/") for s in paths if not os.path.islink(s))
    extra = sorted(p for p in prefixes if not under_system(p))
    # A prefix inside another one is already bound with it.
    extra = [p for p in extra if not any(p != q and p.startswith(q + "/") for q in extra)]
    return tuple(dict.fromkeys(paths + extra))


def _opted_out() -> str | None:
    for key in OPT_OUT:
        if os.environ.get(key, "").strip().lower() == "none":
            return key
    return None


FIX = (
    "to get the jail: on Linux install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) and allow "
    "unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, and on Ubuntu 24.04+ "
    "kernel.apparmor_restrict_unprivileged_userns=0); on macOS or Windows grade inside a Linux VM or container "
    "that allows user namespaces (e.g. docker run --security-opt seccomp=unconfined). To grade without any jail "
    "(student code can then read your files and use the network) run with ISOLATION=none"
)

PROBE = r"""
import ctypes, os, socket
libc = ctypes.CDLL(None, use_errno=True)
uid, gid = os.getuid(), os.getgid()
flags = 0x10000000 | 0x00020000 | 0x20000000 | 0x08000000 | 0x40000000  # user, mount, PID, IPC, net
assert libc.unshare(flags) == 0, os.strerror(ctypes.get_errno())
open("/proc/self/setgroups", "w").write("deny")
open("/proc/self/uid_map", "w").write(f"{uid} {uid} 1")
open("/proc/self/gid_map", "w").write(f"{gid} {gid} 1")
pid = os.fork()
if pid == 0:
    try:
        socket.create_connection(("127.0.0.1", 9), timeout=1)
        os._exit(5)
    except OSError:
        os._exit(0)
_, status = os.waitpid(pid, 0)
assert status == 0, "network reachable"
print("jail-ok")
"""


def _probe(iso: Isolation) -> str:
    """Run the real launch chain once; '' if it works, else what failed."""
    argv = [*iso.jail_argv([]), sys.executable, "-I", "-S", "-c", PROBE]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, preexec_fn=iso.preexec())
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{type(exc).__name__}: {exc}"
    if done.returncode == 0 and "jail-ok" in done.stdout:
        return ""
    lines = (done.stderr or done.stdout).strip().splitlines()
    return lines[-1] if lines else f"exit status {done.returncode}"


def _jail_notes(jail: Isolation) -> tuple[str, ...]:
    """Built from the mounts the jail's argv really makes."""
    argv = jail.jail_argv([])
    mounted = [argv[i + 2] for i, a in enumerate(argv) if a in ("--ro-bind", "--symlink")]
    return (
        "jail (bubblewrap + per-sandbox namespaces): each sandbox has its own user, mount, PID, IPC and "
        "network namespaces; it cannot see or signal the judge or another sandbox, and every process it "
        "starts ends with it",
        f"filesystem: only {', '.join(mounted)} (read-only), and a private /tmp, /dev/shm and /proc; "
        "no kit, course or student file",
        "network: none (a private network namespace per sandbox: every connect fails, loopback included)",
        "System V IPC and POSIX shared memory: private to each sandbox, gone when it ends",
        f"the jail runs as uid {jail.uid}, not root, so the process limit holds"
        if jail.uid is not None
        else f"the jail runs as the judge's uid {os.getuid()} inside user namespaces; no root needed",
    )


@functools.lru_cache(maxsize=1)
def detect_isolation() -> Isolation:
    """The jail if it can be had; else the explicit opt-out; else "unavailable" (ForkServer then refuses)."""
    opted = _opted_out()
    if opted:
        return Isolation(
            mode="none",
            notes=(
                f"NO JAIL ({opted}=none was set): student code ran as the judge's user, with the network, the "
                "judge's files and the host's shared memory within reach; these grades are not safe against a "
                "hostile submission",
            ),
        )
    visible = visible_paths()
    root = os.geteuid() == 0
    problem = ""
    bwrap = os.environ.get("AUTOGRADER_BWRAP") or shutil.which("bwrap") or "/usr/bin/bwrap"
    bwrap = bwrap if os.access(bwrap, os.X_OK) else ""
    if not sys.platform.startswith("linux"):
        problem = f"{sys.platform} has no Linux namespaces, so the kit cannot build its jail"
    elif not bwrap:
        problem = "bubblewrap (bwrap) is not installed"
    elif root and not shutil.which("setpriv"):
        problem = "setpriv (util-linux) is missing: as root the jail must drop to a uid of its own"
    else:
        jail = Isolation(mode="jail", uid=UID_BASE if root else None, namespaces=True, visible=visible, bwrap=bwrap)
        failure = _probe(jail)
        if not failure:
            return replace(jail, notes=_jail_notes(jail))
        problem = f"the jail could not be started ({failure})"
    return Isolation(mode="unavailable", problem=f"{problem}; {FIX}")
