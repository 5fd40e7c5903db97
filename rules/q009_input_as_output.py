from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from perfcheck.model import Problem, Quantity, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import money, plain

# An amount of money in the goal text: 购置设备550万元, 共申请预算资金90万元.
_GOAL_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*万元")
# Below this a bare count equal to the money is likely chance (10 人 in a 10 万元 project).
_MIN_AMOUNT = Decimal(20)


def goal_amounts(goal: str | None) -> set[Decimal]:
    amounts = set()
    for m in _GOAL_AMOUNT.finditer(goal or ""):
        try:
            amounts.add(Decimal(m.group(1)))
        except InvalidOperation:
            continue
    return amounts


class InputAsOutput(Rule):
    """A 数量指标 is an amount of money: money spent is an input, not an output.

    ``发放补贴资金 >=50 万元`` measures what goes in. The output is what the
    money buys: 受助人数 >=500 人. (Money caps belong in 成本指标.)

    A bare number in a 数量指标 that is the table's budget, or an amount of
    万元 the goal states (``550`` when the goal buys 550万元 of equipment), is
    the money too, with its unit left off. Numbers under 20 are not compared:
    10 人 in a 10 万元 project is chance. A number with a unit (from the value,
    the unit column or the name) is a count of that unit and not compared.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 发放补贴资金, value: ">=50 万元"}

    FAIL::

        name: 2024年设备购置项目
        funds: {total: "600"}
        goal: 购置检测设备550万元,开展检测服务
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 购置检测设备, value: ">=550"}

    PASS::

        name: 2018年市级专项扶贫资金基础设施(人大代表扶贫基地)
        funds: {total: "10"}
        goal: 为水濂村带来观光游客不少于6万人,村集体收入达6万元。
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 流转土地, value: ">=60亩"}
          - {level1: 产出指标, level2: 成本指标, name: 流转土地补助标准, value: "<=475元/亩"}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 受助人数, value: ">=500 人"}
          - {level1: 成本指标, level2: 经济成本指标, name: 补贴标准, value: "<=1000 元/人"}
    """

    code = "Q009"
    summary_zh = "数量指标填的是金额（投入不是产出）"
    doc_zh = """
    检查内容：数量指标中填的是金额。花了多少钱是投入，不是产出：「发放补贴资金 >=50 万元」衡量的是投进去多少钱，产出应当是钱换来的东西，如「受助人数 >=500 人」；金额上限应放在成本指标中。没写单位的数字，如果正好等于表的预算总额，或等于项目总体目标中写明的万元金额（如目标写“购置设备 550 万元”，数量指标写「550」），也视为金额，只是漏写了单位。小于 20 的数字不作比较（10 万元的项目中写“10 人”只是巧合）；带单位的数字（单位来自指标值、计量单位栏或名称）是该单位的数量，也不比较。

    为何重要：以花钱多少作为产出，只要钱花出去就算完成，考核不到实际做成了什么。

    如何修改：把数量指标改成钱所购买、所提供的东西的数量，如人数、面积、台数；金额放到成本指标中作为上限。
    """
    name = "input-as-output"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        stated = None  # the budget and the goal's amounts: read when a bare number needs them
        for indicator in table.indicators:
            q = indicator.value
            if "数量" not in indicator.level2 or indicator.is_cost or not isinstance(q, Quantity):
                continue
            if ctx.units.is_money(q.unit):
                yield Problem(
                    msg(
                        f"数量指标「{indicator.name}」是金额（{indicator.raw_value}）：资金投入不是产出，应写明资金带来的产出数量",
                        f"the quantity {indicator.name!r} is an amount of money ({indicator.raw_value}): an input, not an output",
                    ),
                    indicator=indicator,
                )
            elif q.unit is None and q.amount >= _MIN_AMOUNT:
                if stated is None:
                    stated = self._stated(table)
                if q.amount not in stated:
                    continue
                where_zh = "年度预算总额" if table.funds is not None and q.amount == table.funds.total else "绩效目标中的金额"
                where_en = "the budget" if where_zh == "年度预算总额" else "an amount the goal states"
                yield Problem(
                    msg(
                        f"数量指标「{indicator.name}」的值 {plain(q.amount)} 没有单位，与{where_zh} {money(q.amount)} 万元相同："
                        "像是资金投入而不是产出，应写明资金带来的产出数量",
                        f"the quantity {indicator.name!r} is a bare {plain(q.amount)}, the same as {where_en} "
                        f"({money(q.amount)} 万元): money going in, not an output",
                    ),
                    indicator=indicator,
                )

    @staticmethod
    def _stated(table: Table) -> set[Decimal]:
        stated = goal_amounts(table.goal)
        if table.funds is not None and table.funds.total is not None:
            stated.add(table.funds.total)
        return stated
