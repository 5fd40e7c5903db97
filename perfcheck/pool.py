"""Checking files in worker processes that may die without taking the batch along.

Each file is checked in a worker process (``--jobs N`` of them; one for a
serial run), so that nothing a file or a plugin does reaches the batch:

- a file has a time limit (``--timeout``); past it its worker is stopped;
- a worker's memory is capped (``limits.DEFAULT_MEMORY`` above what it
  started with), so a file that would eat gigabytes fails alone;
- a worker that dies — killed, out of memory, ``os._exit`` in a plugin — is
  replaced, and the file it held gets a finding.

When a worker dies or runs out of time inside a rule (the worker notes which
rule it is running in shared memory), the file is checked again without that
rule, and the rule gets an E003 finding: a misbehaving plugin costs its own
findings, not the file's. Past ``MAX_RETRIES`` such rules, or when the
reader itself is to blame, the file gets one E001 finding.

Workers are forked where the platform allows, so they inherit the loaded
plugins (including ones registered by hand); elsewhere they load plugins
from entry points themselves. Serial and parallel runs go through the same
code, so their findings are the same, error texts included.
"""

from __future__ import annotations

import collections
import gc
import mmap
import multiprocessing
import os
import signal
import time
from multiprocessing.connection import wait
from typing import TYPE_CHECKING

import attrs

from perfcheck.jobs import Job, check_job, crash_message, failed_result
from perfcheck.limits import DEFAULT_MEMORY, install_alarm, stop_alarm
from perfcheck.model import Message

if TYPE_CHECKING:  # pragma: no cover
    from perfcheck.engine import Linter

# A file whose rules kill their worker more often than this is given up on.
MAX_RETRIES = 3
_CODE_BYTES = 32
# A worker's young-object collection runs after this many allocations, not
# Python's 700: a document is thousands of short-lived rows and indicators,
# freed by reference counting, and a collection every 700 of them went over
# the same young objects again and again (3 to 4% of a batch's CPU).
_GC_YOUNG = 10_000


class _RunningRule:
    """The code of the rule a worker is running, in memory the parent sees.

    A forked worker inherits an anonymous mapping shared with its parent. A
    spawned one is sent a ``multiprocessing`` shared array instead, which
    costs the parent multiprocessing's shared heap (ctypes and a temporary
    folder: about 10 ms, a fifteenth of checking one file from the command line).
    """

    def __init__(self, context):
        self.forked = context.get_start_method() == "fork"
        self.memory = mmap.mmap(-1, _CODE_BYTES) if self.forked else context.Array("c", _CODE_BYTES, lock=False)

    def for_worker(self):
        """What the worker writes to: anything with a bytes ``value``."""
        return self if self.forked else self.memory

    @property
    def value(self) -> bytes:
        if not self.forked:
            return self.memory.value
        return self.memory[:].split(b"\0", 1)[0]

    @value.setter
    def value(self, code: bytes) -> None:
        if not self.forked:
            self.memory.value = code[:_CODE_BYTES]
        else:
            self.memory[:] = code[:_CODE_BYTES].ljust(_CODE_BYTES, b"\0")


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


# What a fork server imports once, so that each worker it forks starts with
# perfcheck, its rules and its readers loaded (the web server's, a cluster worker's).
FORKSERVER_PRELOAD = [
    "perfcheck.service", "perfcheck.plugins", "perfcheck_rules", "perfcheck.readers.excel",
    "perfcheck.readers.pdf", "perfcheck.readers.canonical", "perfcheck.values",
]


def clean_context():
    """The start method of a threaded host (the web server, a Dask worker):
    workers forked from a fork server, a clean process, never from the
    threaded one (a fork copies whatever lock another thread held); spawned
    where there is no fork server."""
    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(FORKSERVER_PRELOAD)
    return context


def _cap_memory(extra: int) -> None:
    """Let this process grow by ``extra`` bytes of address space, no more."""
    try:
        import resource

        with open("/proc/self/statm") as f:
            current = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = current + extra
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):  # pragma: no cover - not Linux: time limits still apply
        pass


def settle() -> None:
    """A worker's memory set up for checking files: what it holds now
    (modules, plugins, caches) lives as long as it does, and is left out of
    every collection from here on; young objects are collected every
    ``_GC_YOUNG`` allocations."""
    gc.freeze()
    gc.set_threshold(_GC_YOUNG, *gc.get_threshold()[1:])


def _serve(conn, linter: "Linter | None", running, memory: int) -> None:
    """A worker's loop: check the files it is sent until it is sent None."""
    from perfcheck.jobs import worker_linter

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if linter is None:  # spawned, not forked: load the plugins ourselves
        linter = worker_linter()

    def note_rule(code: str | None) -> None:
        running.value = (code or "").encode("ascii", "replace")[: _CODE_BYTES - 1]

    linter.note_rule = note_rule  # this process's copy: the parent's engine is untouched
    install_alarm()
    settle()
    try:
        _cap_memory(memory)
        _serve_jobs(conn, linter)
    finally:
        stop_alarm()


def _serve_jobs(conn, linter: "Linter") -> None:
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            result = check_job(job, linter)
        except MemoryError:
            result = "memory"
        except BaseException as exc:  # noqa: BLE001 - reported by the parent as the file's failure
            result = f"{type(exc).__name__}: {exc}"
        try:
            conn.send((job.index, result))
        except Exception as exc:  # noqa: BLE001 - e.g. a plugin put something unpicklable in a finding
            conn.send((job.index, f"{type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, context, linter: "Linter | None", memory: int):
        self.conn, child = context.Pipe()
        self.running = _RunningRule(context)
        self.process = context.Process(target=_serve, args=(child, linter, self.running.for_worker(), memory), daemon=True)
        self.process.start()
        child.close()
        self.job: Job | None = None
        self.deadline = 0.0

    def give(self, job: Job) -> None:
        self.running.value = b""
        self.job = job
        self.deadline = time.monotonic() + job.settings.timeout
        self.conn.send(job)

    def rule(self) -> str | None:
        return self.running.value.decode("ascii", "replace") or None

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()

    def release(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _death(process) -> Message:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return Message(f"被信号 {name} 终止", f"killed by signal {name}")
    return Message(f"退出码 {code}", f"exit code {code}")


class LocalPool:
    """The executor of ``perfcheck check --jobs N``: checks jobs in up to
    ``size`` worker processes on this machine (``perfcheck.executors``)."""

    def __init__(self, linter: "Linter", size: int, *, memory: int = DEFAULT_MEMORY, start_method: str | None = None):
        self.linter = linter
        self.size = max(1, size)
        self.memory = memory
        # A threaded host (the web server, a Dask worker) asks for "forkserver"
        # (``clean_context``): forking a process that runs threads can copy a
        # lock some other thread held.
        if start_method == "forkserver":
            self.context = clean_context()
        else:
            self.context = multiprocessing.get_context(start_method) if start_method else _context()
        self.forked = self.context.get_start_method() == "fork"
        self.idle: list[_Worker] = []
        self.busy: list[_Worker] = []
        self.pending: collections.deque[Job] = collections.deque()

    def _worker(self) -> _Worker:
        if self.idle:
            return self.idle.pop()
        return _Worker(self.context, self.linter if self.forked else None, self.memory)

    def submit(self, job: Job) -> None:
        self.pending.append(job)

    def results(self):
        """Each job with its result as it finishes. A job whose worker died in
        a rule is run again without that rule before it is given back."""
        while self.pending or self.busy:
            while self.pending and len(self.busy) < self.size:
                worker = self._worker()
                worker.give(self.pending.popleft())
                self.busy.append(worker)
            self._wait()
            for worker in list(self.busy):
                outcome = self._outcome(worker)
                if outcome is None:
                    continue
                self.busy.remove(worker)
                retry, result = outcome
                if retry is not None:
                    self.pending.appendleft(retry)
                    continue
                yield worker.job, result

    def cancel(self) -> None:
        """Stop the workers at a job (killed) and forget the jobs not started."""
        self.pending.clear()
        for worker in self.busy:
            worker.stop()
        self.busy = []

    def __enter__(self) -> "LocalPool":
        return self

    def __exit__(self, *exc) -> None:
        self.cancel()
        for worker in self.idle:
            worker.release()
        self.idle = []

    def _wait(self) -> None:
        now = time.monotonic()
        timeout = max(0.0, min(w.deadline for w in self.busy) - now)
        handles = [w.conn for w in self.busy] + [w.process.sentinel for w in self.busy]
        wait(handles, timeout=timeout)

    def _outcome(self, worker: _Worker):
        """None while the worker is still at it; else (a job to retry, or None; the result)."""
        job = worker.job
        if worker.conn.poll():
            try:
                _, result = worker.conn.recv()
            except (EOFError, OSError):
                result = None
            else:
                self.idle.append(worker)
                if isinstance(result, str):
                    return None, failed_result(self.linter.host, job, crash_message(result))
                return None, result
        if worker.process.is_alive() and time.monotonic() < worker.deadline:
            return None
        timed_out = worker.process.is_alive()
        rule = worker.rule()
        worker.stop()
        if timed_out:
            why = Message(
                f"超过时间限制（{job.settings.timeout:g} 秒）仍未完成，已停止（可用 --timeout 调整）",
                f"still running after the time limit ({job.settings.timeout:g} s) and stopped (see --timeout)",
            )
        else:
            death = _death(worker.process)
            why = Message(
                f"检查进程意外终止（{death.zh}）：可能是内存超过上限，或插件结束了进程",
                f"the checking process ended unexpectedly ({death.en}): out of memory, or a plugin ended it",
            )
        if rule and len(job.skipped) < MAX_RETRIES:
            return attrs.evolve(job, skipped=(*job.skipped, (rule, why))), None
        return None, failed_result(self.linter.host, job, why)
