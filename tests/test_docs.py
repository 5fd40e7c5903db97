"""The user documentation in docs/ ships with the code and cannot go stale."""

from __future__ import annotations

import re

from conftest import REPO

from perfcheck import hookspec
from perfcheck.catalogue import render
from perfcheck.config import KEYS

DOCS = REPO / "docs"


def test_the_rule_catalogue_is_generated_from_the_rules(host):
    """Change a rule's docstring, then: perfcheck rules --format markdown > docs/rules.md"""
    builtin = [e for e in host.sorted_rules() if e.plugin in ("perfcheck", "perfcheck-core")]
    expected = render(builtin)
    assert (DOCS / "rules.md").read_text(encoding="utf-8") == expected, "docs/rules.md is stale: regenerate it"
    assert all(f"### {e.rule.code}" in expected for e in builtin) and len(builtin) == 62


def test_the_catalogue_command_prints_the_same(tmp_path):
    from conftest import run_cli

    out = run_cli("rules", "--format", "markdown", cwd=tmp_path, check_rc=0).stdout
    assert out == (DOCS / "rules.md").read_text(encoding="utf-8")


def test_every_configuration_key_and_hook_is_documented():
    configuration = (DOCS / "configuration.md").read_text(encoding="utf-8")
    for key in KEYS:
        assert re.search(rf"^\[?{re.escape(key)}[\] .=]", configuration, re.MULTILINE), key
    plugins = (DOCS / "plugins.md").read_text(encoding="utf-8")
    hooks = [name for name in dir(hookspec) if name.startswith("perfcheck_")]
    assert hooks and all(f"`{name}(" in plugins for name in hooks)


def test_readme_links_to_documents_that_exist():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((docs/[^)]+)\)", readme)
    assert {"docs/formats.md", "docs/configuration.md", "docs/rules.md", "docs/plugins.md", "docs/quickstart-zh.md"} <= set(links)
    assert all((REPO / link).is_file() for link in links)


def test_the_project_files_a_newcomer_looks_for_are_there():
    """A license that says what pyproject says, and a changelog for this version."""
    import tomllib

    from perfcheck import __version__

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == {"text": "MIT"} and (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "](LICENSE)" in readme and "](CHANGELOG.md)" in readme
    assert f"## [{__version__}]" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_chinese_quick_start_shows_what_perfcheck_really_prints(tmp_path):
    """Its sample output is the output of today's perfcheck on such a draft."""
    import yaml

    from conftest import FIXTURES, run_cli
    from xlsxmaker import write_workbook

    quick = (DOCS / "quickstart-zh.md").read_text(encoding="utf-8")
    sample = quick.split("结果形如：\n\n```\n", 1)[1].split("```", 1)[0]
    tables = yaml.safe_load((FIXTURES / "spine-demo.yaml").read_text(encoding="utf-8"))["tables"]
    write_workbook(tmp_path / "草稿.xlsx", {"绩效目标": tables}, "xinjiang")
    assert run_cli("check", "草稿.xlsx", cwd=tmp_path).stdout == sample
