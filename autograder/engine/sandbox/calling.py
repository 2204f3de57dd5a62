"""How one call into student code is made and reported, on whichever side it runs.

Used by the sandbox (``zygote.py`` loads this file by path) and by the in-kernel
grader of nbgrader's hidden cells, so both judge exactly the same observations:
the value, the warnings raised, and the arguments as they were afterwards.
"""

from __future__ import annotations

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


def invoke(fn: Callable, args: list, kwargs: dict, encode: Callable[[Any], Any], return_args: bool = False) -> dict:
    """Call fn and describe the outcome as a reply of plain (encoded) data."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with numpy.errstate(all="warn", under="ignore"):
            try:
                value = fn(*args, **kwargs)
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
        "value": encode(value),
        "warnings": [f"{w.category.__name__}: {w.message}"[:WARNING_CHARS] for w in caught[:MAX_WARNINGS]],
    }
    if return_args:
        reply["args_after"] = [encode(a) for a in args]
        reply["kwargs_after"] = {k: encode(v) for k, v in kwargs.items()}
    return reply
