"""The example third-party plugin, built from its own pyproject and found through
real entry-point discovery (its dist-info on sys.path), never registered by hand."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO, run_cli

PLUGIN = REPO / "examples" / "perfcheck-goal-plugin"


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory):
    target = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--target", str(target), str(PLUGIN)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert list(target.glob("perfcheck_goal_plugin-*.dist-info"))
    return target


def test_plugin_rule_is_listed_and_explained(plugin_site, tmp_path):
    env = {"PYTHONPATH": str(plugin_site)}
    rules = run_cli("rules", cwd=tmp_path, env_extra=env, check_rc=0)
    line = next(l for l in rules.stdout.splitlines() if l.startswith("GL001"))
    assert "goal-missing" in line and "警告" in line and " goal " in line and " 是 " in line and line.endswith("项目表没有项目总体目标，或目标过短")
    assert rules.stderr == ""
    explained = run_cli("rule", "GL001", cwd=tmp_path, env_extra=env, check_rc=0).stdout
    # Its own Chinese explanation by default, its docstring in English; the examples in both.
    assert "min_length = 10" in explained and "检查内容：项目支出绩效目标表没有填写项目总体目标" in explained
    assert "会报告问题的示例：" in explained and "FAIL::" not in explained and "goal: \"\"" in explained
    english = run_cli("rule", "GL001", "--lang", "en", cwd=tmp_path, env_extra=env, check_rc=0).stdout
    assert "A project table states no overall goal" in english and "FAIL::" in english and "检查内容" not in english


def test_plugin_rule_fires_and_obeys_config(plugin_site, tmp_path):
    env = {"PYTHONPATH": str(plugin_site)}
    doc = tmp_path / "doc.yaml"
    doc.write_text(
        "tables:\n  - name: 2024年示例项目\n    goal: 培训\n    indicators:\n"
        "      - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: '>=100 人'}\n",
        encoding="utf-8",
    )
    out = run_cli("check", str(doc), cwd=tmp_path, env_extra=env).stdout
    assert "GL001 [警告] 项目总体目标缺失或过短（2 字）" in out and "  2024年示例项目" in out.splitlines()
    (tmp_path / "perfcheck.toml").write_text("[rules.goal-missing]\nmin_length = 2\n", encoding="utf-8")
    assert "GL001" not in run_cli("check", str(doc), cwd=tmp_path, env_extra=env).stdout
    only = run_cli("check", str(doc), "--select", "GL001", "--config", str(tmp_path / "none.toml"), cwd=tmp_path, env_extra=env)
    assert only.returncode == 2  # a missing --config file is a usage error
    (tmp_path / "perfcheck.toml").write_text("select = [\"goal-missing\"]\n", encoding="utf-8")
    only_goal = run_cli("check", str(doc), cwd=tmp_path, env_extra=env, check_rc=0).stdout  # a warning: exit 0
    assert "GL001" in only_goal and "S002" not in only_goal


def test_without_the_plugin_its_rule_is_unknown(tmp_path):
    assert "GL001" not in run_cli("rules", cwd=tmp_path, check_rc=0).stdout


def test_plugin_rule_data_reaches_json_and_sarif_alike_serial_and_parallel(plugin_site, tmp_path):
    import json

    import jsonschema

    env = {"PYTHONPATH": str(plugin_site)}
    for name, goal in (("a.yaml", "培训"), ("b.yaml", "")):
        (tmp_path / name).write_text(
            f"tables:\n  - name: 2024年示例项目\n    goal: '{goal}'\n    indicators:\n"
            "      - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: '>=100 人'}\n",
            encoding="utf-8",
        )
    (tmp_path / "perfcheck.toml").write_text("[rules.goal-missing]\nmin_length = 12\n", encoding="utf-8")
    reports = {}
    for fmt in ("json", "sarif"):
        serial = run_cli("check", ".", "--format", fmt, cwd=tmp_path, env_extra=env, check_rc=1).stdout  # S001 and others: errors
        assert run_cli("check", ".", "--format", fmt, "--jobs", "2", cwd=tmp_path, env_extra=env, check_rc=1).stdout == serial
        reports[fmt] = json.loads(serial)
    schema = json.loads((REPO / "perfcheck" / "schemas" / "findings.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(reports["json"], schema)
    found = [(f["file"], f["data"]) for f in reports["json"]["findings"] if f["code"] == "GL001"]
    assert found == [("a.yaml", {"goal_length": 2, "min_length": 12}), ("b.yaml", {"goal_length": 0, "min_length": 12})]
    assert all("data" not in f for f in reports["json"]["findings"] if f["code"] != "GL001")
    results = [r for r in reports["sarif"]["runs"][0]["results"] if r["ruleId"] == "GL001"]
    assert [r["properties"]["data"] for r in results] == [data for _, data in found]
