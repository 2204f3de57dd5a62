"""The course secret that seeds hidden test data.

Set AUTOGRADER_SECRET, or keep it in ``.course_secret`` at the kit's root
(git-ignored, never copied into release/). The built-in demo falls back to a
public default and every report says so.
"""

from __future__ import annotations

import os

from ..assignment import KIT_ROOT

DEMO_SECRET = "logreg-kit-demo"
SECRET_FILE = KIT_ROOT / ".course_secret"


def course_secret() -> tuple[str, bool]:
    """(secret, is_demo_default)."""
    if os.environ.get("AUTOGRADER_SECRET"):
        return os.environ["AUTOGRADER_SECRET"], False
    if SECRET_FILE.is_file():
        text = SECRET_FILE.read_text(encoding="utf-8").strip()
        if text:
            return text, False
    return DEMO_SECRET, True
