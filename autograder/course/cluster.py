"""Grading a class on a dask.distributed cluster (``make autograde SCHEDULER=tcp://host:8786``).

dask does the distributing: it places tasks, notices a dead worker and hands its
tasks to another. The kit adds what grading needs on top:

- ``GradingPlugin``, a worker plugin, gives each worker a ``Station`` (a fork
  server per thread, started in ``setup`` and stopped in ``teardown``) and the
  seed table. It first compares the worker's grading fingerprint with the
  instructor's: a worker that runs another version of the kit (its graders,
  reference, NumPy, Python) is refused with a message in its log and in the
  instructor's output, and never advertises the resource every grading task
  requires, so it cannot receive one.
- Tasks carry one submission's bytes and return its result as JSON text; the
  workers share no filesystem with the instructor and never see the course
  secret, only the per-check seeds it derives.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from typing import Any

import dask
from distributed import Client, WorkerPlugin, get_worker
from distributed.client import FutureCancelledError, FuturesCancelledError, _wait

from ..engine.fingerprint import grading_fingerprint
from .batch import STOP, Seeds, Station, WorkerLost

PLUGIN = "autograder-grading"
RESOURCE = "autograder-kit-"  # + the instructor's grading fingerprint
logger = logging.getLogger("autograder.cluster")


class ClusterError(RuntimeError):
    """The cluster cannot grade (no usable worker) or went away mid-run; rerunning grades what is missing."""


def refusal(worker_fingerprint: str, instructor_fingerprint: str) -> str:
    return (
        f"refused: this worker's grading fingerprint {worker_fingerprint} differs from the instructor's "
        f"{instructor_fingerprint} (another version of the kit, its graders, solutions, NumPy or Python); "
        "it grades nothing until it runs the instructor's kit"
    )


class GradingPlugin(WorkerPlugin):
    """Turns a dask worker into a grading machine, or refuses it."""

    def __init__(self, fingerprint: str, seeds: Seeds) -> None:
        self.fingerprint, self.seeds = fingerprint, dict(seeds)
        self.station: Station | None = None
        self.refused = ""

    async def setup(self, worker: Any) -> None:
        mine = grading_fingerprint()
        if mine != self.fingerprint:
            self.refused = refusal(mine, self.fingerprint)
            logger.error("autograder: %s", self.refused)
            return
        threads = worker.state.nthreads
        self.station = await asyncio.to_thread(Station, self.seeds, threads)
        # Grading tasks need this resource: only a worker that passed the check can get one.
        await worker.set_resources(**{RESOURCE + self.fingerprint: threads})

    def teardown(self, worker: Any) -> None:
        if self.station is not None:
            self.station.stop()
            self.station = None


def _worker_fingerprint() -> str:
    return grading_fingerprint()


def _grade_task(filename: str, data: bytes | None) -> tuple[str, float]:
    plugin = get_worker().plugins.get(PLUGIN)
    if not isinstance(plugin, GradingPlugin) or plugin.station is None:
        raise RuntimeError(getattr(plugin, "refused", "") or "this worker has no grading station")
    return plugin.station.grade(filename, data)


class DaskBackend:
    """The batch loop's backend on a dask cluster (see ``batch.Backend``)."""

    def __init__(
        self,
        address: str,
        seeds: Seeds,
        fingerprint: str,
        security: Any = None,
        wait_for_workers: float = 60.0,
    ) -> None:
        self.notes: dict[str, str] = {}
        self.resource = RESOURCE + fingerprint
        try:
            # distributed keeps its last 1000 sent batches for debugging, each holding submissions' bytes:
            # up to ~100 MB in this process. Keep none, so its memory stays flat.
            with dask.config.set({"distributed.admin.low-level-log-length": 0}):
                self.client = Client(address, security=security, timeout=30, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot connect to the dask scheduler at {address}: {exc}") from None
        try:
            self.client.wait_for_workers(1, timeout=wait_for_workers)
            self.client.register_plugin(GradingPlugin(fingerprint, seeds), name=PLUGIN)
            fingerprints = self.client.run(_worker_fingerprint)
        except Exception:
            self.client.close()
            raise
        for worker, theirs in sorted(fingerprints.items()):
            if theirs != fingerprint:
                self.notes[worker] = refusal(theirs, fingerprint)
        self._slots, self._checked = 0, 0.0
        if not self._count_slots():
            self.client.close()
            lines = "\n".join(f"  {w}: {n}" for w, n in self.notes.items())
            raise ClusterError(f"no worker at {address} runs this kit (fingerprint {fingerprint}):\n{lines}")

    def _count_slots(self) -> int:
        """Grading threads on workers that passed the fingerprint check (refreshed every few seconds)."""
        if time.monotonic() - self._checked > 5:
            workers = self.client.scheduler_info(n_workers=-1)["workers"].values()
            self._slots = int(sum(w.get("resources", {}).get(self.resource, 0) for w in workers))
            self._checked = time.monotonic()
        return self._slots

    @property
    def workers(self) -> int:
        return self._slots

    def window(self) -> int:
        # Enough queued per grading thread to keep it busy, few enough that memory stays flat.
        return max(4, 2 * self._count_slots())

    def new_round(self) -> None:
        pass

    def submit(self, student: str, filename: str, data: bytes | None) -> Any:
        return self.client.submit(
            _grade_task,
            filename,
            data,
            key=f"grade-{student}-{uuid.uuid4().hex[:8]}",
            resources={self.resource: 1},
            pure=False,
        )

    def wait_any(self, futures: list) -> list:
        while True:
            try:
                # distributed.wait() with this client rather than a process-wide default one.
                return list(self.client.sync(_wait, futures, timeout=1, return_when="FIRST_COMPLETED").done)
            except TimeoutError:
                if STOP.is_set():
                    raise KeyboardInterrupt from None
                self._alive()
            except FuturesCancelledError as exc:  # the client lost the scheduler and cancelled everything
                raise ClusterError("lost the dask scheduler: rerun to grade the submissions still missing") from exc

    def _alive(self) -> None:
        if self.client.status not in ("running", "connecting"):
            raise ClusterError("lost the dask scheduler: rerun to grade the submissions still missing")

    def result(self, future: Any) -> tuple[str, float]:
        if future.status == "cancelled":
            raise ClusterError("lost the dask scheduler: rerun to grade the submissions still missing")
        try:
            return future.result()
        except FutureCancelledError as exc:
            raise ClusterError("lost the dask scheduler: rerun to grade the submissions still missing") from exc
        except Exception as exc:  # KilledWorker: the task's workers kept dying under it
            raise WorkerLost(f"{type(exc).__name__}: {exc}"[:300]) from exc

    def close(self) -> None:
        self.client.close()
