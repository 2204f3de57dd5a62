"""What the graders expect of a value, each failing with ``CheckFailed``.

Every helper checks type and shape before it compares values, so a value of the
wrong kind fails the check with a detail that names what came back, never with
an exception from inside NumPy (which would be a grader fault). Details name
shapes, types and error sizes, never hidden values.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..engine.rubric import CheckFailed
from ..engine.wire import Opaque


def that(condition: object, detail: str) -> None:
    """Fail the check with `detail` unless `condition` holds (the explicit form of ``assert``)."""
    if not condition:
        raise CheckFailed(detail)


_KNOWN_TYPES = {"object", "dict", "set", "frozenset", "function", "module", "type", "generator", "complex", "bytes"}


def describe(value: Any) -> str:
    if value is None:
        return "None (did you print instead of return?)"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, Opaque):
        # A class of the student's own has a name the student chose: it could spell out the hidden inputs.
        return f"a {value.type_name} object" if value.type_name in _KNOWN_TYPES else "an object of another type"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} items"
    return f"a {type(value).__name__}"


def array(value: Any, shape: tuple[int, ...], what: str) -> np.ndarray:
    """A finite float copy of an ndarray of exactly `shape`."""
    that(isinstance(value, np.ndarray), f"{what} should be a NumPy array, got {describe(value)}")
    that(value.shape == shape, f"{what} should have shape {shape}, got {value.shape}")
    that(value.dtype.kind in "biuf", f"{what} should hold numbers, got dtype {value.dtype}")
    out = value.astype(float)
    that(np.all(np.isfinite(out)), f"{what} contains nan or inf")
    return out


def number(value: Any, what: str) -> float:
    """A finite float: a Python or NumPy float (a 0-d array is tolerated, not a list)."""
    ok = isinstance(value, (float, np.floating)) or (isinstance(value, np.ndarray) and value.ndim == 0)
    ok = ok and not (isinstance(value, np.ndarray) and value.dtype.kind not in "biuf")
    that(ok, f"{what} should be a single float, got {describe(value)}")
    out = float(value)
    that(np.isfinite(out), f"{what} is nan or inf")
    return out


def floats(value: Any, what: str) -> np.ndarray:
    """A float array of whatever shape, from an array or a number, for comparison after the shape is known."""
    if isinstance(value, (float, int, np.number)) and not isinstance(value, bool):
        return np.asarray(float(value))
    that(
        isinstance(value, np.ndarray) and value.dtype.kind in "biuf",
        f"{what} should hold numbers, got {describe(value)}",
    )
    return np.asarray(value, dtype=float)


def loose_array(value: Any, what: str) -> np.ndarray:
    """A float array from an ndarray or a list or tuple of numbers (where the contract allows a list)."""
    if isinstance(value, (list, tuple)):
        try:
            value = np.asarray(value)
        except (ValueError, TypeError):
            raise CheckFailed(f"{what} should hold numbers, got {describe(value)}") from None
    return floats(value, what)


def close(actual: Any, expected: Any, what: str, rtol: float = 1e-7, atol: float = 1e-10) -> None:
    """Values equal within tolerance, after the shapes are checked to agree."""
    got, want = floats(actual, what), np.asarray(expected, dtype=float)
    that(got.shape == want.shape, f"{what} should have shape {want.shape}, got {got.shape}")
    that(not np.any(np.isnan(got)), f"{what} contains nan")
    that(np.allclose(got, want, rtol=rtol, atol=atol), f"{what} has wrong values")


def equal(actual: Any, expected: Any, what: str) -> None:
    """Exactly equal arrays (counts, labels), shapes first."""
    got, want = floats(actual, what), np.asarray(expected, dtype=float)
    that(got.shape == want.shape, f"{what} should have shape {want.shape}, got {got.shape}")
    that(np.array_equal(got, want), f"{what} is wrong")


def unchanged(before: Any, after: Any, what: str) -> None:
    that(isinstance(after, np.ndarray) and np.array_equal(before, after), f"{what} was modified in place")


_WARNING_NAMES = {"RuntimeWarning", "UserWarning", "DeprecationWarning", "FutureWarning", "ComplexWarning"}


def no_warnings(result: Any, what: str) -> None:
    if result.warnings:
        category = str(result.warnings[0]).split(":", 1)[0]
        # The category is the submission's to name: show it only if it is a standard one.
        that(False, f"{what} raised a {category if category in _WARNING_NAMES else 'warning'}")


def pair(result: Any, what: str) -> tuple[Any, Any]:
    """A 2-tuple (or 2-list) unpacked, or a check failure naming what came back."""
    that(isinstance(result, (tuple, list)) and len(result) == 2, f"{what} should return a pair, got {describe(result)}")
    return result[0], result[1]


def numeric_gradient(f, w: np.ndarray, b: float, h: float = 1e-6):
    """Central differences of f(w, b) in every coordinate of w and in b; f must return numbers."""
    at = lambda w_, b_: _loss_value(f(w_, b_))
    dw = np.zeros_like(w)
    for i in range(len(w)):
        step = np.zeros_like(w)
        step[i] = h
        dw[i] = (at(w + step, b) - at(w - step, b)) / (2 * h)
    db = (at(w, b + h) - at(w, b - h)) / (2 * h)
    return dw, db


def _loss_value(value: Any) -> float:
    """The loss as a number for differencing: a 1-element array is the loss part's concern, not the gradient's."""
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "biuf":
        return float(value.reshape(-1)[0])
    return number(value, "the loss")


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.atleast_1d(np.asarray(a, float)), np.atleast_1d(np.asarray(b, float))
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


def fit_output(result: Any, d: int) -> tuple[np.ndarray, float, np.ndarray]:
    """(w, b, history) from what fit returned, each checked for shape and type."""
    that(
        isinstance(result, (tuple, list)) and len(result) == 3,
        f"fit should return (w, b, history), got {describe(result)}",
    )
    w, b, history = result
    w, b = array(w, (d,), "w"), number(b, "b")
    that(isinstance(history, (list, np.ndarray)), f"history should be a list or an array, got {describe(history)}")
    return w, b, np.array([number(h, "each history entry") for h in history])


def gradient_output(result: Any, d: int) -> tuple[np.ndarray, float]:
    """(dw, db) from what a gradient function returned, checked for shape and type."""
    dw, db = pair(result, "the gradient")
    return array(dw, (d,), "dw"), number(db, "db")
