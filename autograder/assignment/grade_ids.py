"""The grade-id scheme of the master's nbgrader cells, defined once.

``sol_<function>`` a solution cell, ``public_<function>`` a public test cell (0 points),
``grade_<part>`` a part's hidden autograder cell, ``free_<topic>`` a
free-response cell graded by hand.
"""

from __future__ import annotations

SOLUTION, PUBLIC, GRADE, FREE = "sol_", "public_", "grade_", "free_"
TEST_PREFIXES = (PUBLIC, GRADE)


def solution(function: str) -> str:
    return SOLUTION + function


def public(part: str) -> str:
    return PUBLIC + part


def grade(part: str) -> str:
    return GRADE + part


def free(topic: str) -> str:
    return FREE + topic


def kind(grade_id: str) -> str | None:
    """ "solution", "public", "grade" or "free" for an id of the scheme, else None."""
    for prefix, name in ((SOLUTION, "solution"), (PUBLIC, "public"), (GRADE, "grade"), (FREE, "free")):
        if grade_id.startswith(prefix):
            return name
    return None


def part_of(grade_id: str) -> str:
    """The part (or function, or topic) an id names: ``grade_fit`` -> ``fit``."""
    prefix = next((p for p in (SOLUTION, PUBLIC, GRADE, FREE) if grade_id.startswith(p)), "")
    return grade_id[len(prefix) :]
