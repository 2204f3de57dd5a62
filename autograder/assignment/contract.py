"""The assignment contract: the functions students implement and what each builds on.

Graders, the sandbox's reference substitution and the notebook checks all read
this table, so a renamed function or a new dependency is changed here only.
"""

from __future__ import annotations

# name -> contract functions its reference implementation calls directly.
FUNCTIONS: dict[str, tuple[str, ...]] = {
    "sigmoid": (),
    "bce_loss": (),
    "predict_proba": ("sigmoid",),
    "loss": ("bce_loss", "predict_proba"),
    "gradient": ("predict_proba",),
    "regularized_loss": ("loss",),
    "regularized_gradient": ("gradient",),
    "fit": ("regularized_loss", "regularized_gradient"),
    "predict": ("predict_proba",),
    "threshold_sweep": (),
    "add_interaction": (),
}


def builds_on(functions: tuple[str, ...] | list[str]) -> list[str]:
    """Contract functions that `functions` depend on, transitively, excluding themselves.

    These are the ones replaced by the reference while `functions` are judged,
    so a mistake upstream is charged only in the part where it was made.
    """
    seen: set[str] = set()
    stack = [dep for name in functions for dep in FUNCTIONS[name]]
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.add(name)
            stack.extend(FUNCTIONS[name])
    return [name for name in FUNCTIONS if name in seen and name not in functions]


# The numeric contract every grader compares by, stated once (README, docstrings and notebook say the same).
# A float result is right when it is within RTOL relative (or ATOL absolute) of the reference's;
# float64 and float32 results are both accepted (float32 keeps about 7 significant digits, well
# inside RTOL). Counts and labels are compared exactly.
RTOL: float = 1e-5
ATOL: float = 1e-8
FLOAT_DTYPES: tuple[str, ...] = ("float64", "float32")

# Whether each function may change the arrays it is given. None may: a caller's data must be the
# same after the call, and every part checks exactly that for its functions.
MAY_MODIFY_INPUTS: dict[str, bool] = {name: False for name in FUNCTIONS}
