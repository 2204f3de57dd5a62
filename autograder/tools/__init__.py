"""Tools that are not needed to grade: the built-in demo class and the benchmarks."""
