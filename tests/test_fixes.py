"""Fixes, not only findings (issue 13): --diff, --fix on commented YAML and on
JSON, fixed workbooks, safe fixes versus hints, SARIF fixes, the JSON mark."""

from __future__ import annotations

import json

import jsonschema
import openpyxl

from conftest import run_cli

DRAFT = """\
# 某单位 2024 年绩效目标（草稿）：注释、键序和引号都要原样保留
perfcheck: 1
tables:
  - name: 2024年示例项目   # 项目名称
    indicators:
      - {level1: 满意度指标, level2: 满意度指标, name: 满意度, value: ">=855", weight: 10}
      - level1: 产出指标
        level2: 数量指标
        name: 培训人数
        value: '100'        # 没写比较符号：只是提示
        weight: 20
      - level1: 产出指标
        level2: 质量指标
        name: 围栏长度
        operator: ">="
        value: "10"
        unit: M            # 分列的版式：单位在自己的字段里
        weight: 60
"""


def draft(tmp_path, text: str = DRAFT, name: str = "draft.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def codes(tmp_path, name: str = "draft.yaml") -> set[str]:
    return {f["code"] for f in json.loads(run_cli("check", name, "--format", "json", cwd=tmp_path).stdout)["findings"]}


def test_diff_shows_the_safe_fixes_and_writes_nothing(tmp_path):
    path = draft(tmp_path)
    before = path.read_bytes()
    proc = run_cli("check", "draft.yaml", "--diff", cwd=tmp_path)
    assert proc.returncode == 1 and path.read_bytes() == before
    removed = [l for l in proc.stdout.splitlines() if l.startswith("-") and not l.startswith("---")]
    added = [l for l in proc.stdout.splitlines() if l.startswith("+") and not l.startswith("+++")]
    assert added == ['+      - {level1: 满意度指标, level2: 满意度指标, name: 满意度, value: ">=85%", weight: 10}', "+        unit: 米            # 分列的版式：单位在自己的字段里"]
    assert len(removed) == 2 and "'>=100'" not in proc.stdout  # V004 is a hint: not without --unsafe-fixes
    assert "'>=100'" in run_cli("check", "draft.yaml", "--diff", "--unsafe-fixes", cwd=tmp_path).stdout
    nothing = draft(tmp_path, "perfcheck: 1\ntables:\n  - name: x\n    indicators:\n      - {name: 满意度, value: '>=90%'}\n", "clean.yaml")
    clean = run_cli("check", nothing.name, "--diff", cwd=tmp_path)
    assert clean.returncode == 0 and clean.stdout == ""


def test_fix_changes_only_the_fixed_lines_and_they_no_longer_fire(tmp_path):
    path = draft(tmp_path)
    assert {"V002", "V009", "V004"} <= codes(tmp_path)
    proc = run_cli("check", "draft.yaml", "--fix", cwd=tmp_path)
    assert "已修复 2 个问题" in proc.stderr
    old, new = DRAFT.splitlines(), path.read_text(encoding="utf-8").splitlines()
    assert len(old) == len(new) and [i for i, (a, b) in enumerate(zip(old, new)) if a != b] == [5, 16]
    assert new[16] == "        unit: 米            # 分列的版式：单位在自己的字段里"
    after = codes(tmp_path)
    assert not {"V002", "V009"} & after and "V004" in after
    # What is printed after a fix is what remains.
    assert "V002" not in proc.stdout and "V004" in proc.stdout
    run_cli("check", "draft.yaml", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert "V004" not in codes(tmp_path) and "'>=100'        # 没写比较符号：只是提示" in path.read_text(encoding="utf-8")


def test_fix_keeps_json_json(tmp_path):
    document = {"perfcheck": 1, "tables": [{"name": "x", "indicators": [{"name": "满意度", "value": ">=855"}]}]}
    text = json.dumps(document, ensure_ascii=False, indent=4) + "\n"
    path = draft(tmp_path, text, "draft.json")
    run_cli("check", "draft.json", "--fix", cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == text.replace('">=855"', '">=85%"')


def test_the_json_report_marks_each_fix_and_the_rule_says_its_kind(tmp_path):
    draft(tmp_path)
    findings = json.loads(run_cli("check", "draft.yaml", "--format", "json", cwd=tmp_path).stdout)["findings"]
    by_code = {f["code"]: f["fix"] for f in findings}
    assert by_code["V002"] == {"field": "value", "replacement": ">=85%", "safe": True}
    assert by_code["V004"]["safe"] is False and by_code["W005"] is None
    assert "仅为提示" in run_cli("rule", "V004", cwd=tmp_path).stdout
    assert "--fix 自动应用" in run_cli("rule", "V002", cwd=tmp_path).stdout


def test_sarif_carries_valid_fixes(tmp_path, sarif_schema):
    draft(tmp_path)
    log = json.loads(run_cli("check", "draft.yaml", "--format", "sarif", cwd=tmp_path).stdout)
    jsonschema.validate(log, sarif_schema)
    fixes = {r["ruleId"]: r["fixes"][0] for r in log["runs"][0]["results"] if "fixes" in r}
    assert {"V002", "V009", "V004"} <= set(fixes)
    [replacement] = fixes["V002"]["artifactChanges"][0]["replacements"]
    assert replacement["insertedContent"]["text"] == '">=85%"'
    assert replacement["deletedRegion"] == {"startLine": 6, "startColumn": 58, "endLine": 6, "endColumn": 65}
    assert DRAFT.splitlines()[5][57:64] == '">=855"'


def test_a_fixed_workbook_copy_and_the_draft_untouched(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "绩效目标"
    for row in [
        ["项目名称", "2024年示例项目"],
        ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
        ["满意度指标", "满意度指标", "服务对象满意度", ">=855", 10],
        ["产出指标", "数量指标", "围栏长度", ">=10 M", 20],
        ["产出指标", "数量指标", "培训人数", "100", 60],
    ]:
        sheet.append(row)
    sheet.merge_cells("B1:E1")
    workbook.create_sheet("说明")["A1"] = "另一张工作表"
    source = tmp_path / "draft.xlsx"
    workbook.save(source)
    before = source.read_bytes()
    missing = run_cli("check", "draft.xlsx", "--fix", cwd=tmp_path)
    assert missing.returncode == 2 and "-o" in missing.stderr
    proc = run_cli("check", "draft.xlsx", "--fix", "-o", "fixed.xlsx", cwd=tmp_path)
    assert source.read_bytes() == before and "已修复 2 个问题" in proc.stderr
    fixed = openpyxl.load_workbook(tmp_path / "fixed.xlsx")
    cells = fixed["绩效目标"]
    assert cells["D3"].value == ">=85%" and cells["D4"].value == ">=10 米" and cells["D5"].value == "100"
    assert "原值「>=855」改为「>=85%」" in cells["D3"].comment.text
    assert "B1:E1" in {str(r) for r in cells.merged_cells.ranges} and fixed["说明"]["A1"].value == "另一张工作表"
    assert not {"V002", "V009"} & codes(tmp_path, "fixed.xlsx")
    assert "fixed.xlsx" in proc.stdout  # the report is the fixed copy's


def test_published_text_is_not_fixed_and_says_how(tmp_path):
    from conftest import FIXTURES

    text = (FIXTURES / "county-education-2025.txt").read_bytes()
    (tmp_path / "d.txt").write_bytes(text)
    proc = run_cli("check", "d.txt", "--fix", cwd=tmp_path)
    assert (tmp_path / "d.txt").read_bytes() == text
    assert "V002" in proc.stdout and "不直接修复" in proc.stderr and "perfcheck extract" in proc.stderr
    # The way: extract to YAML, then fix that.
    run_cli("extract", "d.txt", "-o", "d.yaml", cwd=tmp_path, check_rc=0)
    run_cli("check", "d.yaml", "--fix", cwd=tmp_path)
    assert "V002" not in codes(tmp_path, "d.yaml")
