"""Instructions per document, counted by valgrind's callgrind: a figure that,
unlike CPU seconds on a shared machine, comes out the same run after run (to
a few parts in a million), so that a change worth 1% can be told from noise.

    python benchmarks/instructions.py               # 30 varied seed disclosures
    python benchmarks/instructions.py --files 10
    OLD/bin/python benchmarks/instructions.py       # the perfcheck installed there
    python benchmarks/instructions.py --against OLD/bin/python   # and the command, old against new

Each stage is run alone under callgrind, the way a worker runs it: plugins
loaded, the rule time limit armed (its timer set far enough out not to fire:
a tick's handler would add instructions that depend on how slowly valgrind
runs), memory settled as ``perfcheck.pool`` settles it. Hash randomisation is
off and bytecode is compiled first, so that each run does the same work.
What a stage costs per document is its count less the start-up stage's,
divided by the files; the rules are the checking stage less the reading one.

The last row is the command a user runs on one document (``perfcheck
check``, the script installed beside this interpreter): what its own
process does (imports, plugins, finding the file, reporting), against a
bare ``python -c pass``. Counting imports alone can mislead: argparse and
multiprocessing import modules (shutil, subprocess) that look optional.

The batch rows count ``perfcheck check DIR --jobs 1`` as the batch benchmark
runs it, every process (parent, worker, git) once: on a folder of one
document, and per further document. ``--against`` counts the same with
another interpreter's perfcheck, any version (only the command line is
used), and gives the ratios: the figure the batch target's CPU seconds are
about, without the machine's noise. Instructions are not time: one version's
instructions may run at a different rate (cache misses, branches) than
another's.

Compare two versions' stages by running this with each one's interpreter (a venv
with the older perfcheck installed): it measures the perfcheck that
interpreter imports (one whose workers send reports' digests: f1444d8 on).
A count is not a time: a cache miss or a system call costs no instruction. Take the CPU-second benchmarks
(``run.py``) for what a user waits for, and this for which of two versions of
a function is cheaper. Needs valgrind (Debian: ``apt install valgrind``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAGES = ("start", "read", "check", "worker")


def child(stage: str, folder: Path) -> None:
    """One stage over every file in ``folder`` (run under callgrind)."""
    import pickle

    from perfcheck import limits, pool
    from perfcheck.config import Overrides, SettingsCache
    from perfcheck.engine import Linter
    from perfcheck.plugins import PluginHost
    from perfcheck.jobs import Job, shipped
    from perfcheck.reporters import ReportOptions

    host = PluginHost()
    settings = SettingsCache(host, Overrides())
    linter = Linter(host)
    files = sorted(folder.glob("*.txt"))
    file_settings = settings.for_path(files[0])
    try:
        limits.install_alarm(tick=3600.0)
    except TypeError:  # an older perfcheck: the tick was a module constant
        limits._TICK = 3600.0
        limits.install_alarm()
    getattr(pool, "settle", lambda: None)()  # older workers left memory as it was
    try:
        for index, path in enumerate(files if stage != "start" else ()):
            if stage == "worker":  # what a worker does for a JSON report, and the pickling of what it sends
                result = linter.check_file(path, file_settings, walked=True)
                job = Job(index, path, file_settings, True, False, ("json", "zh", ReportOptions()))
                pickle.dumps(shipped(host, job, result))
                continue
            document = linter.read(path)
            if stage == "check":
                list(linter.check_document(document, file_settings))
    finally:
        limits.stop_alarm()


def _environment() -> dict[str, str]:
    """Bytecode read as an installed perfcheck reads it, hash randomisation off."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONHASHSEED"] = "0"
    return env


def _summary(out: Path) -> int:
    """The instructions callgrind counted, from its output file."""
    for line in out.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("summary:"):
            return int(line.split()[1])
    raise RuntimeError(f"no summary in {out}")


def count(stage: str, folder: Path, work: Path) -> int:
    out = work / f"callgrind.{stage}"
    env = _environment()
    # Imported, not run as a script: a script is compiled from source on every
    # run, and this one's size would count in every stage. sys.path[0] is
    # then this folder, as for a script, not the current directory (a
    # checkout's perfcheck would be measured instead of the installed one).
    code = f"import sys; sys.path[0] = {str(HERE)!r}; import instructions; instructions.main(['--child', {stage!r}, {str(folder)!r}])"
    cmd = [sys.executable, "-c", code]
    subprocess.run(cmd, env=env, check=True)  # bytecode compiled, caches made
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd],
        env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return _summary(out)


def count_command(cmd: list[str], work: Path, name: str, *, every_process: bool = False) -> int:
    """The instructions of ``cmd``'s own process, or with ``every_process``
    of it and of every process it starts (its workers, git), each counted
    once. Callgrind follows a fork without being asked and counts the child
    from its parent's count at the fork; ``--dump-before`` dumps the parent's
    counts, and zeroes them, just before each fork, so a child starts from zero."""
    env = _environment()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # bytecode, entry-point cache
    options = ["--trace-children=yes", "--dump-before=*fork"] if every_process else []
    proc = subprocess.Popen(
        ["valgrind", "--tool=callgrind", *options, f"--callgrind-out-file={work}/callgrind-{name}.%p", *cmd],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    proc.wait()
    # valgrind runs the program in the process it was started as
    outputs = work.glob(f"callgrind-{name}.*") if every_process else [work / f"callgrind-{name}.{proc.pid}"]
    return sum(_summary(out) for out in outputs)


def batch_counts(python: str, folder: Path, files: int, work: Path, name: str) -> tuple[int, float]:
    """(one file, each further file): ``perfcheck check`` with ``python``'s
    perfcheck on a folder of one file and on ``folder``, every process
    counted, as the batch benchmark runs it (JSON, ``--jobs 1``)."""
    one = work / f"{name}-one"
    one.mkdir()
    first = sorted(folder.glob("*.txt"))[0]
    (one / first.name).write_bytes(first.read_bytes())

    def check(target: Path, label: str) -> int:
        report = work / f"report-{label}.json"
        cmd = [python, "-m", "perfcheck", "check", str(target), "--format", "json", "-o", str(report), "--jobs", "1"]
        return count_command(cmd, work, label, every_process=True)

    single = check(one, f"{name}-single")
    return single, (check(folder, f"{name}-all") - single) / (files - 1)


def perfcheck_command() -> list[str]:
    """The perfcheck command installed beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("perfcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "perfcheck"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=30, help="varied seed disclosures to count over (default 30)")
    parser.add_argument(
        "--against", metavar="PYTHON",
        help="also count the command on the batch with this interpreter's perfcheck (an older release's venv), for ratios",
    )
    parser.add_argument("--child", nargs=2, metavar=("STAGE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.files < 2:
        parser.error("--files must be 2 or more: the batch rows are the cost of each document after the first")
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    if shutil.which("valgrind") is None:
        print("instructions.py needs valgrind", file=sys.stderr)
        return 2
    sys.path.insert(0, str(HERE))
    import corpus

    work = Path(tempfile.mkdtemp(prefix="perfcheck-instructions-"))
    try:
        folder = work / "batch"
        folder.mkdir()
        corpus.write_batch(folder, args.files)
        counts = {stage: count(stage, folder, work) for stage in STAGES}
        bare = count_command([sys.executable, "-c", "pass"], work, "bare")
        command = count_command([*perfcheck_command(), "check", str(corpus.SEED)], work, "command")
        batches = {"this": batch_counts(sys.executable, folder, args.files, work, "this")}
        if args.against:
            batches["against"] = batch_counts(args.against, folder, args.files, work, "against")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    per = {stage: (counts[stage] - counts["start"]) / args.files for stage in STAGES[1:]}
    rows = [
        ("start-up (imports, plugins)", counts["start"]),
        ("reading, per document", per["read"]),
        ("the rules, per document", per["check"] - per["read"]),
        ("a worker's whole file (read, rules, findings, JSON, pickle), per document", per["worker"]),
    ]
    print("| stage | instructions |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value / 1e6:,.2f} M |")
    print(f"| `perfcheck check` on the seed document: the command's own process (its worker not counted) | {command / 1e6:,.2f} M, {command / bare:.1f}x `python -c pass` ({bare / 1e6:,.2f} M) |")
    single, each = batches["this"]
    print(f"| `perfcheck check DIR --jobs 1`, every process: a folder of one document | {single / 1e6:,.2f} M, {single / bare:.1f}x `python -c pass` |")
    print(f"| the same, each further document | {each / 1e6:,.2f} M |")
    if args.against:
        old_single, old_each = batches["against"]
        print(f"| {args.against}: a folder of one document | {old_single / 1e6:,.2f} M ({old_single / single:.1f}x this one) |")
        print(f"| {args.against}: each further document | {old_each / 1e6:,.2f} M ({old_each / each:.1f}x this one) |")
        many = 200
        ratio = (old_single + (many - 1) * old_each) / (single + (many - 1) * each)
        print(f"| {many} documents, {args.against} against this one | {ratio:.1f}x the instructions |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
