# attack: every function returns an object that compares equal to anything
# expect: zero (otherwise unimplemented)
class Anything:
    def __eq__(self, other):
        return True
    __le__ = __ge__ = __lt__ = __gt__ = __eq__
    def __ne__(self, other):
        return False
    def __float__(self):
        return 0.5
    def __len__(self):
        return 3
    def __getitem__(self, i):
        return self
    def __iter__(self):
        return iter([self, self, self])
    def __array__(self, *a, **k):
        raise TypeError


def sigmoid(z):
    return Anything()


def bce_loss(y, p):
    return Anything()


def predict_proba(X, w, b):
    return Anything()


def loss(X, y, w, b):
    return Anything()


def gradient(X, y, w, b):
    return Anything()


def regularized_loss(X, y, w, b, lam):
    return Anything()


def regularized_gradient(X, y, w, b, lam):
    return Anything()


def fit(X, y, lr=0.1, epochs=1000, lam=0.0):
    return Anything()


def predict(X, w, b, threshold=0.5):
    return Anything()


def threshold_sweep(y, p, thresholds):
    return Anything()


def add_interaction(X):
    return Anything()
