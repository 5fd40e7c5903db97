"""A file to check, and what any executor runs to check it.

A ``Job`` carries everything a worker needs about one file: its path, the
settings in force for it (resolved by the parent, so a bad configuration
stops the run before any work), and what the report wants back. An executor
(``perfcheck.executors``) runs ``check_job`` wherever it runs jobs (this
process, a local worker process, a cluster's worker) and hands the result
back; ``failed_result`` is what a file gets when its worker could not.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from perfcheck.model import Message
from perfcheck.results import FileResult

if TYPE_CHECKING:  # pragma: no cover
    from perfcheck.config import Settings
    from perfcheck.engine import Linter
    from perfcheck.plugins import PluginHost


@attrs.frozen
class Job:
    index: int  # the file's place in the run: results are reported in this order
    path: Path
    settings: Settings
    walked: bool = False
    # Whether the report needs the document itself (the HTML report shows the
    # tables); else only findings and counts cross back from the worker.
    keep_document: bool = True
    # (reporter name, lang, report options): the report's digest of the file is
    # made where it is checked and sent back instead of its findings and document.
    digest: tuple[str, str, object] | None = None
    # Rules that killed a worker or ran out of time on this file: skipped, each an E003.
    skipped: tuple[tuple[str, Message], ...] = ()
    # Where this worker reads the file, when not at ``path``: a cluster
    # worker's copy of a file sent by content. Its result is named ``path``.
    read_from: Path | None = None


# The engine of a worker that was handed none (a spawned process, a cluster
# worker): made on its first job, with the plugins its environment installs.
_own_linter: Linter | None = None


def worker_linter() -> Linter:
    """This process's engine, loading the plugins on first use."""
    global _own_linter
    if _own_linter is None:
        from perfcheck.engine import Linter
        from perfcheck.plugins import PluginHost

        _own_linter = Linter(PluginHost())
    return _own_linter


def check_job(job: Job, linter: Linter | None = None) -> FileResult | None:
    """Check the job's file and give back what of its result crosses back to
    whoever asked: None for a walked file that holds no table. Exceptions are
    the caller's to turn into ``failed_result`` (an executor knows whether a
    worker died or a file failed)."""
    linter = linter or worker_linter()
    if job.read_from is None:
        result = linter.check_file(job.path, job.settings, walked=job.walked, skipped=job.skipped)
    else:  # a copy, checked under the original's name
        result = linter.check_file(job.read_from, job.settings, walked=job.walked, skipped=job.skipped, name=str(job.path))
    if result is None:
        return None
    return shipped(linter.host, job, result)


def shipped(host: PluginHost, job: Job, result: FileResult) -> FileResult:
    """What of a file's result crosses back: the report's digest of it and its
    counts when the report makes one (rendering is then shared by the
    workers, and no finding or document is sent), else its findings, and its
    document if the report shows the tables."""
    if job.digest is not None:
        name, lang, options = job.digest
        reporter = host.reporters.get(name)
        if reporter is not None and reporter.makes_digests:
            try:
                digest = reporter.digest(result, lang, options)
            except Exception:  # noqa: BLE001 - a reporter's bug: the parent renders this file itself
                pass
            else:
                return attrs.evolve(result.streamed(), digest=digest)
    return result if job.keep_document else attrs.evolve(result, document=None)


def failed_result(host: PluginHost, job: Job, why: Message) -> FileResult:
    """The result of a file that could not be checked: one E001 finding saying why."""
    from perfcheck.engine import engine_finding, filter_findings

    finding = engine_finding(host, "E001", why, str(job.path))
    return FileResult(str(job.path), filter_findings([finding], job.settings))


def crash_message(detail: str) -> Message:
    """Why a file failed, from what its worker reported ("memory", or the exception)."""
    if detail == "memory":
        return Message("内存超过上限，已停止检查此文件", "ran out of its memory limit; the file was not checked")
    return Message(f"检查此文件时出错：{detail}", f"checking the file failed: {detail}")
