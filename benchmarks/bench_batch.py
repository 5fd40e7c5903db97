"""Batch throughput and memory: the corpus disclosure checked N times over.

Run on demand: ``python benchmarks/bench_batch.py [copies] [jobs]``. Not part of
the test suite. Prints indicators per CPU-second (this process and its worker
processes, user + system: comparable on a busy machine, unlike wall time),
and the peak resident memory of the workers.
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from perfcheck.config import CommandLine, SettingsCache
from perfcheck.engine import Linter
from perfcheck.plugins import PluginHost

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "artux-2024" / "artux-natural-resources-2024.txt"


def main(copies: int = 40, jobs: int = 1) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for i in range(copies):
            shutil.copy(CORPUS, Path(folder) / f"disclosure-{i:03}.txt")
        host = PluginHost()
        linter = Linter(host, SettingsCache(host, CommandLine()).for_path)
        before = _cpu()
        start = time.perf_counter()
        run = linter.run([Path(folder)], jobs=jobs, keep_documents=False)
        elapsed = time.perf_counter() - start
        cpu = _cpu() - before
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    indicators = run.summary()["indicators"]
    print(f"{copies} files, {indicators} indicators, {len(run.findings)} findings, jobs={jobs}")
    print(f"{indicators / cpu:,.0f} indicators per CPU-second ({cpu:.2f} CPU s, {elapsed:.2f} s wall); peak memory of a worker {peak_mib:.0f} MiB")


def _cpu() -> float:
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
