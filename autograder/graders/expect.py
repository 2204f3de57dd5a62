"""Assertions shared by the graders. Messages name shapes and types, never hidden values."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..engine.wire import Opaque


def describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, Opaque):
        return f"a {value.type_name} object"
    return f"a {type(value).__name__}"


def array(value: Any, shape: tuple[int, ...], what: str) -> np.ndarray:
    """A finite float view of an ndarray of exactly `shape`."""
    assert isinstance(value, np.ndarray), f"{what} should be a NumPy array, got {describe(value)}"
    assert value.shape == shape, f"{what} should have shape {shape}, got {value.shape}"
    assert value.dtype.kind in "biuf", f"{what} should hold numbers, got dtype {value.dtype}"
    out = value.astype(float)
    assert np.all(np.isfinite(out)), f"{what} contains nan or inf"
    return out


def number(value: Any, what: str) -> float:
    """A finite float: a Python or NumPy float (a 0-d array is tolerated, not a list)."""
    ok = isinstance(value, (float, np.floating)) or (isinstance(value, np.ndarray) and value.ndim == 0)
    assert ok, f"{what} should be a single float, got {describe(value)}"
    out = float(value)
    assert np.isfinite(out), f"{what} is nan or inf"
    return out


def close(actual: Any, expected: Any, what: str, rtol: float = 1e-7, atol: float = 1e-10) -> None:
    assert np.allclose(actual, expected, rtol=rtol, atol=atol), f"{what} has wrong values"


def unchanged(before: Any, after: Any, what: str) -> None:
    assert isinstance(after, np.ndarray) and np.array_equal(before, after), f"{what} was modified in place"


def no_warnings(result: Any, what: str) -> None:
    assert not result.warnings, f"{what} raised a warning ({result.warnings[0].split(':')[0]})"


def numeric_gradient(f, w: np.ndarray, b: float, h: float = 1e-6):
    """Central differences of f(w, b) in every coordinate of w and in b."""
    dw = np.zeros_like(w)
    for i in range(len(w)):
        step = np.zeros_like(w)
        step[i] = h
        dw[i] = (f(w + step, b) - f(w - step, b)) / (2 * h)
    db = (f(w, b + h) - f(w, b - h)) / (2 * h)
    return dw, db


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.atleast_1d(np.asarray(a, float)), np.atleast_1d(np.asarray(b, float))
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


def fit_output(result: Any, d: int) -> tuple[np.ndarray, float, np.ndarray]:
    """(w, b, history) from what fit returned, each checked for shape and type."""
    assert isinstance(result, (tuple, list)) and len(result) == 3, (
        f"fit should return (w, b, history), got {describe(result)}"
    )
    w, b, history = result
    w, b = array(w, (d,), "w"), number(b, "b")
    assert isinstance(history, (list, np.ndarray)), f"history should be a list or an array, got {describe(history)}"
    return w, b, np.array([number(h, "each history entry") for h in history])


def gradient_output(result: Any, d: int) -> tuple[np.ndarray, float]:
    """(dw, db) from what a gradient function returned, checked for shape and type."""
    assert isinstance(result, (tuple, list)) and len(result) == 2, f"should return (dw, db), got {describe(result)}"
    return array(result[0], (d,), "dw"), number(result[1], "db")
