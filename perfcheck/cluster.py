"""The Dask executor: a province's disclosures checked on a cluster.

``perfcheck check --executor dask`` starts a local cluster of ``--jobs``
worker processes (``distributed.LocalCluster`` on 127.0.0.1); with
``--scheduler tcp://HOST:PORT`` it uses a cluster that is already running,
whose workers have perfcheck (and the same plugins) installed. It needs the
``dask`` extra (``pip install 'perfcheck[dask]'``); nothing imports Dask
until a run asks for it.

**The same bounds as the local pool.** A Dask task runs in a thread of a
long-lived worker process, so neither bound can be kept there: SIGALRM,
which the rule time limit uses, reaches only a process's main thread; a
memory cap (``RLIMIT_AS``) would cap the whole Dask worker, its scheduler
connection and its other tasks included; and a file that hangs inside a C
call (a PDF parser) cannot be stopped from another thread at all. So each
task hands its files, one at a time, to a ``perfcheck.pool.LocalPool`` of
one process, kept by the worker thread from task to task: each file is checked in that process
under the file time limit (past it the process is killed), the memory cap and
the rule time limit, and a rule that kills it or runs out of time is blamed
and the file checked again without it, exactly as ``--jobs N`` does on one
machine. The pool's processes are forked from a fork server, never from the
threaded Dask worker (``pool.clean_context``). Findings, error texts and
the report's digest are made by the same code as locally, so the report is
byte for byte ``--jobs 1``'s.

**Batches.** A task checks a batch of files (``MAX_BATCH_FILES``,
``BATCH_BYTES``): Dask's own cost per task is about a small disclosure's
whole check, and a batch spreads it. Batches are sized from the files left
and the worker threads, so that each thread still gets several.

**A worker lost** (dead, or cut from its scheduler) costs each file it held
one retry. A local cluster's scheduler retries nothing itself
(``allowed-failures`` 0) and perfcheck sends the task's files again, each
alone, so that a file whose worker is lost a second time is the one to get
an E001 finding, and every other file goes on. A running scheduler is read
for its ``allowed-failures``: at 0 perfcheck does the same; above, the
scheduler retries the task, and a batch it gives up on is still split. A scheduler lost for good stops the run
(``ClusterLost``): with ``--store``, what finished is kept and the same
command continues from there.

**Files** are sent by content unless the workers see the same storage
(``shared_storage``): the command reads each file and the task writes it to
a temporary folder under its own name (the suffix picks the reader), checks
it there, and names the result after the original path. When perfcheck makes
the retries, a batch's contents are scattered to a worker ahead of its task
rather than sent inside it (through the scheduler, which would unpickle
them); scattered data cannot be made again, so a scheduler that reruns tasks
gets the contents in the task. A file the command
cannot send (missing, not a regular file, over the largest size any reader
takes) is checked in the command itself, where its reader refuses it at
once, as it would on a worker. Only a few files per worker thread are in
flight at a time, so that neither the command nor the scheduler ever holds a
corpus's contents.
"""

from __future__ import annotations

import collections
import logging
import multiprocessing
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import attrs

from perfcheck.executors import RunFailed
from perfcheck.jobs import Job, check_job, crash_message, failed_result
from perfcheck.limits import DEFAULT_MEMORY, MAX_PDF_BYTES, LimitExceeded, regular_file_size
from perfcheck.model import Message
from perfcheck.results import FileResult

if TYPE_CHECKING:  # pragma: no cover
    from perfcheck.engine import Linter

# The largest file the command sends to a worker: the largest any reader opens.
MAX_SEND_BYTES = MAX_PDF_BYTES
# Tasks in flight per worker thread: enough to keep every worker busy while
# results come back, few enough that a corpus is never held in memory.
IN_FLIGHT_PER_THREAD = 2
# A task checks a batch of files: Dask's own cost per task (the client's
# future, the scheduler's bookkeeping, the worker's messages, a gather) is
# about a small disclosure's whole check, so files go in batches of up to
# this many, and of up to BATCH_BYTES of content; a file larger than that
# (a scanned PDF) goes alone. Batches are sized so that every worker thread
# still gets several: a run of a few files sends each alone.
MAX_BATCH_FILES = 32
BATCH_BYTES = 4 * 1024 * 1024
# A local cluster's settings. Its workers may start processes of their own
# (not daemonic). Dask's own watchers run on a clock, whatever the tasks: a
# statistical profiler sampling every worker thread every 10 ms, an event
# loop health check every 20 ms, a GIL contention poll every 1 ms; on a
# small disclosure of 10 ms they cost as much CPU as the batching saves. They
# serve Dask's dashboard, not perfcheck: off, or rarer. (A running cluster's
# workers keep their own configuration: docs/cluster.md says the same there.)
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.daemon": False,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.gil.enabled": False,
}
# How often the cluster's size is asked again (workers join and leave).
_RESIZE_SECONDS = 1.0

LOST_TWICE = Message(
    "检查此文件的 Dask 工作进程两次意外终止或失去联系，已停止重试（文件未检查）",
    "the Dask worker checking this file died or was lost twice; the file was not checked",
)


class DaskMissing(RunFailed):
    """``--executor dask`` without the ``dask`` extra installed."""

    def __init__(self, detail: str):
        super().__init__(Message(
            f"--executor dask 需要安装 dask 附加组件：pip install 'perfcheck[dask]'（{detail}）",
            f"--executor dask needs the dask extra: pip install 'perfcheck[dask]' ({detail})",
        ))


class ClusterLost(RunFailed):
    """The scheduler could not be reached, or went away during the run."""


def import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise DaskMissing(str(exc)) from None
    return distributed


# --------------------------------------------------------------------------
# On a worker
# --------------------------------------------------------------------------

# Each worker thread's pool of one checking process, kept from task to task
# so that a process (with its plugins loaded) is started once, not per file.
_pools = threading.local()


def _thread_pool(memory: int):
    pool = getattr(_pools, "pool", None)
    if pool is None or pool.memory != memory:
        from perfcheck.jobs import worker_linter
        from perfcheck.pool import LocalPool

        # A worker under a Dask nanny is a daemonic process, and multiprocessing
        # refuses children to those. The flag is there so that the process's
        # children end with it; ours end by themselves when it goes (their
        # pipe to it breaks), so the check can be lifted for this process.
        multiprocessing.current_process().daemon = False
        if pool is not None:
            pool.__exit__(None, None, None)
        pool = LocalPool(worker_linter(), 1, memory=memory, start_method="forkserver").__enter__()
        _pools.pool = pool
    return pool


def check_task(jobs: list[Job], contents: list[bytes] | None, memory: int) -> list[FileResult | None]:
    """What a Dask worker runs for a batch of files: ``check_job`` on each, one
    after another, in this thread's checking process under the file, memory
    and rule bounds; their results in the batch's order. ``contents``: the
    files' bytes, when the worker does not see the command's storage."""
    pool = _thread_pool(memory)
    if contents is None:
        return _pooled(pool, jobs)
    with tempfile.TemporaryDirectory(prefix="perfcheck-") as folder:
        copies = []
        for job, content in zip(jobs, contents):
            # A folder per file: two files of a batch may share a name.
            place = Path(folder) / str(job.index)
            place.mkdir()
            copy = place / (job.path.name or "file")
            copy.write_bytes(content)
            copies.append(attrs.evolve(job, read_from=copy))
        return _pooled(pool, copies)


def _pooled(pool, jobs: list[Job]) -> list[FileResult | None]:
    for job in jobs:
        pool.submit(job)
    found = {job.index: result for job, result in pool.results()}
    return [found[job.index] for job in jobs]


# --------------------------------------------------------------------------
# In the command
# --------------------------------------------------------------------------


class DaskExecutor:
    """Runs jobs on a Dask cluster (``perfcheck.executors.Executor``).

    ``scheduler``: the address of a running scheduler; else a local cluster of
    ``workers`` processes is started on 127.0.0.1 and stopped at the end.
    ``shared_storage``: the workers read files at the paths the command
    gives; else each file is sent by content. ``dashboard``: a local
    cluster serves Dask's dashboard (on a free port of 127.0.0.1).
    """

    def __init__(
        self,
        linter: Linter,
        *,
        workers: int = 1,
        scheduler: str | None = None,
        shared_storage: bool = False,
        dashboard: bool = False,
        memory: int = DEFAULT_MEMORY,
    ):
        self.linter = linter
        self.workers = max(1, workers)
        self.scheduler = scheduler
        self.shared_storage = shared_storage
        self.dashboard = dashboard
        self.memory = memory
        self.pending: collections.deque[Job] = collections.deque()
        self.local: collections.deque[Job] = collections.deque()  # files only the command can judge
        self.running: dict[str, tuple[list[Job], int, object]] = {}  # task key -> (its jobs, attempt, future)
        self.client = None
        self.cluster = None
        self.retries = 0  # resubmissions perfcheck makes itself after a lost worker
        self.token = uuid.uuid4().hex[:12]
        self.tasks = 0  # tasks sent so far: each task's key is new
        self._window = 0
        self._sized = 0.0
        self._completed = None
        self.dashboard_link: str | None = None  # where the cluster's dashboard is, once started, when it has one

    # ---- the cluster
    def __enter__(self) -> "DaskExecutor":
        distributed = import_distributed()
        import dask
        from dask.utils import parse_timedelta

        # Dask's own log lines (a worker lost, a restart) are not the report's:
        # what matters reaches the user as findings or as perfcheck's errors.
        # Dask sets levels on some of its loggers by name (distributed.client…),
        # which a parent's level does not override: each is silenced.
        for name in ["distributed", "tornado", *list(logging.root.manager.loggerDict)]:
            if name.split(".")[0] in ("distributed", "tornado"):
                logging.getLogger(name).setLevel(logging.CRITICAL)
        try:
            if self.scheduler:
                # Dask's connect timeout (30 s by default), at most 10 s: a wrong address is said soon.
                timeout = min(10.0, parse_timedelta(dask.config.get("distributed.comm.timeouts.connect")))
                self.client = distributed.Client(self.scheduler, timeout=timeout, set_as_default=False)
                allowed = self.client.run_on_scheduler(_allowed_failures)
                self.retries = 1 if allowed == 0 else 0
            else:
                with dask.config.set(LOCAL_CLUSTER_CONFIG):
                    self.cluster = distributed.LocalCluster(
                        n_workers=self.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                        # The scheduler serves HTTP whatever is asked (health, metrics):
                        # on a free port of 127.0.0.1, never a fixed one another run may hold.
                        dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL,
                        # No retry by the scheduler on a lost worker: perfcheck makes the one
                        # retry itself, so that it knows which files a lost batch held.
                        scheduler_kwargs={"allowed_failures": 0, "dashboard": self.dashboard},
                        # A worker's memory is its checking processes', capped per file.
                        memory_limit=0,
                    )
                # Its workers are on this machine: contents and results go straight
                # to and from them, not through the scheduler (which unpickles a task's
                # arguments). A running cluster's workers may not be reachable so: Dask's
                # own setting (distributed.client... direct-to-workers) decides there.
                self.client = distributed.Client(self.cluster, set_as_default=False, direct_to_workers=True)
                self.retries = 1
        except (OSError, TimeoutError) as exc:
            self.__exit__(None, None, None)
            raise ClusterLost(Message(
                f"无法连接 Dask 调度器 {self.scheduler or '（本地集群）'}：{exc}",
                f"cannot reach the Dask scheduler {self.scheduler or '(local cluster)'}: {exc}",
            )) from None
        self._completed = distributed.as_completed(loop=self.client.loop, with_results=False)
        try:
            has_dashboard = self.client.run_on_scheduler(_serves_dashboard)
        except Exception:  # noqa: BLE001 - only shown to the user
            has_dashboard = False
        self.dashboard_link = self.client.dashboard_link if has_dashboard else None
        return self

    def __exit__(self, *exc) -> None:
        self.cancel()
        for thing in (self.client, self.cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # noqa: BLE001 - closing a cluster that is already gone
                    pass
        self.client = self.cluster = None

    # ---- jobs
    def submit(self, job: Job) -> None:
        self.pending.append(job)

    def cancel(self) -> None:
        self.pending.clear()
        self.local.clear()
        if self.client is not None and self.running:
            try:
                self.client.cancel([future for _, _, future in self.running.values()])
            except Exception:  # noqa: BLE001 - the scheduler may be gone already
                pass
        self.running.clear()

    def results(self) -> Iterator[tuple[Job, FileResult | None]]:
        while self.pending or self.running or self.local:
            self._top_up()
            while self.local:  # the command's own, checked at once: the reader refuses them
                job = self.local.popleft()
                yield job, self._check_here(job)
            if not self.running:
                continue
            future = next(self._completed)
            if future.key not in self.running:  # cancelled, or a duplicate
                continue
            jobs, attempt, _ = self.running.pop(future.key)
            yield from self._outcome(future, jobs, attempt)

    def _outcome(self, future, jobs: list[Job], attempt: int) -> list[tuple[Job, FileResult | None]]:
        """Each job of a finished task with its result; none when they were sent again."""
        from distributed.scheduler import KilledWorker

        status = future.status
        if status == "finished":
            try:
                return list(zip(jobs, future.result()))
            except Exception as exc:  # noqa: BLE001 - the result could not be fetched or unpickled
                if self.client.status != "running":  # not the files' fault: nothing to record for them
                    raise self._lost() from None
                return self._failed(jobs, crash_message(f"{type(exc).__name__}: {exc}"))
        if status == "cancelled" and self.client.status != "running":
            raise self._lost()
        # Cancelled while the scheduler is still there: the batch's contents
        # were lost with the worker that held them, which is a lost worker too.
        error = future.exception() if status != "cancelled" else None
        if status == "cancelled" or isinstance(error, KilledWorker):
            # A lost worker costs each file it held its one retry. A batch's
            # files are sent again each alone, so that a file that loses its
            # worker again is the one to blame, and only it gets the E001.
            if attempt < self.retries or len(jobs) > 1:
                for job in jobs:
                    self._send([job], attempt=min(attempt + 1, self.retries))
                return []
            return self._failed(jobs, LOST_TWICE)
        return self._failed(jobs, crash_message(f"{type(error).__name__}: {error}"))

    def _failed(self, jobs: list[Job], why: Message) -> list[tuple[Job, FileResult]]:
        return [(job, failed_result(self.linter.host, job, why)) for job in jobs]

    def _lost(self) -> ClusterLost:
        where = self.scheduler or "（本地集群）"
        return ClusterLost(Message(
            f"与 Dask 调度器 {where} 的连接已断开，运行中止；已完成的文件若用了 --store 则已记录，重新运行同一命令即可继续",
            f"the connection to the Dask scheduler {self.scheduler or '(local cluster)'} was lost; files already finished are kept"
            " with --store: run the same command again to continue",
        ))

    def _top_up(self) -> None:
        window = self._size()
        while self.pending and len(self.running) < window:
            batch = self._batch(window)
            if batch:
                self._send(*batch, attempt=0)

    def _batch(self, window: int) -> tuple[list[Job], list[bytes] | None] | None:
        """The next pending files for one task, with their contents when sent by
        content: enough files that Dask's cost per task is spread thin, few
        enough that each of the ``window`` tasks in flight gets its share."""
        wanted = max(1, min(MAX_BATCH_FILES, -(-len(self.pending) // (2 * window))))
        jobs: list[Job] = []
        contents: list[bytes] | None = None if self.shared_storage else []
        size = 0
        while self.pending and len(jobs) < wanted:
            job = self.pending[0]
            if contents is not None:
                content = self._content(job.path)
                if content is None:
                    self.local.append(self.pending.popleft())
                    continue
                if jobs and size + len(content) > BATCH_BYTES:
                    break  # the next task's
                contents.append(content)
                size += len(content)
            jobs.append(self.pending.popleft())
        return (jobs, contents) if jobs else None

    def _size(self) -> int:
        now = time.monotonic()
        if now - self._sized > _RESIZE_SECONDS:
            try:
                threads = sum(self.client.nthreads().values())
            except Exception:  # noqa: BLE001 - asked again next time
                threads = 0
            self._window = IN_FLIGHT_PER_THREAD * max(threads, 1)
            self._sized = now
        return self._window

    def _send(self, jobs: list[Job], contents: list[bytes] | None = None, *, attempt: int) -> None:
        """Send a task of ``jobs``; their contents are read again when not given (a retry)."""
        if contents is None and not self.shared_storage:
            contents = [self._content(job.path) for job in jobs]
            if any(content is None for content in contents):  # gone since: the command judges it
                self.local.extend(jobs)
                return
        sent = jobs
        if self.shared_storage:  # a worker's working folder is not the command's
            sent = [job if job.path.is_absolute() else attrs.evolve(job, read_from=Path(os.path.abspath(job.path))) for job in jobs]
        self.tasks += 1
        key = f"perfcheck-{self.token}-{self.tasks}"
        # Earlier files first, so that results come back roughly in file order
        # and the report (written in file order) keeps up with the cluster.
        try:
            if contents is not None and self.retries:
                # Sent ahead to a worker rather than inside the task, which the
                # scheduler would unpickle and pickle again. Only when perfcheck
                # makes the retry itself: data sent so cannot be made again, so a
                # scheduler that reruns a task after its worker is lost could not.
                [contents] = self.client.scatter([contents], hash=False)
            future = self.client.submit(check_task, sent, contents, self.memory, key=key, pure=False, priority=-jobs[0].index)
        except OSError:  # the scheduler is gone (its connection closed or reset)
            raise self._lost() from None
        self.running[key] = (jobs, attempt, future)
        self._completed.add(future)

    @staticmethod
    def _content(path: Path) -> bytes | None:
        """The file's bytes to send, or None when only the command can judge it."""
        try:
            if regular_file_size(path) > MAX_SEND_BYTES:
                return None
            with open(path, "rb") as f:
                data = f.read(MAX_SEND_BYTES + 1)
        except (OSError, LimitExceeded):
            return None
        return data if len(data) <= MAX_SEND_BYTES else None

    def _check_here(self, job: Job) -> FileResult | None:
        try:
            return check_job(job, self.linter)
        except Exception as exc:  # noqa: BLE001 - reported as the file's failure, as a worker's would be
            return failed_result(self.linter.host, job, crash_message(f"{type(exc).__name__}: {exc}"))


def _allowed_failures(dask_scheduler) -> int:
    """On the scheduler: how many times it runs a task again after losing its worker."""
    return int(getattr(dask_scheduler, "allowed_failures", 3))


def _serves_dashboard(dask_scheduler) -> bool:
    """On the scheduler: whether it serves Dask's dashboard (which needs bokeh),
    not only its health and metrics pages."""
    import sys

    return "distributed.dashboard.scheduler" in sys.modules
