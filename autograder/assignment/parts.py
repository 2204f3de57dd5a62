"""The points table: every graded part, its points and the functions it judges.

This is the one home of the points. The checks in ``autograder/graders`` must add
up to these numbers, and the master notebook's autograder cells must carry them;
``tests/test_graders.py`` and ``tests/test_notebook.py`` hold both to it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    name: str
    points: float
    functions: tuple[str, ...]


PARTS: tuple[Part, ...] = (
    Part("sigmoid", 10.0, ("sigmoid",)),
    Part("bce_loss", 10.0, ("bce_loss",)),
    Part("predict", 10.0, ("predict_proba", "predict")),
    Part("gradient", 15.0, ("loss", "gradient")),
    Part("regularization", 15.0, ("regularized_loss", "regularized_gradient")),
    Part("fit", 15.0, ("fit",)),
    Part("threshold_sweep", 10.0, ("threshold_sweep",)),
    # The models of the xor part are trained by the reference fit: a fit mistake is charged in "fit" only.
    Part("xor", 15.0, ("add_interaction",)),
)

BY_NAME: dict[str, Part] = {part.name: part for part in PARTS}
MAX_SCORE: float = sum(part.points for part in PARTS)
