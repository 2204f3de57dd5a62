"""The judge's side of the sandbox: start a fork server, get fresh sandboxes, call into them.

The judge process never imports or executes student code. It asks a fork server
(``zygote.py``, NumPy already imported) for a new process per part, sends it the
submission's cells as text and the reference helpers as text, and exchanges
plain data with it (``autograder.wire``). Each call has a CPU-time budget,
enforced inside the sandbox, and a much longer wall-clock backstop enforced here
(``limits.py`` says why); a sandbox that overruns the backstop, crashes or talks
nonsense is killed with its whole process group and reported as such.
"""

from __future__ import annotations

import ast
import fcntl
import functools
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ...assignment import RELEASE
from .. import wire
from ..limits import TEXT_LIMITS, Limits
from ..submission import read_submission
from .isolation import Isolation, IsolationUnavailable, detect_isolation

__all__ = ["CallResult", "ForkServer", "Isolation", "IsolationUnavailable", "Sandbox", "SandboxError"]

ZYGOTE = Path(__file__).with_name("zygote.py")
CALLING = Path(__file__).with_name("calling.py")


OUT_OF_TURN = "it answered out of turn: a process it started sent a reply of its own"
TOO_SLOW = "too slow: vectorize the loop over examples (or is there an endless loop?)"


class SandboxError(Exception):
    """A call could not give a value: the student's exception, a time-out or a dead sandbox."""

    def __init__(self, message: str, *, kind: str = "error") -> None:
        super().__init__(message)
        self.kind = kind  # "error", "timeout", "died", "missing", "not_implemented"


@dataclass
class CallResult:
    value: Any
    warnings: list[str] = field(default_factory=list)
    args_after: list[Any] | None = None
    kwargs_after: dict[str, Any] | None = None
    cpu_seconds: float = 0.0  # as the sandbox reported it: trusted only to share out the part's budget


def result_from_reply(reply: dict, return_args: bool) -> CallResult:
    """Decode a call's reply; a failure becomes a SandboxError of the right kind.

    `return_args` is for the in-kernel grader, whose reply describes the arguments
    as they were after the call; a sandbox's arguments are read by the judge itself
    (``Sandbox.call``), never from its reply.
    """
    if not reply.get("ok") and reply.get("too_slow"):
        raise SandboxError(TOO_SLOW, kind="timeout")
    if not reply.get("ok"):
        kind = "missing" if reply.get("missing") else "not_implemented" if reply.get("not_implemented") else "error"
        raise SandboxError(str(reply.get("error", "failed"))[: TEXT_LIMITS.sandbox_error], kind=kind)
    try:
        warnings = [str(w)[: TEXT_LIMITS.warning] for w in reply.get("warnings", [])][: TEXT_LIMITS.warnings]
        result = CallResult(wire.decode(reply.get("value")), warnings)
        cpu = reply.get("cpu_seconds", 0.0)
        result.cpu_seconds = float(cpu) if isinstance(cpu, (int, float)) and 0 <= cpu < 1e6 else 0.0
        if return_args:
            result.args_after = [wire.decode(a) for a in reply.get("args_after", [])]
            result.kwargs_after = {str(k): wire.decode(v) for k, v in reply.get("kwargs_after", {}).items()}
    except Exception as exc:
        raise SandboxError(
            f"the sandbox sent a value that is not plain data ({type(exc).__name__})", kind="died"
        ) from None
    return result


class _SharedArgument:
    """An array argument the sandbox works on in place, in memory the judge made and reads back itself.

    A sealed memfd: the sandbox may write its bytes but cannot resize it, and the
    judge reads them (pread, not a mapping, so a sandbox cannot make it fault) as
    soon as the reply arrives: nothing the submission runs can say what its
    arguments became. (A thread of its own could still put them back in the moment
    between its reply and that read, which leaves them as they were sent.)
    """

    def __init__(self, array: np.ndarray) -> None:
        data = np.ascontiguousarray(array) if array.ndim else array.copy()
        self.dtype, self.shape, self.nbytes = data.dtype, data.shape, data.nbytes
        self.fd = os.memfd_create("argument", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
        os.write(self.fd, data.tobytes())
        fcntl.fcntl(self.fd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_SEAL)

    @staticmethod
    def wanted(value: Any) -> bool:
        return type(value) is np.ndarray and value.dtype.kind in "biuf" and value.nbytes > 0

    def describe(self) -> dict:
        return {"dtype": self.dtype.str, "shape": list(self.shape), "nbytes": self.nbytes}

    def read(self) -> np.ndarray:
        raw = os.pread(self.fd, self.nbytes, 0)
        return np.frombuffer(raw, dtype=self.dtype).reshape(self.shape).copy()

    def close(self) -> None:
        os.close(self.fd)


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of one process, from /proc/<pid>/stat; None if it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return None


def _descends_from(pid: int, ancestor: int) -> bool:
    for _ in range(16):
        if pid == ancestor:
            return True
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            return False
        if pid <= 1:
            return False
    return False


def _find_by_nspid(root: int, inner_pid: int) -> int | None:
    """The descendant of `root` (a host pid) whose pid one PID namespace down is `inner_pid`."""
    frontier = [root]
    for _ in range(6):
        found = []
        for pid in frontier:
            try:
                found += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
            except OSError:
                continue
        for pid in found:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            line = next((ln for ln in status.splitlines() if ln.startswith("NSpid:")), "").split()
            if len(line) == 3 and line[2] == str(inner_pid):  # "NSpid: <here> <one namespace down>"
                return pid
        frontier = found
    return None


class Sandbox:
    """One fresh process holding one submission's code; used for one part."""

    def __init__(
        self, sock: socket.socket, pid: int, limits: Limits, lifeline: int | None = None, server_pid: int | None = None
    ) -> None:
        # In the jail `pid` is a number in the fork server's PID namespace, not the host's: never signalled.
        # Closing `lifeline` makes the sandbox's keeper end it and its whole PID namespace.
        self.sock, self.pid, self.limits, self.lifeline = sock, pid, limits, lifeline
        self.server_pid = server_pid  # the fork server's pid here: the sandbox's CPU is read only below it
        self.alive = True
        self.seq = 0

    def _request(
        self, message: dict, seconds: float, cpu_seconds: float | None = None, fds: list[int] | None = None
    ) -> dict:
        if not self.alive:
            raise SandboxError("the sandbox had already stopped", kind="died")
        self.seq += 1
        try:
            self.sock.settimeout(seconds)
            self.sock.sendall(wire.pack(message | {"seq": self.seq}))
            if fds:  # one byte after the message carries the shared arguments' memory
                socket.send_fds(self.sock, [b"\0"], fds)
            if cpu_seconds is not None:
                self._await_reply(seconds, cpu_seconds)
            reply = wire.recv_message(self.sock, time.monotonic() + seconds)
            if reply.get("seq") != self.seq:  # a stale or extra reply: the next call must not read it as its own
                raise wire.WireError(OUT_OF_TURN)
            return reply
        except TimeoutError as exc:
            self.close()
            if str(exc) == "cpu":
                raise SandboxError(TOO_SLOW, kind="timeout") from None
            if str(exc) == "cap":
                raise SandboxError(f"no answer within {self.limits.call_wall_cap:g} s", kind="timeout") from None
            raise SandboxError(
                f"no answer within {seconds:g} s while using no CPU time (a long sleep, or waiting for input?)",
                kind="timeout",
            ) from None
        except Exception as exc:
            self.close()
            raise SandboxError(f"the sandbox process died ({self._death_reason(exc)})", kind="died") from None

    def _await_reply(self, idle_seconds: float, cpu_seconds: float) -> None:
        """Wait for a call's reply by the sandbox's CPU time, measured here from /proc, not by the wall clock.

        A busy machine slows a working sandbox's clock but not its CPU work, so the
        limits that decide are: `cpu_seconds` of CPU time (the sandbox stops itself
        then; this is the judge's own check, with a grace, for code that disarms
        that), `idle_seconds` of wall time without using any CPU (sleeping or
        waiting), and ``limits.call_wall_cap`` of wall time whatever happens.
        """
        worker = self._worker()
        started = time.monotonic()
        first = last = _cpu_seconds(worker)
        progress_at = started
        while not select.select([self.sock], [], [], 0.2)[0]:
            now, used = time.monotonic(), _cpu_seconds(worker)
            if used is None or first is None:  # gone, or not measurable here: the wall clock decides
                if now - started > idle_seconds:
                    raise TimeoutError("idle")
                continue
            if used - first > cpu_seconds + 2.0:
                raise TimeoutError("cpu")
            if last is None or used - last > 0.01:
                last, progress_at = used, now
            if now - progress_at > idle_seconds:
                raise TimeoutError("idle")
            if now - started > self.limits.call_wall_cap:
                raise TimeoutError("cap")

    def _worker(self) -> int:
        """The process that runs the student's code: the keeper's only child when namespaces are used.

        -1 (nothing to measure: the wall clock decides) unless that process descends from
        our fork server: a pid from another PID namespace (a jail) names another process here.
        """
        keeper = self._host_pid()
        try:
            children = Path(f"/proc/{keeper}/task/{keeper}/children").read_text().split()
        except OSError:
            children = []
        worker = int(children[0]) if children else keeper
        return worker if self.server_pid is not None and _descends_from(worker, self.server_pid) else -1

    def _host_pid(self) -> int:
        """The keeper's pid as this process sees it. In the jail the fork server reports pids of its own PID
        namespace, so the keeper is found among the fork server's descendants by its NSpid line."""
        if self.lifeline is None or self.server_pid is None:
            return self.pid
        if getattr(self, "_host", None) is None:
            self._host = _find_by_nspid(self.server_pid, self.pid)
        return self._host if self._host is not None else -1

    def _death_reason(self, exc: Exception) -> str:
        if isinstance(exc, EOFError):
            return "it crashed, exited or ran out of memory"
        if str(exc) == OUT_OF_TURN:
            return OUT_OF_TURN
        return f"it sent something that is not a valid reply: {type(exc).__name__}"

    def load(self, cells: list[dict], reference: str, helpers: list[str], functions: list[str]) -> dict:
        reply = self._request(
            {"op": "load", "cells": cells, "reference": reference, "helpers": helpers, "functions": functions},
            self.limits.load_seconds,
        )
        errors, defined = reply.get("errors", []), reply.get("defined", [])
        if not reply.get("ok") or not isinstance(errors, list) or not isinstance(defined, list):
            raise SandboxError(str(reply.get("error", "loading failed"))[: TEXT_LIMITS.sandbox_error])
        return {"errors": [str(e)[:600] for e in errors][:50], "defined": [str(d) for d in defined if d in functions]}

    def call(self, fn: str, *args: Any, return_args: bool = False, **kwargs: Any) -> CallResult:
        """Call `fn` in the sandbox. With `return_args`, the array arguments as the call left them are
        read from the judge's own memory (``_SharedArgument``), never from the reply."""
        shared: dict[str, _SharedArgument] = {}
        if return_args:
            named = [(str(i), a) for i, a in enumerate(args)] + [(f"kw:{k}", v) for k, v in kwargs.items()]
            shared = {key: _SharedArgument(value) for key, value in named if _SharedArgument.wanted(value)}
        message = {
            "op": "call",
            "fn": fn,
            "args": [wire.encode(None if str(i) in shared else a) for i, a in enumerate(args)],
            "kwargs": {k: wire.encode(None if f"kw:{k}" in shared else v) for k, v in kwargs.items()},
            "cpu_seconds": self.limits.call_cpu_seconds,
            "shared": {key: arg.describe() for key, arg in shared.items()},
        }
        try:
            fds = [arg.fd for arg in shared.values()]
            reply = self._request(message, self.limits.call_seconds, self.limits.call_cpu_seconds, fds)
            result = result_from_reply(reply, False)
            if return_args:
                after = {key: arg.read() for key, arg in shared.items()}
                result.args_after = [after.get(str(i), a) for i, a in enumerate(args)]
                result.kwargs_after = {k: after.get(f"kw:{k}", v) for k, v in kwargs.items()}
            return result
        finally:
            for arg in shared.values():
                arg.close()

    def close(self) -> None:
        """End the sandbox and everything it started, once: after that its pid may belong to another process."""
        if not self.alive:
            return
        self.alive = False
        try:
            self.sock.close()
        except OSError:
            pass
        if self.lifeline is not None:
            os.close(self.lifeline)
            return
        for target in (lambda: os.killpg(self.pid, signal.SIGKILL), lambda: os.kill(self.pid, signal.SIGKILL)):
            try:
                target()
            except OSError:
                pass


@functools.cache
def release_imports() -> tuple[str, ...]:
    """The modules the release notebook imports, for the fork server to import once.

    Every part's sandbox loads the submission's imports again; forked from a server
    that holds them already, ``from sklearn.datasets import ...`` costs nothing
    instead of about a second per sandbox (eight per notebook).
    """
    names: list[str] = []
    for cell in read_submission(RELEASE, Limits()).cells:  # the judge's own reader: magics and demos removed
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
    return tuple(dict.fromkeys(names))


class ForkServer:
    """A long-lived zygote process that forks fresh sandboxes cheaply."""

    def __init__(self, limits: Limits | None = None, isolation: Isolation | None = None) -> None:
        self.limits = limits or Limits.from_env()
        isolation = isolation or detect_isolation()
        if isolation.mode == "unavailable":
            raise IsolationUnavailable(f"refusing to run student code: no jail can be had here: {isolation.problem}")
        memory = (
            self.limits.describe_memory()
            if isolation.namespaces
            else f"memory: {self.limits.per_process_memory() // 1024**2} MB of address space per process only"
        )
        self.isolation = replace(isolation, notes=(*isolation.notes, memory))
        self.proc: subprocess.Popen | None = None
        self.control: socket.socket | None = None
        self.scratch: str | None = None  # working folders of sandboxes that have no private /tmp

    def _start(self) -> None:
        if self.scratch is None and not self.isolation.namespaces:
            self.scratch = tempfile.mkdtemp(prefix="autograder-scratch-")
            os.chmod(self.scratch, 0o1777)  # sandboxes with a uid of their own write here too
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {
            "PATH": "/usr/bin:/bin",
            "SANDBOX_CONTROL_FD": str(theirs.fileno()),
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "LANG": "C.UTF-8",
        }
        env["SANDBOX_PRELOAD"] = ",".join(release_imports())
        for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "MPLCONFIGDIR", "HOME"):
            if key in os.environ:
                env[key] = os.environ[key]
        argv = self.isolation.command(sys.executable, ZYGOTE, [Path(wire.__file__), CALLING])
        self.proc = subprocess.Popen(
            argv,
            env=env,
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=self.isolation.preexec(),
        )
        theirs.close()
        self.control = ours

    def spawn(self) -> Sandbox:
        """A new sandbox process; restarts the fork server if a sandbox killed it."""
        for attempt in range(2):
            if self.proc is None or self.proc.poll() is not None:
                self._stop_zygote()
                self._start()
            mine, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            life_r, life_w = os.pipe()
            try:
                request = {"op": "spawn", "limits": self._limit_dict()}
                control = self.control
                if control is None:
                    raise OSError("the fork server is not running")
                socket.send_fds(control, [json.dumps(request).encode()], [child_end.fileno(), life_r])
                control.settimeout(self.limits.spawn_seconds)
                reply = json.loads(control.recv(4096))
                jailed = self.isolation.namespaces
                server_pid = self.proc.pid if self.proc is not None else None
                sandbox = Sandbox(mine, int(reply["pid"]), self.limits, life_w if jailed else None, server_pid)
                if not jailed:
                    os.close(life_w)
                return sandbox
            except (OSError, ValueError, KeyError):
                mine.close()
                os.close(life_w)
                self._stop_zygote()
                if attempt:
                    raise SandboxError("could not start a sandbox process", kind="died") from None
            finally:
                child_end.close()
                os.close(life_r)
        raise AssertionError("unreachable")

    def _limit_dict(self) -> dict:
        lim = self.limits
        return {
            "memory_bytes": lim.memory_bytes,
            "process_memory_bytes": lim.per_process_memory(),
            "cpu_seconds": lim.cpu_seconds,
            "file_bytes": lim.file_bytes,
            "open_files": lim.open_files,
            "processes": lim.processes,
            "output_bytes": lim.output_bytes,
            "scratch_bytes": lim.scratch_bytes,
            "recursion_limit": lim.recursion_limit,
            "namespaces": self.isolation.namespaces,
            "visible": list(self.isolation.visible),
            "scratch": self.scratch,
        }

    def stop(self) -> None:
        self._stop_zygote()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def _stop_zygote(self) -> None:
        if self.control is not None:
            self.control.close()
            self.control = None
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
            self.proc = None

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
