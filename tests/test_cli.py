"""The command line, run the way a user runs it: a subprocess, from another directory."""

from __future__ import annotations

import subprocess
import sys

import json
import shutil

import jsonschema
import pytest

from conftest import DOC as DOC_TEXT, FIXTURES, REPO, run_cli

from perfcheck.cli import main

DEMO = FIXTURES / "spine-demo.yaml"


@pytest.fixture
def demo(tmp_path):
    """The acceptance document, copied away from the repo (and any config in it)."""
    path = tmp_path / "work" / "spine-demo.yaml"
    path.parent.mkdir()
    shutil.copy(DEMO, path)
    return path


def test_version_rules_and_parse_from_another_directory(tmp_path):
    assert run_cli("--version", cwd=tmp_path, check_rc=0).stdout.startswith("perfcheck ")
    rules = run_cli("rules", cwd=tmp_path, check_rc=0).stdout
    for code in ("W001", "W002", "C001", "C002", "V001", "V002", "E001", "E003"):
        assert code in rules
    parsed = run_cli("parse", "<=4500 元/人/月", "--format", "json", cwd=tmp_path, check_rc=0)
    info = json.loads(parsed.stdout)
    assert info["kind"] == "quantity" and info["bound"] == "upper" and info["amount"] == "4500"
    assert info["unit"] == {"text": "元/人/月", "numerator": "元", "denominators": ["人", "月"]}
    human = run_cli("parse", "<=4500 元/人/月", cwd=tmp_path, check_rc=0).stdout
    assert "上限" in human and "元 每 人 每 月" in human
    english = run_cli("parse", "<=4500 元/人/月", "--lang", "en", cwd=tmp_path, check_rc=0).stdout
    assert "upper bound" in english and "元 per 人 per 月" in english
    assert run_cli("parse", "2024年13月", cwd=tmp_path).returncode == 1


def test_acceptance_document_in_text(demo):
    proc = run_cli("check", demo.name, cwd=demo.parent, check_rc=1)
    out = proc.stdout
    lines = out.splitlines()
    # Grouped: the file, then each table, then its findings with their place.
    assert lines[0] == "spine-demo.yaml" and lines[1] == "  2024年设备购置与维护项目"
    assert "    spine-demo.yaml:9: W001 [错误] 指标分值权重合计 95，应为 100，或不含预算执行率时为 90（按 100 分算，少 5 分）" in lines
    assert "spine-demo.yaml:9: C001 [错误] 成本指标上限合计 110.00 万元，年度预算总额 100.00 万元，超出 10.00 万元" in out
    assert "设备购置成本 50 万元 + 设备维护成本 60 万元 = 110.00 万元" in out
    # The offending value is quoted beside its indicator.
    assert "spine-demo.yaml:20: V002 [错误] 使用人员满意度「>=855」: 满意度指标值 >=855 超过 100%" in out and "建议: >=85%" in out
    assert "2024年安保人员工资项目" not in out  # 4500 元/人/月 × 2 人 × 12 = 10.80 万元: no C001
    assert "发现 3 个问题：错误 3，警告 0，提示 0（1 个文件，2 张表，13 个指标）。" in out


def test_acceptance_document_in_json(demo):
    proc = run_cli("check", str(demo), "--format", "json", cwd=REPO.parent, check_rc=1)
    payload = json.loads(proc.stdout)
    schema = json.loads((REPO / "perfcheck" / "schemas" / "findings.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(payload, schema)
    findings = {(f["code"], f["table"]) for f in payload["findings"]}
    assert findings == {
        ("W001", "2024年设备购置与维护项目"),
        ("C001", "2024年设备购置与维护项目"),
        ("V002", "2024年设备购置与维护项目"),
    }
    v002 = next(f for f in payload["findings"] if f["code"] == "V002")
    assert v002["suggestion"] == ">=85%" and v002["indicator"] == "使用人员满意度"
    assert v002["location"] == {"line": 20, "path": "/tables/0/indicators/6"}
    assert payload["summary"] == {"files": 1, "tables": 2, "indicators": 13, "errors": 3, "warnings": 0, "infos": 0, "suppressed": 0}


def test_english_messages_and_output_file(demo):
    out = demo.parent / "report.json"
    run_cli("check", str(demo), "--lang", "en", "--format", "json", "-o", str(out), check_rc=1)
    payload = json.loads(out.read_text(encoding="utf-8"))
    w001 = next(f for f in payload["findings"] if f["code"] == "W001")
    assert w001["message"] == "the weights sum to 95, expected 100, or 90 without 预算执行率 (against 100: 5 short)"


def test_select_ignore_and_exit_codes(demo):
    assert run_cli("check", str(demo), "--select", "W002").returncode == 0
    assert run_cli("check", str(demo), "--ignore", "W001,C001,V002").returncode == 0
    assert run_cli("check", str(demo), "--select", "W001", "--exit-zero").returncode == 0
    assert "V002" not in run_cli("check", str(demo), "--select", "W,C").stdout


def test_config_beside_the_document_is_found(demo):
    (demo.parent / "perfcheck.toml").write_text('profile = "xinjiang"\n[rules.W001]\ntotal = 95\n', encoding="utf-8")
    out = run_cli("check", str(demo), cwd=demo.parent.parent).stdout
    # total = 95 now: the first table (95) passes, the second (100) does not.
    assert "指标分值权重合计 95" not in out
    assert "  2024年安保人员工资项目" in out.splitlines() and "W001 [错误] 指标分值权重合计 100，应为 95（多 5 分）" in out


@pytest.mark.parametrize(
    "args, words",
    [
        (["--select", "Q999"], ["Q999"]),
        (["--format", "pdf"], ["--format", "pdf"]),
        (["--config", "missing.toml"], ["missing.toml"]),
        (["-o", "/nonexistent/folder/report.txt"], ["cannot write"]),
        (["--format", "xlsx"], ["-o FILE"]),
        (["--jobs", "-1"], ["--jobs"]),
    ],
)
def test_usage_errors_exit_2(demo, args, words):
    proc = run_cli("check", str(demo), *args, "--lang", "en", cwd=demo.parent)
    assert proc.returncode == 2
    for word in words:
        assert word in proc.stderr


def test_a_bad_config_file_exits_2_naming_file_and_key(demo):
    (demo.parent / "perfcheck.toml").write_text("[rules.W001]\ntotl = 90\n", encoding="utf-8")
    proc = run_cli("check", str(demo))
    assert proc.returncode == 2
    assert "perfcheck: 错误:" in proc.stderr and "perfcheck.toml：[rules.W001] 中有 W001 没有的选项 'totl'（是否应为 'total'？）" in proc.stderr
    english = run_cli("check", str(demo), "--lang", "en")
    assert english.returncode == 2 and "perfcheck.toml: [rules.W001] unknown option 'totl' for W001 (did you mean 'total'?)" in english.stderr


def test_rule_explains_itself_with_current_options(tmp_path, capsys):
    (tmp_path / "perfcheck.toml").write_text('profile = "xinjiang"\n', encoding="utf-8")
    assert main(["rule", "weight-total", "--config", str(tmp_path / "perfcheck.toml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("W001 weight-total  [错误]  来自插件 'perfcheck'\n\n分值合计与规定总分不符\n")
    assert "选项（当前值）：" in out and "total = 90  (默认 100) — 一张表分值应合计的总分" in out
    assert "会报告问题的示例：" in out and "不报告问题的示例（选项 total = 90）：" in out and "FAIL::" not in out
    assert main(["rule", "weight-total", "--lang", "en", "--config", str(tmp_path / "perfcheck.toml")]) == 0
    english = capsys.readouterr().out
    assert english.startswith("W001 weight-total  [error]  from plugin 'perfcheck'") and "total = 90  (default 100)" in english
    assert "FAIL::" in english and "PASS (total = 90)::" in english
    assert main(["rule", "Z999"]) == 2


def test_rules_speak_chinese_and_say_when_an_enabled_rule_does_nothing(tmp_path):
    out = run_cli("rules", cwd=tmp_path, check_rc=0).stdout.splitlines()
    assert out[0].split() == ["代码", "名称", "严重程度", "插件", "启用", "说明"]
    w004 = next(line for line in out if line.startswith("W004"))
    assert "是，但未生效" in w004 and "未配置 split" in w004
    assert "成本指标上限" in next(line for line in out if line.startswith("C001"))
    (tmp_path / "perfcheck.toml").write_text('[rules.W004]\nsplit = {"产出指标" = 50}\n', encoding="utf-8")
    rows = {r["code"]: r for r in json.loads(run_cli("rules", "--format", "json", cwd=tmp_path, check_rc=0).stdout)}
    assert rows["W004"]["active"] and rows["W004"]["enabled"]
    english = run_cli("rules", "--lang", "en", cwd=tmp_path / "..", check_rc=0).stdout
    assert "yes, but inactive" in english and english.splitlines()[0].startswith("code")


def test_help_and_usage_errors_in_chinese_by_default(tmp_path):
    assert "检查文件和目录" in run_cli("--help", cwd=tmp_path, check_rc=0).stdout
    assert "stop checking a file" in run_cli("check", "--help", "--lang", "en", cwd=tmp_path, check_rc=0).stdout
    missing = run_cli("check", cwd=tmp_path)
    assert missing.returncode == 2 and "用法：perfcheck check" in missing.stderr and "缺少必需的参数：PATH" in missing.stderr


def test_statistics_in_text_and_json_and_refused_elsewhere(demo):
    stats = json.loads(run_cli("check", str(demo), "--statistics", "--format", "json").stdout)
    assert {s["code"] for s in stats["statistics"]} >= {"W001", "V002"} and "findings" not in stats
    assert all(s["count"] > 0 and s["summary"] for s in stats["statistics"])
    text = run_cli("check", str(demo), "--statistics").stdout
    assert "分值合计与规定总分不符" in text
    refused = run_cli("check", str(demo), "--statistics", "--format", "sarif")
    assert refused.returncode == 2 and "--statistics 只能用于" in refused.stderr


def test_python_dash_m_and_no_command(capsys):
    assert main([]) == 2
    assert "check" in capsys.readouterr().out


def test_shipped_corpus_document_gives_its_known_defects_and_nothing_else():
    """The README's first command: the real disclosure, with the xinjiang profile beside it.

    Each expected finding, and why a reviewer wants it: every defect domain.md
    lists for this document, and nothing a reviewer would call noise.
    """
    proc = run_cli("check", "examples/artux-2024/", "--format", "json", cwd=REPO, check_rc=1)
    def key(f):  # None sorts first
        return f[0], f[1] or "", f[2] or ""

    found = sorted(((f["code"], f["table"], f["indicator"]) for f in json.loads(proc.stdout)["findings"]), key=key)
    mine = "2024 年历史遗留矿山核查工作经费项目"
    land = "2024 年土地卫片图斑核查、数据填报技术服务项目"
    unit = "阿图什市自然资源局"
    demolition = "征地和拆迁补偿支出"
    expected = sorted(
        # 90 points on one indicator, 0 on the nine others.
        [("W002", mine, row) for row in ("出具核查报告", "出具核查图纸", "矿山核查覆盖率", "矿山核查报告验收合格率",
                                         "矿山核查图纸验收合格率", "项目结束时间", "矿山核查费用", "提高设施农业用地监管力度", "核查人员满意度")]
        # ">=100 万 元" is a floor, not a cap; the caps then account for 30 of 130 万元.
        + [("C002", land, "建设数据库成本"), ("C001", land, None)]
        # ">=855" on a satisfaction rate: ">=85%" with the shift key missed.
        + [("V002", "2024 年林草确权发证项目", "项目受益人员满意度")]
        # The same project under two names in 表 7 and on its table.
        + [("X004", "2024 年拆迁办办公经费项目", None), ("X004", "2024 年法律顾问项目", None)]
        # A table named after its budget subject (212 08 01), which no project list names.
        + [("X002", demolition, None)]
        # ...and that one indicator carries every point of its table.
        + [("W005", mine, "全市矿山核查数量")]
        # A 2024 table titled "2023 年实有资金": last year's name (or table).
        + [("Q010", "2023 年实有资金", None)]
        # 胜诉率 (a rate) filed under 数量指标.
        + [("Q006", "2024 年法律顾问项目", "胜诉率")]
        # A qualitative target (有效保障) scored 按照正常比例赋分.
        + [("Q001", "2023 年实有资金", "保障单位日常运转")]
        # Project tables with no cost indicator at all.
        + [("C004", name, None) for name in ("2023 年实有资金", "2024 年塔合提云片区城市设计项目", "2024 年市级、乡级河流权籍调查勘界项目",
                                             "2024 年度阿图什市国土空间规划综合项目", "2024 年法律顾问项目")]
        # Numbers the PDF split with spaces: read whole, reported for the record.
        + [("V006", None, None), ("V006", unit, None), ("V006", unit, None), ("V006", unit, None),
           ("V006", demolition, None), ("V006", mine, "矿山核查费用"), ("V006", demolition, "危旧房屋改造拆除成本")],
        key=key,
    )
    # No W001: every table sums to 90. No C001 where the caps do add up, e.g.
    # 357 座 × 2100 元, 2 人 × 4500 元 × 12 月, 7 人 × 1 万元, 5000 + 15000 万元.
    # No X005: the stated 18 fiscal and 1 non-fiscal projects and 1 unit table are all there.
    assert found == expected


def test_output_format_is_an_alias_of_format(demo):
    proc = run_cli("check", str(demo), "--output-format", "json")
    assert json.loads(proc.stdout)["summary"]["errors"] == 3


def test_an_empty_select_is_a_usage_error_not_a_clean_run(demo):
    proc = run_cli("check", str(demo), "--select", "")
    assert proc.returncode == 2 and "--select 为空" in proc.stderr and proc.stdout == ""


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`perfcheck rule C001 | head -1`: no BrokenPipeError traceback."""
    proc = subprocess.run(
        f"{sys.executable} -m perfcheck rule C001 | head -1", shell=True, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert proc.stdout.startswith("C001") and proc.stderr == "", proc.stderr
    # The same, made certain: the reading end is closed before perfcheck writes a byte.
    for args in (["rule", "C001"], ["rules"], ["check", str(FIXTURES / "spine-demo.yaml")]):
        closed = subprocess.Popen([sys.executable, "-m", "perfcheck", *args], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        closed.stdout.close()
        stderr = closed.stderr.read().decode()
        closed.wait(timeout=60)
        assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, (args, stderr)


def test_standard_input_is_checked_like_a_file(tmp_path):
    from conftest import DOC

    sub = tmp_path / "unit"
    sub.mkdir()
    (sub / "perfcheck.toml").write_text("ignore = [\"W001\"]\n", encoding="utf-8")

    def piped(*args: str, data: bytes) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "perfcheck", "check", *args], input=data, cwd=tmp_path, capture_output=True, timeout=60)

    plain = piped("-", "--format", "json", data=DOC.encode("utf-8"))
    findings = json.loads(plain.stdout)["findings"]
    assert plain.returncode == 1 and {f["file"] for f in findings} == {"-"} and {"V002", "W001"} <= {f["code"] for f in findings}
    named = json.loads(piped("-", "--stdin-filename", "unit/draft.yaml", "--format", "json", data=DOC.encode("utf-8")).stdout)["findings"]
    assert {f["file"] for f in named} == {"unit/draft.yaml"}
    assert "W001" not in {f["code"] for f in named}  # the config beside the name applies
    text = (FIXTURES / "county-education-2025.txt").read_bytes()
    guessed = json.loads(piped("-", "--format", "json", data=text).stdout)
    assert guessed["summary"]["tables"] > 0  # a disclosure's text, told by its content
    refused = piped("-", "--format", "xlsx", "-o", "x.xlsx", data=b"")
    assert refused.returncode == 2 and "标准输入" in refused.stderr.decode()


def test_an_output_that_is_not_a_regular_file_is_written_in_place(demo, tmp_path):
    # -o /dev/null (or a FIFO) is written to, never replaced by a regular file
    # (atomic writes rename a temporary file over a regular one only).
    import os
    import stat
    import threading

    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    proc = run_cli("check", str(demo), "--format", "json", "-o", str(fifo))
    reader.join(timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(received[0])["summary"]["files"] == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report.fifo")]  # no temporary left


@pytest.mark.parametrize("argv, code", [(["rules"], 0), (["rule", "Z999"], 2), (["parse", ">=80%"], 0), ([], 2)])
def test_the_command_collects_garbage_again_once_started(argv, code, capsys):
    # The perfcheck command holds off collection while it imports and loads
    # plugins; every way through the CLI must turn it back on (perfcheck
    # serve runs for days).
    import gc

    from perfcheck import launch

    try:
        assert launch.main(argv) == code
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_command_works_beside_a_folder_named_perfcheck(tmp_path):
    # A checkout cloned as `perfcheck` and run from its parent: the folder must
    # not be taken for the package (it was, by `python -m perfcheck`, issue 24).
    (tmp_path / "perfcheck").mkdir()
    (tmp_path / "perfcheck" / "README.md").write_text("a checkout", encoding="utf-8")
    assert run_cli("--version", cwd=tmp_path, check_rc=0).stdout.startswith("perfcheck ")
    (tmp_path / "draft.yaml").write_text(DOC_TEXT, encoding="utf-8")
    assert "V002" in run_cli("check", "draft.yaml", cwd=tmp_path, check_rc=1).stdout
