"""A real Dask cluster on 127.0.0.1 for the tests: a ``dask scheduler`` and
``dask worker`` processes on free ports, and a plugin whose rule sleeps on
tables named ``…SLEEP…`` (noting where it runs), installed through an entry
point so that the workers load it as users' plugins are loaded."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from conftest import DOC

DASK = str(Path(sys.executable).with_name("dask"))

SLEEPY = '''\
"""A test plugin: its rule sleeps on a table whose name holds SLEEP (for
SECONDS with SLEEP=SECONDS), first writing its process id to
$PERFCHECK_TEST_MARKERS/started-PID."""

import os
import time
from pathlib import Path

from perfcheck import hookimpl
from perfcheck.model import Severity
from perfcheck.rule import Rule


class Sleepy(Rule):
    """Sleeps on tables named SLEEP (a test plugin)."""

    code = "SL001"
    name = "sleepy"
    severity = Severity.INFO

    def check(self, table, ctx):
        if "SLEEP" in table.name:
            folder = os.environ.get("PERFCHECK_TEST_MARKERS")
            if folder:
                Path(folder, f"started-{os.getpid()}").write_text(str(time.time()))
            # SLEEP=SECONDS in the name, else $PERFCHECK_TEST_SLEEP, else a minute.
            _, _, given = table.name.partition("SLEEP=")
            time.sleep(float(given.split()[0] if given else os.environ.get("PERFCHECK_TEST_SLEEP", "60")))
        return ()


@hookimpl
def perfcheck_rules():
    return [Sleepy]
'''


def sleepy_site(folder: Path) -> Path:
    """A folder to put on PYTHONPATH that installs the sleepy plugin."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "perfcheck_sleepy.py").write_text(SLEEPY, encoding="utf-8")
    dist = folder / "perfcheck_sleepy-1.0.dist-info"
    dist.mkdir(exist_ok=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: perfcheck-sleepy\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(textwrap.dedent("[perfcheck]\nsleepy = perfcheck_sleepy\n"))
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A scheduler and workers, each a process of its own; ``stop`` ends them all."""

    def __init__(self, env: dict[str, str], workers: int = 2, allowed_failures: str = "0"):
        self.env = {
            **env,
            # No retry by the scheduler of a task whose worker is lost, as
            # docs/cluster.md advises: perfcheck makes the one retry itself.
            "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": allowed_failures,
        }
        port = free_port()
        self.address = f"tcp://127.0.0.1:{port}"
        self.scheduler = self._start(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", f"127.0.0.1:{free_port()}",
             "--no-dashboard", "--idle-timeout", "600"]
        )
        self.workers: list[subprocess.Popen] = []
        try:
            for _ in range(workers):
                self.add_worker()
            self.wait_for(workers)
        except BaseException:
            self.stop()
            raise

    def _start(self, argv: list[str]) -> subprocess.Popen:
        return subprocess.Popen(argv, env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def add_worker(self) -> subprocess.Popen:
        # No nanny: the worker is the process, so that killing it is losing it.
        worker = self._start(
            [DASK, "worker", self.address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny", "--no-dashboard",
             "--memory-limit", "0", "--death-timeout", "60"]
        )
        self.workers.append(worker)
        return worker

    def wait_for(self, count: int, timeout: float = 60) -> None:
        from distributed import Client

        with Client(self.address, timeout="30s", set_as_default=False) as client:
            client.wait_for_workers(count, timeout=timeout)

    def worker_running(self, pid: int) -> subprocess.Popen | None:
        """The worker among ours that ``pid`` runs under (a checking process's worker)."""
        import psutil

        try:
            process = psutil.Process(pid)
            ancestors = {p.pid for p in [process, *process.parents()]}
        except psutil.NoSuchProcess:
            return None
        return next((w for w in self.workers if w.pid in ancestors), None)

    def __enter__(self) -> "Cluster":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in [*self.workers, self.scheduler]:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def started(argv: list[str], **kwargs):
    """A command running beside the test (its output piped, as text); killed
    on the way out if it has not ended by then."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def markers(folder: Path) -> list[int]:
    """The process ids the sleepy rule has started in, oldest first."""
    found = sorted(folder.glob("started-*"), key=lambda p: float(p.read_text() or 0))
    return [int(p.name.split("-", 1)[1]) for p in found]


def wait_until(condition, timeout: float = 60, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out waiting")


def environment(site: Path | None = None, **extra: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH", "")]))
    return env


def slow_corpus(folder: Path, count: int, seconds: float = 0.3) -> list[str]:
    """``count`` documents whose table the sleepy rule sleeps on for ``seconds``."""
    folder.mkdir()
    names = []
    for i in range(count):
        name = f"f{i:02d}.yaml"
        (folder / name).write_text(DOC.replace("2024年示例项目", f"SLEEP={seconds} {i}"), encoding="utf-8")
        names.append(name)
    return names


def recorded(path: Path) -> list[tuple[str, int]]:
    """(path, run) of each file a findings store holds, read as another process would."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT path, run FROM files").fetchall()
    except sqlite3.Error:
        return []
