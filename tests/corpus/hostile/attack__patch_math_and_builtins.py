# attack: monkeypatches math and builtins (isinstance, abs, float) at import
# expect: zero (otherwise unimplemented)
import builtins, math


math.isclose = lambda *a, **k: True


builtins.isinstance = lambda *a: True


builtins.abs = lambda x: 0


_float = float


builtins.float = lambda *a: 0.0
