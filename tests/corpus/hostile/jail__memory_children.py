# attack: holds memory in CHILDREN child processes of CHUNK_MB MB each; a full sigmoid score means it held more
# than TOTAL_MB (the sandbox's stated total) at once
# expect: zero: the children together cannot hold more than the total
import os
import time

import numpy as np


def _hold():
    held, pipes, pids = 0, [], []
    for _ in range(CHILDREN):
        r, w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            break
        if pid == 0:
            os.close(r)
            try:
                block = bytearray(CHUNK_MB * 1024 * 1024)
                block[::4096] = b"x" * len(block[::4096])  # touch every page
                os.write(w, b"1")
            except MemoryError:
                os.write(w, b"0")
            time.sleep(30)
            os._exit(0)
        os.close(w)
        pipes.append(r)
        pids.append(pid)
    for r in pipes:
        if os.read(r, 1) == b"1":
            held += CHUNK_MB
    return held


_HELD = []  # measured once per sandbox: later calls reuse the answer instead of forking more


def sigmoid(z):
    if not _HELD:
        _HELD.append(_hold())
    if _HELD[0] > TOTAL_MB:
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
    raise NotImplementedError()
