from __future__ import annotations

from perfcheck.model import Problem, Qualitative, Quantity, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg


class CostNotMonetary(Rule):
    """A cost indicator (成本指标) is not stated in money (``100 %``, ``=1 批``, 控制在预算内).

    A cost indicator caps what something costs, in 元 or 万元 (or per unit:
    元/人). A percentage or a count cannot be added up against the budget.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 预算执行率, value: "=100%"}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 成本控制, value: 控制在预算内}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 设备采购成本, value: "<=50 万元"}
          - {level1: 成本指标, level2: 经济成本指标, name: 人均培训成本, value: "<=300 元/人"}
    """

    code = "C003"
    summary_zh = "成本指标的单位不是金额"
    doc_zh = """
    检查内容：成本指标的值不是金额，如「100 %」「=1 批」「控制在预算内」。成本指标应以元或万元计，或按单位计（如 元/人、元/亩）。

    为何重要：百分比、件数或一句话无法与预算相加对账，成本指标也就起不到控制支出的作用。

    如何修改：写明金额上限，如「<=32 万元」「<=4500 元/人/月」；这一行实际是质量或数量目标的，移到相应的指标类别下。
    """
    name = "cost-not-monetary"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            if not indicator.is_cost:
                continue
            value = indicator.value
            if isinstance(value, Qualitative) or (isinstance(value, Quantity) and not ctx.units.is_money(value.unit)):
                yield Problem(
                    msg(
                        f"成本指标「{indicator.raw_value}」不是金额，无法与预算核对（应以元或万元计）",
                        f"the cost target {indicator.raw_value!r} is not an amount of money (元, 万元)",
                    ),
                    indicator=indicator,
                )
