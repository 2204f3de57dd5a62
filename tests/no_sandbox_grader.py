"""Grade a submission WITHOUT the kit's protections: the positive control of the attack tests.

Run as ``python tests/no_sandbox_grader.py SUBMISSION [--no-wire] [--in-folder]``. The submission's
code runs in this very process, beside the graders (as plain nbgrader grades, in the student's own
kernel); ``--no-wire`` also hands the graders the raw returned objects instead of plain data;
``--in-folder`` runs it from the submission's folder with that folder first on sys.path and
without ``-I``. Prints one JSON line {"score": ...}. An attack that the sandbox stops must gain
points here, or crash this process: either shows that the protection is what stopped it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

path = Path(sys.argv[1]).resolve()
if "--in-folder" in sys.argv:
    os.chdir(path.parent)
    sys.path.insert(0, str(path.parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from autograder.assignment.parts import PARTS  # noqa: E402
from autograder.engine import in_kernel, wire  # noqa: E402
from autograder.engine.rubric import run_part  # noqa: E402

if "--no-wire" in sys.argv:
    wire.roundtrip = lambda value: value
    in_kernel.wire.roundtrip = wire.roundtrip
    in_kernel._through_json = lambda reply: reply
    in_kernel.result_from_reply = lambda reply, return_args: in_kernel.CallResult(
        reply["value"], reply.get("warnings", []), reply.get("args_after"), reply.get("kwargs_after")
    )
    in_kernel.wire.encode = lambda value, depth=0: value

namespace: dict = {"__name__": "submission"}
exec(compile(path.read_text(), str(path), "exec"), namespace)  # no try: an exit here ends the control
total = sum(run_part(p, in_kernel.KernelHandle(namespace, p.name), "demo").score for p in PARTS)
print(json.dumps({"score": total}))
