"""What the graders expect of a value, each failing with ``CheckFailed``.

Every helper checks type and shape before it compares values, so a value of the
wrong kind fails the check with a detail that names what came back, never with
an exception from inside NumPy (which would be a grader fault). Details name
shapes, types and error sizes, never hidden values.

Two kinds of helpers: ``array``, ``number`` and ``fit_output`` are strict (a
type or shape check's verdict); ``values`` and ``scalar`` are lenient (a list
for an array, a (n, 1) column for (n,), a 1-element array for a number are
compared by their values), so one slip in a type costs the type check only.
The commonest beginner failures carry a hint of their own, which the rubric
shows once per part. Tolerances come from the contract (``RTOL``, ``ATOL``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..assignment.contract import ATOL, RTOL
from ..engine.rubric import CheckFailed
from ..engine.wire import Opaque

NONE_HINT = "returned None: did you print instead of return?"
LIST_HINT = "returned a Python list where a NumPy array is expected: return np.array(...)"
COLUMN_HINT = (
    "returned a column of shape (n, 1) where a 1-d array of shape (n,) is expected: "
    "no reshape(-1, 1) or [:, None] on the result"
)
INTDIV_HINT = "integer division: the values were rounded down to whole numbers; use / (true division), not //"
PRECISION_HINT = (
    f"the values are close but not within the contract's tolerance (relative {RTOL:g}): "
    "a precision problem (float16, rounding, a large epsilon?)"
)
CONSTANT_HINT = (
    "the result does not change when the input does: this property earns its points only "
    "on a function that uses its input"
)


def fail(detail: str, hint: str = "") -> None:
    raise CheckFailed(detail, hint)


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


def _none(value: Any, what: str) -> None:
    if value is None:
        fail(f"{what} is None", NONE_HINT)


def array(value: Any, shape: tuple[int, ...], what: str) -> np.ndarray:
    """A finite float copy of an ndarray of exactly `shape` (the strict form: types and shapes are graded)."""
    _none(value, what)
    if isinstance(value, list):
        fail(f"{what} should be a NumPy array, got {describe(value)}", LIST_HINT)
    that(isinstance(value, np.ndarray), f"{what} should be a NumPy array, got {describe(value)}")
    if value.shape != shape and len(shape) == 1 and value.shape == (shape[0], 1):
        fail(f"{what} should have shape {shape}, got {value.shape}", COLUMN_HINT)
    that(value.shape == shape, f"{what} should have shape {shape}, got {value.shape}")
    that(value.dtype.kind in "biuf", f"{what} should hold numbers, got dtype {value.dtype}")
    out = value.astype(float)
    that(np.all(np.isfinite(out)), f"{what} contains nan or inf")
    return out


def values(value: Any, shape: tuple[int, ...], what: str) -> np.ndarray:
    """The numbers of an array-like of `shape`, for a check of values (the lenient form).

    A list or tuple of numbers, or an array whose shape differs from `shape` only
    by length-1 axes (a (n, 1) column for (n,)), is compared by its values: its
    type or shape is a type check's concern, not this one's. nan stays in.
    """
    _none(value, what)
    if isinstance(value, (list, tuple)):
        try:
            value = np.asarray(value, dtype=float)
        except (ValueError, TypeError, OverflowError):
            fail(f"{what} should hold numbers, got {describe(value)}")
    if isinstance(value, (float, int, np.number)) and not isinstance(value, bool) and shape == ():
        return np.asarray(_float(value, what))
    that(isinstance(value, np.ndarray), f"{what} should be an array, got {describe(value)}")
    that(value.dtype.kind in "biuf", f"{what} should hold numbers, got dtype {value.dtype}")
    if (
        value.shape != shape
        and value.size == int(np.prod(shape))
        and value.squeeze().shape == tuple(n for n in shape if n != 1)
    ):
        value = value.reshape(shape)
    that(value.shape == shape, f"{what} should have shape {shape}, got {value.shape}")
    return value if value.dtype.kind in "iu" else value.astype(float)  # integers kept: close() names integer division


def number(value: Any, what: str) -> float:
    """A finite float: a Python or NumPy float (a 0-d array is tolerated, not a list); the strict form."""
    _none(value, what)
    ok = isinstance(value, (float, np.floating)) or (isinstance(value, np.ndarray) and value.ndim == 0)
    ok = ok and not (isinstance(value, np.ndarray) and value.dtype.kind not in "biuf")
    that(ok, f"{what} should be a single float, got {describe(value)}")
    out = _float(value, what)
    that(np.isfinite(out), f"{what} is nan or inf")
    return out


def _float(value: Any, what: str) -> float:
    """float(value), or a check failure for an integer too large to be one (10**400 is a valid int)."""
    try:
        return float(value)
    except OverflowError:
        fail(f"{what} is too large to be a float")
        return 0.0


def shape_of(value: Any) -> tuple[int, ...] | None:
    """np.shape of what came back, or None where it has none (a ragged list)."""
    try:
        return tuple(np.shape(value))
    except (ValueError, TypeError):
        return None


def scalar(value: Any, what: str) -> float:
    """A number for a check of values: an int or a 1-element array counts too (the lenient form); may be nan."""
    _none(value, what)
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "biuf":
        return _float(value.reshape(-1)[0], what)
    if isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_)):
        return _float(value, what)
    fail(f"{what} should be a single number, got {describe(value)}")
    return 0.0


def floats(value: Any, what: str) -> np.ndarray:
    """A float array of whatever shape, from an array or a number, for comparison after the shape is known."""
    if value is None:
        fail(f"{what} should hold numbers, got {describe(value)}", NONE_HINT)
    if isinstance(value, (float, int, np.number)) and not isinstance(value, bool):
        return np.asarray(_float(value, what))
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
        except (ValueError, TypeError, OverflowError):
            raise CheckFailed(f"{what} should hold numbers, got {describe(value)}") from None
    return floats(value, what)


def close(
    actual: Any, expected: Any, what: str, rtol: float = RTOL, atol: float = ATOL, precision_hint: bool = True
) -> None:
    """Values equal within the contract's tolerance, after the shapes are checked to agree.

    Values that are right to 1e-3 but not to `rtol` are reported as the precision
    problem they are (unless `precision_hint` is off: a trained model's small
    difference is the method's, not its precision); whole numbers where fractions
    were due, as integer division.
    """
    got, want = floats(actual, what), np.asarray(expected, dtype=float)
    that(got.shape == want.shape, f"{what} should have shape {want.shape}, got {got.shape}")
    that(not np.any(np.isnan(got) & ~np.isnan(want)), f"{what} contains nan")
    if np.allclose(got, want, rtol=rtol, atol=atol, equal_nan=True):
        return
    integers = isinstance(actual, (int, np.integer)) or (isinstance(actual, np.ndarray) and actual.dtype.kind in "iu")
    fractional = np.any(np.abs(want - np.round(want)) > 1e-9)
    if integers and fractional and np.array_equal(got, np.floor(want + 1e-12)):
        fail(f"{what} holds whole numbers where fractions are due", INTDIV_HINT)
    error = relative_error(got, want)
    if precision_hint and np.allclose(got, want, rtol=1e-3, atol=1e-6):
        fail(f"{what} is off by a relative error of {error:.0e}", PRECISION_HINT)
    fail(f"{what} has wrong values")


def equal(actual: Any, expected: Any, what: str) -> None:
    """Exactly equal arrays (counts, labels), shapes first."""
    got, want = floats(actual, what), np.asarray(expected, dtype=float)
    that(got.shape == want.shape, f"{what} should have shape {want.shape}, got {got.shape}")
    that(np.array_equal(got, want), f"{what} is wrong")


def varies(first: Any, second: Any, what: str) -> None:
    """The results for two different inputs differ: a function returning a constant earns no property's points."""
    a, b = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    if a.shape == b.shape and np.allclose(a, b, rtol=1e-9, atol=1e-12):
        fail(f"{what} is the same for different inputs", CONSTANT_HINT)


def unchanged(before: Any, after: Any, what: str) -> None:
    that(isinstance(after, np.ndarray) and np.array_equal(before, after), f"{what} was modified in place")


def inputs_untouched(result: Any, before: dict[str, Any]) -> None:
    """Every array argument unchanged by the call (``result`` from ``sub.call(..., return_args=True)``)."""
    for (name, value), after in zip(before.items(), result.args_after or []):
        if isinstance(value, np.ndarray):
            unchanged(value, after, name)


_WARNING_NAMES = {"RuntimeWarning", "UserWarning", "DeprecationWarning", "FutureWarning", "ComplexWarning"}


def no_warnings(result: Any, what: str) -> None:
    """No warning escaped the call. The one thing a call reports of itself: a submission may legally
    silence its warnings (``np.errstate``), so forging the report gains only what that line gains."""
    if result.warnings:
        category = str(result.warnings[0]).split(":", 1)[0]
        # The category is the submission's to name: show it only if it is a standard one.
        that(False, f"{what} raised a {category if category in _WARNING_NAMES else 'warning'}")


def pair(result: Any, what: str) -> tuple[Any, Any]:
    """A 2-tuple (or 2-list) unpacked, or a check failure naming what came back."""
    _none(result, what)
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
    """The loss as a number for differencing: its type is the loss part's concern, not the gradient's."""
    out = scalar(value, "the loss")
    that(np.isfinite(out), "the loss is nan or inf")
    return out


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.atleast_1d(np.asarray(a, float)), np.atleast_1d(np.asarray(b, float))
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


def fit_output(result: Any, d: int) -> tuple[np.ndarray, float, np.ndarray]:
    """(w, b, history) from what fit returned, by value: w as (d,) numbers, b and each entry as a number.

    Lenient on types (a list w, a 1-element b or history entries): ``fit_types`` grades those.
    """
    _none(result, "fit's result")
    that(
        isinstance(result, (tuple, list)) and len(result) == 3,
        f"fit should return (w, b, history), got {describe(result)}",
    )
    w, b, history = result
    w, b = values(w, (d,), "w"), scalar(b, "b")
    _none(history, "history")
    that(isinstance(history, (list, tuple, np.ndarray)), f"history should be a list, got {describe(history)}")
    that(not isinstance(history, np.ndarray) or history.ndim == 1, f"history should be a list, got {describe(history)}")
    entries = np.array([scalar(h, "each history entry") for h in list(history)], dtype=float)
    that(np.all(np.isfinite(w)) and np.isfinite(b), "w or b contains nan or inf")
    return w, b, entries


def fit_types(result: Any, d: int) -> None:
    """The types the contract promises: w an array of shape (d,), b a float, history a list of floats."""
    _none(result, "fit's result")
    that(
        isinstance(result, (tuple, list)) and len(result) == 3,
        f"fit should return (w, b, history), got {describe(result)}",
    )
    w, b, history = result
    array(w, (d,), "w")
    number(b, "b")
    that(isinstance(history, (list, np.ndarray)), f"history should be a list, got {describe(history)}")
    that(not isinstance(history, np.ndarray) or history.ndim == 1, f"history should be a list, got {describe(history)}")
    for entry in history:
        number(entry, "each history entry")


def gradient_output(result: Any, d: int) -> tuple[np.ndarray, float]:
    """(dw, db) from what a gradient function returned, checked for shape and type (strict)."""
    dw, db = pair(result, "the gradient")
    return array(dw, (d,), "dw"), number(db, "db")


def gradient_values(result: Any, d: int) -> tuple[np.ndarray, float]:
    """(dw, db) by value: dw as d numbers (a (d, 1) column or a list too), db as one number."""
    dw, db = pair(result, "the gradient")
    return values(dw, (d,), "dw"), scalar(db, "db")
