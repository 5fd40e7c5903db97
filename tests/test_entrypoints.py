"""The plugins' entry points, kept between runs: the same answer as
importlib.metadata's, asked again whenever a distribution changes."""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import sys

import pytest

from perfcheck import entrypoints


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("PERFCHECK_NO_CACHE", raising=False)
    return home / "perfcheck" / "entry-points.json"


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A folder on sys.path for made-up distributions."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    return folder


def _distribution(site, name: str, entry_points: str, age: int = 0):
    dist = site / f"{name}-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(entry_points)
    importlib.invalidate_caches()  # as a new process would see the folder
    return dist


def _scan_forbidden(monkeypatch):
    monkeypatch.setattr(entrypoints, "_scan", lambda group: pytest.fail("importlib.metadata was asked again"))


def test_the_kept_answer_is_importlib_metadatas(cache_home, monkeypatch):
    expected = [(e.name, e.value, e.dist.name if e.dist else None) for e in importlib.metadata.entry_points(group="perfcheck")]
    first = entrypoints.entry_points("perfcheck")
    assert [(e.name, e.value, e.dist_name) for e in first] == expected
    assert {"perfcheck", "perfcheck-core"} <= {e.name for e in first}
    assert cache_home.is_file()
    _scan_forbidden(monkeypatch)
    assert entrypoints.entry_points("perfcheck") == first  # read back, not found again


def test_a_distribution_installed_or_rewritten_is_seen(cache_home, site, monkeypatch):
    _distribution(site, "perfcheck_one", "[perfcheck]\none = json:dumps\n")
    assert "one" in {e.name for e in entrypoints.entry_points("perfcheck")}
    # Installed: a new folder in a sys.path entry.
    _distribution(site, "perfcheck_two", "[perfcheck]\ntwo = json:loads\n")
    assert {"one", "two"} <= {e.name for e in entrypoints.entry_points("perfcheck")}
    # A distribution with no perfcheck entry point gains one, its file rewritten
    # in place (setup.py develop does so): the folder's time stays, the file's does not.
    _distribution(site, "perfcheck_three", "[console_scripts]\nthree = json:dumps\n")
    assert "three" not in {e.name for e in entrypoints.entry_points("perfcheck")}
    entry_file = site / "perfcheck_three-1.0.dist-info" / "entry_points.txt"
    entry_file.write_text("[perfcheck]\nthree = json:JSONDecoder\n")
    later = entry_file.stat().st_mtime_ns + 5_000_000_000
    os.utime(entry_file, ns=(later, later))
    importlib.invalidate_caches()
    names = {e.name for e in entrypoints.entry_points("perfcheck")}
    assert {"one", "two", "three"} <= names
    # Removed.
    for path in sorted((site / "perfcheck_two-1.0.dist-info").iterdir()):
        path.unlink()
    (site / "perfcheck_two-1.0.dist-info").rmdir()
    importlib.invalidate_caches()
    assert "two" not in {e.name for e in entrypoints.entry_points("perfcheck")}


def test_a_busy_working_folder_on_sys_path_keeps_the_cache(cache_home, site, monkeypatch):
    # python -m puts the working folder on sys.path: files come and go there, distributions do not.
    entrypoints.entry_points("perfcheck")
    (site / "report.json").write_text("{}")
    _scan_forbidden(monkeypatch)
    entrypoints.entry_points("perfcheck")


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"format": 1, "group": "perfcheck"}', b'{"format": 1, "group": "perfcheck", "sources": 3, "state": [], "entry_points": []}', b"[]"])
def test_a_torn_or_foreign_cache_is_found_again_and_rewritten(cache_home, content):
    cache_home.parent.mkdir(parents=True)
    cache_home.write_bytes(content)
    assert {"perfcheck", "perfcheck-core"} <= {e.name for e in entrypoints.entry_points("perfcheck")}
    assert cache_home.read_bytes() != content


def test_no_cache_is_kept_when_asked(cache_home, monkeypatch):
    monkeypatch.setenv("PERFCHECK_NO_CACHE", "1")
    assert entrypoints.entry_points("perfcheck")
    assert not cache_home.exists()


def test_an_entry_point_loads_what_it_names():
    assert entrypoints.EntryPoint("x", "os.path:join", None).load() is os.path.join
    assert entrypoints.EntryPoint("x", "os.path", None).load() is sys.modules["os.path"]
    assert entrypoints.EntryPoint("x", "json:JSONDecoder.decode [extra]", None).load().__name__ == "decode"
    with pytest.raises(ValueError):
        entrypoints.EntryPoint("x", "not a value!", None).load()
    with pytest.raises(ModuleNotFoundError):
        entrypoints.EntryPoint("x", "a_module_that_does_not_exist:thing", None).load()


def test_each_sys_path_keeps_its_own_answer(cache_home, tmp_path, monkeypatch):
    # The perfcheck command and python -m perfcheck differ in sys.path[0]:
    # switching between them must not find the entry points again each time.
    plain = list(sys.path)
    with_folder = [str(tmp_path), *plain]
    monkeypatch.setattr(sys, "path", plain)
    first = entrypoints.entry_points("perfcheck")
    monkeypatch.setattr(sys, "path", with_folder)
    second = entrypoints.entry_points("perfcheck")
    _scan_forbidden(monkeypatch)
    for path, answer in ((plain, first), (with_folder, second), (plain, first)):
        monkeypatch.setattr(sys, "path", path)
        assert entrypoints.entry_points("perfcheck") == answer


def test_only_the_most_recent_settings_are_kept(cache_home, tmp_path, monkeypatch):
    plain = list(sys.path)
    for i in range(entrypoints._RECORDS + 3):
        monkeypatch.setattr(sys, "path", [str(tmp_path / f"folder{i}"), *plain])
        entrypoints.entry_points("perfcheck")
    records = entrypoints._records(str(cache_home))
    assert len(records) == entrypoints._RECORDS
    assert records[0]["state"][2][0][0] == str(tmp_path / f"folder{entrypoints._RECORDS + 2}")  # the latest first
