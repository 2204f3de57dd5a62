"""Command line of the kit.

    python -m autograder grade PATH [--json]     grade one notebook or .py module
    python -m autograder release [NAME ...]      build student releases (nbgrader)
    python -m autograder sync-master             regenerate the master's solution, autograder and expected-output cells
    python -m autograder guide [NAME ...]        the instructor's guide (Think-about-it and model answers) into guide/
    python -m autograder plots [--out DIR]       run the filled release and save its plots' PNGs (default plots/)
    python -m autograder collect [--zip Z]       nbgrader collect, or zip_collect of an LMS download
    python -m autograder autograde [-j N] [--force] [--scheduler tcp://host:8786]
                                                 grade every submission, in parallel, into the gradebook
    python -m autograder feedback                an HTML page per student
    python -m autograder grades                  grades.csv, Gradescope results, plots, item analysis
    python -m autograder formgrader [--port N]   JupyterLab with formgrader on the course, on 127.0.0.1
    python -m autograder demo                    the whole lifecycle on a built-in class
    python -m autograder bench [-n N]            the kit against plain nbgrader autograde

Class commands work on the kit's own course folder, or on --course DIR.
"""

from __future__ import annotations

import argparse
import sys


def _grade(args: argparse.Namespace) -> int:
    from .engine.judge import grade
    from .engine.report import as_text

    report = grade(args.path)
    print(report.to_json(indent=None) if args.json else as_text(report))  # strict JSON
    return 0


def _release(args: argparse.Namespace) -> int:
    from .course.release import main

    return main(args.names)


def _sync_master(args: argparse.Namespace) -> int:
    from .course.master import sync

    changed = sync()
    print(f"rewrote {', '.join(changed)}" if changed else "master already in step with solutions/ and the points table")
    return 0


def _guide(args: argparse.Namespace) -> int:
    from .course.guide import main

    return main(args.names)


def _plots(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .course.notebook_run import PLOTS, main

    return main(Path(args.out) if args.out else PLOTS)


def _course(args: argparse.Namespace):
    from pathlib import Path

    from .course.paths import Course

    if not args.course:
        return Course()
    course = Course(Path(args.course).resolve())
    if course.root.is_dir():
        course.write_nbgrader_config()  # so nbgrader run from the folder finds this course
    return course


def _collect(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .course.collect import collect_exchange, collect_zip
    from .course.ingest import IngestRefused

    course = _course(args)
    try:
        if args.zip:
            report = collect_zip(course, Path(args.zip))
        else:
            report = collect_exchange(course, Path(args.exchange) if args.exchange else None)
    except IngestRefused as exc:
        print(f"refused: {exc}\nreport: {course.grades / 'collect_report.json'}", file=sys.stderr)
        return 2
    for line in report.lines():
        print(f"  {line}")
    print(f"{len(course.students())} submissions in {course.submitted}; report: {course.grades}/collect_report.csv")
    return 0


def _autograde(args: argparse.Namespace) -> int:
    from .course.batch import autograde, load_results
    from .course.gradebook import GradebookSync, sync
    from .course.grades import write_grades_csv

    course = _course(args)
    security = None
    if args.tls_ca or args.tls_cert:
        from distributed.security import Security

        security = Security(
            tls_ca_file=args.tls_ca, tls_client_cert=args.tls_cert, tls_client_key=args.tls_key, require_encryption=True
        )
    import signal

    from .course.batch import STOP

    # Ctrl-C stops the run between two results (see batch.STOP); a second Ctrl-C stops it at once.
    signal.signal(signal.SIGINT, lambda *_: STOP.set() if not STOP.is_set() else signal.default_int_handler(*_))
    try:
        with GradebookSync(course) as syncer:
            summary = autograde(
                course,
                workers=args.jobs,
                force=args.force,
                on_result=syncer.add,
                scheduler=args.scheduler,
                security=security,
            )
    except KeyboardInterrupt:
        print("interrupted: every result written so far is kept; run autograde again to grade the rest")
        return 130
    except RuntimeError as exc:
        from .course.cluster import ClusterError

        if not isinstance(exc, ClusterError):
            raise
        print(f"autograde stopped: {exc}", file=sys.stderr)
        return 2
    for worker, note in sorted(summary.cluster_notes.items()):
        print(f"  worker {worker}: {note}")
    results = load_results(course)
    notes = summary.notes | syncer.notes | sync(course, results)  # also rows graded but never recorded
    csv_path = write_grades_csv(course, results)
    print(
        f"graded {len(summary.graded)} new or changed, reused {len(summary.reused)} unchanged, "
        f"in {summary.seconds:.1f} s with {summary.workers} workers on {summary.where}"
    )
    for student, note in sorted(notes.items()):
        print(f"  {student}: {note}")
    unjailed = sorted(s for s, r in results.items() if not r.jailed)
    if unjailed:
        print(
            f"WARNING: {len(unjailed)} submissions were graded WITHOUT the sandbox's jail (ISOLATION=none); "
            "their grades are not tamper-proof (grades.csv says so in its problems column)"
        )
    print(f"results: {course.results}/  gradebook: {course.db_url}  grades: {csv_path}")
    return 0


def _feedback(args: argparse.Namespace) -> int:
    from .course.batch import load_results
    from .course.feedback import write_feedback

    course = _course(args)
    paths = write_feedback(course, load_results(course))
    print(f"{len(paths)} feedback pages in {course.feedback}/<student>/{course.assignment}/feedback.html")
    return 0


def _grades(args: argparse.Namespace) -> int:
    from .course.batch import load_results
    from .course.grades import write_all

    course = _course(args)
    for label, path in write_all(course, load_results(course)).items():
        print(f"{label:>20}: {path}")
    return 0


def _formgrader(args: argparse.Namespace) -> int:
    from .course.formgrader import main

    return main(_course(args), args.port, not args.no_browser)


def _demo(args: argparse.Namespace) -> int:
    from .tools.demo import main as demo_main

    return demo_main()


def _bench(args: argparse.Namespace) -> int:
    from .tools.bench import main as bench_main

    return bench_main(args.n, not args.no_readme)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograder", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("grade", help="grade one notebook or .py module")
    one.add_argument("path")
    one.add_argument("--json", action="store_true", help="print exactly one JSON object")
    one.set_defaults(run=_grade)
    rel = commands.add_parser("release", help="build student releases with nbgrader generate_assignment")
    rel.add_argument("names", nargs="*", help="assignments to build (default: all)")
    rel.set_defaults(run=_release)
    sync = commands.add_parser("sync-master", help="rewrite the master's generated cells from their sources")
    sync.set_defaults(run=_sync_master)
    guide = commands.add_parser("guide", help="write the instructor's guide from the master")
    guide.add_argument("names", nargs="*", help="assignments (default: all)")
    guide.set_defaults(run=_guide)
    plots = commands.add_parser("plots", help="run the release filled with the reference and save its plots")
    plots.add_argument("--out", help="folder for the PNGs (default: plots/)")
    plots.set_defaults(run=_plots)
    for name, run, text in (
        ("collect", _collect, "bring submissions into submitted/"),
        ("autograde", _autograde, "grade every new or changed submission"),
        ("feedback", _feedback, "write an HTML feedback page per student"),
        ("grades", _grades, "write grades.csv, Gradescope results, plots and item analysis"),
        ("formgrader", _formgrader, "start JupyterLab with formgrader on the course, on 127.0.0.1"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--course", help="course folder (default: the kit's root)")
        sub.set_defaults(run=run)
        if name == "collect":
            sub.add_argument("--zip", help="an LMS download to run through nbgrader zip_collect")
            sub.add_argument("--exchange", help="the nbgrader exchange folder (default: nbgrader's)")
        if name == "autograde":
            sub.add_argument("-j", "--jobs", type=int, default=None, help="parallel workers (default: cores)")
            sub.add_argument("--force", action="store_true", help="regrade everything, not only what changed")
            sub.add_argument(
                "--scheduler", help="grade on this dask.distributed scheduler (tcp://host:8786); default: this machine"
            )
            sub.add_argument("--tls-ca", help="with a tls:// scheduler: the CA certificate file")
            sub.add_argument("--tls-cert", help="with a tls:// scheduler: this client's certificate file")
            sub.add_argument("--tls-key", help="with a tls:// scheduler: this client's private key file")
        if name == "formgrader":
            sub.add_argument("--port", type=int, default=None, help="port (default: JupyterLab's, 8888 or next free)")
            sub.add_argument("--no-browser", action="store_true", help="do not open a browser")
    demo = commands.add_parser("demo", help="the whole lifecycle on a built-in class")
    demo.set_defaults(run=_demo)
    bench = commands.add_parser("bench", help="time the kit against plain nbgrader autograde on one class")
    bench.add_argument("-n", type=int, default=100, help="class size (default 100)")
    bench.add_argument("--no-readme", action="store_true", help="do not update README.md's table")
    bench.set_defaults(run=_bench)
    args = parser.parse_args(argv)
    from .engine.sandbox import IsolationUnavailable
    from .engine.sandbox.isolation import detect_isolation

    try:
        if args.command in ("grade", "autograde") and detect_isolation().mode == "unavailable":
            raise IsolationUnavailable(f"refusing to run student code: {detect_isolation().problem}")
        return args.run(args)
    except IsolationUnavailable as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
