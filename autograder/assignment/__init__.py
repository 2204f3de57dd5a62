"""What is graded: the assignment's contract, its points table and its grade-id scheme.

The engine grades against these; the course workflow builds releases from them.
Nothing here runs student code or knows about courses.
"""

from __future__ import annotations

from pathlib import Path

NAME = "logreg"
KIT_ROOT = Path(__file__).resolve().parents[2]
MASTER = KIT_ROOT / "assignments" / NAME / f"{NAME}.ipynb"
RELEASE = KIT_ROOT / "release" / NAME / f"{NAME}.ipynb"
