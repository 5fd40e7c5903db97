from __future__ import annotations

from decimal import Decimal

from perfcheck.model import Bound, Problem, Quantity, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import money
from ._cost import Unresolved, arithmetic, cap_term, money_costs


class CostTotalMismatch(Rule):
    """The cost caps (成本指标) must account for the project's money (年度预算总额).

    Under 财预〔2021〕101号 cost indicators state what the money buys at most.
    Their caps, converted to 万元 and multiplied out, should equal the
    budget: a per-unit cap is multiplied by the quantity indicator of the
    same table it is per (元/座 × ``>=357 座``; 元/人/月 × ``>=2 人`` × 12
    months). A per-month cap with no month indicator counts the 12 months
    of the budget year, and says so. Caps that exceed the budget promise
    money the project does not have (an error); caps that fall short leave
    money no target accounts for (a warning).

    A lower bound (``>=100 万元``) is not a cap and is left out of the sum
    (C002 reports it). A cap per unit whose quantity the table never states
    cannot be multiplied out, and the table is not checked.

    FAIL::

        name: 2024年示例设备项目
        funds: {total: "100.00"}
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 设备采购成本, value: "<=50 万元"}
          - {level1: 成本指标, level2: 经济成本指标, name: 设备维护成本, value: "<=60 万元"}

    PASS::

        name: 2024年示例安保项目
        funds: {total: "10.80"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 聘用保安人员数量, value: ">=2 人"}
          - {level1: 成本指标, level2: 经济成本指标, name: 保安人员工资, value: "<=4500 元/人/月"}

    PASS::

        name: 2024年示例核查项目
        funds: {total: "75.00"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 矿山核查数量, value: ">=357 座"}
          - {level1: 成本指标, level2: 经济成本指标, name: 矿山核查费用, value: "<=2100 元/座"}
    """

    code = "C001"
    summary_zh = "成本指标上限（换算、乘以数量后）与年度预算总额不符"
    name = "cost-total-mismatch"
    severity = Severity.ERROR
    options = {
        "tolerance": Option(Decimal, Decimal("0.01"), "how far the caps may differ from the budget, as a share of it", "成本上限合计与预算总额允许相差的比例"),
        "months": Option(int, 12, "months a per-month cap counts when the table states no duration", "表中未写期限时，按月的上限计几个月"),
    }

    def check(self, table: Table, ctx: RuleContext):
        if table.funds is None or table.funds.total is None:
            return
        caps = money_costs(table, ctx.units)
        if not caps:
            return
        try:
            terms = [cap_term(i, table, ctx.units, ctx.options["months"]) for i in caps]
        except Unresolved:
            return
        budget = table.funds.total
        total = sum((t.amount for t in terms), Decimal(0))
        gap = total - budget
        if abs(gap) <= abs(budget) * ctx.options["tolerance"]:
            return
        sum_zh, sum_en = arithmetic(terms, total)
        floors = [i for i in table.indicators if i.is_cost and isinstance(i.value, Quantity) and i.value.bound is Bound.LOWER]
        note_zh = "；未计入下限值：" + "、".join(f"{i.name} {i.raw_value}" for i in floors) if floors else ""
        note_en = "; lower bounds left out: " + ", ".join(f"{i.name} {i.raw_value}" for i in floors) if floors else ""
        if gap > 0:
            verdict_zh, verdict_en, severity = f"超出 {money(gap)} 万元", f"{money(gap)} 万元 over", Severity.ERROR
        else:
            verdict_zh, verdict_en, severity = f"相差 {money(-gap)} 万元", f"{money(-gap)} 万元 short", Severity.WARNING
        yield Problem(
            msg(
                f"成本指标上限合计 {money(total)} 万元，年度预算总额 {money(budget)} 万元，{verdict_zh}"
                f"（{sum_zh}{note_zh}）",
                f"the cost caps add up to {money(total)} 万元 against a budget of {money(budget)} 万元, {verdict_en}"
                f" ({sum_en}{note_en})",
            ),
            severity=severity,
        )
