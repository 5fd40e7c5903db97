from __future__ import annotations

from decimal import Decimal

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import plain


class WeightTotal(Rule):
    """The weights (指标分值权重) of a table must add up to the configured total.

    Weights are points. The national evaluation split is 预算执行率 10,
    产出 50, 效益 30, 满意度 10 = 100; budget execution can only be scored
    after the year, so many provinces' target tables leave those 10 points
    out and sum to 90 (``total = 90``, or the ``xinjiang`` profile). A table
    whose points do not add up cannot be scored as published.

    Only rows with a numeric weight count; a layout without a weight column
    is not checked.

    FAIL::

        name: 2024年示例培训项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", weight: 50}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, weight: 30}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", weight: 15}

    PASS::

        name: 2024年示例培训项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", weight: 60}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, weight: 30}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", weight: 10}

    PASS (total = 90)::

        name: 2024年示例培训项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", weight: 50}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, weight: 30}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", weight: 10}
    """

    code = "W001"
    summary_zh = "分值合计与规定总分不符"
    name = "weight-total"
    severity = Severity.ERROR
    options = {"total": Option(Decimal, Decimal(100), "the points a table's weights must sum to (90 where 预算执行率 is left out)", "一张表分值应合计的总分（不含预算执行率时为 90）")}

    def check(self, table: Table, ctx: RuleContext):
        weights = [i.weight for i in table.indicators if i.weight is not None]
        if not weights:
            return
        total = sum(weights, Decimal(0))
        expected = ctx.options["total"]
        if total == expected:
            return
        gap = total - expected
        zh_gap = f"多 {plain(gap)} 分" if gap > 0 else f"少 {plain(-gap)} 分"
        en_gap = f"{plain(gap)} over" if gap > 0 else f"{plain(-gap)} short"
        yield Problem(
            msg(
                f"指标分值权重合计 {plain(total)}，应为 {plain(expected)}（{zh_gap}）",
                f"the weights sum to {plain(total)}, expected {plain(expected)} ({en_gap})",
            )
        )
