from __future__ import annotations

from decimal import Decimal

from perfcheck.model import Bound, Problem, Quantity, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import is_satisfaction, plain


class SatisfactionBelowMinimum(Rule):
    """A satisfaction target (满意度) is below the configured minimum (default 80%).

    Evaluation practice treats satisfaction under 80% as a failure; a
    target set lower is a target set to be met without effort.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 满意度指标, level2: 满意度指标, name: 群众满意度, value: ">=70%"}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 满意度指标, level2: 满意度指标, name: 群众满意度, value: ">=85%"}
    """

    code = "Q002"
    summary_zh = "满意度目标低于下限（默认 80%）"
    doc_zh = """
    检查内容：满意度目标低于规定的下限（默认 80%，选项 minimum）。

    为何重要：评价实践中满意度低于 80% 就算不合格；目标定得比这还低，等于不用努力就能完成。

    如何修改：把满意度目标提高到下限以上，如「>=85%」「>=90%」。建议值只是提示，加 --unsafe-fixes 才会自动写入。
    """
    fix_field, fix_safe = "value", False
    name = "satisfaction-below-minimum"
    severity = Severity.WARNING
    options = {"minimum": Option(Decimal, Decimal(80), "the lowest acceptable satisfaction target, in %", "满意度目标的最低值（%）")}

    def check(self, table: Table, ctx: RuleContext):
        minimum = ctx.options["minimum"]
        for indicator in table.indicators:
            q = indicator.value
            if not (is_satisfaction(indicator) and isinstance(q, Quantity) and q.is_percent):
                continue
            if q.bound is not Bound.UPPER and 0 <= q.amount < minimum:
                yield Problem(
                    msg(
                        f"满意度目标 {plain(q.amount)}% 低于最低要求 {plain(minimum)}%",
                        f"the satisfaction target {plain(q.amount)}% is below the minimum of {plain(minimum)}%",
                    ),
                    indicator=indicator,
                    suggestion=f">={plain(minimum)}%",
                )
