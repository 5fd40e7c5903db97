"""What the Dask executor costs per file, against the local pool (run on
demand; needs the dask extra). Linux only (``measure.measure_everything``).

    python benchmarks/dask_overhead.py              # 40 and 200 text disclosures
    python benchmarks/dask_overhead.py --small 20 --large 60 --runs 3

Each run checks varied copies of the seed disclosure (``corpus.py``) with
``--format json``, once on the local pool (``--jobs 1``) and once on a local
Dask cluster of one worker (``--executor dask --jobs 1``), sending files by
content (as to a cluster that does not share the storage) and by path
(``--shared-storage``). The cost is CPU seconds of the command and every
process descended from it, the scheduler and the workers included
(``measure.measure_everything``).

A cluster costs a fixed start (a scheduler, a worker process importing Dask,
a fork server); what grows with the corpus is the cost per file. So each
configuration is run on two batch sizes, and the cost per file is the
difference divided by the difference in files, which the fixed costs leave
out. The ratio of the Dask executor's per-file cost to the local pool's is
what the issue's target bounds (at most 1.2x).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from measure import Everything, measure_everything  # noqa: E402

PERFCHECK = [sys.executable, "-m", "perfcheck"]
CONFIGURATIONS = {
    "local pool": ["--jobs", "1"],
    "dask, by content": ["--executor", "dask", "--jobs", "1"],
    "dask, shared storage": ["--executor", "dask", "--jobs", "1", "--shared-storage"],
}


def check_everything(folder: Path, extra: list[str]) -> Everything:
    """``perfcheck check FOLDER --format json EXTRA``, every process it started counted."""
    cost = measure_everything([*PERFCHECK, "check", str(folder), "--format", "json", "--progress", "never", *extra])
    if cost.returncode not in (0, 1):
        raise SystemExit(f"perfcheck failed ({cost.returncode}) on {folder} with {extra}")
    return cost


def two_batches(argv: list[str] | None, doc: str, small: int, large: int, kept: str) -> argparse.Namespace:
    """The command line of a benchmark that runs two batch sizes: --small, --large, --runs."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=small, help="files in the smaller batch")
    parser.add_argument("--large", type=int, default=large, help="files in the larger batch")
    parser.add_argument("--runs", type=int, default=2, help=f"runs of each, the least {kept} kept")
    args = parser.parse_args(argv)
    if args.large <= args.small:
        parser.error("--large must be above --small")
    return args


def main(argv: list[str] | None = None) -> int:
    args = two_batches(argv, __doc__, 40, 200, "CPU")
    with tempfile.TemporaryDirectory(prefix="perfcheck-dask-bench-") as work:
        folders = {}
        for size in (args.small, args.large):
            folders[size] = Path(work) / f"batch{size}"
            folders[size].mkdir()
            corpus.write_batch(folders[size], size)
        # Interleaved: each round runs every configuration on both batches, so
        # that a busy spell of the machine weighs on all of them alike. The
        # least CPU of each is kept (noise on a shared machine only adds).
        least: dict[tuple[str, int], float] = {}
        for _ in range(args.runs):
            for name, extra in CONFIGURATIONS.items():
                for size, folder in folders.items():
                    seconds = check_everything(folder, extra).cpu
                    least[name, size] = min(seconds, least.get((name, size), seconds))
        per_file = {}
        print(f"{'configuration':<22} {args.small:>5} files {args.large:>5} files   per file   fixed")
        for name in CONFIGURATIONS:
            small, large = least[name, args.small], least[name, args.large]
            per_file[name] = (large - small) / (args.large - args.small)
            fixed = small - per_file[name] * args.small
            print(f"{name:<22} {small:>9.2f} s {large:>9.2f} s {1000 * per_file[name]:>7.1f} ms {fixed:>6.2f} s")
        base = per_file["local pool"]
        for name in list(CONFIGURATIONS)[1:]:
            print(f"{name}: {per_file[name] / base:.2f}x the local pool's CPU per file (target: at most 1.2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
