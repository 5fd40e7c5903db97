from __future__ import annotations

from perfcheck.model import Empty, Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import is_template_placeholder


class EmptyValue(Rule):
    """An indicator row has no value (指标值): a target with nothing to reach.

    A "……" row (…, ...) with no value is the template's "more rows here"
    line, printed under each category to be filled or left: not a target.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ""}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}

    PASS::

        name: 部门业务费
        indicators:
          - {level1: 产出, name: 目标1：培训人数, value: ">=100 人"}
          - {level1: 产出, name: ……, value: ""}
    """

    code = "V008"
    summary_zh = "指标行没有指标值"
    doc_zh = """
    检查内容：指标行有三级指标名称，却没有填指标值。名称只是“……”（或“…”“...”）而没有指标值的一行，是模板留出的“此处可续填”行，不是目标，不报告。

    为何重要：没有指标值就没有目标，年终无法评价，这一行的分值也就落空了。

    如何修改：补填指标值，如「>=100 人」「2024年12月31日前」「有效提高」；这一行本不需要的，整行删除。
    """
    name = "empty-value"
    severity = Severity.ERROR

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            if isinstance(indicator.value, Empty) and indicator.name.strip() and not is_template_placeholder(indicator):
                yield Problem(msg("指标值为空", "the value is empty"), indicator=indicator)
