from __future__ import annotations

from perfcheck.model import Empty, Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg


class EmptyValue(Rule):
    """An indicator row has no value (指标值): a target with nothing to reach.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ""}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
    """

    code = "V008"
    summary_zh = "指标行没有指标值"
    name = "empty-value"
    severity = Severity.ERROR

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            if isinstance(indicator.value, Empty) and indicator.name.strip():
                yield Problem(msg("指标值为空", "the value is empty"), indicator=indicator)
