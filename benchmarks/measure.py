"""Run a command and measure what it cost: CPU seconds (user + system, the
command and every process it waited for) and peak resident memory (the
largest of them). Shared by the benchmarks; CPU seconds, unlike wall time,
stay comparable on a busy machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass


@dataclass
class Cost:
    cpu: float  # seconds
    peak_mib: float
    stdout: str
    returncode: int


# An installed perfcheck starts from compiled bytecode (pip compiles it); a
# PYTHONDONTWRITEBYTECODE left in the environment would have every run
# compile every module again and measure that instead.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# The command is started by a small Python process, not by this one: a
# process started from a large one (vfork, then exec) is charged that one's
# peak memory, and this harness grows as it builds the inputs. The launcher
# reports what the command cost (wait4) on its standard error.
_LAUNCHER = """
import json, os, subprocess, sys
proc = subprocess.Popen(json.loads(sys.argv[1]), stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
sys.stderr.write(json.dumps([usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]))
"""


def measure(cmd: list[str], cwd: str | None = None) -> Cost:
    launcher = [sys.executable, "-c", _LAUNCHER, json.dumps(cmd)]
    proc = subprocess.run(launcher, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=_ENV, check=True)
    cpu, peak_kib, returncode = json.loads(proc.stderr)
    return Cost(cpu, peak_kib / 1024, proc.stdout.decode("utf-8", "replace"), returncode)


def bare_python() -> float:
    """The CPU of ``python -c pass``: the unit the start-up figures are given in."""
    return min(measure([sys.executable, "-c", "pass"]).cpu for _ in range(5))


@dataclass
class Everything:
    cpu: float  # seconds, of the command and every process descended from it
    wall: float  # seconds, until the last of them ended
    returncode: int


# ``measure`` counts the processes each parent waited for, which misses a
# Dask worker's fork server (it outlives its worker by a moment, so nobody
# waits for it, nor through it for the checking processes it reaped). This
# launcher makes itself the subreaper of its descendants
# (PR_SET_CHILD_SUBREAPER = 36): whatever is orphaned is reparented to it,
# and it waits for every last one before it reads its children's CPU.
_SUBREAPER = """
import ctypes, json, os, resource, subprocess, sys, time
if ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) != 0:
    raise SystemExit("prctl(PR_SET_CHILD_SUBREAPER) failed: this benchmark needs Linux")
start = time.perf_counter()
proc = subprocess.Popen(json.loads(sys.argv[1]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
code = proc.wait()
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write(json.dumps([usage.ru_utime + usage.ru_stime, wall, code]))
"""


def measure_everything(cmd: list[str]) -> Everything:
    """Run ``cmd`` (its output thrown away) and count the CPU of every process
    it started, however it was started and whoever reaped it (Linux only)."""
    launched = subprocess.run([sys.executable, "-c", _SUBREAPER, json.dumps(cmd)], env=_ENV, capture_output=True, text=True, check=True)
    cpu, wall, returncode = json.loads(launched.stderr)
    return Everything(cpu, wall, returncode)
