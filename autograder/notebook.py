"""Old module path of the in-kernel grader, imported by the autograder cells of running courses' gradebooks."""

from autograder.engine.in_kernel import grade_cell_source, grade_part  # noqa: F401
