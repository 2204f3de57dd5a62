"""The kit's grading engine: load a submission, run it in a sandbox, judge it, report."""
