"""One builder makes every indicator row, whichever reader read it."""

from __future__ import annotations

from decimal import Decimal

import attrs

from conftest import FIXTURES

from perfcheck.model import Indicator, Operator, Quantity, SourceLocation, Unit
from perfcheck.readers import build_indicator, canonical, layouts
from perfcheck.readers.canonical import CanonicalReader
from perfcheck.readers.disclosure import rows_from_text
from perfcheck.readers.layouts import LayoutParser


def test_every_field_lands_where_it_belongs():
    # The actual is given as text and parsed, as the value is (below).
    parsed = ("name", "value", "raw_value", "level1", "level2", "actual", "raw_actual")
    fields = [f.name for f in attrs.fields(Indicator) if f.name not in parsed]
    given = {name: f"<{name}>" for name in fields}
    given.update(
        weight=Decimal(7), location=SourceLocation(line=1), value_location=SourceLocation(line=2),
        weight_location=SourceLocation(line=3), ignore=("V002",), direction="正向指标", score=Decimal(6),
    )
    indicator = build_indicator("培训人数", "100", "产出指标", "数量指标", **given)
    assert (indicator.name, indicator.level1, indicator.level2) == ("培训人数", "产出指标", "数量指标")
    for name in fields:
        expected = "正向" if name == "direction" else given[name]  # Indicator's own converter
        assert getattr(indicator, name) == expected, name


def test_the_value_is_composed_from_its_columns_and_parsed_with_the_row():
    whole = build_indicator("项目受益人员满意度", " >=85% ", location=SourceLocation(line=9))
    assert whole.raw_value == ">=85%" and whole.value == Quantity(Decimal(85), Operator.GE, Unit("%"))
    assert whole.value_location == whole.location == SourceLocation(line=9)
    split = build_indicator("满意度", "95", operator="≥", unit="%")
    assert split.raw_value == "≥95%" and split.value == Quantity(Decimal(95), Operator.GE, Unit("%"))
    # What the row tells: a money row reads 万 as 万元, a name's hint gives a bare number its unit.
    assert build_indicator("补助资金", "<=250万", "成本指标").value.unit == Unit("万元")
    assert build_indicator("苗木成活率(≥**%)", "85").value == Quantity(Decimal(85), Operator.GE, Unit("%"), from_name=True)
    assert build_indicator("空行", None).raw_value == ""


def test_the_actual_is_parsed_with_the_row_and_needs_no_comparison():
    row = build_indicator("苗木成活率(≥**%)", "85", actual=" 86 ")
    assert row.raw_actual == "86" and row.actual == Quantity(Decimal(86), None, Unit("%"), from_name=True)
    split = build_indicator("学生受资助人数", "735", operator="≧", unit="人次", actual="735")
    assert split.raw_actual == "735 人次" and split.actual == Quantity(Decimal(735), None, Unit("人次"))
    copied = build_indicator("满意度", ">=90%", actual="≥90%")  # a target copied as the actual keeps its sign
    assert copied.actual == Quantity(Decimal(90), Operator.GE, Unit("%"))
    assert build_indicator("培训人数", ">=10 人", actual="已完成").actual.text == "已完成"
    # No column, or an empty cell: no actual.
    assert build_indicator("培训人数", ">=10 人").actual is None
    assert build_indicator("培训人数", ">=10 人", actual="  ").actual is None


def test_both_readers_build_their_rows_with_it(monkeypatch):
    built = []

    def counting(*args, **kwargs):
        indicator = build_indicator(*args, **kwargs)
        built.append(indicator)
        return indicator

    monkeypatch.setattr(layouts, "build_indicator", counting)
    monkeypatch.setattr(canonical, "build_indicator", counting)
    text = (FIXTURES / "county-education-2025.txt").read_text(encoding="utf-8")
    read_text = LayoutParser("doc.txt").parse(rows_from_text(text))
    from_text = [i for t in read_text.tables for i in t.indicators]
    assert from_text and built == from_text
    built.clear()
    read_yaml = CanonicalReader().read_text((FIXTURES / "layouts" / "inner-mongolia.yaml").read_text(encoding="utf-8"), "doc.yaml")
    from_yaml = [i for t in read_yaml.tables for i in t.indicators]
    assert from_yaml and built == from_yaml


def test_a_row_reads_the_same_from_text_and_from_yaml():
    header = "一级指标\t二级指标\t三级指标\t计算符号\t目标值\t计量单位\t分值"
    text = f"项目支出绩效目标表\n项目名称\t甲项目\n{header}\n成本指标\t经济成本指标\t补助资金\t<=\t250万\t\t10\n"
    [from_text] = LayoutParser("doc.txt").parse(rows_from_text(text)).tables[0].indicators
    yaml_text = (
        "tables:\n  - name: 甲项目\n    indicators:\n"
        "      - {level1: 成本指标, level2: 经济成本指标, name: 补助资金, operator: '<=', value: 250万, unit: '', weight: '10'}\n"
    )
    [from_yaml] = CanonicalReader().read_text(yaml_text, "doc.yaml").tables[0].indicators
    where = dict(location=SourceLocation(), value_location=None, weight_location=None)
    assert attrs.evolve(from_text, **where) == attrs.evolve(from_yaml, **where)
    assert from_text.raw_value == "<=250万" and from_text.value.unit == Unit("万元")
