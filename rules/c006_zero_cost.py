from __future__ import annotations

from perfcheck.model import Problem, Quantity, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg


class ZeroCost(Rule):
    """A cost cap of 0 (``= 0 万元``): nothing may be spent, or the unit was too large for the amount.

    A cap of 0 万元 on a real expense usually means the amount (a few
    hundred 元) was rounded away in 万元.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 印刷费, value: "= 0 万元"}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 印刷费, value: "<=300 元"}
    """

    code = "C006"
    summary_zh = "成本上限为 0（单位过大）"
    doc_zh = """
    检查内容：成本上限为 0，如「= 0 万元」：要么一分钱也不能花，要么单位选得太大。

    为何重要：实际发生的支出写成 0，多半是几百元的金额在以万元为单位时四舍五入成了 0，成本对账也因此出错。

    如何修改：用合适的单位写出实际金额，如「<=500 元」或「<=0.05 万元」。
    """
    name = "zero-cost"
    severity = Severity.ERROR

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            q = indicator.value
            if indicator.is_cost and isinstance(q, Quantity) and q.amount == 0 and ctx.units.is_money(q.unit):
                yield Problem(
                    msg(
                        f"成本指标「{indicator.raw_value}」为 0：若实有支出，可能是单位过大（改用元）",
                        f"the cost cap {indicator.raw_value!r} is 0: if money is spent, the unit is probably too large (use 元)",
                    ),
                    indicator=indicator,
                )
