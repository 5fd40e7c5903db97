"""Inline suppression (issue 10): a reviewer accepts a finding knowingly, on a
document, a table or a row; suppressed findings are counted, never silently
lost, and a suppression that holds back nothing is E004."""

from __future__ import annotations

import json

import openpyxl
from openpyxl.comments import Comment

from conftest import run_cli

DOC = """\
perfcheck: 1
tables:
  - name: 甲项目
    indicators:
      - {level1: 满意度指标, level2: 满意度指标, name: 满意度, value: ">=855", weight: 10}  # perfcheck: ignore[V002]
      - level1: 产出指标
        level2: 数量指标
        name: 培训人数
        value: "100"
        x-perfcheck-ignore: [V004]
  - name: 乙项目  # perfcheck: ignore[W]
    indicators:
      - {level1: 满意度指标, level2: 满意度指标, name: 满意度, value: ">=90%", weight: 10, x-perfcheck-ignore: [V002]}
"""


def check(tmp_path, text: str, *args: str) -> dict:
    doc = tmp_path / "doc.yaml"
    doc.write_text(text, encoding="utf-8")
    return json.loads(run_cli("check", "doc.yaml", "--format", "json", *args, cwd=tmp_path).stdout)


def test_comments_and_keys_suppress_on_their_row_or_table(tmp_path):
    report = check(tmp_path, DOC)
    found = {(f["table"], f["indicator"], f["code"]) for f in report["findings"]}
    assert ("甲项目", "满意度", "V002") not in found  # the comment on its line
    assert ("甲项目", "培训人数", "V004") not in found  # x-perfcheck-ignore on the row
    assert ("甲项目", "培训人数", "V003") in found  # only what was named
    assert not any(t == "乙项目" and c.startswith("W") for t, _, c in found)  # a prefix on the table's line
    assert ("甲项目", None, "W001") in found  # the other table's weights still count
    assert report["summary"]["suppressed"] >= 3
    # 乙项目's V002 suppression holds back nothing: >=90% is fine.
    [unused] = [f for f in report["findings"] if f["code"] == "E004"]
    assert unused["table"] == "乙项目" and unused["indicator"] == "满意度" and "V002" in unused["message"]
    assert unused["location"]["line"] == 13 and unused["severity"] == "info"


def test_suppressed_findings_are_counted_in_the_text_summary(tmp_path):
    (tmp_path / "doc.yaml").write_text(DOC, encoding="utf-8")
    text = run_cli("check", "doc.yaml", cwd=tmp_path).stdout
    assert "按忽略标记未显示" in text.splitlines()[-1]
    assert "suppressed inline" in run_cli("check", "doc.yaml", "--lang", "en", cwd=tmp_path).stdout


def test_a_suppression_of_a_rule_not_running_is_not_unused(tmp_path):
    report = check(tmp_path, DOC, "--select", "W001")
    assert "E004" not in {f["code"] for f in report["findings"]}


def test_a_whole_document_and_full_width_brackets(tmp_path):
    text = "perfcheck: 1\nx-perfcheck-ignore: [V002, W001]\n" + DOC.split("\n", 1)[1].replace("ignore[V002]", "ignore【V003】")
    report = check(tmp_path, text)
    codes = {f["code"] for f in report["findings"]}
    assert "V002" not in codes and "W001" not in codes


def test_excel_notes_and_an_ignore_column(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "绩效目标"
    rows = [
        ["项目名称", "2024年示例项目"],
        ["一级指标", "二级指标", "三级指标", "指标值", "分值", "忽略规则"],
        ["满意度指标", "满意度指标", "服务对象满意度", ">=855", 10, ""],
        ["产出指标", "数量指标", "培训人数", "100", 20, "V004"],
        ["产出指标", "质量指标", "合格率", ">=955", 20, ""],
    ]
    for row in rows:
        sheet.append(row)
    sheet["D3"].comment = Comment("已核实：按原文保留。perfcheck: ignore[V002]", "审查员")
    workbook.save(tmp_path / "draft.xlsx")
    report = json.loads(run_cli("check", "draft.xlsx", "--format", "json", cwd=tmp_path).stdout)
    found = {(f["indicator"], f["code"]) for f in report["findings"]}
    assert ("服务对象满意度", "V002") not in found and ("合格率", "V002") in found
    assert ("培训人数", "V004") not in found and ("培训人数", "V003") in found
    assert report["summary"]["suppressed"] == 2
