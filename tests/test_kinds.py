"""Kinds of table are data: the built-in ones, and those a plugin registers."""

from __future__ import annotations

import pickle

import pytest

from perfcheck import hookimpl
from perfcheck.model import TABLE_KINDS, Table, TableKind, TableKindDef
from perfcheck.plugins import PluginHost
from perfcheck.readers.canonical import CanonicalReader, document_to_data

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
    assert TableKind.UNIT.label("zh") == "单位整体绩效目标表" and TableKind.UNIT.label("en") == "unit-wide target table"


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
