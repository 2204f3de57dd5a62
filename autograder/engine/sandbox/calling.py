"""How one call into student code is made and reported, on whichever side it runs.

Used by the sandbox (``zygote.py`` loads this file by path) and by the in-kernel
grader of nbgrader's hidden cells, so both judge exactly the same observations:
the value, the warnings raised, and the arguments as they were afterwards.
"""

from __future__ import annotations

import signal
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy

# Copies of TEXT_LIMITS (engine/limits.py): this file is loaded by path inside the sandbox.
ERROR_CHARS, WARNING_CHARS, MAX_WARNINGS = 300, 300, 20


def _text(exc: BaseException) -> str:
    """An exception's message, even when its __str__ raises (a student's exception class may)."""
    try:
        return str(exc)[:ERROR_CHARS]
    except Exception:
        return ""


class OutOfCpuTime(BaseException):
    """Raised into student code when a call has used up its CPU-time budget."""


def _out_of_cpu_time(signum: int, frame: Any) -> None:
    raise OutOfCpuTime


def invoke(
    fn: Callable,
    args: list,
    kwargs: dict,
    encode: Callable[[Any], Any],
    return_args: bool = False,
    cpu_seconds: float | None = None,
) -> dict:
    """Call fn and describe the outcome as a reply of plain (encoded) data.

    With `cpu_seconds` (the sandbox's calls) the call is stopped once it has used
    that much CPU time (ITIMER_PROF, re-armed every 0.25 s in case the code swallows
    the first stop), so a busy machine, which slows the wall clock but not the CPU
    work, cannot make a call run out of time. The reply says how much CPU it used.
    """
    started = time.process_time()
    if cpu_seconds is not None:
        signal.signal(signal.SIGPROF, _out_of_cpu_time)
        signal.setitimer(signal.ITIMER_PROF, float(cpu_seconds), 0.25)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with numpy.errstate(all="warn", under="ignore"):
            try:
                try:
                    value = fn(*args, **kwargs)
                finally:
                    if cpu_seconds is not None:
                        signal.setitimer(signal.ITIMER_PROF, 0)
            except OutOfCpuTime:
                return {"ok": False, "error": "out of CPU time", "too_slow": True, "cpu_seconds": cpu_seconds}
            except RecursionError:
                return {"ok": False, "error": "RecursionError: maximum recursion depth exceeded"}
            except SystemExit as exc:
                return {"ok": False, "error": f"called exit({exc.code!r}) instead of returning"}
            except NotImplementedError:
                return {
                    "ok": False,
                    "error": "not implemented yet (raises NotImplementedError)",
                    "not_implemented": True,
                }
            except BaseException as exc:
                return {"ok": False, "error": f"{type(exc).__name__}: {_text(exc)}"}
    reply = {
        "ok": True,
        "cpu_seconds": time.process_time() - started,
        "value": encode(value),
        "warnings": [f"{w.category.__name__}: {w.message}"[:WARNING_CHARS] for w in caught[:MAX_WARNINGS]],
    }
    if return_args:
        reply["args_after"] = [encode(a) for a in args]
        reply["kwargs_after"] = {k: encode(v) for k, v in kwargs.items()}
    return reply
