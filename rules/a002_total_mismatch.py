from __future__ import annotations

from decimal import Decimal

from perfcheck.model import SELF_EVALUATION_KINDS, Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import plain
from ._selfeval import agrees


class TotalMismatch(Rule):
    """The total score (总分) is not the sum of the scores (得分), the budget execution score included.

    总分 is what the grade and the published verdict rest on; it must be the
    rows' 得分 added up, with the funds block's 得分 (预算执行率) when the
    table has one. A total written with fewer decimals than the sum (98.5
    for 98.47) agrees with it.

    FAIL::

        kind: self-evaluation
        name: 2023年示例培训项目
        execution: {budget: "50", spent: "45", weight: 10, rate: "90%", score: 9}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "100 人", weight: 50, score: 50}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, actual: 有效提高, weight: 30, score: 30}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", actual: "95%", weight: 10, score: 10}
        total_score: 100

    PASS::

        kind: self-evaluation
        name: 2023年示例培训项目
        execution: {budget: "50", spent: "45", weight: 10, rate: "90%", score: 9}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "100 人", weight: 50, score: 50}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, actual: 有效提高, weight: 30, score: 30}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", actual: "95%", weight: 10, score: 10}
        total_score: 99
    """

    code = "A002"
    summary_zh = "总分不等于各项得分之和"
    doc_zh = """
    检查内容：总分不等于各行得分之和；表中有资金执行部分的，其得分（预算执行率得分）也要计入。总分写得比合计少几位小数（如合计 98.47、总分写 98.5）视为一致；其余差额超过 tolerance 分即报告。

    为何重要：自评等级和公开的评价结论都以总分为依据。总分与各项得分对不上，说明有得分漏算、重复计算或抄错。

    如何修改：把各行得分和预算执行率得分重新相加，改正总分；若是某行得分有误，先改正该行。
    """
    name = "total-mismatch"
    severity = Severity.ERROR
    table_kinds = SELF_EVALUATION_KINDS
    options = {
        "tolerance": Option(Decimal, Decimal("0.01"), "points the total may differ from the sum by", "总分与得分之和允许相差的分数"),
    }

    def check(self, table: Table, ctx: RuleContext):
        if table.total_score is None:
            return
        scores = [i.score for i in table.indicators if i.score is not None]
        block = table.execution
        execution = block.score if block is not None else None
        if not scores:
            return
        summed = sum(scores, Decimal(0)) + (execution or 0)
        if agrees(table.total_score, summed, ctx.options["tolerance"]):
            return
        part_zh = f"（含预算执行率得分 {plain(execution)}）" if execution is not None else ""
        part_en = f" (the budget execution score {plain(execution)} included)" if execution is not None else ""
        gap = table.total_score - summed
        side_zh, side_en = ("多", "over") if gap > 0 else ("少", "short")
        yield Problem(
            msg(
                f"总分 {plain(table.total_score)}，各项得分合计 {plain(summed)}{part_zh}，总分{side_zh} {plain(abs(gap))} 分",
                f"the total score is {plain(table.total_score)}, the scores sum to {plain(summed)}{part_en}: "
                f"the total is {plain(abs(gap))} {side_en}",
            ),
            location=table.total_score_location,
            data={"total_score": table.total_score, "score_sum": summed, "difference": gap},
        )
