"""Real indicator values, read as a reviewer reads them (tests/fixtures/values/).

Each entry is a value cell as a published table printed it, with its row's
indicator name, level-2 label and split operator/unit columns, and the
reading a reviewer gives it. The test reads every one with
``parse_indicator_value`` as its row would and fails below 99% read as meant,
listing every miss. A malformed value is read as meant when a rule flags its
row. A value is never made to pass by special-casing its text: the grammar
learns the form.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest
import yaml

from conftest import FIXTURES
from perfcheck.model import DateRange, DateValue, Qualitative, Quantity, QuantityRange, Unparsed
from perfcheck.units import UnitRegistry
from perfcheck.values import compose_value, parse_indicator_value

CORPUS = FIXTURES / "values"
THRESHOLD = Decimal("0.99")
KINDS = {"quantity", "range", "tolerance", "date", "period", "qualitative", "malformed"}


@cache
def corpus() -> list[dict]:
    entries = []
    for path in sorted(CORPUS.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            entries.append({**entry, "file": path.name})
    return entries


def _text(entry: dict) -> str:
    """The value as its row gives it: split operator and unit columns joined as the readers join them."""
    if entry.get("operator_column") or entry.get("unit"):
        return compose_value(entry.get("operator_column"), entry["text"], entry.get("unit"))
    return entry["text"]


_OPERATORS = {"≥": ">=", "≤": "<=", "＞": ">", "＜": "<", "＝": "="}


def _operator(value) -> str | None:
    return None if value.operator is None else _OPERATORS.get(value.operator.value, value.operator.value)


@cache
def _registry() -> UnitRegistry:
    return UnitRegistry()


def _same_unit(parsed, written: str | None) -> bool:
    """Whether perfcheck's unit is the reviewer's: the same symbol, or one the
    registry says is its non-standard spelling (M for 米, 百分比 for %), part by part."""
    if written is None:
        return True
    if parsed is None:
        return False

    def canonical(symbol: str) -> str:
        unit = _registry().get(symbol)
        return unit.standard or unit.symbol if unit else symbol

    wanted = [canonical(p) for p in str(written).replace("％", "%").split("/")]
    return [canonical(p) for p in (parsed.numerator, *parsed.denominators)] == wanted


def read_as_meant(entry: dict, value) -> bool:
    reading = entry["reading"]
    kind = reading["kind"]
    if kind in ("quantity", "tolerance"):
        return (
            isinstance(value, Quantity)
            and value.amount == Decimal(str(reading["number"]))
            and value.tolerance == (kind == "tolerance")
            and (kind == "tolerance" or _operator(value) == reading.get("operator"))
            and _same_unit(value.unit, reading.get("unit"))
        )
    if kind == "range":
        return isinstance(value, QuantityRange) and (value.low, value.high) == (Decimal(str(reading["low"])), Decimal(str(reading["high"])))
    if kind == "date":
        # 12月底 is read as the 31st: the reviewer's "end of December" and perfcheck's day are the same deadline.
        return isinstance(value, DateValue) and (value.year, value.month) == (reading.get("year"), reading.get("month"))
    if kind == "period":
        # 2021年 as a time target is the year 2021: a date of the year alone spans it.
        return isinstance(value, DateRange) or (isinstance(value, DateValue) and value.year is not None and value.month is None)
    if kind == "qualitative":
        return isinstance(value, Qualitative)
    return kind == "malformed"  # judged by the rules, below


def test_every_entry_is_complete():
    for entry in corpus():
        assert {"text", "name", "province", "source", "reading"} <= entry.keys(), entry
        assert entry["reading"]["kind"] in KINDS, entry
        assert str(entry["source"]).startswith(("http://", "https://")), entry
        if entry["reading"]["kind"] == "malformed":
            assert entry["reading"].get("why"), entry


def test_the_corpus_is_read_as_meant():
    entries = corpus()
    misses = []
    for entry in entries:
        value = parse_indicator_value(_text(entry), entry.get("name"), level2=entry.get("level2"))
        if not read_as_meant(entry, value):
            shown = value.reason.en if isinstance(value, Unparsed) else f"{type(value).__name__} {value}"
            misses.append(f"{entry['file']}: {entry['text']!r} ({entry.get('name')}): read {shown}, meant {entry['reading']}")
    rate = Decimal(len(entries) - len(misses)) / Decimal(len(entries))
    assert rate >= THRESHOLD, f"{rate:.3f} read as meant ({len(misses)} of {len(entries)} missed):\n" + "\n".join(misses)


def test_every_malformed_value_is_flagged_on_its_row(tmp_path, host):
    from perfcheck.service import CheckService

    malformed = [e for e in corpus() if e["reading"]["kind"] == "malformed"]
    assert malformed
    rows = []
    for i, entry in enumerate(malformed):
        row = {"level1": "产出指标", "level2": entry.get("level2") or "数量指标", "name": f"{i}:{entry['name']}", "value": entry["text"]}
        if entry.get("unit"):
            row["unit"] = entry["unit"]
        if entry.get("operator_column"):
            row["operator"] = entry["operator_column"]
        rows.append(row)
    path = tmp_path / "malformed.yaml"
    path.write_text(yaml.safe_dump({"tables": [{"name": "2024年示例项目", "indicators": rows}]}, allow_unicode=True), encoding="utf-8")
    run = CheckService(host).run([path], isolate=False)
    flagged = {f.indicator for f in run.findings if f.indicator and f.code[0] in "VQS"}
    unflagged = [f"{e['text']!r} ({e['reading']['why']})" for i, e in enumerate(malformed) if f"{i}:{e['name']}" not in flagged]
    assert not unflagged, "malformed values no rule flags:\n" + "\n".join(unflagged)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a unit in brackets, as some provincial budget systems print every value
        ("≥120.00(人次)", ">=120.00 人次"),
        ("≥98.00(%)", ">=98.00%"),
        (">4.00(次)", ">4.00 次"),
        ("85.00(分)", "85.00 分"),
        ("≥50（万元）", ">=50 万元"),
        # a bound inside a sentence reads as the bound
        ("群众生活改善度不低于85%", ">=85%"),
        ("满意度不少于90%", ">=90%"),
        ("满意度达到90%以上", ">=90%"),
        ("至少全年完成2次宣传", ">=2 次"),
        ("项目成本控制在50万元以内", "<=50 万元"),
        ("严格按照预算标准1000元/人给补助对象兑付补助", "=1000 元/人"),
        # a tolerance: the size of a deviation either way
        ("±2%以内", "<=±2%"),
        ("误差不超过±5%", "<=±5%"),
        # per: 元/人·月 and 元每人每月 are 元/人/月
        ("≥500元/人·月", ">=500 元/人/月"),
        (">=530元/人*月", ">=530 元/人/月"),
        ("≥200元每人每月", ">=200 元/人/月"),
        ("17元/人.每天", "17 元/人/天"),
    ],
)
def test_dialect_forms(text, expected):
    value = parse_indicator_value(text, None)
    assert isinstance(value, Quantity) and str(value) == expected


@pytest.mark.parametrize(
    "text, year, month, deadline",
    [("2025年年底前", 2025, 12, True), ("2021年12月完成", 2021, 12, False), ("12月底到位", None, 12, False), ("每年12月底前", None, 12, True)],
)
def test_dates_with_words_around_them(text, year, month, deadline):
    value = parse_indicator_value(text, None)
    assert isinstance(value, DateValue) and (value.year, value.month, value.deadline) == (year, month, deadline)


def test_a_month_span_is_a_period_not_a_quantity_of_months():
    value = parse_indicator_value("1-12月", None)
    assert isinstance(value, DateRange) and (value.start.month, value.end.month) == (1, 12)
    assert isinstance(parse_indicator_value("1-3个月", None), QuantityRange)  # a duration stays a duration


@pytest.mark.parametrize(
    "text",
    ["第一年按总投资额返本20%,分红按8%分红", "2024年13月"],
)
def test_what_is_still_unreadable_says_so(text):
    assert isinstance(parse_indicator_value(text, None), Unparsed)


def test_a_sentence_keeps_its_words_and_a_date_inside_words_is_no_quantity():
    value = parse_indicator_value("至少全年完成2次宣传", None)
    assert value.phrase == "全年完成…宣传"
    assert not isinstance(parse_indicator_value("计划12月底前", None), Quantity)


def test_the_name_s_unit_hint_reaches_units_of_volume_and_mass():
    assert str(parse_indicator_value("63", "化粪池(≥**立方米)")) == ">=63 立方米"
    assert str(parse_indicator_value("120", "秸秆回收量（吨）")) == "120 吨"


def test_the_corpus_readme_states_its_counts():
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    entries = corpus()
    assert f"{len(entries)} entries" in readme and f"{len({e['text'] for e in entries})} distinct" in readme
    assert f"{len({e['province'] for e in entries})} provinces" in readme



@pytest.mark.parametrize("operator, unit", [("无", "无"), ("/", "/"), ("—", "—"), ("-", None)])
def test_a_placeholder_in_a_split_column_is_an_empty_cell(operator, unit):
    # 渝中区's 自评表 prints 无 in the 指标性质 and 计量单位 columns of a qualitative row.
    from perfcheck.readers import build_indicator

    row = build_indicator("资金使用合规性", "合规", operator=operator, unit=unit)
    assert row.raw_value == "合规" and row.value == Qualitative("合规")
    number = build_indicator("城镇新增就业人数", "39500", operator=operator, unit=unit)
    assert str(number.value) == "39500"
