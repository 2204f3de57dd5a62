"""The data-only channel between the judge and a sandbox.

Values cross as tagged JSON: numbers, strings, None, lists, tuples, dicts with
string keys and NumPy arrays of plain numeric dtypes (raw bytes, base64). No
pickle, no object that could run code when decoded: a student's return value
that is anything else arrives as an ``Opaque`` naming its type, and an object
that claims to equal everything is just that opaque name on the judge's side.

Both sides use this module: the in-kernel grader (nbgrader's hidden cells)
sends every student result through ``roundtrip`` so it judges exactly what the
sandbox would have delivered.
"""

from __future__ import annotations

import base64
import json
import math
import struct
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

# Array dtypes that may cross; object, void and string arrays may not.
_ARRAY_KINDS = "biuf"
# The caps' one home is engine/limits.py (WireLimits): this file is loaded by path inside the
# sandbox and cannot import it, so these copies are held equal to it by tests/unit/test_units.py.
MAX_DEPTH = 20
MAX_ITEMS = 1_000_000  # elements in one array or items in one container
MAX_STRING = 10_000  # characters of one string
MAX_KEYS = 10_000  # keys of one dict
MAX_INT_DIGITS = 4000


@dataclass(frozen=True)
class Opaque:
    """A value that could not cross the channel: only its type name did."""

    type_name: str
    reason: str = "not a plain data value"

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


class WireError(ValueError):
    """A message on the channel is malformed."""


def _float(x: float) -> Any:
    # JSON has no NaN or infinity; spell them out so they survive exactly.
    return x if math.isfinite(x) else {"t": "f", "v": repr(x)}


def encode(value: Any, depth: int = 0) -> Any:
    """Turn a value into JSON-able tagged data; never raises for odd values."""
    if depth > MAX_DEPTH:
        return {"t": "opaque", "type": type(value).__name__, "reason": "nested too deeply"}
    try:
        # Exact types only: a subclass may override comparison or conversion.
        kind = type(value)
        if value is None:
            return {"t": "none"}
        if kind is bool:
            return {"t": "bool", "v": value}
        if kind is int:
            return {"t": "int", "v": str(value)}
        if kind is float:
            return {"t": "float", "v": _float(value)}
        if kind is str:
            return {"t": "str", "v": value[:MAX_STRING]}
        if kind is np.ndarray:
            if value.dtype.kind not in _ARRAY_KINDS or value.size > MAX_ITEMS:
                return {
                    "t": "opaque",
                    "type": f"ndarray[{value.dtype}]",
                    "reason": "array of non-numeric values or too large",
                }
            data = value.copy(order="C")  # ascontiguousarray would turn 0-d into 1-d
            return {
                "t": "array",
                "dtype": data.dtype.str,
                "shape": list(data.shape),
                "data": base64.b64encode(data.tobytes()).decode("ascii"),
            }
        if isinstance(value, np.generic) and kind.__module__ == "numpy" and value.dtype.kind in _ARRAY_KINDS:
            return {
                "t": "scalar",
                "dtype": value.dtype.str,
                "v": _float(float(value)) if value.dtype.kind == "f" else str(value.item()),
            }
        if kind in (list, tuple):
            if len(value) > MAX_ITEMS:
                return {"t": "opaque", "type": kind.__name__, "reason": "too many items"}
            return {"t": kind.__name__, "v": [encode(item, depth + 1) for item in value]}
        if kind is dict:
            if not all(type(key) is str for key in value) or len(value) > MAX_KEYS:
                return {"t": "opaque", "type": "dict", "reason": "keys must be strings"}
            return {"t": "dict", "v": {key: encode(item, depth + 1) for key, item in value.items()}}
    except Exception as exc:  # a hostile __len__ or buffer must not break the channel
        return {"t": "opaque", "type": "object", "reason": f"could not be read: {type(exc).__name__}"}
    return {"t": "opaque", "type": _type_name(value)}


def _type_name(value: Any) -> str:
    try:
        name = type(value).__qualname__
        return name if isinstance(name, str) else "object"
    except Exception:
        return "object"


def _number(v: Any) -> float:
    if isinstance(v, dict):
        return float(v["v"])
    if type(v) not in (int, float):
        raise WireError("bad number")
    return float(v)


def decode(data: Any, depth: int = 0) -> Any:
    """Rebuild a value from tagged data; rejects anything malformed."""
    if depth > MAX_DEPTH + 1 or not isinstance(data, dict):
        raise WireError("malformed value")
    tag = data.get("t")
    if tag == "none":
        return None
    if tag == "bool":
        return bool(data["v"])
    if tag == "int":
        text = str(data["v"])
        if len(text) > MAX_INT_DIGITS:
            raise WireError("integer too long")
        return int(text)
    if tag == "float":
        return _number(data["v"])
    if tag == "str":
        return str(data["v"])
    if tag == "array":
        dtype = np.dtype(str(data["dtype"]))
        if dtype.kind not in _ARRAY_KINDS:
            raise WireError("array dtype not allowed")
        shape = tuple(int(s) for s in data["shape"])
        raw = base64.b64decode(data["data"])
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    if tag == "scalar":
        dtype = np.dtype(str(data["dtype"]))
        if dtype.kind not in _ARRAY_KINDS:
            raise WireError("scalar dtype not allowed")
        v = data["v"]
        return dtype.type(_number(v) if dtype.kind == "f" else int(str(v)) if dtype.kind in "iu" else str(v) == "True")
    if tag in ("list", "tuple"):
        items = [decode(item, depth + 1) for item in data["v"]]
        return items if tag == "list" else tuple(items)
    if tag == "dict":
        return {str(key): decode(item, depth + 1) for key, item in data["v"].items()}
    if tag == "opaque":
        return Opaque(str(data.get("type", "object"))[:200], str(data.get("reason", "not a plain data value"))[:200])
    raise WireError(f"unknown tag {tag!r}")


def roundtrip(value: Any) -> Any:
    """What the judge would receive had `value` come from a sandbox."""
    return decode(json.loads(json.dumps(encode(value))))


# Framing: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.
MAX_MESSAGE = 32 * 1024 * 1024  # the largest array a grader exchanges is well under 1 MB


def pack(message: dict) -> bytes:
    body = json.dumps(message, separators=(",", ":")).encode("utf-8")
    return struct.pack(">I", len(body)) + body


def unpack_length(header: bytes) -> int:
    (length,) = struct.unpack(">I", header)
    if length > MAX_MESSAGE:
        raise WireError("message too large")
    return length


def recv_message(sock, deadline: float | None = None) -> dict:
    """Read one framed message; with a `deadline` (time.monotonic()), the whole message must arrive by then."""

    def exact(n: int) -> bytes:
        chunks = []
        while n:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("message not complete by the deadline")
                sock.settimeout(left)
            chunk = sock.recv(min(n, 1 << 20))
            if not chunk:
                raise EOFError("the other side closed the channel")
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    message = json.loads(exact(unpack_length(exact(4))))
    if not isinstance(message, dict):
        raise WireError("a message must be a JSON object")
    return message
