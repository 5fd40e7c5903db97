from __future__ import annotations

from perfcheck.model import Problem, Quantity, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg


class InputAsOutput(Rule):
    """A 数量指标 is an amount of money: money spent is an input, not an output.

    ``发放补贴资金 >=50 万元`` measures what goes in. The output is what the
    money buys: 受助人数 >=500 人. (Money caps belong in 成本指标.)

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 发放补贴资金, value: ">=50 万元"}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 受助人数, value: ">=500 人"}
          - {level1: 成本指标, level2: 经济成本指标, name: 补贴标准, value: "<=1000 元/人"}
    """

    code = "Q009"
    summary_zh = "数量指标填的是金额（投入不是产出）"
    name = "input-as-output"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            q = indicator.value
            if "数量" in indicator.level2 and not indicator.is_cost and isinstance(q, Quantity) and ctx.units.is_money(q.unit):
                yield Problem(
                    msg(
                        f"数量指标「{indicator.name}」是金额（{indicator.raw_value}）：资金投入不是产出，应写明资金带来的产出数量",
                        f"the quantity {indicator.name!r} is an amount of money ({indicator.raw_value}): an input, not an output",
                    ),
                    indicator=indicator,
                )
