"""Findings the engine itself reports (E001–E004): their Rule classes only,
which name and document them; the engine that emits them is
``perfcheck.engine``. They have no ``check``: the engine emits them while
reading files and running rules, so that nothing a file or a plugin does
stops a batch. They can be ignored, but ``select`` never hides them."""

from __future__ import annotations

from perfcheck.model import Severity
from perfcheck.rule import Rule, Scope


class FileUnreadable(Rule):
    """A file cannot be opened or read as a document; the other files go on.

    Covers a missing file, a file that is not UTF-8, a syntax error in a YAML
    or JSON document, and a canonical document that does not match the
    published schema: each problem names its place (line, and the JSON
    pointer of the bad field), so the file can be fixed without guessing.

    FAIL::

        tables:
          - name: 2024年示例项目
            indicators: [

    FAIL::

        tables:
          - name: 2024年示例项目
            funds: {total: 十万}
            indicators: []

    PASS::

        tables:
          - name: 2024年示例项目
            funds: {total: "10.00"}
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
    """

    code = "E001"
    summary_zh = "文件无法打开或读取"
    name = "file-unreadable"
    severity = Severity.ERROR
    scope = Scope.ENGINE


class LayoutUnrecognized(Rule):
    """No performance target table of a known layout was found in a file.

    A reviewer who points perfcheck at a folder must learn which files it
    could make nothing of, rather than read "all checks passed" for them.

    FAIL::

        perfcheck: 1
        tables: []

    PASS::

        tables:
          - name: 2024年示例项目
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
    """

    code = "E002"
    summary_zh = "文件中没有找到已知版式的绩效目标表"
    name = "layout-unrecognized"
    severity = Severity.ERROR
    scope = Scope.ENGINE


class RuleCrashed(Rule):
    """A rule (built-in or from a plugin) raised an exception.

    The exception, the rule and the plugin it comes from are reported for
    the table it was checking; the other rules and tables still run. This
    is a bug in the rule, not in the checked file: report it to the rule's
    author. (It cannot be shown by a document, so its behaviour is tested
    in tests/test_engine.py rather than by examples here.)
    """

    code = "E003"
    summary_zh = "规则运行出错（已跳过，其他规则照常运行）"
    name = "rule-crashed"
    severity = Severity.ERROR
    scope = Scope.ENGINE


class UnusedSuppression(Rule):
    """An inline suppression that held back no finding (like ruff's RUF100).

    ``x-perfcheck-ignore: [V002]``, a ``# perfcheck: ignore[V002]`` comment or
    an Excel note says a reviewer accepted a finding; when the finding has
    gone (the value was fixed), the suppression only hides the next real
    problem there. Remove it. A suppression of a rule that is not enabled is
    not reported. For example, with V002 enabled, this row's suppression is
    unused, because ``>=90%`` is a valid satisfaction target::

        - {level1: 满意度指标, name: 满意度, value: ">=90%", x-perfcheck-ignore: [V002]}

    while on ``value: ">=855"`` it holds back V002 and is counted in the
    summary as suppressed. (Its examples need a second rule enabled, so they
    are tested in tests/test_suppression.py rather than run from here.)
    """

    code = "E004"
    summary_zh = "忽略标记没有屏蔽任何问题"
    name = "unused-suppression"
    severity = Severity.INFO
    scope = Scope.ENGINE
