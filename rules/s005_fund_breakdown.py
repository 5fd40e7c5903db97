from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import money


class FundBreakdown(Rule):
    """财政拨款 + 其他资金 ≠ 年度预算总额, or the total is 0 while a part is not.

    The header's money must add up: the total is what the targets are
    measured against, and the parts say who pays.

    FAIL::

        name: 2024年示例项目
        funds: {total: "100.00", fiscal: "80.00", other: "10.00"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}

    FAIL::

        name: 2024年示例项目
        funds: {total: "0", fiscal: "12.00"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}

    PASS::

        name: 2024年示例项目
        funds: {total: "100.00", fiscal: "90.00", other: "10.00"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
    """

    code = "S005"
    summary_zh = "财政拨款 + 其他资金 ≠ 年度预算总额"
    doc_zh = """
    检查内容：表头的资金应当对得上：财政拨款 + 其他资金 = 年度预算总额。二者不等，或者总额填 0 而分项不为 0，都会报告。

    为何重要：年度预算总额是衡量各项目标（特别是成本指标）的基准，分项说明钱由谁出。数字不一致，后面的对账都无从谈起。

    如何修改：对照预算批复，改正年度预算总额或财政拨款、其他资金中填错的一项。
    """
    name = "fund-breakdown"
    severity = Severity.ERROR

    def check(self, table: Table, ctx: RuleContext):
        funds = table.funds
        if funds is None or funds.total is None:
            return
        parts = [p for p in (funds.fiscal, funds.other) if p is not None]
        if funds.total == 0 and any(parts):
            yield Problem(msg("年度预算总额为 0，但财政拨款或其他资金不为 0", "the total budget is 0 but a part of it is not"), location=table.funds_cell)
        elif funds.fiscal is not None and funds.other is not None and funds.fiscal + funds.other != funds.total:
            summed = funds.fiscal + funds.other
            yield Problem(
                msg(
                    f"财政拨款 {money(funds.fiscal)} + 其他资金 {money(funds.other)} = {money(summed)} 万元，与年度预算总额 {money(funds.total)} 万元不符",
                    f"fiscal {money(funds.fiscal)} + other {money(funds.other)} = {money(summed)} 万元, but the total is {money(funds.total)} 万元",
                ),
                location=table.funds_cell,  # in a worksheet, the 年度预算总额 amount's cell
            )
