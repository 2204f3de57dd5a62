"""The judge's peak memory and time against a submission's size (the bound stated in engine/limits.py).

    python -m autograder.tools.judge_size      # one fresh process per case; prints a table and JSON

Cases: a correct notebook as it is, with a data literal in a teaching cell or in a
solution cell (40 MB, refused by cell), with code just under the per-cell and the
total limits (each run, 9 sandboxes), and with 100 MB of cell outputs (read, never run).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = {
    "plain": (0, "none"),
    "literal 40 MB, teaching cell": (40e6, "teaching"),
    "literal 40 MB, solution cell": (40e6, "solution"),
    "literal 250 KB, teaching cell": (250e3, "teaching"),
    "4 cells x 250 KB (1 MB of code)": (250e3, "four"),
    "outputs 100 MB": (100e6, "outputs"),
}


def literal(size: float) -> str:
    n = int(size / 19)
    return "DATA = [" + ", ".join(f"{(i * 0.6180339887) % 1:.15f}" for i in range(n)) + "]\n"


def build(size: float, where: str, path: Path) -> Path:
    from autograder.tools import demo

    nb = json.loads(demo.notebook_for(next(s for s in demo.make_class() if s.kind == "correct")))

    def cell(source: str, outputs: list | None = None) -> dict:
        return {
            "cell_type": "code",
            "metadata": {},
            "outputs": outputs or [],
            "execution_count": None,
            "source": source,
        }

    if where in ("teaching", "four"):
        for _ in range(4 if where == "four" else 1):
            nb["cells"].insert(3, cell(literal(size)))
    elif where == "solution":
        for c in nb["cells"]:
            if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "sol_sigmoid":
                c["source"] = literal(size) + "".join(c["source"])
    elif where == "outputs":
        text = "x" * int(size) + "\n"
        nb["cells"].insert(3, cell("print('x')", [{"output_type": "stream", "name": "stdout", "text": text}]))
    path.write_text(json.dumps(nb))
    return path


def _peak_rss_mb() -> int:
    """VmHWM: this process's own peak (ru_maxrss would carry over the parent's through fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _one(path: str) -> None:
    from autograder.engine.judge import grade

    started = time.perf_counter()
    report = grade(path, with_feedback_data=True)
    print(
        json.dumps(
            {
                "score": report.score,
                "seconds": round(time.perf_counter() - started, 1),
                "judge_peak_rss_mb": _peak_rss_mb(),
                "errors": [e[:90] for e in report.errors][:2],
            }
        )
    )


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, (size, where) in CASES.items():
            path = build(size, where, Path(tmp) / "case.ipynb")
            mb = path.stat().st_size / 1e6
            proc = subprocess.run(
                [sys.executable, "-m", "autograder.tools.judge_size", "--one", str(path)],
                capture_output=True,
                text=True,
                env=os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[2])},
            )
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            rows.append({"case": label, "file_mb": round(mb, 1)} | result)
            print(
                f"{label:<34}{mb:>8.1f} MB {result['score']:>6g} pts {result['seconds']:>6.1f} s "
                f"{result['judge_peak_rss_mb']:>6} MB  {'; '.join(result['errors'])[:80]}"
            )
    print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        _one(sys.argv[2])
    else:
        sys.exit(main())
