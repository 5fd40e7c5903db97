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
