"""Which files perfcheck checks in a real repository (issue 10): a target table
among CI YAML, package JSON, requirements.txt, an unrelated workbook, a
committed build/ copy and git-ignored files, through `perfcheck check .` and
through the real pre-commit tool running this repository's hook."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from conftest import DOC, REPO, run_cli
from perfcheck.selection import excluded

TABLE = "perfcheck: 1\n" + DOC


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=repo, check=True, capture_output=True, timeout=60,
    )


@pytest.fixture
def repository(tmp_path) -> Path:
    repo = tmp_path / "budget-unit"
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: []\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    (repo / "package.json").write_text('{"name": "site", "version": "1.0.0", "tables": []}\n', encoding="utf-8")
    (repo / "schema.json").write_text('{"properties": {"tables": {"type": "array"}, "perfcheck": {}}}\n', encoding="utf-8")
    (repo / "requirements.txt").write_text("requests==2.31.0\n", encoding="utf-8")
    (repo / "mkdocs.yml").write_text("site_name: 预算公开\nnav:\n  - tables: tables.md\n", encoding="utf-8")
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "人员名单"
    workbook.save(repo / "staff.xlsx")
    (repo / "targets").mkdir()
    (repo / "targets" / "2024.yaml").write_text(TABLE, encoding="utf-8")
    (repo / "build").mkdir()
    (repo / "build" / "2024.yaml").write_text(TABLE, encoding="utf-8")  # a committed build output
    (repo / ".gitignore").write_text("scratch/\n", encoding="utf-8")
    (repo / "scratch").mkdir()
    (repo / "scratch" / "draft.yaml").write_text(TABLE, encoding="utf-8")  # ignored by git
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a budget unit's repository")
    return repo


def test_a_walk_checks_only_the_target_tables(repository):
    proc = run_cli("check", ".", "--format", "json", cwd=repository)
    report = json.loads(proc.stdout)
    assert {f["file"] for f in report["findings"]} == {"targets/2024.yaml"}
    assert report["summary"]["files"] == 1
    assert {"W001", "V002"} <= {f["code"] for f in report["findings"]}


def test_excludes_from_the_config_and_the_command_line(repository):
    (repository / "archive").mkdir()
    (repository / "archive" / "2023.yaml").write_text(TABLE, encoding="utf-8")

    def checked(*args: str) -> set[str]:
        return {f["file"] for f in json.loads(run_cli("check", ".", "--format", "json", *args, cwd=repository).stdout)["findings"]}

    assert checked() == {"targets/2024.yaml", "archive/2023.yaml"}
    assert checked("--extend-exclude", "archive") == {"targets/2024.yaml"}
    # --exclude replaces the defaults: build/ is walked again.
    assert checked("--exclude", "archive") == {"targets/2024.yaml", "build/2024.yaml"}
    (repository / "perfcheck.toml").write_text('extend-exclude = ["archive/*.yaml"]\n', encoding="utf-8")
    assert checked() == {"targets/2024.yaml"}
    (repository / "perfcheck.toml").write_text("respect-gitignore = false\n", encoding="utf-8")
    assert checked() == {"targets/2024.yaml", "archive/2023.yaml", "scratch/draft.yaml"}
    (repository / "perfcheck.toml").write_text('exclude = "build"\n', encoding="utf-8")
    bad = run_cli("check", ".", cwd=repository)
    assert bad.returncode == 2 and "exclude 应为路径模式的列表" in bad.stderr


def test_named_files_are_checked_unless_forced_or_not_tables(repository):
    named = ["build/2024.yaml", "package.json", "targets/2024.yaml"]
    plain = json.loads(run_cli("check", *named, "--format", "json", cwd=repository).stdout)
    assert {f["file"] for f in plain["findings"]} == set(named)  # named files always get an answer
    forced = json.loads(run_cli("check", *named, "--format", "json", "--force-exclude", "--tables-only", cwd=repository).stdout)
    assert {f["file"] for f in forced["findings"]} == {"targets/2024.yaml"}


def test_patterns_match_like_gitignore_globs():
    assert excluded("build/x.yaml", ("build",)) and excluded("a/build/x.yaml", ("build/",))
    assert excluded("site/app.min.json", ("*.min.json",)) and not excluded("site/app.json", ("*.min.json",))
    assert excluded("tests/fixtures/a.yaml", ("tests/fixtures/*",)) and not excluded("src/tests/fixtures/a.yaml", ("tests/fixtures",))
    assert excluded("docs/archive/old/a.yaml", ("./docs/archive/",)) and not excluded("builds/a.yaml", ("build",))


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_the_real_pre_commit_hook_reports_only_the_tables(repository, tmp_path):
    """pre-commit clones this repository, installs perfcheck from it into its own
    environment and runs the hook of .pre-commit-hooks.yaml on every file."""
    env_home = tmp_path / "pre-commit-home"
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "perfcheck", "--all-files", "--verbose", "--color", "never"],
        cwd=repository, capture_output=True, text=True, timeout=900,
        env={**__import__("os").environ, "PRE_COMMIT_HOME": str(env_home)},
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output  # the table has errors: the hook fails the commit
    assert "targets/2024.yaml" in output and "V002" in output and "W001" in output
    for other in ("package.json", "schema.json", "requirements.txt", "staff.xlsx", "ci.yml", "mkdocs.yml", "build/2024.yaml", ".pre-commit-config"):
        assert other not in output, (other, output)
    assert "Traceback" not in output
