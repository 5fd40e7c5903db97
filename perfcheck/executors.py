"""Executors: where the files of a run are checked.

An executor takes ``Job``s (``perfcheck.jobs``), runs ``check_job`` on each
somewhere, and hands the results back as they finish. What it must keep is
the run's promise that nothing a file does stops the batch: a job whose
worker dies, hangs or runs out of memory still gets a result (an E001
finding from ``failed_result``), and every other job goes on. How it keeps
it (process pools, retries, blaming a rule) is its own business.

Built in:

- ``InProcess``: this process, one file after another, without those
  guarantees (for embedding and tests);
- ``perfcheck.pool.LocalPool``: worker processes on this machine, each file
  under a time and memory limit (``perfcheck check --jobs N``).

The check service (``perfcheck.service``) submits every job, reads the
results in whatever order they come, and reports them in file order
(``results.InOrder``), so every executor gives the same output.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Callable, Iterator, Protocol, runtime_checkable

from perfcheck.jobs import Job, check_job
from perfcheck.model import Message
from perfcheck.results import FileResult

if TYPE_CHECKING:  # pragma: no cover
    from perfcheck.engine import Linter


class RunFailed(Exception):
    """The run cannot go on (its cluster is gone, its findings store cannot be
    read): the front end stops with ``message``, in both languages. Unlike a
    file's failure, which is that file's E001, this ends the run."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.message = message


@runtime_checkable
class Executor(Protocol):
    """Runs jobs and hands back their results as they finish.

    Used as a context manager: leaving it (normally, on an error or on
    Ctrl-C) cancels what is still running and frees the workers."""

    def submit(self, job: Job) -> None:
        """Queue a job. Jobs may be submitted before or while results are read."""

    def results(self) -> Iterator[tuple[Job, FileResult | None]]:
        """Each submitted job with its result, once, as jobs finish, until every
        job submitted so far is done. The result is None for a walked file
        that holds no table; a job that could not be checked has an E001."""

    def cancel(self) -> None:
        """Stop every job not yet finished; no result comes for them."""

    def __enter__(self) -> "Executor": ...

    def __exit__(self, *exc) -> None: ...


class InProcess:
    """Checks each job in this process when its result is asked for: no time
    or memory limit, no isolation from a plugin that exits the process."""

    def __init__(self, linter: Linter):
        self.linter = linter
        self.pending: collections.deque[Job] = collections.deque()

    def submit(self, job: Job) -> None:
        self.pending.append(job)

    def results(self) -> Iterator[tuple[Job, FileResult | None]]:
        while self.pending:
            job = self.pending.popleft()
            yield job, check_job(job, self.linter)

    def cancel(self) -> None:
        self.pending.clear()

    def __enter__(self) -> "InProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.cancel()


def run_jobs(
    executor: Executor,
    jobs: list[Job],
    *,
    progress: Callable[[int, int], None] | None = None,
    on_result: Callable[[int, FileResult | None], FileResult | None] | None = None,
    watch: Callable[[Job, FileResult | None], None] | None = None,
) -> list[FileResult | None]:
    """Every job's result, by job index, from ``executor``. ``on_result(index,
    result)``, if given, sees each result as it comes and returns what to
    keep of it; ``watch(job, result)`` sees it first (a progress display, a
    findings store); ``progress(done, total)`` is told after each."""
    results: list[FileResult | None] = [None] * len(jobs)
    with executor:
        for job in jobs:
            executor.submit(job)
        for done, (job, result) in enumerate(executor.results(), 1):
            if watch:
                watch(job, result)
            results[job.index] = on_result(job.index, result) if on_result else result
            if progress:
                progress(done, len(jobs))
    return results
