"""Findings with data: the numbers behind a message, read-only on the finding,
in the JSON report's ``data`` and SARIF's ``properties.data``, schema-checked."""

from __future__ import annotations

import copy
import json
import pickle
from decimal import Decimal

import attrs
import jsonschema
import pytest

from conftest import DOC, REPO

from perfcheck import hookimpl
from perfcheck.config import Resolver
from perfcheck.results import FileResult, RunResult
from perfcheck.service import CheckService
from perfcheck.model import Finding, FindingData, Message, Problem, Severity
from perfcheck.plugins import PluginHost
from perfcheck.reporters import ReportOptions
from perfcheck.reporters.ci import SarifReporter
from perfcheck.reporters.json import JsonReporter
from perfcheck.rule import Rule, msg
from perfcheck_rules.c001_cost_total_mismatch import CostTotalMismatch
from perfcheck_rules.v002_percent_out_of_range import PercentOutOfRange
from perfcheck_rules.w001_weight_total import WeightTotal

SCHEMA = json.loads((REPO / "perfcheck" / "schemas" / "findings.schema.json").read_text(encoding="utf-8"))


def finding(data=None, **changes) -> Finding:
    return Finding(
        code="ZZ100", name="with-data", severity=Severity.WARNING, message=Message("甲", "a"), file="doc.yaml", data=data, **changes
    )


# ---------------------------------------------------------------- the model


def test_data_is_a_read_only_mapping_that_hashes_pickles_and_compares():
    f = finding({"caps_total": Decimal("110.00"), "rows": [1, "二"], "ok": True, "none": None})
    assert isinstance(f.data, FindingData) and dict(f.data) == {"caps_total": Decimal("110.00"), "rows": (1, "二"), "ok": True, "none": None}
    assert f.data["caps_total"] == Decimal("110.00") and list(f.data) == ["caps_total", "rows", "ok", "none"]
    with pytest.raises(TypeError):
        f.data["caps_total"] = Decimal(0)  # type: ignore[index]
    with pytest.raises(AttributeError):
        f.data._items = {}  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        f.data = None  # type: ignore[misc]
    # Findings cross from the workers: pickled, they come back equal, with equal hashes.
    back = pickle.loads(pickle.dumps(f))
    assert back == f and hash(back) == hash(f) and type(back.data) is FindingData
    assert copy.deepcopy(f) == f
    # Equal to the same items in another order, or as a dict; not to other values.
    assert finding({"none": None, "ok": True, "rows": (1, "二"), "caps_total": Decimal("110.00")}) == f
    assert f.data == {"caps_total": Decimal("110.00"), "rows": (1, "二"), "ok": True, "none": None}
    assert finding({"caps_total": Decimal("111")}) != f and finding() != f
    assert len({f, back}) == 1
    # Rebuilt by evolve (a renamed file), the data stays as it was.
    assert attrs.evolve(f, file="other.yaml").data is f.data


def test_no_data_and_empty_data_are_none():
    assert finding().data is None and finding({}).data is None and Problem(Message("甲", "a"), data={}).data is None
    assert FindingData.of(None) is None


def test_what_does_not_fit_is_converted_not_refused():
    class Thing:
        def __str__(self):
            return "thing\x1b"

    data = FindingData.of({
        "ratio": 0.1, "nan": float("nan"), "inf": float("-inf"), "big": Decimal("1E+2"), "odd": Decimal("sNaN"),
        "thing": Thing(), "mapping": {"a": 1}, "rows": [1, 2.5, [3], Thing()], 7: True, "name": "a\x1bb\ud800",
    })
    assert dict(data) == {
        "ratio": Decimal("0.1"),  # what the float's text says, not its binary expansion
        "nan": "NaN", "inf": "-Infinity", "big": Decimal("1E+2"), "odd": "sNaN",
        "thing": "thing\\x1b", "mapping": "{'a': 1}", "rows": (1, Decimal("2.5"), "[3]", "thing\\x1b"), "7": True,
        "name": "a\\x1bb\ufffd",
    }
    assert data.to_json() == {
        "ratio": "0.1", "nan": "NaN", "inf": "-Infinity", "big": "100", "odd": "sNaN", "thing": "thing\\x1b",
        "mapping": "{'a': 1}", "rows": [1, "2.5", "[3]", "thing\\x1b"], "7": True, "name": "a\\x1bb\ufffd",
    }
    hash(data)
    # An absurd exponent is not written out digit by digit.
    assert FindingData.of({"n": Decimal("1E+999999999")}).to_json() == {"n": "1E+999999999"}


def test_data_that_is_no_mapping_is_refused_where_the_problem_is_made():
    with pytest.raises(TypeError, match="mapping"):
        Problem(Message("甲", "a"), data=0.5)
    with pytest.raises(TypeError, match="mapping"):
        Problem(Message("甲", "a"), data=[("a", 1)])


# ---------------------------------------------------------------- a plugin rule's data, through the engine


class GivesData(Rule):
    """Attaches data, good and odd: an object and a float among it."""

    code, name, severity = "ZZ100", "gives-data", Severity.WARNING

    def check(self, table, ctx):
        yield Problem(
            msg("有数据", "with data"),
            data={"indicators": len(table.indicators), "total": table.funds.total, "ratio": 0.25, "funds": table.funds},
        )


class GivesNoMapping(Rule):
    """Gives a list as a problem's data."""

    code, name, severity = "ZZ101", "gives-no-mapping", Severity.WARNING

    def check(self, table, ctx):
        yield Problem(msg("数据不是映射", "no mapping"), data=["a"])


class DataPlugin:
    @hookimpl
    def perfcheck_rules(self):
        return [GivesData, GivesNoMapping]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_plugin_rules_odd_data_is_converted_and_the_batch_goes_on(tmp_path, jobs):
    host = PluginHost([("data-plugin", DataPlugin())])
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(DOC, encoding="utf-8")
    settings = Resolver(host).resolve([])
    service = CheckService(host, settings_for=lambda _p: settings)
    run = service.run([tmp_path], jobs=jobs)  # worker processes: the findings are pickled
    assert run.summary()["files"] == 3
    for result in run.files:
        by_code = {f.code: f for f in result.findings}
        assert dict(by_code["ZZ100"].data) == {
            "indicators": 2, "total": Decimal("10.00"), "ratio": Decimal("0.25"),
            "funds": "Funds(total=Decimal('10.00'), fiscal=None, other=None, carried=None, columns=())",
        }
        # Data that is no mapping: the rule's problem is an E003, the other rules' findings stand.
        [crash] = [f for f in result.findings if f.code == "E003"]
        assert "ZZ101" in crash.message.en and "TypeError" in crash.message.en and "not list" in crash.message.en
        assert {"W001", "V002"} <= set(by_code)
    assert run.findings == service.run([tmp_path], isolate=False).findings


# ---------------------------------------------------------------- reports and the schema


def run_of(*findings: Finding) -> RunResult:
    return RunResult((FileResult("doc.yaml", tuple(findings), tables=1, indicators=2),))


def test_the_json_report_writes_data_only_where_there_is_some_and_validates(host):
    report = json.loads(JsonReporter().render(run_of(finding({"weight_sum": Decimal("95.5"), "rows": [1, None]}), finding()), "zh"))
    jsonschema.validate(report, SCHEMA)
    with_data, without = report["findings"]
    assert with_data["data"] == {"weight_sum": "95.5", "rows": [1, None]} and list(with_data)[-1] == "data"
    assert "data" not in without


@pytest.mark.parametrize(
    "data",
    [{"weight_sum": 95.5}, {"nested": {"a": 1}}, {"rows": [[1]]}, {}, [1]],
    ids=["a float", "an object", "a list in a list", "empty", "no object"],
)
def test_the_schema_refuses_data_no_report_writes(data):
    report = json.loads(JsonReporter().render(run_of(finding()), "zh"))
    report["findings"][0]["data"] = data
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, SCHEMA)


def test_sarif_carries_the_data_in_the_results_properties(host):
    log = json.loads(SarifReporter().render(run_of(finding({"caps_total": Decimal("110.00")}), finding()), "en", ReportOptions()))
    with_data, without = log["runs"][0]["results"]
    assert with_data["properties"] == {"data": {"caps_total": "110.00"}}
    assert "properties" not in without


# ---------------------------------------------------------------- the three rules


def data_of(lint, rule, text: str, **options) -> list[dict]:
    run = lint(text, select=[rule.code], options={rule.code: options} if options else None)
    return [dict(f.data) for f in run.findings if f.code == rule.code]


def fail_examples(rule) -> list[str]:
    return [e.text for e in rule.examples() if e.verdict == "FAIL" and not e.options]


def test_w001_data_is_the_sum_the_total_it_is_held_against_and_the_difference(lint):
    fifteen, execution, self_evaluation = fail_examples(WeightTotal)
    # 50 + 30 + 15 = 95: nearer the national 100 than the 90 without 预算执行率.
    assert data_of(lint, WeightTotal, fifteen) == [{"weight_sum": Decimal(95), "expected_total": Decimal(100), "difference": Decimal(-5)}]
    # A 预算执行率 row: the full 100 applies.
    assert data_of(lint, WeightTotal, execution) == [{"weight_sum": Decimal(90), "expected_total": Decimal(100), "difference": Decimal(-10)}]
    # Nearer 90 (and none of 预算执行率): held against 90.
    assert data_of(lint, WeightTotal, fifteen.replace("weight: 50", "weight: 42")) == [
        {"weight_sum": Decimal(87), "expected_total": Decimal(90), "difference": Decimal(-3)}
    ]
    # A self-evaluation table's funds block holds 10: its rows are held against 90.
    assert data_of(lint, WeightTotal, self_evaluation) == [{"weight_sum": Decimal(100), "expected_total": Decimal(90), "difference": Decimal(10)}]
    assert data_of(lint, WeightTotal, fifteen, total=80) == [{"weight_sum": Decimal(95), "expected_total": Decimal(80), "difference": Decimal(15)}]


def test_c001_data_is_caps_budget_and_difference_in_wan_to_the_cent(lint):
    [over] = fail_examples(CostTotalMismatch)
    assert data_of(lint, CostTotalMismatch, over) == [{"caps_total": Decimal("110.00"), "budget": Decimal("100.00"), "difference": Decimal("10.00")}]
    # Converted and multiplied out: 4500 元/人/月 × 2 人 × 12 月 = 10.80 万元, short of 20.
    short = (
        'name: 2024年示例安保项目\nfunds: {total: "20"}\nindicators:\n'
        '  - {level1: 产出指标, level2: 数量指标, name: 聘用人数, value: ">=2 人"}\n'
        '  - {level1: 成本指标, level2: 经济成本指标, name: 工资, value: "<=4500 元/人/月"}\n'
    )
    [data] = data_of(lint, CostTotalMismatch, short)
    assert data == {"caps_total": Decimal("10.80"), "budget": Decimal("20.00"), "difference": Decimal("-9.20")}
    assert [str(v) for v in data.values()] == ["10.80", "20.00", "-9.20"]
    # A total of 0 beside its parts: the budget is the parts' sum.
    parts = over.replace('funds: {total: "100.00"}', 'funds: {total: "0", fiscal: "80.00", other: "20.00"}').replace("<=60", "<=70")
    assert data_of(lint, CostTotalMismatch, parts) == [{"caps_total": Decimal("120.00"), "budget": Decimal("100.00"), "difference": Decimal("20.00")}]


def test_v002_data_is_the_value_as_written_and_the_suggested_reading(lint):
    shifted, above = fail_examples(PercentOutOfRange)
    assert data_of(lint, PercentOutOfRange, shifted) == [{"value": ">=855", "suggestion": ">=85%"}]
    assert data_of(lint, PercentOutOfRange, above) == [{"value": "=120%", "suggestion": None}]
    below = above.replace('"=120%"', '"=-1%"')
    assert data_of(lint, PercentOutOfRange, below) == [{"value": "=-1%", "suggestion": None}]
    rate = above.replace('"=120%"', '"=1000"')
    assert data_of(lint, PercentOutOfRange, rate) == [{"value": "=1000", "suggestion": None}]


def test_findings_of_other_rules_have_no_data(lint):
    run = lint(DOC)
    assert {f.code for f in run.findings if f.data is not None} == {"W001", "V002"}
