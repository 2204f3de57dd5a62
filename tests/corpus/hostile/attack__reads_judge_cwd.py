# attack: walks up its parent processes and reads the reference through /proc/<pid>/cwd and /proc/<pid>/root
# expect: zero (otherwise unimplemented)
import os


def _parents():
    pid, seen = os.getpid(), []
    while pid > 1 and pid not in seen:
        seen.append(pid)
        try:
            with open(f"/proc/{pid}/status") as f:
                pid = int(f.read().split("PPid:")[1].split()[0])
        except (OSError, IndexError, ValueError):
            break
    everyone = [int(p) for p in os.listdir("/proc") if p.isdigit()] if os.path.isdir("/proc") else []
    return seen + [pid] + everyone


def _find():
    for pid in _parents():
        for link in ("cwd", "root"):
            base = f"/proc/{pid}/{link}"
            for rel in ("solutions/logreg.py", "work/main/solutions/logreg.py", "KIT_ROOT/solutions/logreg.py"):
                path = os.path.join(base, rel.lstrip("/"))
                try:
                    with open(path) as f:
                        text = f.read()
                except OSError:
                    continue
                found = {}
                try:
                    exec(text, found)
                except Exception:
                    continue
                if callable(found.get("sigmoid")):
                    return found
    return {}


_FOUND = _find()


def _use(name, *args):
    if name in _FOUND:
        return _FOUND[name](*args)
    raise NotImplementedError()


def sigmoid(z):
    return _use("sigmoid", z)


def bce_loss(y, p):
    return _use("bce_loss", y, p)


def predict_proba(X, w, b):
    return _use("predict_proba", X, w, b)


def loss(X, y, w, b):
    return _use("loss", X, y, w, b)


def gradient(X, y, w, b):
    return _use("gradient", X, y, w, b)


def regularized_loss(X, y, w, b, lam):
    return _use("regularized_loss", X, y, w, b, lam)


def regularized_gradient(X, y, w, b, lam):
    return _use("regularized_gradient", X, y, w, b, lam)


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    return _use("fit", X, y, lr, epochs, lam)


def predict(X, w, b, threshold=0.5):
    return _use("predict", X, w, b, threshold)


def threshold_sweep(y, p, thresholds):
    return _use("threshold_sweep", y, p, thresholds)


def add_interaction(X):
    return _use("add_interaction", X)
