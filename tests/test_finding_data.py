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
from perfcheck.engine import FileResult, Linter, RunResult
from perfcheck.model import Finding, FindingData, Message, Problem, Severity
from perfcheck.plugins import PluginHost
from perfcheck.reporters import ReportOptions
from perfcheck.reporters.ci import SarifReporter
from perfcheck.reporters.json import JsonReporter
from perfcheck.rule import Rule, msg

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
    run = Linter(host, lambda _p: settings).run([tmp_path], jobs=jobs)  # worker processes: the findings are pickled
    assert run.summary()["files"] == 3
    for result in run.files:
        by_code = {f.code: f for f in result.findings}
        assert dict(by_code["ZZ100"].data) == {
            "indicators": 2, "total": Decimal("10.00"), "ratio": Decimal("0.25"),
            "funds": "Funds(total=Decimal('10.00'), fiscal=None, other=None)",
        }
        # Data that is no mapping: the rule's problem is an E003, the other rules' findings stand.
        [crash] = [f for f in result.findings if f.code == "E003"]
        assert "ZZ101" in crash.message.en and "TypeError" in crash.message.en and "not list" in crash.message.en
        assert {"W001", "V002"} <= set(by_code)
    assert run.findings == Linter(host, lambda _p: settings).run([tmp_path], isolate=False).findings


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
