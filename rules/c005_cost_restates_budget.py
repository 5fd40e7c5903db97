from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import money
from ._cost import WAN, money_costs


class CostRestatesBudget(Rule):
    """The only cost indicator just repeats the whole budget (项目成本 <=100 万元 of a 100 万元 project).

    It adds up, but says nothing about what the money buys or at what unit
    cost: the 101号 intent is to break the cost down. Informational.

    FAIL::

        name: 2024年示例项目
        funds: {total: "100.00"}
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 项目总成本, value: "<=100 万元"}

    PASS::

        name: 2024年示例项目
        funds: {total: "100.00"}
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 设备采购成本, value: "<=60 万元"}
          - {level1: 成本指标, level2: 经济成本指标, name: 安装调试成本, value: "<=40 万元"}

    PASS::

        name: 2024年示例管护项目
        funds: {total: "7.00"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 聘用管护人员数量, value: ">=7 人"}
          - {level1: 成本指标, level2: 经济成本指标, name: 聘用人员工资发放标准, value: "<=1 万元/人"}

    A floor restating the budget (项目总投入 ``≥6070`` 万元 of a 6070 万元
    project) is reported too, besides C002.

    FAIL::

        name: 原州区2022年南部水源涵养林建设项目
        funds: {total: "6070.00", fiscal: "6070.00"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 实施营造林总面积(亩), value: "80000"}
          - {level1: 产出指标, level2: "成本指标 (必填硬性指标)", name: 项目总投入(≥**万元), value: "6070"}
    """

    code = "C005"
    summary_zh = "唯一的成本指标只是重复了预算总额"
    doc_zh = """
    检查内容：表中唯一的成本指标只是把预算总额重复了一遍，如 100 万元的项目写「项目成本 <=100 万元」。以下限写的（如项目总投入「≥6070」万元，正是 6070 万元的预算）也报告，同时 C002 会报告它是下限。

    为何重要：金额对得上，却没有说明钱买什么、单位成本是多少；101号文的本意是把成本拆开。属于提示级别。

    如何修改：按支出内容把成本拆成几项，写明单价或分项金额，如「设备采购成本 <=60 万元」「安装调试成本 <=40 万元」。
    """
    name = "cost-restates-budget"
    severity = Severity.INFO

    def check(self, table: Table, ctx: RuleContext):
        if table.funds is None or table.funds.total is None:
            return
        caps = money_costs(table, ctx.units, floors=True)  # a floor (≥) restating it is C002 as well
        if len(caps) != 1 or caps[0].value.unit.denominators:
            return
        cap = caps[0]
        amount = ctx.units.convert(cap.value.amount, cap.value.unit.numerator, "元") / WAN
        if amount == table.funds.total:
            yield Problem(
                msg(
                    f"唯一的成本指标「{cap.raw_value}」只是重复年度预算总额 {money(table.funds.total)} 万元，未分解成本",
                    f"the only cost target {cap.raw_value!r} repeats the budget ({money(table.funds.total)} 万元) without breaking it down",
                ),
                indicator=cap,
            )
