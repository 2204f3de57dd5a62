"""Command line: ``python -m autograder grade PATH [--json]`` and the instructor's class commands."""
from __future__ import annotations

import argparse
import json
import sys


def _grade(args: argparse.Namespace) -> int:
    from .judge import grade
    from .report import as_text

    report = grade(args.path)
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        print(as_text(report))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("grade", help="grade one notebook or .py module")
    one.add_argument("path")
    one.add_argument("--json", action="store_true", help="print exactly one JSON object")
    one.set_defaults(run=_grade)
    rel = commands.add_parser("release", help="build student releases with nbgrader generate_assignment")
    rel.add_argument("names", nargs="*", help="assignments to build (default: all)")
    rel.set_defaults(run=lambda a: __import__("autograder.release", fromlist=["main"]).main(a.names))
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
