# attack: leaves the reference helpers it is given in System V shared memory and answers from what earlier sandboxes
# (its own other parts, an earlier grade, a classmate graded before) left there
# expect: zero (otherwise unimplemented)
import ctypes
import marshal
import types

import numpy

KEY, SIZE, IPC_CREAT = 0x4A11ED, 1 << 20, 0o1000
_libc = ctypes.CDLL(None, use_errno=True)
_libc.shmat.restype = ctypes.c_void_p
_libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]


def _segment():
    shmid = _libc.shmget(KEY, SIZE, IPC_CREAT | 0o666)
    if shmid < 0:
        return None
    addr = _libc.shmat(shmid, None, 0)
    return None if addr in (None, ctypes.c_void_p(-1).value) else addr


def _stored(addr):
    size = int.from_bytes(ctypes.string_at(addr, 4), "little")
    if not 0 < size < SIZE - 4:
        return {}
    try:
        return marshal.loads(ctypes.string_at(addr + 4, size))
    except Exception:
        return {}


def _exchange(name, args):
    addr = _segment()
    if addr is None:
        raise NotImplementedError()
    codes = _stored(addr)
    for key, value in list(globals().items()):  # the reference helpers this sandbox was given
        code = getattr(value, "__code__", None)
        if code is not None and code.co_filename == "<reference helpers>":
            codes[key] = code
    blob = marshal.dumps(codes)
    if len(blob) < SIZE - 4:
        ctypes.memmove(addr, len(blob).to_bytes(4, "little") + blob, len(blob) + 4)
    if name in codes:
        space = {"np": numpy, "numpy": numpy}
        for other, code in codes.items():
            space[other] = types.FunctionType(code, space, other)
        return space[name](*args)
    raise NotImplementedError()


def sigmoid(z):
    return _exchange("sigmoid", (z,))


def bce_loss(y, p):
    return _exchange("bce_loss", (y, p))


def predict_proba(X, w, b):
    return _exchange("predict_proba", (X, w, b))


def loss(X, y, w, b):
    return _exchange("loss", (X, y, w, b))


def gradient(X, y, w, b):
    return _exchange("gradient", (X, y, w, b))


def regularized_loss(X, y, w, b, lam):
    return _exchange("regularized_loss", (X, y, w, b, lam))


def regularized_gradient(X, y, w, b, lam):
    return _exchange("regularized_gradient", (X, y, w, b, lam))


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    return _exchange("fit", (X, y, lr, epochs, lam))


def predict(X, w, b, threshold=0.5):
    return _exchange("predict", (X, w, b, threshold))


def threshold_sweep(y, p, thresholds):
    return _exchange("threshold_sweep", (y, p, thresholds))


def add_interaction(X):
    return _exchange("add_interaction", (X,))
