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
    doc_zh = """
    检查内容：单个指标的分值占整张表总分的比例过大（默认超过一半，选项 share）。

    为何重要：一行拿走大部分分值，其余指标完成得好坏都左右不了得分，整张表实际上只考核了一件事。常见的情形是分值根本没有分配，比如一行 90 分、其余全是 0 分。

    如何修改：按各指标的重要程度把分值分到各行，使每个目标都对得分有实际影响。
    """
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
