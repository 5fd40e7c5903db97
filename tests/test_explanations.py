"""Rule explanations in both languages (issue 28): every built-in rule explains
itself in Chinese by default, with its docstring's examples, and a plugin rule
without a Chinese explanation says so in one Chinese line before its English one."""

from __future__ import annotations

import pytest

from conftest import run_cli

from perfcheck.cli import _explanation
from perfcheck.model import Severity
from perfcheck.plugins import PluginHost
from perfcheck.rule import NO_CHINESE_EXPLANATION, Rule

BUILTIN = [e.rule for e in PluginHost().sorted_rules() if e.plugin in ("perfcheck", "perfcheck-core")]


@pytest.mark.parametrize("rule", BUILTIN, ids=lambda r: r.code)
def test_every_builtin_rule_says_what_it_checks_why_and_what_to_do_in_chinese(rule):
    text = rule.doc("zh")
    assert text.startswith(rule.summary_zh + "\n\n")
    for label in ("检查内容：", "为何重要：", "如何修改："):
        assert f"\n{label}" in text, (rule.code, label)
    assert NO_CHINESE_EXPLANATION not in text
    # The docstring's examples, every one, under Chinese heads.
    for example in rule.examples():
        assert example.text.strip().splitlines()[0] in text
    assert text.count("会报告问题的示例") == sum(e.verdict == "FAIL" for e in rule.examples())
    assert text.count("不报告问题的示例") == sum(e.verdict == "PASS" for e in rule.examples())
    assert "FAIL::" not in text and "PASS" not in text


def test_english_is_the_docstring_as_written():
    rule = next(r for r in BUILTIN if r.code == "C001")
    assert rule.doc("en") == rule.doc() and rule.doc().startswith("The cost caps (成本指标) must account")


def test_an_example_head_with_options_keeps_them_in_both_languages():
    rule = next(r for r in BUILTIN if r.code == "W001")
    assert "不报告问题的示例（选项 total = 90）::" in rule.doc("zh")
    assert "PASS (total = 90)::" in rule.doc("en")
    assert [e.head("zh") for e in rule.examples() if e.options] == ["不报告问题的示例（选项 total = 90）"]


class NoChinese(Rule):
    """A plugin rule documented in English only.

    FAIL::

        name: 2024年示例项目
        indicators: []
    """

    code = "ZZ001"
    name = "no-chinese"
    summary_zh = "只有英文说明的规则"
    severity = Severity.INFO

    def check(self, table, ctx):
        yield from ()


def test_a_rule_without_a_chinese_explanation_shows_its_english_one_under_a_note():
    text = NoChinese.doc("zh")
    assert text.split("\n\n")[:3] == ["只有英文说明的规则", NO_CHINESE_EXPLANATION, "A plugin rule documented in English only."]
    assert "FAIL::" in text  # the English explanation as written, examples and all
    assert NoChinese.doc("en") == NoChinese.doc()


def test_the_terminal_shows_chinese_example_heads_with_a_full_width_colon():
    rule = next(r for r in BUILTIN if r.code == "V008")
    shown = _explanation(rule, "zh")
    assert "\n会报告问题的示例：\n" in shown and "::" not in shown
    assert "\nFAIL::\n" in _explanation(rule, "en")


def test_rule_prints_chinese_by_default_and_english_on_request(tmp_path):
    zh = run_cli("rule", "C001", cwd=tmp_path, check_rc=0).stdout
    assert "详细说明与示例（英文）" not in zh and "检查内容：按财预〔2021〕101号" in zh and "The cost caps" not in zh
    assert "tolerance = 0.01" in zh and "会报告问题的示例：" in zh
    en = run_cli("rule", "C001", "--lang", "en", cwd=tmp_path, check_rc=0).stdout
    assert "The cost caps (成本指标) must account" in en and "检查内容" not in en and "FAIL::" in en
