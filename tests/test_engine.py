"""The engine never lets one file, rule or plugin stop a batch."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from conftest import DOC, run_cli

from perfcheck import hookimpl
from perfcheck.config import Layer, Resolver
from perfcheck.service import CheckService
from perfcheck.model import Severity
from perfcheck.plugins import PluginHost
from perfcheck.rule import Rule



class Exploding(Rule):
    """Raises on every table."""

    code = "ZZ001"
    name = "exploding"
    severity = Severity.WARNING

    def check(self, table, ctx):
        yield from ()
        raise ZeroDivisionError("boom")


class ExplodingPlugin:
    @hookimpl
    def perfcheck_rules(self):
        return [Exploding]


class RaisingHookPlugin:
    @hookimpl
    def perfcheck_rules(self):
        raise RuntimeError("hook broke")


class NotARulePlugin:
    @hookimpl
    def perfcheck_rules(self):
        class BadCode(Rule):
            code = "W1"
            name = "bad"
            severity = Severity.INFO

            def check(self, table, ctx):
                return []

        return [object, BadCode]


def _run(host: PluginHost, path: Path):
    settings = Resolver(host).resolve([])
    return CheckService(host, settings_for=lambda _p: settings).run([path])


def test_a_raising_rule_gives_e003_and_the_other_rules_still_run(tmp_path):
    host = PluginHost([("exploding-plugin", ExplodingPlugin())])
    doc = tmp_path / "doc.yaml"
    doc.write_text(DOC, encoding="utf-8")
    run = _run(host, doc)
    codes = [f.code for f in run.findings]
    assert "E003" in codes
    assert {"W001", "V002"} <= set(codes)  # the built-in rules still ran on the same table
    [crash] = [f for f in run.findings if f.code == "E003"]
    assert crash.table == "2024年示例项目"
    assert "ZZ001" in crash.message.zh and "exploding-plugin" in crash.message.zh
    assert "ZeroDivisionError: boom" in crash.message.en
    assert crash.severity is Severity.ERROR


def test_e003_survives_a_narrow_select(tmp_path):
    host = PluginHost([("exploding-plugin", ExplodingPlugin())])
    doc = tmp_path / "doc.yaml"
    doc.write_text(DOC, encoding="utf-8")
    settings = Resolver(host).resolve([Layer("t", {"select": ["ZZ001"]})])
    run = CheckService(host, settings_for=lambda _p: settings).run([doc])
    assert [f.code for f in run.findings] == ["E003"]


def test_a_raising_hook_and_malformed_rules_are_warnings_not_failures():
    host = PluginHost([("raising", RaisingHookPlugin()), ("bad-rules", NotARulePlugin())])
    messages = [str(w) for w in host.warnings]
    assert any("raising" in m and "hook broke" in m for m in messages)
    assert any("bad-rules" in m and "not a subclass" in m for m in messages)
    assert any("bad-rules" in m and "'W1'" in m for m in messages)
    assert "W001" in host.rules  # the built-ins are all there


def test_a_duplicate_code_is_refused_and_named():
    class Clash(Rule):
        code, name, severity = "W001", "clash", Severity.INFO

        def check(self, table, ctx):
            return []

    class ClashPlugin:
        @hookimpl
        def perfcheck_rules(self):
            return [Clash]

    host = PluginHost([("clash", ClashPlugin())])
    assert host.rules["W001"].plugin == "perfcheck"
    assert any("already defined" in str(w) for w in host.warnings)


def test_a_batch_goes_on_past_broken_missing_and_foreign_files(tmp_path, host):
    good = tmp_path / "good.yaml"
    good.write_text(DOC, encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("tables: [\n", encoding="utf-8")
    binary = tmp_path / "latin1.yaml"
    binary.write_bytes("tables: ['caf\xe9']".encode("latin-1"))
    foreign = tmp_path / "notes.pptx"
    foreign.write_bytes(b"PK\x03\x04")
    settings = Resolver(host).resolve([])
    run = CheckService(host, settings_for=lambda _p: settings).run([broken, binary, tmp_path / "missing.yaml", foreign, good])
    by_file = {Path(r.path).name: [f.code for f in r.findings] for r in run.files}
    assert by_file["broken.yaml"] == ["E001"]
    assert by_file["latin1.yaml"] == ["E001"]
    assert by_file["missing.yaml"] == ["E001"]
    assert by_file["notes.pptx"] == ["E002"]
    assert "W001" in by_file["good.yaml"]


def test_directories_are_walked_for_documents_only(tmp_path, host):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.yaml").write_text(DOC, encoding="utf-8")
    (tmp_path / "a" / "ci.yml").write_text("jobs: {build: {}}\n", encoding="utf-8")  # not a perfcheck document
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "two.yaml").write_text(DOC, encoding="utf-8")
    (tmp_path / "three.json").write_text('{"perfcheck": 1, "tables": []}', encoding="utf-8")
    (tmp_path / "a" / "schema.json").write_text('{"properties": {"tables": {"type": "array"}}}', encoding="utf-8")
    (tmp_path / "package.json").write_text('{"name": "x", "tables": []}', encoding="utf-8")
    settings = Resolver(host).resolve([])
    files = [path for path, _walked in CheckService(host, settings_for=lambda _p: settings).files([tmp_path])]
    # os.walk order: a directory's own files, then its subdirectories (sorted).
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["three.json", "a/one.yaml"]


def test_a_plugin_that_fails_to_import_is_a_warning_and_the_run_goes_on(tmp_path):
    """Real entry-point discovery: a distribution on sys.path whose plugin module cannot import."""
    site = tmp_path / "site"
    dist = site / "perfcheck_broken_plugin-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: perfcheck-broken-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[perfcheck]\nbroken = perfcheck_broken_plugin\n")
    (site / "perfcheck_broken_plugin.py").write_text("import a_module_that_does_not_exist\n")
    doc = tmp_path / "doc.yaml"
    doc.write_text(DOC, encoding="utf-8")
    proc = run_cli("check", str(doc), cwd=tmp_path, env_extra={"PYTHONPATH": str(site)})
    assert proc.returncode == 1, proc.stderr
    assert "插件 'broken'：加载失败" in proc.stderr
    assert "ModuleNotFoundError" in proc.stderr
    assert "W001" in proc.stdout and "V002" in proc.stdout
    english = run_cli("check", str(doc), "--lang", "en", cwd=tmp_path, env_extra={"PYTHONPATH": str(site)})
    assert "warning: plugin 'broken': failed to load" in english.stderr


def test_input_files_are_never_modified(tmp_path):
    doc = tmp_path / "doc.yaml"
    doc.write_text(DOC, encoding="utf-8")
    before = doc.read_bytes(), doc.stat().st_mtime_ns
    run_cli("check", str(doc), "--format", "json", cwd=tmp_path)
    assert (doc.read_bytes(), doc.stat().st_mtime_ns) == before


def test_engine_findings_can_be_ignored_explicitly(tmp_path, host):
    broken = tmp_path / "broken.yaml"
    broken.write_text("tables: [\n", encoding="utf-8")
    settings = Resolver(host).resolve([Layer("t", {"ignore": ["E001"]})])
    run = CheckService(host, settings_for=lambda _p: settings).run([broken])
    assert run.findings == []


def test_a_plugin_code_starting_with_e_is_an_ordinary_rule_for_select(tmp_path):
    class Early(Rule):
        code, name, severity = "EX001", "early", Severity.INFO

        def check(self, table, ctx):
            yield from ()

    class EarlyPlugin:
        @hookimpl
        def perfcheck_rules(self):
            return [Early]

    host = PluginHost([("early", EarlyPlugin())])
    settings = Resolver(host).resolve([Layer("t", {"select": ["W001"]})])
    assert not settings.is_enabled("EX001")
    assert settings.is_enabled("E001") and settings.is_enabled("E003")


def test_severity_overrides_apply_to_rule_and_engine_findings(tmp_path, host):
    broken = tmp_path / "broken.yaml"
    broken.write_text("tables: [\n", encoding="utf-8")
    doc = tmp_path / "doc.yaml"
    doc.write_text(DOC, encoding="utf-8")
    settings = Resolver(host).resolve([Layer("t", {"severity": {"E001": "warning", "W001": "info"}})])
    run = CheckService(host, settings_for=lambda _p: settings).run([broken, doc])
    severities = {f.code: f.severity for f in run.findings}
    assert severities["E001"] is Severity.WARNING and severities["W001"] is Severity.INFO


def test_plugins_add_units_and_config_defaults(tmp_path):
    from decimal import Decimal

    from perfcheck.units import UnitDef, count_of

    class ProvincePlugin:
        @hookimpl
        def perfcheck_units(self):
            return [UnitDef("公里段", count_of("公里段")), UnitDef("万米", "length", Decimal(10000))]

        @hookimpl
        def perfcheck_config_defaults(self):
            return {"rules": {"W001": {"total": 60}}}

    host = PluginHost([("province", ProvincePlugin())])
    assert host.units.convert(Decimal(2), "万米", "公里") == Decimal(20)
    doc = tmp_path / "doc.yaml"
    doc.write_text(DOC, encoding="utf-8")  # weights 50 + 10 = 60
    settings = Resolver(host).resolve([])
    assert settings.options["W001"]["total"] == Decimal(60)
    assert "W001" not in [f.code for f in CheckService(host, settings_for=lambda _p: settings).run([doc]).findings]
    # The user's file still wins over a plugin's defaults.
    assert Resolver(host).resolve([Layer("f", {"rules": {"W001": {"total": 90}}})]).options["W001"]["total"] == Decimal(90)


def test_workers_send_back_documents_only_when_a_report_needs_them(tmp_path, host):
    doc = tmp_path / "doc.yaml"
    doc.write_text(DOC, encoding="utf-8")
    settings = Resolver(host).resolve([])
    linter = CheckService(host, settings_for=lambda _p: settings)
    lean = linter.run([doc], keep_documents=False).files[0]
    full = linter.run([doc]).files[0]
    assert lean.document is None and full.document is not None and full.document.tables
    assert lean.findings == full.findings and (lean.tables, lean.indicators) == (full.tables, full.indicators) == (1, 2)


def _note_and_die(slot, code: bytes) -> None:
    slot.value = code
    os._exit(9)


@pytest.mark.parametrize("method", multiprocessing.get_all_start_methods())
def test_the_parent_sees_which_rule_a_dead_worker_was_running(method):
    # How a rule that kills its worker gets named: forked workers share a
    # mapping, spawned ones a multiprocessing array.
    from perfcheck.pool import _RunningRule

    context = multiprocessing.get_context(method)
    slot = _RunningRule(context)
    for code in (b"ZZ123", b"X" * 31, b""):
        process = context.Process(target=_note_and_die, args=(slot.for_worker(), code))
        process.start()
        process.join(timeout=60)
        assert process.exitcode == 9
        assert slot.value == code
