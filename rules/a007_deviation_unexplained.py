from __future__ import annotations

from perfcheck.model import SELF_EVALUATION_KINDS, Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import plain
from ._selfeval import missed, says_nothing


class DeviationUnexplained(Rule):
    """A target was missed, or points were deducted, and no reason is given (偏差原因分析及改进措施).

    Every deviation needs its reason and what will be done about it: the
    reviewer reads the column to tell a bad year from a bad target. A cell
    that only says 无 or — explains nothing. A row is a deviation when its
    actual misses a quantitative target, when a qualitative actual says it
    was not (fully) reached (未完成, 部分达成), or when its score is below
    its weight.

    FAIL::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "80 人", weight: 20, score: 16, deviation: 无}

    FAIL::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, actual: 有效提高, weight: 20, score: 15, deviation: ""}

    PASS::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "80 人", weight: 20, score: 16, deviation: 部分学员因疫情未能参训，下年度补训}
          - {level1: 产出指标, level2: 数量指标, name: 培训场次, value: ">=4 次", actual: "5 次", weight: 20, score: 20, deviation: ""}
    """

    code = "A007"
    summary_zh = "有偏差却未说明原因和改进措施"
    name = "deviation-unexplained"
    severity = Severity.WARNING
    table_kinds = SELF_EVALUATION_KINDS
    requires = ("deviation",)

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            if not says_nothing(indicator.deviation):
                continue
            score, weight = indicator.score, indicator.weight
            if score is not None and weight is not None and score < weight:
                why_zh = f"得分 {plain(score)} 低于分值 {plain(weight)}"
                why_en = f"the score {plain(score)} is below the weight {plain(weight)}"
            elif missed(indicator, ctx.units):
                why_zh = f"实际完成值 {indicator.raw_actual} 未达到目标 {indicator.raw_value}"
                why_en = f"the actual {indicator.raw_actual} misses the target {indicator.raw_value}"
            else:
                continue
            yield Problem(
                msg(f"{why_zh}，但未填写偏差原因分析及改进措施", f"{why_en}, but no reason or remedy (偏差原因分析及改进措施) is given"),
                indicator=indicator,
                location=indicator.deviation_location or indicator.location,
            )
