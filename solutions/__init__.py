"""Reference implementation of the logistic-regression assignment (the oracle)."""
