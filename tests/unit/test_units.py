"""Fast unit tests of the kit's small pieces: no sandbox, no nbgrader, no kernel."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from autograder.assignment import grade_ids
from autograder.assignment.contract import FUNCTIONS, builds_on
from autograder.course.collect import CANVAS, PLAIN
from autograder.course.grades import csv_cell
from autograder.engine import wire
from autograder.engine.limits import Limits
from autograder.engine.results import CheckResult, PartResult, Report, cap, dumps
from autograder.engine.rubric import student_exception
from autograder.engine.submission import definitions_only, read_submission, strip_magics


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        2**70,
        1.5,
        math.inf,
        -math.inf,
        "text",
        [1, (2, 3)],
        {"a": [1.0]},
        np.arange(6).reshape(2, 3),
        np.float32(0.25),
        np.array(1.5),
        np.zeros(0),
    ],
)
def test_wire_round_trips_plain_data(value):
    back = wire.roundtrip(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape and np.array_equal(back, value)
    else:
        assert back == value and type(back) is type(value)


def test_wire_nan_survives_and_objects_arrive_opaque():
    assert math.isnan(wire.roundtrip(float("nan")))

    class Liar:
        def __eq__(self, other):
            return True

    out = wire.roundtrip(Liar())
    assert isinstance(out, wire.Opaque) and out != 1
    assert isinstance(wire.roundtrip(np.array(["a"], dtype=object)), wire.Opaque)


def test_wire_rejects_malformed_messages():
    for bad in ({"t": "array", "dtype": "O", "shape": [1], "data": ""}, {"t": "nope"}, [1]):
        with pytest.raises((wire.WireError, ValueError)):
            wire.decode(bad)
    with pytest.raises(wire.WireError):
        wire.unpack_length((wire.MAX_MESSAGE + 1).to_bytes(4, "big"))


def test_definitions_only_keeps_defs_and_constants_with_line_numbers():
    source = "import numpy as np\nEPS = 1e-15\nplot(x)\ndef f():\n    return 1\nprint('hi')\n"
    kept = definitions_only(source).splitlines()
    assert kept[0] == "import numpy as np" and kept[1] == "EPS = 1e-15" and kept[2] == "" and kept[3] == "def f():"
    assert "print" not in definitions_only(source)
    assert definitions_only("def broken(:\n") == "def broken(:\n"  # left whole for the sandbox to report


def test_magics_become_inert_calls_and_unknown_cell_magics_drop_the_cell():
    source, note = strip_magics("%matplotlib inline\nx = 1\n!ls\n")
    assert "get_ipython()" in source and note is None
    compile(source, "cell", "exec")
    assert strip_magics("%%bash\nrm -rf /\n") == ("", "cell magic %%bash is not Python; the cell was skipped")
    assert strip_magics("%%time\ny = 2\n")[0].strip() == "y = 2"


def test_a_broken_notebook_is_a_message_not_an_exception(tmp_path):
    cases = {
        "bad.ipynb": b"{not json",
        "v3.ipynb": json.dumps({"nbformat": 3, "cells": []}).encode(),
        "list.ipynb": b"[]",
        "text.txt": b"x",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        sub = read_submission(tmp_path / name, Limits())
        assert sub.errors and not sub.cells, name
    assert read_submission(tmp_path / "missing.ipynb").errors == [f"no file at {tmp_path / 'missing.ipynb'}"]


def test_lms_file_name_patterns():
    canvas = CANVAS.match("doe_s012_attempt_2026-11-30-23-59-01_logreg.ipynb")
    assert canvas and canvas["student_id"] == "s012" and canvas["timestamp"] == "2026-11-30-23-59-01"
    assert PLAIN.match("s012.ipynb")["student_id"] == "s012"
    for bad in (".hidden.ipynb", "../s1.ipynb", "s1.py", "a_b_attempt_2026_logreg.ipynb"):
        assert not (CANVAS.match(bad) or PLAIN.match(bad)), bad


def test_builds_on_is_transitive_and_excludes_the_judged():
    assert builds_on(["sigmoid"]) == []
    assert builds_on(["loss", "gradient"]) == ["sigmoid", "bce_loss", "predict_proba"]
    assert set(builds_on(["fit"])) == {
        "sigmoid",
        "bce_loss",
        "predict_proba",
        "loss",
        "gradient",
        "regularized_loss",
        "regularized_gradient",
    }
    assert all(set(builds_on([f])) <= set(FUNCTIONS) for f in FUNCTIONS)


def test_grade_id_scheme():
    assert grade_ids.grade("fit") == "grade_fit" and grade_ids.part_of("grade_fit") == "fit"
    assert [grade_ids.kind(i) for i in ("sol_x", "public_x", "grade_x", "free_x", "other")] == [
        "solution",
        "public",
        "grade",
        "free",
        None,
    ]


def test_student_exceptions_show_only_their_type():
    assert student_exception("ValueError: X = [0.1234, 5678901]") == "your code raised ValueError"
    assert student_exception("Leak_123456: 42") == "your code raised an exception"
    assert "123456" not in student_exception("no colon 123456")


def test_result_schema_round_trips_and_caps_student_text():
    check = CheckResult("values", "failed", 0.0, 2.0, "hint", "x" * 10_000 + "\ud800")
    report = Report(
        "s.ipynb", 1.0, 2.0, [PartResult("p", ["f"], 1.0, 2.0, [check], ["e"])], plots={"history": [1.0, float("nan")]}
    )
    data = json.loads(report.to_json())
    back = Report.from_dict(data)
    assert back.as_dict() == Report.from_dict(back.as_dict()).as_dict()
    assert len(back.parts[0].checks[0].detail) <= 300 and "\\ud800" not in back.parts[0].checks[0].detail[:10]
    assert data["plots"]["history"] == [1.0, None]
    with pytest.raises(ValueError):
        dumps({"x": float("nan")})
    assert cap("\udc80abc").startswith("\\udc80")


def test_csv_cells_never_start_a_formula():
    assert csv_cell('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert csv_cell("@SUM(A1)").startswith("'") and csv_cell("-3") == "-3" and csv_cell("ok") == "ok"


def test_the_sandbox_side_copies_of_the_limits_equal_the_limits():
    """wire.py and calling.py are loaded by path in the sandbox and keep copies of their caps."""
    from autograder.engine.limits import TEXT_LIMITS, WIRE_LIMITS
    from autograder.engine.sandbox import calling

    assert (wire.MAX_MESSAGE, wire.MAX_ITEMS, wire.MAX_DEPTH) == (
        WIRE_LIMITS.message_bytes,
        WIRE_LIMITS.items,
        WIRE_LIMITS.depth,
    )
    assert (wire.MAX_STRING, wire.MAX_KEYS, wire.MAX_INT_DIGITS) == (
        WIRE_LIMITS.string_chars,
        WIRE_LIMITS.dict_keys,
        WIRE_LIMITS.int_digits,
    )
    assert (calling.WARNING_CHARS, calling.MAX_WARNINGS) == (TEXT_LIMITS.warning, TEXT_LIMITS.warnings)
    assert calling.ERROR_CHARS <= TEXT_LIMITS.sandbox_error
