"""The sandbox side: a fork server, and the per-part processes it forks.

Run as ``python -I zygote.py WIRE_PY CALLING_PY`` by ``autograder.sandbox.ForkServer``. It
imports NumPy once, then for each request forks a child that drops into its own
process group, applies its resource limits and serves one socket: it runs the
submission's cells it is sent, defines the reference helpers it is sent, and
answers calls with plain data. Everything here is on the untrusted side: the
judge believes nothing this file says beyond the data values it returns.
"""

from __future__ import annotations

import ast
import builtins
import ctypes
import importlib.util
import io
import json
import mmap
import os
import random
import resource
import select
import signal
import socket
import sys
import tempfile
import traceback

import numpy

try:
    import matplotlib

    matplotlib.use("Agg")  # before any pyplot import: sandboxes have no display
except ImportError:
    pass
# What the release notebook imports (the judge's release_imports): imported once here, every
# sandbox forked from this server has them, instead of importing them again per part.
for _name in filter(None, os.environ.get("SANDBOX_PRELOAD", "").split(",")):
    try:
        importlib.import_module(_name)
    except Exception:
        pass


def _load_by_path(name: str, path: str):
    """The kit is not importable in here; its two shared files are loaded by path."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_wire = _load_by_path("sandbox_wire", sys.argv[1])
invoke = _load_by_path("sandbox_calling", sys.argv[2]).invoke
encode, decode, pack, recv_message = _wire.encode, _wire.decode, _wire.pack, _wire.recv_message

PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)


def _die_with_parent() -> None:
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


class _CappedText(io.TextIOBase):
    """stdout/stderr of student code: kept up to a cap, the rest counted and dropped."""

    def __init__(self, cap: int) -> None:
        self.cap, self.size, self.dropped = cap, 0, 0
        self.parts: list[str] = []

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        room = self.cap - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def take(self) -> str:
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n[... {self.dropped} more characters of output dropped]"
        self.parts, self.size, self.dropped = [], 0, 0
        return text


CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = (
    0x00020000,
    0x04000000,
    0x08000000,
    0x10000000,
    0x20000000,
    0x40000000,
)
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_BIND, MS_REC = 2, 4, 8, 4096, 16384
PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 38, 47, 4


def _mount(source, target: str, fstype, flags: int, data=None) -> None:
    enc = lambda v: v.encode() if isinstance(v, str) else v
    if _libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {target}: {os.strerror(err)}")


def _enter_namespaces() -> None:
    """The keeper's half: new user, mount, PID, IPC, network and UTS namespaces for this one sandbox.

    Nested inside the fork server's bubblewrap jail and unprivileged: the sandbox gets no view of
    its siblings' processes, no loopback they share, no SysV IPC or abstract socket they share.
    """
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUTS
    if _libc.unshare(flags) != 0:
        raise OSError(ctypes.get_errno(), "unshare")
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)


def _enter_jail(visible: list, scratch_bytes: int) -> None:
    """PID 1's half: its own /proc (only its own processes), a private /tmp and /dev/shm, then no capabilities.

    Folders of the jail's view that live under /tmp (a kit or venv in a temporary folder) are bound
    back onto the private /tmp, so they stay visible.
    """
    under_tmp = [p for p in visible if p == "/tmp" or p.startswith("/tmp/")]
    held = {p: os.open(p, os.O_PATH) for p in under_tmp if os.path.exists(p)}
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    for scratch in ("/tmp", "/dev/shm"):
        _mount("tmpfs", scratch, "tmpfs", MS_NOSUID | MS_NODEV, f"size={scratch_bytes},mode=1777")
    for path, fd in held.items():
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            os.makedirs(path, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "w").close()
        _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        os.close(fd)
    # No namespace of its own below this one: nested user namespaces are the usual way into kernel bugs.
    for kind in ("user", "net", "ipc", "pid", "uts", "mnt", "cgroup"):
        try:
            with open(f"/proc/sys/user/max_{kind}_namespaces", "w") as f:
                f.write("0")
        except OSError:
            pass
    _drop_capabilities()


def _drop_capabilities() -> None:
    """The sandbox's user namespace gave it every capability over its own mounts: take them all away."""
    _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    for cap in range(64):
        _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable x 2: all empty
    if _libc.capset(header, data) != 0:
        raise OSError(ctypes.get_errno(), "capset")


def _owned(pid: str) -> bool:
    try:
        return os.stat(f"/proc/{pid}").st_uid == os.getuid()
    except OSError:
        return False


def _address_space() -> int:
    """This process's address space now, in bytes (VmSize)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _apply_limits(limits: dict, jailed: bool, keeper_alive: int | None = None) -> None:
    """rlimits of one sandbox. In the jail RLIMIT_NPROC counts only this sandbox's processes (its own user
    namespace), so processes x per-process address space bounds the memory of all of them together."""
    os.setsid()
    _die_with_parent()
    soft_hard = lambda v: (v, v)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # The address space a sandbox starts with (the interpreter and the preloaded libraries, shared with
    # the fork server) is not the submission's: each process may map process_memory_bytes beyond it.
    start = _address_space()
    try:
        resource.setrlimit(resource.RLIMIT_AS, soft_hard(start + int(limits["process_memory_bytes"])))
    except (ValueError, OSError, KeyError):
        pass
    for name, key in (
        ("RLIMIT_CPU", "cpu_seconds"),
        ("RLIMIT_FSIZE", "file_bytes"),
        ("RLIMIT_NOFILE", "open_files"),
    ):
        try:
            resource.setrlimit(getattr(resource, name), soft_hard(int(limits[key])))
        except (ValueError, OSError, KeyError):
            pass
    if jailed:
        resource.setrlimit(resource.RLIMIT_NPROC, soft_hard(int(limits["processes"])))
    else:
        # Sharing the judge's uid, NPROC counts all of that user's processes: allow the current ones plus ours.
        mine = sum(1 for entry in os.listdir("/proc") if entry.isdigit() and _owned(entry))
        resource.setrlimit(resource.RLIMIT_NPROC, soft_hard(mine + int(limits["processes"])))
    if keeper_alive is not None and select.select([keeper_alive], [], [], 0)[0]:
        os._exit(0)  # the keeper died before the signal was re-armed: EOF on its pipe
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


class _InertIPython:
    """What ``get_ipython()`` returns in a sandbox: magics, shell commands and hooks do nothing."""

    def __getattr__(self, name):
        return _InertIPython()

    def __call__(self, *args, **kwargs):
        return None


def _short_error(exc: BaseException, label: str) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == label]
    where = f" (line {frames[-1].lineno})" if frames else ""
    text = f"{type(exc).__name__}: {exc}"
    return f"{label}{where}: {text[:500]}"


class Child:
    """One sandbox: the submission's namespace and a socket to the judge."""

    def __init__(self, sock: socket.socket, limits: dict) -> None:
        self.sock = sock
        self.out = _CappedText(int(limits.get("output_bytes", 65536)))
        self.ns: dict = {"__name__": "submission", "__builtins__": builtins, "get_ipython": _InertIPython}

    def serve(self) -> None:
        owner = os.getpid()
        while True:
            try:
                request = recv_message(self.sock)
            except (EOFError, OSError, ValueError):
                return
            op = request.get("op")
            try:
                if op == "load":
                    reply = self.load(request)
                elif op == "call":
                    reply = self.call(request)
                else:
                    reply = {"ok": False, "error": f"unknown op {op!r}"}
            except BaseException as exc:  # SystemExit and friends included: keep serving
                reply = {"ok": False, "error": f"{type(exc).__name__}: {str(exc)[:500]}"}
            if os.getpid() != owner:
                os._exit(0)  # a process the student's code forked came back here: only the sandbox answers
            reply["seq"] = request.get("seq")
            self.out.take()  # captured (and capped) so prints cannot flood anything; never read by the judge
            try:
                self.sock.sendall(pack(reply))
            except (OSError, TypeError, ValueError):
                return

    def _run(self, code, label: str, errors: list) -> None:
        try:
            exec(code, self.ns)
        except SystemExit as exc:
            errors.append(f"{label}: called exit({exc.code!r}) while loading; ignored")
        except BaseException as exc:
            errors.append(_short_error(exc, label))

    def load(self, request: dict) -> dict:
        errors: list[str] = []
        for cell in request["cells"]:
            label, source = str(cell["label"]), str(cell["source"])
            try:
                tree = ast.parse(source, filename=label)
            except SyntaxError as exc:
                errors.append(f"{label} (line {exc.lineno}): SyntaxError: {exc.msg}; this cell was skipped")
                continue
            except (ValueError, RecursionError, MemoryError) as exc:
                errors.append(f"{label}: could not be parsed ({type(exc).__name__}); skipped")
                continue
            self._run(compile(tree, label, "exec"), label, errors)
        reference = request.get("reference") or ""
        if reference:
            # Own globals: the helpers call each other, never a student's function.
            helpers: dict = {"__name__": "reference_helpers"}
            exec(compile(reference, "<reference helpers>", "exec"), helpers)
            for name in request.get("helpers", []):
                self.ns[name] = helpers[name]
        wanted = request.get("functions", [])
        defined = [name for name in wanted if callable(self.ns.get(name))]
        return {"ok": True, "errors": errors, "defined": defined}

    def call(self, request: dict) -> dict:
        fn = self.ns.get(request["fn"])
        if not callable(fn):
            return {"ok": False, "error": f"{request['fn']} is not defined", "missing": True}
        args = [decode(a) for a in request.get("args", [])]
        kwargs = {k: decode(v) for k, v in request.get("kwargs", {}).items()}
        shared = request.get("shared") or {}
        if shared:  # array arguments in the judge's memory: the judge reads them back itself
            _, fds, _, _ = socket.recv_fds(self.sock, 1, len(shared))
            for (key, spec), fd in zip(shared.items(), fds):
                view = _shared_array(fd, spec)
                if key.startswith("kw:"):
                    kwargs[key[3:]] = view
                else:
                    args[int(key)] = view
        budget = request.get("cpu_seconds")
        return invoke(fn, args, kwargs, encode, False, float(budget) if budget else None)


def _shared_array(fd: int, spec: dict):
    try:
        memory = mmap.mmap(fd, int(spec["nbytes"]))
    finally:
        os.close(fd)
    return numpy.frombuffer(memory, dtype=numpy.dtype(str(spec["dtype"]))).reshape(spec["shape"])


def _sandbox_main(sock: socket.socket, limits: dict, jailed: bool, keeper_alive: int | None = None) -> None:
    try:
        if jailed:
            _enter_jail(limits.get("visible", []), int(limits.get("scratch_bytes", 64 << 20)))
        _apply_limits(limits, jailed, keeper_alive)
        # Unseeded randomness in a submission gives the same draws in every sandbox of every fork server,
        # so one submission gets one grade however often and wherever it is graded.
        random.seed(0)
        numpy.random.seed(0)
        # In the jail /tmp is private; otherwise the judge's scratch folder, removed when its fork server stops.
        workdir = tempfile.mkdtemp(prefix="sandbox-", dir=None if jailed else limits.get("scratch"))
        os.chdir(workdir)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # what the student's code forks is reaped, never a zombie
        child = Child(sock, limits)
        sys.stdout = sys.stderr = child.out
        sys.stdin = io.StringIO("")
        sys.setrecursionlimit(int(limits.get("recursion_limit", 3000)))
        child.serve()
    finally:
        os._exit(0)


def _child_main(sock: socket.socket, lifeline: int | None, control: socket.socket, limits: dict) -> None:
    """The zygote's child: the sandbox itself, or in the jail its keeper.

    In the jail the keeper enters new namespaces and forks the sandbox as PID 1 there. When the
    judge closes its end of the lifeline (or dies), the keeper kills PID 1, and the kernel then
    ends every process of that PID namespace, however it tried to escape; its IPC namespace,
    mounts and /tmp go with it.
    """
    control.close()
    jailed = bool(limits.get("namespaces"))
    if not jailed:
        if lifeline is not None:
            os.close(lifeline)
        _sandbox_main(sock, limits, False)
    try:
        os.setsid()
        _die_with_parent()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        try:
            _enter_namespaces()
        except OSError:
            os._exit(3)  # refuse to run student code without the isolation the judge asked for
        alive_r, alive_w = os.pipe()  # the keeper holds the write end for as long as it lives
        done_r, done_w = os.pipe()  # the sandbox (and what it starts) holds this write end
        pid = os.fork()
        if pid == 0:
            os.close(alive_w)
            os.close(done_r)
            if lifeline is not None:
                os.close(lifeline)
            _die_with_parent()
            _sandbox_main(sock, limits, True, alive_r)
        os.close(alive_r)
        os.close(done_w)
        sock.close()
        watched = [done_r] + ([lifeline] if lifeline is not None else [])
        select.select(watched, [], [])
        os.kill(pid, signal.SIGKILL)  # PID 1 of its namespace: the kernel ends all the rest
        os.waitpid(pid, 0)
    finally:
        os._exit(0)


def main() -> None:
    _die_with_parent()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    control = socket.socket(fileno=int(os.environ["SANDBOX_CONTROL_FD"]))
    while True:
        try:
            msg, fds, _flags, _addr = socket.recv_fds(control, 1 << 16, 2)
        except OSError:
            return
        if not msg:
            return
        request = json.loads(msg)
        if request.get("op") != "spawn" or not fds:
            for fd in fds:
                os.close(fd)
            continue
        lifeline = fds[1] if len(fds) > 1 else None
        pid = os.fork()
        if pid == 0:
            _child_main(socket.socket(fileno=fds[0]), lifeline, control, request.get("limits", {}))
        for fd in fds:
            os.close(fd)
        control.send(json.dumps({"pid": pid}).encode())


if __name__ == "__main__":
    main()
