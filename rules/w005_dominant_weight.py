from __future__ import annotations

from decimal import Decimal

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import plain


class DominantWeight(Rule):
    """One indicator carries more than a set share of the table's points (default half).

    When one row holds most of the points, the others cannot move the
    score: the table measures one thing. Usually the points were not
    distributed at all (90 on one row, 0 on the rest).

    FAIL::

        name: 2024年示例核查项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 核查数量, value: ">=357 座", weight: 90}
          - {level1: 产出指标, level2: 数量指标, name: 出具核查报告, value: "=1 个", weight: 0}

    PASS::

        name: 2024年示例核查项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 核查数量, value: ">=357 座", weight: 45}
          - {level1: 产出指标, level2: 数量指标, name: 出具核查报告, value: "=1 个", weight: 45}
    """

    code = "W005"
    summary_zh = "单个指标分值占比过大"
    name = "dominant-weight"
    severity = Severity.WARNING
    requires = ("weight",)
    options = {"share": Option(Decimal, Decimal("0.5"), "the largest share of the points one indicator may carry", "单个指标分值占总分的最大比例")}

    def check(self, table: Table, ctx: RuleContext):
        weighted = [i for i in table.indicators if i.weight is not None]
        total = sum((i.weight for i in weighted), Decimal(0))
        if total <= 0 or len(weighted) < 2:
            return
        for indicator in weighted:
            share = indicator.weight / total
            if share > ctx.options["share"]:
                percent = plain((share * 100).quantize(Decimal("1")))
                yield Problem(
                    msg(
                        f"该指标分值 {plain(indicator.weight)}，占全表 {plain(total)} 分的 {percent}%，其余指标几乎不影响得分",
                        f"this indicator carries {plain(indicator.weight)} of {plain(total)} points ({percent}%)",
                    ),
                    indicator=indicator,
                    location=indicator.weight_location,
                )
