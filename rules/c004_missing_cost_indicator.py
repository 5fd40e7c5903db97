from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg


class MissingCostIndicator(Rule):
    """A project table has no cost indicator (成本指标).

    Since 财预〔2021〕101号 every project's targets state what its outputs
    may cost (经济成本, and social or ecological cost where they apply); a
    table without one cannot be checked against its money. Set
    ``required = false`` where the local template predates the rule.
    Unit-wide tables are not concerned.

    FAIL::

        name: 2024年法律顾问项目
        funds: {total: "10.00"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 采购专业技术服务, value: ">=1 套"}

    PASS::

        name: 2024年法律顾问项目
        funds: {total: "10.00"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 采购专业技术服务, value: ">=1 套"}
          - {level1: 成本指标, level2: 经济成本指标, name: 法律顾问服务费, value: "<=10 万元"}

    PASS (required = false)::

        name: 2024年法律顾问项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 采购专业技术服务, value: ">=1 套"}
    """

    code = "C004"
    summary_zh = "项目表没有成本指标"
    doc_zh = """
    检查内容：项目支出绩效目标表中没有任何成本指标。单位整体绩效目标表不检查。

    为何重要：自财预〔2021〕101号起，每个项目的绩效目标都要写明产出的成本（经济成本指标，涉及的还有社会成本、生态环境成本指标）。没有成本指标，目标就无法与资金对账。

    如何修改：按项目的主要支出增设成本指标，如「设备采购成本 <=50 万元」「培训成本 <=300 元/人次」。本地模板早于该文件、不要求成本指标的，可在配置中设 [rules.C004] required = false。
    """
    name = "missing-cost-indicator"
    severity = Severity.WARNING
    table_kinds = ("project", "self-evaluation")  # a unit-wide table has no project money to cost
    options = {"required": Option(bool, True, "whether project tables must have a cost indicator", "项目表是否必须有成本指标")}

    def check(self, table: Table, ctx: RuleContext):
        if not ctx.options["required"] or not table.indicators:
            return
        if not any(i.is_cost for i in table.indicators):
            yield Problem(
                msg("项目绩效目标表没有成本指标（财预〔2021〕101号要求设置成本指标）", "the project table has no cost indicator (required since 财预〔2021〕101号)")
            )
