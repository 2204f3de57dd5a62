"""Every limit a submission runs under: time, memory, processes, output, files.

The one place to look for "how long may a student's function run?" The values
only stop runaway code; no score depends on timing.

Time is CPU time, not wall time. The same submission must get the same score on
a quiet machine and on one where every core is busy: a busy machine stretches
the wall clock of a call (two hogs on two cores make it about 1.5 times longer)
but not the CPU work it does. So each call into student code gets a budget of
``call_cpu_seconds`` of its own CPU time, measured by the sandbox process itself
(``ITIMER_PROF``, see ``sandbox/calling.py``), and a part gets
``part_cpu_seconds`` of the CPU time its calls reported. Running out of it is
reported as "too slow: vectorize the loop over examples".

Wall time is only a backstop, and it too is load-proof: the judge reads the
sandbox's CPU time from /proc while it waits (``Sandbox._await_reply``). A call
that uses ``call_seconds`` of wall time without any CPU progress is sleeping or
waiting, and is stopped; a call that keeps computing is stopped by its CPU budget
(by the sandbox itself, or by the judge 2 s later if the code disarmed the
sandbox's timer: the sandbox is untrusted), however slowly a loaded machine lets
it run, up to ``call_wall_cap``. Calibrating against the reference's own time was rejected: the
reference is vectorized and 100x faster than a correct per-example loop, so a
calibrated limit would either be loose anyway or punish a legitimate style.
The data of checks that use default arguments (1000 epochs) are sized so the
slowest correct style in the corpus (``tests/corpus/correct/per_example_loop_fit.py``)
uses well under a fifth of the budget.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Limits:
    call_cpu_seconds: float = 5.0  # CPU time of one call into student code (the limit that decides)
    call_seconds: float = 15.0  # wall time a call may spend using no CPU at all (sleeping, waiting)
    call_wall_cap: float = 300.0  # wall time of one call, whatever it does (the last backstop)
    load_seconds: float = 20.0  # wall time to run the submission's definitions
    timeouts_per_part: int = 2  # after this many time-outs a part's remaining checks are skipped
    part_cpu_seconds: float = 40.0  # CPU time the calls of one part may use in all
    part_seconds: float = 600.0  # wall-time backstop of one part, however its sandboxes die
    memory_bytes: int = 2 * 1024**3  # memory of a sandbox, all its processes together (see per_process_memory)
    cpu_seconds: int = 120  # CPU time of each sandbox process over its whole life (RLIMIT_CPU)
    processes: int = 4  # processes and threads of a sandbox (RLIMIT_NPROC in its own user namespace)
    # Address space each process may add to what it starts with (RLIMIT_AS = its start + this); None:
    # memory_bytes / processes, so that together they stay under memory_bytes. (No memory cgroup: cgroup v1
    # has no unprivileged delegation, and a v2 one needs systemd.)
    process_memory_bytes: int | None = None
    open_files: int = 64  # RLIMIT_NOFILE
    file_bytes: int = 16 * 1024**2  # largest file a sandbox may write (RLIMIT_FSIZE)
    output_bytes: int = 64 * 1024  # captured stdout+stderr held per call (then discarded); the rest is dropped
    notebook_bytes: int = 200 * 1024**2  # larger submission files are refused unread
    # What the judge parses and every sandbox runs is bounded by these, not by the file's size: a code
    # cell over cell_chars (a data literal, say) is not run, nor are cells past code_chars in all, each
    # with a message. The judge then reads the file once (JSON) and parses at most code_chars of code, so
    # per submission (measured, python -m autograder.tools.judge_size, 2 cores):
    #   judge peak RSS <= 60 MB + 2 x file size      (0.1 MB: 49 MB; 40 MB: 115 MB; 100 MB of outputs: 229 MB)
    #   judge wall time <= 5 s + 12 s per MB of code run + file size / (50 MB/s)
    #                                                (1 MB of code: 15 s; a 40 MB literal, refused: 5.6 s)
    cell_chars: int = 256 * 1024
    code_chars: int = 1024 * 1024
    spawn_seconds: float = 30.0  # wall time for the fork server to hand over a new sandbox
    scratch_bytes: int = 64 * 1024**2  # size of a jailed sandbox's private /tmp and /dev/shm (tmpfs)
    recursion_limit: int = 3000  # Python's recursion limit inside a sandbox

    def per_process_memory(self) -> int:
        """RLIMIT_AS of each sandbox process: processes x this never exceeds memory_bytes unless set explicitly."""
        if self.process_memory_bytes is not None:
            return self.process_memory_bytes
        return self.memory_bytes // max(1, self.processes)

    def describe_memory(self) -> str:
        """What bounds a sandbox's memory, for the report's protection list."""
        each = self.per_process_memory()
        total = each * self.processes
        bound = "within" if total <= self.memory_bytes else "NOT within"
        return (
            f"memory: at most {self.processes} processes x {each // 1024**2} MB of address space each "
            "beyond the interpreter and libraries they start with "
            f"(rlimits; no memory cgroup), {bound} the stated {self.memory_bytes // 1024**2} MB per sandbox"
        )

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults, overridden by AUTOGRADER_CALL_SECONDS (CPU budget; the backstop scales with it),
        AUTOGRADER_MEMORY_MB, AUTOGRADER_PROCESSES and AUTOGRADER_PROCESS_MEMORY_MB (the last only to show,
        in tests, what a per-process limit alone allows)."""
        limits = cls()
        if "AUTOGRADER_CALL_SECONDS" in os.environ:
            cpu = float(os.environ["AUTOGRADER_CALL_SECONDS"])
            limits = replace(limits, call_cpu_seconds=cpu, call_seconds=max(3 * cpu, 5.0))
        if "AUTOGRADER_MEMORY_MB" in os.environ:
            limits = replace(limits, memory_bytes=int(os.environ["AUTOGRADER_MEMORY_MB"]) * 1024**2)
        if "AUTOGRADER_PROCESSES" in os.environ:
            limits = replace(limits, processes=int(os.environ["AUTOGRADER_PROCESSES"]))
        if "AUTOGRADER_PROCESS_MEMORY_MB" in os.environ:
            limits = replace(limits, process_memory_bytes=int(os.environ["AUTOGRADER_PROCESS_MEMORY_MB"]) * 1024**2)
        return limits


@dataclass(frozen=True)
class TextLimits:
    """Caps on every string a submission can influence, wherever it is shown or stored."""

    name: int = 200  # check, part, function and student names
    hint: int = 400  # the kit's own hint text
    detail: int = 300  # what a check observed
    error: int = 600  # one problem reading or running the submission
    errors: int = 50  # problems kept per part and per report
    path: int = 1000
    plot_points: int = 2000  # loss-history entries kept for the feedback plot
    sandbox_error: int = 500  # error text a sandbox's reply may carry to the judge
    warning: int = 300  # one warning a call raised, as the sandbox reports it
    warnings: int = 20  # warnings kept per call


TEXT_LIMITS = TextLimits()


@dataclass(frozen=True)
class IngestLimits:
    """What ``make collect`` accepts from an LMS download (a zip bomb or a zip of zips is refused whole).

    Sizes are counted as bytes are really unpacked, not as the archive declares them.
    """

    total_bytes: int = 2 * 1024**3  # everything unpacked, all nesting levels together
    file_bytes: int = 200 * 1024**2  # one member (the judge refuses larger notebooks anyway)
    files: int = 5000  # members, all nesting levels together
    ratio: float = 200.0  # unpacked / compressed, per member (text notebooks compress 5-20x)
    depth: int = 2  # the download itself is level 1; a zip inside it level 2; deeper is refused


INGEST_LIMITS = IngestLimits()


@dataclass(frozen=True)
class WireLimits:
    """The data channel's caps. ``wire.py`` is loaded by path inside the sandbox and cannot import this
    module, so it keeps its own copies; ``tests/unit/test_units.py`` holds them equal to these."""

    message_bytes: int = 32 * 1024 * 1024  # one framed message (the largest array a grader sends is under 1 MB)
    items: int = 1_000_000  # elements of one array, items of one container
    depth: int = 20  # nesting of containers
    string_chars: int = 10_000  # characters of one string value
    dict_keys: int = 10_000
    int_digits: int = 4000  # digits of one integer value


WIRE_LIMITS = WireLimits()
