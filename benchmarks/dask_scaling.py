"""Two Dask workers against one on PDFs: files a second (run on demand;
needs the dask extra and reportlab, from the test extra).

    python benchmarks/dask_scaling.py                 # 4 and 16 PDFs
    python benchmarks/dask_scaling.py --small 4 --large 24 --runs 3

The PDFs are varied copies of the seed disclosure (``corpus.py``) typeset
by ``tests/pdfmaker.py`` the way disclosures are published (ruled tables
broken across pages). Each batch is checked on a local Dask cluster of one
worker and of two (``--executor dask --jobs 1`` and ``--jobs 2``), files
sent by content, and timed on the wall clock: throughput is what more
workers buy. The CPU a file (every process counted) is printed too: when
two workers cost no more CPU a file than one, what holds their rate back is
the cores other programs take. A cluster costs a fixed start (a scheduler, worker processes
importing Dask), so each is run on two batch sizes and its rate is the
difference in files over the difference in seconds, which the start leaves
out. The issue's target: two workers check at least 1.6x the files a second
of one, on a 2-core machine.

Wall time moves with whatever else the machine runs: the load average is
printed beside the figures, and the least time of ``--runs`` is kept.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import corpus  # noqa: E402
from dask_overhead import check_everything, two_batches  # noqa: E402


def write_pdfs(folder: Path, count: int) -> None:
    import pdfmaker

    seed = corpus.SEED.read_text(encoding="utf-8")
    folder.mkdir()
    for i in range(count):
        pdfmaker.render(corpus.varied(seed, i + 1), folder / f"disclosure-{i:04}.pdf")


def timed(folder: Path, workers: int, runs: int) -> tuple[float, float]:
    """(the least wall time, the least CPU) of ``runs`` runs on a local cluster of ``workers``."""
    costs = [check_everything(folder, ["--executor", "dask", "--jobs", str(workers)]) for _ in range(runs)]
    return min(c.wall for c in costs), min(c.cpu for c in costs)


def main(argv: list[str] | None = None) -> int:
    args = two_batches(argv, __doc__, 4, 16, "wall time")
    with tempfile.TemporaryDirectory(prefix="perfcheck-dask-scaling-") as work:
        folders = {size: Path(work) / f"pdf{size}" for size in (args.small, args.large)}
        for size, folder in folders.items():
            write_pdfs(folder, size)
        print(f"{os.cpu_count()} CPUs; load average before: {os.getloadavg()[0]:.2f}")
        print(f"{'workers':<8} {args.small:>5} PDFs {args.large:>5} PDFs   files a second   CPU a file")
        rate = {}
        for workers in (1, 2):
            (small, small_cpu), (large, large_cpu) = (timed(folders[n], workers, args.runs) for n in (args.small, args.large))
            rate[workers] = (args.large - args.small) / (large - small)
            per_file = (large_cpu - small_cpu) / (args.large - args.small)
            print(f"{workers:<8} {small:>8.2f} s {large:>8.2f} s   {rate[workers]:>14.2f}   {per_file:>8.2f} s")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        print(f"two workers: {rate[2] / rate[1]:.2f}x the files a second of one (target: at least 1.6x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
