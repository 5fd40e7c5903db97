"""The canonical YAML/JSON reader: exact numbers, lines, and errors that name the field."""

from __future__ import annotations

import json

from decimal import Decimal

import pytest

from conftest import FIXTURES

from perfcheck.model import Quantity, TableKind, Unit
from perfcheck.readers import ReadError
from perfcheck.readers.canonical import CanonicalReader

reader = CanonicalReader()


def read(text: str, json_syntax: bool = False):
    return reader.read_text(text, "doc", json_syntax=json_syntax)


def test_reads_the_fixture_with_lines_pointers_and_split_columns():
    doc = reader.read(FIXTURES / "spine-demo.yaml")
    assert doc.year == 2024 and doc.unit == "某单位"
    guards = doc.tables[1]
    assert guards.kind is TableKind.PROJECT
    assert guards.funds.total == Decimal("10.80") and guards.funds.other == Decimal("0.00")
    wage = guards.indicators[3]
    assert wage.raw_value == "<=4500 元/人/月"
    assert wage.value.unit == Unit("元", ("人", "月"))
    assert (wage.operator, wage.unit) == ("<=", "元/人/月")
    assert wage.weight == Decimal(20)
    assert wage.location.path == "/tables/1/indicators/3"
    assert wage.location.line == 31
    assert wage.value_location.line == 35
    assert guards.location.line == 21


def test_numbers_are_exact_decimals_never_floats():
    doc = read("tables:\n  - name: x\n    funds: {total: 4805.03, fiscal: '4,805.03'}\n    indicators:\n"
               "      - {name: a, value: 0.1, weight: 8.5}\n")
    t = doc.tables[0]
    assert t.funds.total == Decimal("4805.03") and t.funds.fiscal == Decimal("4805.03")
    assert t.indicators[0].weight == Decimal("8.5")
    assert t.indicators[0].value == Quantity(Decimal("0.1"))


def test_json_input():
    doc = read('{"perfcheck": 1, "tables": [{"name": "x", "funds": {"total": 10.80}, '
               '"indicators": [{"name": "a", "value": ">=2 人", "weight": 10}]}]}', json_syntax=True)
    assert doc.tables[0].funds.total == Decimal("10.80")
    assert doc.tables[0].indicators[0].location.path == "/tables/0/indicators/0"


@pytest.mark.parametrize(
    "text, pointer, line",
    [
        ("tables:\n  - name: x\n    funds: {total: 十万}\n    indicators: []\n", "/tables/0/funds/total", 3),
        ("tables:\n  - name: x\n    indicators:\n      - {name: a, value: 1, wieght: 3}\n", "/tables/0/indicators/0/wieght", 4),
        ("tables:\n  - name: x\n    indicators:\n      - {value: 1}\n", "/tables/0/indicators/0", 4),
        ("perfcheck: 2\ntables: []\n", "/perfcheck", 1),
        ("tables:\n  - name: x\n    kind: programme\n", "/tables/0/kind", 3),
        ("document: {year: 24.5}\ntables: []\n", "/document/year", 1),
    ],
)
def test_schema_errors_name_the_json_pointer_and_line(text, pointer, line):
    """Each is reported where it is; the bad part is left out and the rest read."""
    problems = read(text).problems
    assert any(p.location.path == pointer and p.location.line == line for p in problems), problems
    assert all(p.message.zh and p.message.en for p in problems)


def test_syntax_errors_name_the_line():
    with pytest.raises(ReadError) as err:
        read("tables:\n  - name: x\n    indicators: [\n")
    assert err.value.problems[0].location.line is not None
    with pytest.raises(ReadError) as err:
        read('{"tables": [}', json_syntax=True)
    assert err.value.problems[0].location.line == 1


def test_duplicate_keys_are_errors():
    """Reported at the second key's line; the last value is the one read, as YAML does."""
    document = read("tables:\n  - name: x\n    name: y\n    indicators: []\n")
    [problem] = document.problems
    assert problem.location.line == 3 and "duplicate" in problem.message.en
    assert document.tables[0].name == "y"


def test_a_document_that_is_not_a_mapping():
    with pytest.raises(ReadError):
        read("- just\n- a list\n")


def test_extension_fields_are_allowed():
    doc = read("x-source: budget system\ntables:\n  - name: x\n    x-id: 7\n    indicators: []\n")
    assert doc.tables[0].name == "x"


def test_a_typo_in_one_table_is_one_finding_and_the_other_tables_are_checked(tmp_path):
    from conftest import run_cli

    doc = tmp_path / "doc.yaml"
    doc.write_text(
        "perfcheck: 1\n"
        "tables:\n"
        "  - name: 甲项目\n"
        "    funds: {total: abc}\n"
        "    indicators:\n"
        "      - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: '>=100 人', wieght: 20}\n"
        "      - {level1: 满意度指标, level2: 满意度指标, value: '>=90%'}\n"
        "  - name: 乙项目\n"
        "    indicators:\n"
        "      - {level1: 满意度指标, level2: 满意度指标, name: 满意度, value: '>=855', weight: 10}\n",
        encoding="utf-8",
    )
    proc = run_cli("check", str(doc), "--format", "json", cwd=tmp_path)
    findings = json.loads(proc.stdout)["findings"]
    read_problems = {f["location"]["line"]: f["message"] for f in findings if f["code"] == "E001"}
    assert "未知的字段“wieght”" in read_problems[6] and "是否应为“weight”" in read_problems[6]
    assert "应为金额" in read_problems[4] and "“abc”" in read_problems[4]
    assert "缺少必填字段“name（名称）”" in read_problems[7]
    # The row with the typo is still checked, and so is the other table.
    assert any(f["code"] == "V002" and f["table"] == "乙项目" for f in findings)
    document = CanonicalReader().read(doc)
    assert [[i.name for i in t.indicators] for t in document.tables] == [["培训人数"], ["满意度"]]
    assert document.tables[0].funds is None and document.tables[0].indicators[0].weight is None  # the bad fields are left out
    english = json.loads(run_cli("check", str(doc), "--format", "json", "--lang", "en", cwd=tmp_path).stdout)["findings"]
    assert any("unknown field 'wieght'" in f["message"] and "did you mean 'weight'?" in f["message"] for f in english)
    extracted = run_cli("extract", str(doc), cwd=tmp_path)
    assert extracted.returncode == 0 and "警告" in extracted.stderr and "wieght" in extracted.stderr and "乙项目" in extracted.stdout


@pytest.mark.parametrize(
    "row, meant",
    [
        ("{levell: 产出指标, level2: 数量指标, name: a, value: '>=1 人'}", "是否应为“level1”？"),
        ("{level1: 产出指标, levell: 数量指标, name: a, value: '>=1 人'}", "是否应为“level2”？"),
        ("{levell: 产出指标, name: a, value: '>=1 人'}", "是否应为“level1”或“level2”？"),
    ],
)
def test_a_misspelt_field_is_taken_for_the_one_the_row_lacks(row, meant):
    """levell beside a level2 is level1, not level2 again (issue 28)."""
    document = read(f"tables:\n  - name: x\n    indicators:\n      - {row}\n")
    [problem] = [p for p in document.problems if "levell" in p.message.zh]
    assert meant in problem.message.zh


SELF_EVALUATION = """\
perfcheck: 1
tables:
  - kind: self-evaluation
    name: 2023年示例培训项目
    goal: 培训学员100人
    goal_result: 培训学员98人
    execution: {initial: "100", budget: "100", spent: "95", weight: 10, rate: "95%", score: 9.5}
    indicators:
      - level1: 产出指标
        level2: 数量指标
        name: 培训人数
        value: ">=100 人"
        weight: 50
        actual: 98 人
        score: 49
        deviation: 2名学员因病缺课
      - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", weight: 10, actual: 92, score: 10}
    total_score: 98.5
    grade: 优
"""


def test_a_self_evaluation_table_reads_with_its_actuals_scores_and_funds_block():
    table = read(SELF_EVALUATION).tables[0]
    assert table.kind is TableKind.SELF_EVALUATION
    assert (table.goal_result, table.total_score, table.grade) == ("培训学员98人", Decimal("98.5"), "优")
    assert table.total_score_location.line == 18 and table.grade_location.path == "/tables/0/grade"
    block = table.execution
    assert (block.initial, block.budget, block.spent, block.weight, block.rate, block.score) == (
        Decimal(100), Decimal(100), Decimal(95), Decimal(10), Decimal(95), Decimal("9.5"))
    assert block.where("rate").path == "/tables/0/execution/rate" and block.where("rate").line == 7
    trained, satisfied = table.indicators
    assert trained.actual == Quantity(Decimal(98), None, Unit("人")) and trained.raw_actual == "98 人"
    assert (trained.score, trained.deviation) == (Decimal(49), "2名学员因病缺课")
    assert trained.actual_location.line == 14 and trained.score_location.line == 15 and trained.deviation_location.line == 16
    assert satisfied.actual == Quantity(Decimal(92)) and satisfied.deviation is None
    assert {"actual", "score", "deviation"} <= table.columns


def test_a_self_evaluation_table_is_extracted_as_read_and_a_target_table_as_before():
    from perfcheck.readers.canonical import document_to_data, dump_yaml

    doc = read(SELF_EVALUATION)
    data = document_to_data(doc)
    table = data["tables"][0]
    assert table["execution"] == {"initial": "100", "budget": "100", "spent": "95", "weight": "10", "rate": "95%", "score": "9.5"}
    assert (table["total_score"], table["grade"], table["goal_result"]) == ("98.5", "优", "培训学员98人")
    assert table["indicators"][0]["actual"] == "98 人" and table["indicators"][0]["deviation"] == "2名学员因病缺课"
    again = read(dump_yaml(data)).tables[0]
    original = doc.tables[0]
    assert again.execution.rate == original.execution.rate and again.total_score == original.total_score
    assert [(i.actual, i.score, i.deviation) for i in again.indicators] == [(i.actual, i.score, i.deviation) for i in original.indicators]
    target = document_to_data(reader.read(FIXTURES / "spine-demo.yaml"))
    assert not any(key in t for t in target["tables"] for key in ("execution", "total_score", "grade", "goal_result"))
    assert not any(key in row for t in target["tables"] for row in t["indicators"] for key in ("actual", "score", "deviation"))
