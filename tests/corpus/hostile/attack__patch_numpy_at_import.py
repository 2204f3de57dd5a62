# attack: monkeypatches numpy's comparisons and checks at import
# expect: zero (otherwise unimplemented)
import numpy as np


np.allclose = lambda *a, **k: True


np.array_equal = lambda *a, **k: True


np.isclose = lambda *a, **k: np.True_


np.testing.assert_allclose = lambda *a, **k: None
