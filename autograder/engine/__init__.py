"""The grading engine: grade ONE submission.

read (``submission``) -> a sandbox per part (``sandbox``) -> checks (``rubric``)
-> a typed ``results.Report``. It imports the assignment's definition, the
graders and the reference, and nothing of the course workflow or the tools
(``tests/unit/test_layers.py`` holds that rule).
"""
