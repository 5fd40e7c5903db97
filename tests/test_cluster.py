"""The Dask executor on a real cluster: a ``dask scheduler`` and ``dask
worker`` processes on 127.0.0.1, the report compared byte for byte with
``--jobs 1``'s, a worker killed in the middle of a file, and the command
without the extra installed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DOC, FIXTURES, REPO, run_cli
from daskcluster import Cluster, environment, markers, recorded, sleepy_site, slow_corpus, started, wait_until

try:
    import distributed  # noqa: F401 - the dask extra
except ImportError:  # pragma: no cover
    if os.environ.get("CI"):
        pytest.fail("the dask extra is needed: .ci/run installs '.[test,dask]'", pytrace=False)
    pytest.skip("the dask extra is not installed: pip install -e '.[test,dask]'", allow_module_level=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A small province: the real disclosure, other layouts, a broken file, one with no table."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(REPO / "examples" / "artux-2024" / "artux-natural-resources-2024.txt", folder / "artux.txt")
    shutil.copy(FIXTURES / "county-education-2025.txt", folder / "county.txt")
    for name in ("hunan.yaml", "inner-mongolia.yaml", "national-old.yaml"):
        shutil.copy(FIXTURES / "layouts" / name, folder / name)
    (folder / "a.yaml").write_text(DOC, encoding="utf-8")
    (folder / "broken.yaml").write_text("tables: [\n", encoding="utf-8")
    (folder / "empty.yaml").write_text("tables: []\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The sleepy plugin, installed for the cluster's workers and for every command here."""
    return sleepy_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def cluster(site):
    running = Cluster(environment(site))
    yield running
    running.stop()


def _check(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "perfcheck", "check", *args], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=180,
    )


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_running_cluster_gives_the_report_of_jobs_1(cluster, corpus, fmt):
    serial = _check(".", "--format", fmt, "--jobs", "1", cwd=corpus, env=cluster.env)
    assert serial.returncode == 1 and serial.stdout
    for sending in ([], ["--shared-storage"]):  # by content, then by path
        clustered = _check(".", "--format", fmt, "--scheduler", cluster.address, *sending, cwd=corpus, env=cluster.env)
        assert clustered.returncode == 1, clustered.stderr
        assert clustered.stdout == serial.stdout
        assert clustered.stderr == serial.stderr


def test_a_local_cluster_of_jobs_workers_gives_the_same(corpus):
    serial = _check(".", "--format", "json", cwd=corpus)
    local = _check(".", "--format", "json", "--executor", "dask", "--jobs", "2", cwd=corpus)
    assert local.returncode == 1, local.stderr
    assert local.stdout == serial.stdout


def test_a_file_past_its_time_limit_on_a_worker_is_an_e001_as_locally(cluster, tmp_path):
    # The worker keeps the file time limit as the local pool does: its checking
    # process is stopped, the rule it was in is blamed (E003), and the file is
    # checked again without it.
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.yaml").write_text(DOC, encoding="utf-8")
    (folder / "slow.yaml").write_text(DOC.replace("2024年示例项目", "SLEEP=30"), encoding="utf-8")
    args = [".", "--format", "json", "--lang", "en", "--timeout", "1", "--rule-timeout", "60"]
    clustered = _check(*args, "--scheduler", cluster.address, cwd=folder, env=cluster.env)
    serial = _check(*args, cwd=folder, env=cluster.env)
    assert clustered.stdout == serial.stdout, clustered.stderr
    slow = [f for f in json.loads(clustered.stdout)["findings"] if f["file"] == "slow.yaml"]
    blamed = [f for f in slow if f["code"] == "E003"]
    assert len(blamed) == 1 and "SL001" in blamed[0]["message"] and "time limit" in blamed[0]["message"]
    assert "W001" in {f["code"] for f in slow}  # the file's other rules still ran


@pytest.mark.parametrize("allowed", ["0", "1"])  # perfcheck retries itself, or leaves it to the scheduler
def test_a_worker_killed_mid_file_costs_that_file_one_retry_then_an_e001(site, tmp_path, allowed):
    # Every step waits on what can be seen (a file recorded in the store, the
    # sleepy rule's marker), never on time: the other files are done and
    # recorded before any worker is killed, so no worker loss can touch them.
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.yaml").write_text(DOC.replace("2024年示例项目", f"2024年项目{name}"), encoding="utf-8")
    (folder / "z-slow.yaml").write_text(DOC.replace("2024年示例项目", "SLEEP"), encoding="utf-8")
    marks = tmp_path / "markers"
    marks.mkdir()
    store = tmp_path / "s.sqlite"
    env = environment(site, PERFCHECK_TEST_MARKERS=str(marks), PERFCHECK_TEST_SLEEP="600")
    own = Cluster(env, workers=2, allowed_failures=allowed)
    try:
        with started(
            [sys.executable, "-m", "perfcheck", "check", ".", "--format", "json", "--lang", "en", "--scheduler", own.address,
             "--rule-timeout", "900", "--timeout", "900", "--store", str(store)],
            cwd=folder, env=env,
        ) as command:
            # The slow file is on a worker, and the others are recorded: kill that worker.
            wait_until(lambda: len(recorded(store)) == 3 and markers(marks), timeout=600)
            first = markers(marks)[0]
            victim = own.worker_running(first)
            assert victim is not None
            victim.send_signal(signal.SIGKILL)
            # Its one retry starts on the other worker: kill that one too; a fresh one joins.
            second = wait_until(lambda: [p for p in markers(marks) if p != first], timeout=600)[0]
            again = own.worker_running(second)
            assert again is not None and again is not victim
            again.send_signal(signal.SIGKILL)
            own.add_worker()
            out, err = command.communicate(timeout=600)
    finally:
        own.stop()
    assert command.returncode == 1, err
    assert len(markers(marks)) == 2  # one retry, no more
    report = json.loads(out)
    slow = [f for f in report["findings"] if f["file"] == "z-slow.yaml"]
    assert [(f["code"], f["message"]) for f in slow] == [
        ("E001", "the Dask worker checking this file died or was lost twice; the file was not checked")
    ]
    # Every other file is reported as a serial run reports it.
    serial = json.loads(_check("a.yaml", "b.yaml", "c.yaml", "--format", "json", "--lang", "en", cwd=folder, env=env).stdout)
    assert [f for f in report["findings"] if f["file"] != "z-slow.yaml"] == serial["findings"]
    assert report["summary"]["files"] == 4


def test_a_scheduler_killed_mid_run_stops_the_command_and_the_store_resumes(site, tmp_path):
    names = slow_corpus(tmp_path / "docs", 10, seconds=0.3)
    store = tmp_path / "s.sqlite"
    env = environment(site, DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="3s")
    own = Cluster(env, workers=2)
    try:
        args = [sys.executable, "-m", "perfcheck", "check", ".", "--format", "json", "--lang", "en", "--store", str(store)]
        with started([*args, "--scheduler", own.address], cwd=tmp_path / "docs", env=env) as command:
            wait_until(lambda: len(recorded(store)) >= 3, timeout=600)
            own.scheduler.send_signal(signal.SIGKILL)
            out, err = command.communicate(timeout=600)
    finally:
        own.stop()
    assert command.returncode == 2, err
    assert f"the connection to the Dask scheduler {own.address} was lost" in err, err
    assert "Traceback" not in err and len(err.splitlines()) <= 2, err  # said once, plainly
    done = {Path(p).name for p, _ in recorded(store)}
    assert 3 <= len(done) < 10
    # The same command, on the local pool this time: only what was left is checked.
    second = subprocess.run(args, cwd=tmp_path / "docs", env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 1, second.stderr
    serial = subprocess.run(args[:9], cwd=tmp_path / "docs", env=env, capture_output=True, text=True, timeout=600)
    assert second.stdout == serial.stdout  # each file once, in file order
    assert sorted({f["file"] for f in json.loads(second.stdout)["findings"]}) == names
    rows = recorded(store)
    assert len(rows) == 10 and {Path(p).name for p, run in rows if run == 2} == set(names) - done


def test_without_the_extra_the_command_says_what_to_install(corpus):
    # An interpreter where distributed cannot be imported, as without perfcheck[dask].
    program = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('distributed', 'dask'):\n"
        "            raise ImportError(f'No module named {name!r}')\n"
        "sys.meta_path.insert(0, Block())\n"
        "from perfcheck.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    for lang, expected in (([], "pip install 'perfcheck[dask]'"), (["--lang", "en"], "needs the dask extra")):
        proc = subprocess.run([sys.executable, "-c", program, "check", ".", "--executor", "dask", *lang],
                              cwd=corpus, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2 and expected in proc.stderr and proc.stdout == ""
    assert "需要安装 dask 附加组件" in subprocess.run(
        [sys.executable, "-c", program, "check", ".", "--scheduler", "tcp://127.0.0.1:1"], cwd=corpus, capture_output=True, text=True, timeout=60
    ).stderr


def test_cluster_flags_need_the_dask_executor(corpus):
    proc = run_cli("check", ".", "--shared-storage", cwd=corpus)
    assert proc.returncode == 2 and "--shared-storage 需要 --executor dask" in proc.stderr


def test_the_configuration_names_the_scheduler(cluster, corpus, tmp_path):
    config = tmp_path / "perfcheck.toml"
    config.write_text(f'[executor]\nname = "dask"\nscheduler = "{cluster.address}"\nshared-storage = true\n', encoding="utf-8")
    serial = _check(".", "--format", "json", cwd=corpus, env=cluster.env)
    clustered = _check(".", "--format", "json", "--config", str(config), cwd=corpus, env=cluster.env)
    assert clustered.stdout == serial.stdout, clustered.stderr
    config.write_text('[executor]\nname = "kubernetes"\n', encoding="utf-8")
    proc = _check(".", "--config", str(config), cwd=corpus)
    assert proc.returncode == 2 and "[executor] name" in proc.stderr


def test_an_unreachable_scheduler_is_exit_2(corpus):
    from daskcluster import free_port

    proc = _check(".", "--scheduler", f"tcp://127.0.0.1:{free_port()}", cwd=corpus, env=environment(DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="2s"))
    assert proc.returncode == 2 and "无法连接 Dask 调度器" in proc.stderr, proc.stderr
    assert os.path.isdir(corpus)


def test_a_command_killed_mid_run_resumes_from_the_store_on_the_cluster(cluster, tmp_path):
    names = slow_corpus(tmp_path / "docs", 10, seconds=0.3)
    store = tmp_path / "s.sqlite"
    args = [sys.executable, "-m", "perfcheck", "check", ".", "--format", "json", "--scheduler", cluster.address, "--store", str(store)]
    first = subprocess.Popen(args, cwd=tmp_path / "docs", env=cluster.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: len(recorded(store)) >= 3, timeout=60)
        first.send_signal(signal.SIGKILL)  # no chance to tidy up
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    done = {Path(p).name for p, _ in recorded(store)}
    assert 3 <= len(done) < 10
    second = subprocess.run(args, cwd=tmp_path / "docs", env=cluster.env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 1, second.stderr
    report = json.loads(second.stdout)
    assert sorted({f["file"] for f in report["findings"]}) == names and report["summary"]["files"] == 10
    serial = subprocess.run(args[:7], cwd=tmp_path / "docs", env=cluster.env, capture_output=True, text=True, timeout=120)
    assert second.stdout == serial.stdout  # each file once, in file order, as a serial run reports them
    rows = recorded(store)
    assert len(rows) == 10 and {Path(p).name for p, run in rows if run == 2} == set(names) - done
