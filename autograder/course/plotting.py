"""Matplotlib for files, never for a screen: the one place the kit picks its backend."""

from __future__ import annotations


def pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
