from __future__ import annotations

from perfcheck.model import SELF_EVALUATION_KINDS, Bound, Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import plain
from ._selfeval import compare, missed, scored


class UnearnedScore(Rule):
    """The actual misses its target, yet the row has full marks (得分虚高).

    The actual (实际完成值) is held against the target by the target's
    comparison (a floor ``>=``, a cap ``<=``; with none, a floor, or a cap
    for a cost or a 反向 row) and unit (an actual in 元 against a target in
    万元 is converted; a bare number takes the target's unit). A missed
    target cannot earn its whole 分值: seen in published tables, 72.74%
    against a 100% target scored in full. A qualitative target is missed
    when its actual says so (未完成, 部分达成, 基本完成).

    FAIL::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 资金拨付率, value: "=100%", actual: "72.74%", weight: 10, score: 10}

    FAIL::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 人均补助, value: "<=4500 元/人", actual: "0.5 万元/人", weight: 10, score: 10}

    FAIL::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 效益指标, level2: 社会效益指标, name: 群众出行条件, value: 明显改善, actual: 部分达成, weight: 20, score: 20}

    PASS::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 资金拨付率, value: "=100%", actual: "100%", weight: 10, score: 10}
          - {level1: 效益指标, level2: 社会效益指标, name: 群众出行条件, value: 明显改善, actual: 明显改善, weight: 20, score: 20}
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "90", weight: 10, score: 9}
    """

    code = "A005"
    summary_zh = "未完成目标却得满分"
    doc_zh = """
    检查内容：实际完成值没有达到年度指标值，该行却得了满分（得分虚高）。按目标值的比较方向判断：下限（>=）要不低于目标，上限（<=）要不高于目标；没有比较符号的按下限处理，成本指标和反向指标按上限处理。单位不同的先换算（元与万元），实际值没写单位的按目标的单位。定性目标的实际完成情况写明“未完成”“部分达成”“基本完成”等的，也视为未完成。

    为何重要：未完成的目标不能拿满分。已公开的自评表中出现过实际 72.74%、目标 100% 却得满分的情况。得分虚高会抬高总分和自评等级，使自评失去可信度。

    如何修改：按本地计分办法（按比例或按等级扣分）重新给该行打分，并在偏差原因分析及改进措施中说明未完成的原因（见 A007）。
    """
    name = "unearned-score"
    severity = Severity.ERROR
    table_kinds = SELF_EVALUATION_KINDS
    requires = ("actual", "score", "weight")

    def check(self, table: Table, ctx: RuleContext):
        for indicator, score, weight in scored(table):
            if score < weight:
                continue
            found = compare(indicator, ctx.units)
            if found is None:
                if missed(indicator, ctx.units):  # a qualitative actual that says the target was not reached
                    yield Problem(
                        msg(
                            f"实际完成情况为“{indicator.raw_actual}”，目标 {indicator.raw_value} 未完全达成，却得满分 {plain(score)}（分值 {plain(weight)}）",
                            f"the actual says “{indicator.raw_actual}”: the target {indicator.raw_value} was not fully reached, yet scores "
                            f"the full {plain(score)} (weight {plain(weight)})",
                        ),
                        indicator=indicator,
                        location=indicator.score_location,
                        data={"score": score, "weight": weight},
                    )
                continue
            if found.met:
                continue
            side_zh = "未达到" if found.bound is Bound.LOWER else "超过"
            side_en = "falls short of" if found.bound is Bound.LOWER else "exceeds"
            unit = found.unit
            yield Problem(
                msg(
                    f"实际完成值 {indicator.raw_actual} {side_zh}目标 {indicator.raw_value}，却得满分 {plain(score)}（分值 {plain(weight)}）",
                    f"the actual {indicator.raw_actual} {side_en} the target {indicator.raw_value}, yet scores the full "
                    f"{plain(score)} (weight {plain(weight)})",
                ),
                indicator=indicator,
                location=indicator.score_location,
                data={"target": found.target, "actual": found.actual, "unit": unit, "score": score, "weight": weight},
            )
