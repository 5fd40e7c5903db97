"""The findings store (--store): each file's result kept as it finishes, a
run again answered from it, invalidated by content and settings, resumed
after an interrupted run, and never a traceback on a bad store."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import DOC, run_cli
from daskcluster import environment, recorded, sleepy_site, slow_corpus, wait_until
from perfcheck import store as store_module
from perfcheck.config import Overrides
from perfcheck.model import Finding, Fix, Message, Severity, SourceLocation
from perfcheck.results import FileResult
from perfcheck.service import CheckService
from perfcheck.store import Store, StoreError


@pytest.fixture
def docs(tmp_path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(5):
        (folder / f"d{i}.yaml").write_text(DOC.replace("2024年示例项目", f"2024年项目{i}"), encoding="utf-8")
    return folder


def _run(service: CheckService, folder: Path, path: Path, **options):
    with Store(path) as store:
        store.begin("test")
        run = service.check(service.files([folder]), store=store, keep_documents=False, **options)
        store.finish()
        return run, store.reused, store.checked


def test_a_second_run_is_answered_from_the_store_with_the_same_result(host, docs, tmp_path):
    service = CheckService(host)
    first, reused, checked = _run(service, docs, tmp_path / "s.sqlite")
    assert (reused, checked) == (0, 5)
    again, reused, checked = _run(service, docs, tmp_path / "s.sqlite")
    assert (reused, checked) == (5, 0)
    plain = service.check(service.files([docs]), keep_documents=False)
    assert again.files == first.files == plain.files  # findings, counts, order: as if checked


def test_the_command_reports_the_same_bytes_from_the_store(docs):
    for fmt in ("text", "json", "sarif"):
        fresh = run_cli("check", ".", "--format", fmt, cwd=docs)
        first = run_cli("check", ".", "--format", fmt, "--store", "../s.sqlite", cwd=docs)
        second = run_cli("check", ".", "--format", fmt, "--store", "../s.sqlite", cwd=docs)
        assert first.stdout == second.stdout == fresh.stdout
        assert first.returncode == second.returncode == 1
    assert "5 个文件取自已有结果，本次检查 0 个" in second.stderr


def test_changed_settings_or_content_check_the_file_again(host, docs, tmp_path):
    path = tmp_path / "s.sqlite"
    _run(CheckService(host), docs, path)
    # Another rule selection: every file again, under its own key.
    assert _run(CheckService(host, Overrides(ignore=("V002",))), docs, path)[1:] == (0, 5)
    assert _run(CheckService(host, Overrides(lang="en")), docs, path)[1:] == (0, 5)
    assert _run(CheckService(host, Overrides(timeout=30)), docs, path)[1:] == (0, 5)
    # The first settings are still kept: nothing to check.
    assert _run(CheckService(host), docs, path)[1:] == (5, 0)
    # One file changed: that one alone.
    (docs / "d2.yaml").write_text(DOC.replace(">=855", ">=85%"), encoding="utf-8")
    run, reused, checked = _run(CheckService(host), docs, path)
    assert (reused, checked) == (4, 1)
    assert not [f for f in run.findings if f.file.endswith("d2.yaml") and f.code == "V002"]


def test_the_same_command_from_another_folder_finds_its_files(docs, tmp_path):
    run_cli("check", str(docs), "--store", str(tmp_path / "s.sqlite"), cwd=tmp_path)
    proc = run_cli("check", ".", "--store", str(tmp_path / "s.sqlite"), cwd=docs)
    assert "5 个文件取自已有结果，本次检查 0 个" in proc.stderr
    assert "d0.yaml:" in proc.stdout and str(docs) not in proc.stdout  # named as this command names them


def test_a_stored_finding_is_rebuilt_exactly(tmp_path):
    finding = Finding(
        code="W001", name="weight-total", severity=Severity.ERROR, message=Message("权重合计 60", "weights total 60"),
        file="a.yaml", table="项目", indicator="满意度", location=SourceLocation(line=3, path="/tables/0"),
        suggestion=">=85%", value=">=855", fix=Fix("value", ">=85%", True),
        data={"weight_sum": Decimal("60.00"), "parts": [Decimal("50"), "x", 3], "ok": False},
    )
    with Store(tmp_path / "s.sqlite") as store:
        store.begin("test")
        result = FileResult("a.yaml", (finding,), tables=1, indicators=2, suppressed=1, unit="某单位", year=2024)
        store.record(Path("a.yaml"), "0" * 64, "s", "zh", result)
        assert store.lookup(Path("a.yaml"), "0" * 64, "s") == result
        assert store.lookup(Path("a.yaml"), "1" * 64, "s") is store_module.MISSING


@pytest.mark.parametrize("content", [b"this is not a database, just text\n" * 200, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_damaged_store_is_exit_2_naming_it(docs, tmp_path, content):
    (tmp_path / "s.sqlite").write_bytes(content)
    proc = run_cli("check", ".", "--store", str(tmp_path / "s.sqlite"), cwd=docs)
    assert proc.returncode == 2 and str(tmp_path / "s.sqlite") in proc.stderr and "Traceback" not in proc.stderr
    assert "结果库" in proc.stderr and proc.stdout == ""


def test_a_store_damaged_inside_is_exit_2(docs, tmp_path):
    path = tmp_path / "s.sqlite"
    run_cli("check", ".", "--store", str(path), cwd=docs)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[page:] = b"\x07" * (len(data) - page)  # every page past the first overwritten
    path.write_bytes(bytes(data))
    proc = run_cli("check", ".", "--store", str(path), "--lang", "en", cwd=docs)
    assert proc.returncode == 2 and "findings store" in proc.stderr and "Traceback" not in proc.stderr


def test_another_program_s_database_is_not_taken_for_a_store(docs, tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE customers (name TEXT)")
    proc = run_cli("check", ".", "--store", str(path), cwd=docs)
    assert proc.returncode == 2 and "不是 perfcheck 的结果库" in proc.stderr
    with sqlite3.connect(path) as db:  # untouched
        assert db.execute("SELECT name FROM sqlite_master").fetchall() == [("customers",)]


def test_the_schema_is_versioned_and_migrated(tmp_path, monkeypatch):
    path = tmp_path / "s.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == store_module.SCHEMA_VERSION
        assert db.execute("PRAGMA application_id").fetchone()[0] == store_module.APPLICATION_ID
    # A newer perfcheck's store is refused, not misread.
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {store_module.SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer perfcheck"):
        Store(path)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {store_module.SCHEMA_VERSION}")

    # A later schema migrates this one in place, step by step, keeping what it holds.
    def step(db):
        db.execute("ALTER TABLE files ADD COLUMN note TEXT")

    with Store(path) as store:
        store.begin("before")
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", store_module.SCHEMA_VERSION + 1)
    monkeypatch.setitem(store_module.MIGRATIONS, store_module.SCHEMA_VERSION - 1, step)
    with Store(path) as store:
        assert [r["command"] for r in store.runs()] == ["before"]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == store_module.SCHEMA_VERSION
        assert "note" in [row[1] for row in db.execute("PRAGMA table_info(files)")]


def test_a_version_1_store_is_migrated_and_its_entries_still_answer(host, docs, tmp_path):
    # A store as perfcheck wrote it before files had a region (schema 1).
    path = tmp_path / "old.sqlite"
    service = CheckService(host)
    _run(service, docs, path)
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE files DROP COLUMN region")
        db.execute("PRAGMA user_version = 1")
        kept = db.execute("SELECT count(*) FROM files").fetchone()[0]
    assert kept == 5
    (docs / "d0.yaml").write_text("document: {unit: 固原市原州区自然资源局}\n" + (docs / "d0.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    run, reused, checked = _run(service, docs, path)
    assert (reused, checked) == (4, 1)  # the old entries answer; the changed file is checked
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == store_module.SCHEMA_VERSION == 2
        regions = dict(db.execute("SELECT path, region FROM files WHERE run = 2"))
    assert list(regions.values()) == ["固原市原州区"]
    assert [f.region for f in run.files] == ["固原市原州区", None, None, None, None]


def test_a_missing_step_is_an_error_not_a_guess(tmp_path, monkeypatch):
    path = tmp_path / "s.sqlite"
    Store(path).close()
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", store_module.SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="cannot be migrated"):
        Store(path)


def test_an_interrupted_run_continues_where_it_stopped(tmp_path):
    # A rule that takes a while on every file, so that the run can be stopped in the middle.
    site = sleepy_site(tmp_path / "site")
    names = slow_corpus(tmp_path / "docs", 10)
    env = environment(site)
    store = tmp_path / "s.sqlite"
    args = [sys.executable, "-m", "perfcheck", "check", ".", "--format", "json", "--store", str(store)]
    first = subprocess.Popen(args, cwd=tmp_path / "docs", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: len(recorded(store)) >= 3, timeout=60)
        first.send_signal(signal.SIGINT)  # Ctrl-C
        _, err = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 130 and "已中断" in err
    done = {Path(p).name for p, _ in recorded(store)}
    assert 3 <= len(done) < 10
    second = subprocess.run(args, cwd=tmp_path / "docs", env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 1, second.stderr
    report = json.loads(second.stdout)
    # Every file reported, each once, in file order …
    assert sorted({f["file"] for f in report["findings"]}) == names and report["summary"]["files"] == 10
    fresh = subprocess.run([*args[:-2]], cwd=tmp_path / "docs", env=env, capture_output=True, text=True, timeout=120)
    assert second.stdout == fresh.stdout
    # … and the second run checked only what the first left.
    rows = recorded(store)
    assert len(rows) == 10
    assert {Path(p).name for p, run in rows if run == 2} == set(names) - done
    assert f"{len(done)} 个文件取自已有结果，本次检查 {10 - len(done)} 个" in second.stderr
