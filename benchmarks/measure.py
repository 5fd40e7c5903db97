"""Run a command and measure what it cost: CPU seconds (user + system, the
command and every process it waited for) and peak resident memory (the
largest of them). Shared by the benchmarks; CPU seconds, unlike wall time,
stay comparable on a busy machine."""

from __future__ import annotations

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


def measure(cmd: list[str], cwd: str | None = None) -> Cost:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd, env=_ENV)
    out = proc.stdout.read()  # read before waiting: a full pipe would block the command
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Cost(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.decode("utf-8", "replace"), proc.returncode)


def bare_python() -> float:
    """The CPU of ``python -c pass``: the unit the start-up figures are given in."""
    return min(measure([sys.executable, "-c", "pass"]).cpu for _ in range(5))
