"""The student's own model on public practice data, for the plots of their feedback page.

Unlike a graded part, nothing is swapped for the reference here: the plot shows
what the student's own chain of functions (sigmoid, gradient, fit...) learns.
The data are public and fixed, never the hidden ones.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..assignment.contract import FUNCTIONS
from ..assignment.parts import Part
from ..graders.data import FEEDBACK_FIT, public_blobs
from .limits import TEXT_LIMITS
from .results import cap
from .sandbox import ForkServer, SandboxError
from .sandbox_handle import SandboxHandle
from .submission import Submission

# A pseudo-part that "judges" every function, so that none is replaced by the reference.
OWN_CHAIN = Part("practice", 0.0, tuple(FUNCTIONS))


def practice_run(server: ForkServer, submission: Submission) -> dict[str, Any]:
    """{"w", "b", "history"} of the student's fit on the practice data, or {"unavailable": why}."""
    handle = SandboxHandle(server, submission, OWN_CHAIN)
    X, y = public_blobs()
    try:
        value = handle.call("fit", X, y, **FEEDBACK_FIT).value
        if not (isinstance(value, (tuple, list)) and len(value) == 3):
            raise ValueError
        w, b, history = value
        w = np.asarray(w, dtype=float).reshape(-1)
        curve = [float(np.asarray(h, dtype=float).reshape(-1)[0]) for h in list(history)[: FEEDBACK_FIT["epochs"]]]
        return {"w": [float(v) for v in w[:2]], "b": float(np.asarray(b, dtype=float).reshape(-1)[0]), "history": curve}
    except SandboxError as exc:
        return {"unavailable": cap(f"your fit could not be run for the plots: {exc}", TEXT_LIMITS.error)}
    except Exception:
        return {"unavailable": "your fit did not return (w, b, history) as numbers, so there is nothing to plot"}
    finally:
        handle.close()
