"""Kinds of table are data: the built-in ones, and those a plugin registers."""

from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys

import attrs
import pytest

from conftest import FIXTURES, REPO, run_cli

from perfcheck import hookimpl
from perfcheck.config import Layer, Resolver
from perfcheck.engine import Linter
from perfcheck.model import INDICATOR_COLUMNS, TABLE_KINDS, Document, Problem, Severity, Table, TableKind, TableKindDef
from perfcheck.plugins import PluginHost
from perfcheck.readers.canonical import CanonicalReader, document_to_data
from perfcheck.rule import Rule, applicability, msg, validate_rule_class

TRANSFER = TableKindDef("test-transfer", "转移支付区域绩效目标表", "transfer-payment regional target table")


class TransferKindPlugin:
    @hookimpl
    def perfcheck_table_kinds(self):
        return [TRANSFER]


@pytest.fixture
def kinds(monkeypatch):
    """The process's kind registry, as it was again after the test."""
    monkeypatch.setattr(TABLE_KINDS, "_by_name", dict(TABLE_KINDS._by_name))
    return TABLE_KINDS


def read(text: str):
    return CanonicalReader().read_text(text, "doc.yaml")


def test_the_built_in_kinds_are_registered_data():
    assert TABLE_KINDS.names()[:2] == ("project", "unit")
    assert TABLE_KINDS["project"] is TableKind.PROJECT and TABLE_KINDS["unit"] is TableKind.UNIT
    assert (TableKind.PROJECT.stage, TableKind.PROJECT.scope) == ("target", "project")
    assert (TableKind.UNIT.stage, TableKind.UNIT.scope) == ("target", "unit")
    assert TABLE_KINDS["self-evaluation"] is TableKind.SELF_EVALUATION
    assert (TableKind.SELF_EVALUATION.stage, TableKind.SELF_EVALUATION.scope) == ("self-evaluation", "project")
    assert (TableKind.SELF_EVALUATION_UNIT.stage, TableKind.SELF_EVALUATION_UNIT.scope) == ("self-evaluation", "unit")
    assert TableKind.UNIT.label("zh") == "单位整体绩效目标表" and TableKind.UNIT.label("en") == "unit-wide target table"
    # A frozen value: equal by its fields, hashable, immutable.
    again = TableKindDef("unit", "单位整体绩效目标表", "unit-wide target table", scope="unit")
    assert again == TableKind.UNIT and hash(again) == hash(TableKind.UNIT) and again != TableKind.PROJECT != "project"
    assert repr(again) == "TableKindDef(name='unit', label_zh='单位整体绩效目标表', label_en='unit-wide target table', stage='target', scope='unit')"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        again.name = "project"


def test_a_kind_is_the_registered_object_after_pickling():
    table = pickle.loads(pickle.dumps(Table("x", kind=TableKind.UNIT)))
    assert table.kind is TableKind.UNIT


@pytest.mark.parametrize(
    "args, why",
    [
        (("Transfer", "甲", "a"), "kebab-case"),
        (("transfer", "甲", "a", "monitoring"), "stage"),
        (("transfer", "甲", "a", "target", "county"), "scope"),
    ],
)
def test_a_malformed_kind_is_refused_where_it_is_made(args, why):
    with pytest.raises(ValueError, match=why):
        TableKindDef(*args)


def test_the_canonical_kind_strings_read_and_write_as_before():
    doc = read("tables:\n  - {name: 甲, indicators: []}\n  - {kind: unit, name: 乙, indicators: []}\n  - {kind: project, name: 丙, indicators: []}\n")
    assert [t.kind for t in doc.tables] == [TableKind.PROJECT, TableKind.UNIT, TableKind.PROJECT]
    assert doc.tables[1].kind is TableKind.UNIT
    assert [t["kind"] for t in document_to_data(doc)["tables"]] == ["project", "unit", "project"]


def test_a_plugin_adds_a_kind_that_canonical_documents_may_name(kinds):
    text = "tables:\n  - {kind: test-transfer, name: 甲, indicators: []}\n"
    unknown = read(text)
    # Without the plugin: an unknown value, left out (E001), as before.
    assert unknown.tables[0].kind is TableKind.PROJECT and unknown.problems[0].location.path == "/tables/0/kind"
    host = PluginHost([("transfer", TransferKindPlugin())])
    assert not host.warnings and host.table_kinds["test-transfer"] is TRANSFER
    doc = read(text)
    assert doc.tables[0].kind is TRANSFER and not doc.problems
    assert document_to_data(doc)["tables"][0]["kind"] == "test-transfer"
    assert pickle.loads(pickle.dumps(doc)).tables[0].kind is TRANSFER
    # A second host in the same process (a spawned worker's, a test's) registers it again: no change.
    assert not PluginHost([("transfer", TransferKindPlugin())]).warnings


def test_a_clashing_or_malformed_kind_is_a_warning_and_the_built_ins_stay(kinds):
    class BadKinds:
        @hookimpl
        def perfcheck_table_kinds(self):
            return [TableKindDef("unit", "乡镇整体绩效目标表", "township target table", scope="unit"), "self-evaluation"]

    class RaisingKinds:
        @hookimpl
        def perfcheck_table_kinds(self):
            return [TableKindDef("Bad Name", "甲", "a")]

    host = PluginHost([("bad-kinds", BadKinds()), ("raising-kinds", RaisingKinds())])
    messages = [str(w) for w in host.warnings]
    assert any("bad-kinds" in m and "'unit' is already defined" in m for m in messages), messages
    assert any("bad-kinds" in m and "not a TableKindDef" in m for m in messages), messages
    assert any("raising-kinds" in m and "perfcheck_table_kinds raised ValueError" in m for m in messages), messages
    assert host.table_kinds["unit"] is TableKind.UNIT
    assert "W001" in host.rules


# --------------------------------------------------------------------------
# Rules declare the kinds and columns they need; the engine skips the rest
# --------------------------------------------------------------------------


class UnitOnly(Rule):
    """Names every table it is given: unit-wide tables only."""

    code, name, severity = "ZK001", "unit-only", Severity.INFO
    table_kinds = ("unit",)

    def check(self, table, ctx):
        yield Problem(msg(table.name, table.name))


class NeedsWeights(Rule):
    """Names every table it is given: those with a weight column only."""

    code, name, severity = "ZK002", "needs-weights", Severity.INFO
    requires = ("weight",)

    def check(self, table, ctx):
        yield Problem(msg(table.name, table.name))


class DeclaringPlugin:
    @hookimpl
    def perfcheck_rules(self):
        return [UnitOnly, NeedsWeights]


TWO_TABLES = """\
tables:
  - name: 甲项目
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
  - kind: unit
    name: 乙单位
    indicators:
      - {level1: 履职效能, level2: 重点工作, name: 完成率, value: "=100%", weight: 90}
"""


def _checked(host: PluginHost, document: Document, select: list[str]) -> list[tuple[str, str]]:
    settings = Resolver(host).resolve([Layer("t", {"select": select})])
    return sorted((f.code, f.table) for f in Linter(host).check_document(document, settings))


def test_the_engine_passes_a_rule_only_the_kinds_and_columns_it_declares():
    host = PluginHost([("declaring", DeclaringPlugin())])
    assert not host.warnings
    document = read(TWO_TABLES)
    project, unit = document.tables
    assert project.columns == {"level1", "level2", "name", "value"} and "weight" in unit.columns
    assert not UnitOnly.applies_to(project) and UnitOnly.applies_to(unit)
    assert not NeedsWeights.applies_to(project) and NeedsWeights.applies_to(unit)
    assert _checked(host, document, ["ZK001", "ZK002"]) == [("ZK001", "乙单位"), ("ZK002", "乙单位")]
    # A table a plugin's reader built without saying its columns: every rule of its kind runs.
    unstated = attrs.evolve(document, tables=(attrs.evolve(project, columns=None),))
    assert _checked(host, unstated, ["ZK002"]) == [("ZK002", "甲项目")]


def test_a_rule_may_decide_for_itself_and_shares_no_answer_with_the_others():
    class NamedOnly(UnitOnly):
        code, name = "ZK003", "named-only"
        table_kinds = ("project", "unit")

        @classmethod
        def applies_to(cls, table):
            return table.name == "甲项目"

    class Plugin:
        @hookimpl
        def perfcheck_rules(self):
            return [NamedOnly, NeedsWeights]

    host = PluginHost([("deciding", Plugin())])
    # ZK002 keeps Rule.applies_to with the default kinds; ZK003, beside it, decides otherwise.
    assert _checked(host, read(TWO_TABLES), ["ZK002", "ZK003"]) == [("ZK002", "乙单位"), ("ZK003", "甲项目")]


def test_the_built_in_project_rules_declare_it_and_skip_unit_tables(host):
    for code in ("S001", "S002", "S003", "C004"):
        assert host.rules[code].rule.table_kinds == ("project", "self-evaluation"), code
    for code in ("W001", "W002", "W003", "W004", "W005", "W006"):
        assert host.rules[code].rule.requires == ("weight",), code
    # A self-evaluation table states its targets as a target table does: the target rules check them there too.
    assert host.rules["V002"].rule.table_kinds == ("project", "unit", "self-evaluation", "self-evaluation-unit")
    assert host.rules["V002"].rule.requires == ()
    # A unit table without 产出/效益 (its own level-1 names) and no cost: no S001, no C004.
    assert set(_checked(host, read(TWO_TABLES), ["S001", "C004"])) == {("C004", "甲项目"), ("S001", "甲项目")}


def test_the_disclosure_reader_says_which_columns_a_table_has(host):
    document = host.reader_for(".txt").read(REPO / "tests" / "fixtures" / "county-education-2025.txt")
    unit, *projects = document.tables
    assert unit.columns == {"level1", "level2", "name", "value", "basis", "weight"}  # no 指标赋分规则 column
    assert projects and all(t.columns == unit.columns | {"last_year", "scoring", "evidence"} for t in projects)
    assert all(t.columns <= INDICATOR_COLUMNS for t in document.tables)


@pytest.mark.parametrize(
    "declared, why",
    [
        ({"table_kinds": ("project", "self-evaluation-project")}, "unknown table kind 'self-evaluation-project' in table_kinds"),
        ({"table_kinds": "unit"}, "table_kinds must be a tuple of names"),
        ({"table_kinds": (TableKind.UNIT,)}, "table_kinds must be a tuple of names"),
        ({"table_kinds": ()}, "table_kinds is empty"),
        ({"requires": ("weights",)}, "unknown indicator column 'weights' in requires"),
    ],
)
def test_a_rule_with_a_bad_declaration_is_refused_with_a_warning(declared, why):
    bad = type("Bad", (Rule,), {"code": "ZK009", "name": "bad", "severity": Severity.INFO, "check": lambda self, t, c: (), **declared})
    with pytest.raises(TypeError, match=re.escape(why)):
        validate_rule_class(bad)

    class BadPlugin:
        @hookimpl
        def perfcheck_rules(self):
            return [bad]

    host = PluginHost([("bad-declaration", BadPlugin())])
    assert "ZK009" not in host.rules
    assert any("bad-declaration" in str(w) and why in str(w) for w in host.warnings), host.warnings


def test_perfcheck_rule_says_what_a_rule_applies_to():
    assert applicability(NeedsWeights, "en") == (
        "Applies to: project target table (project), unit-wide target table (unit), "
        "project self-evaluation table (self-evaluation), unit-wide self-evaluation table (self-evaluation-unit); "
        "needs the column weight"
    )
    assert applicability(UnitOnly, "zh") == "适用于：单位整体绩效目标表（unit）"
    assert "\n\n适用于：项目支出绩效目标表（project）、项目支出绩效自评表（self-evaluation）\n" in run_cli("rule", "S001").stdout
    assert "\n\nApplies to: the whole document (across its tables)\n" in run_cli("rule", "X001", "--lang", "en").stdout
    assert "Applies to" not in run_cli("rule", "E001", "--lang", "en").stdout


# --------------------------------------------------------------------------
# A plugin, found through its entry point, adds a kind and a rule for it
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def transfer_site(tmp_path_factory):
    target = tmp_path_factory.mktemp("transfer-site")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--target", str(target),
         str(FIXTURES / "plugins" / "perfcheck-transfer")],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return target


TRANSFER_DOC = """\
tables:
  - kind: transfer
    name: 2024年农村综合改革转移支付
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 示范村数量, value: ">=3 个", weight: 50}
      - {level1: 满意度指标, level2: 满意度指标, name: 满意度, value: ">=855", weight: 10}
  - name: 2024年示例项目
    funds: {total: "10.00"}
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", weight: 50}
      - {level1: 满意度指标, level2: 满意度指标, name: 满意度, value: ">=855", weight: 10}
"""


def test_a_plugin_kind_is_checked_by_the_rules_that_name_it_only(transfer_site, tmp_path):
    env = {"PYTHONPATH": str(transfer_site)}
    doc = tmp_path / "doc.yaml"
    doc.write_text(TRANSFER_DOC, encoding="utf-8")
    proc = run_cli("check", str(doc), "--format", "json", cwd=tmp_path, env_extra=env)
    assert proc.stderr == ""
    findings = json.loads(proc.stdout)["findings"]
    on_transfer = [f["code"] for f in findings if f["table"] == "2024年农村综合改革转移支付"]
    on_project = {f["code"] for f in findings if f["table"] == "2024年示例项目"}
    assert on_transfer == ["TR001"]  # its >=855 and its 60 points are no built-in rule's business
    assert {"V002", "W001"} <= on_project and "TR001" not in on_project
    explained = run_cli("rule", "TR001", cwd=tmp_path, env_extra=env, check_rc=0).stdout
    assert "适用于：转移支付区域绩效目标表（transfer）" in explained
    assert "`transfer-without-funds` · default severity **warning** · plugin `transfer` · tables `transfer`" in run_cli(
        "rules", "--format", "markdown", cwd=tmp_path, env_extra=env, check_rc=0
    ).stdout
    extracted = run_cli("extract", str(doc), cwd=tmp_path, env_extra=env, check_rc=0).stdout
    assert "- kind: transfer\n" in extracted
    # Without the plugin the kind is unknown: an E001, and the table reads as a project table.
    without = json.loads(run_cli("check", str(doc), "--format", "json", cwd=tmp_path).stdout)["findings"]
    assert any(f["code"] == "E001" and f["location"].get("path") == "/tables/0/kind" for f in without)
