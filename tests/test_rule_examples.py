"""Every rule's docstring examples run as tests: FAIL fires, PASS stays silent."""

from __future__ import annotations

import pytest

from perfcheck.plugins import PluginHost

# E003 reports a crashing rule: no document can show it (tests/test_engine.py does).
NOT_SHOWABLE_BY_A_DOCUMENT = {"E003", "E004"}


def _rules():
    host = PluginHost()
    # A built-in plugin that fails to load must fail the suite, not shrink it to nothing.
    assert not host.warnings, host.warnings
    assert len(host.rules) >= 48
    return host.sorted_rules()


def _cases():
    for entry in _rules():
        for n, example in enumerate(entry.rule.examples(), 1):
            yield pytest.param(entry.rule, example, id=f"{entry.rule.code}-{example.verdict}-{n}")


@pytest.mark.parametrize("rule", [e.rule for e in _rules()], ids=lambda r: r.code)
def test_every_rule_documents_pass_and_fail_examples(rule):
    verdicts = {e.verdict for e in rule.examples()}
    if rule.code in NOT_SHOWABLE_BY_A_DOCUMENT:
        assert not verdicts
        return
    assert verdicts == {"PASS", "FAIL"}, f"{rule.code} needs at least one PASS and one FAIL example"
    assert rule.summary() and "\n" not in rule.summary()


@pytest.mark.parametrize("rule, example", list(_cases()))
def test_docstring_example(rule, example, lint):
    options = {rule.code: dict(example.options)} if example.options else None
    run = lint(example.text, select=[rule.code], options=options)
    codes = [f.code for f in run.findings]
    if example.verdict == "FAIL":
        assert rule.code in codes, f"{rule.code} did not fire on:\n{example.text}"
    else:
        assert codes == [], f"{rule.code} PASS example produced {codes}:\n{example.text}"
