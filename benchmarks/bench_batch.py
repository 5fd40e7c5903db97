"""Batch throughput and memory: the corpus disclosure checked N times over.

Run on demand: ``python benchmarks/bench_batch.py [copies] [jobs]``. Not part of
the test suite. Prints files per second and the peak resident memory.
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
        start = time.perf_counter()
        run = linter.run([Path(folder)], jobs=jobs)
        elapsed = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{copies} files, {run.summary()['indicators']} indicators, {len(run.findings)} findings, jobs={jobs}")
    print(f"{copies / elapsed:.1f} files/s ({elapsed:.2f} s); peak memory of this process {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
