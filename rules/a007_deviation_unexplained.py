from __future__ import annotations

from decimal import Decimal

from perfcheck.model import SELF_EVALUATION_KINDS, Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import plain
from ._selfeval import HUNDRED, missed, says_nothing


class DeviationUnexplained(Rule):
    """A target was missed, or points were deducted, and no reason is given (偏差原因分析及改进措施).

    Every deviation needs its reason and what will be done about it: the
    reviewer reads the column to tell a bad year from a bad target. A cell
    that only says 无 or — explains nothing. A row is a deviation when its
    actual misses a quantitative target, when a qualitative actual says it
    was not (fully) reached (未完成, 部分达成), or when its score is below
    its weight.

    Where a province asks the funds block for a reason when the execution
    rate falls short (Sichuan's 2023 layout: below 90%, in its 原因
    column), set ``execution_below`` to that rate in per cent, as the
    ``sichuan-2023`` profile does; 0, the default, asks none.

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

    FAIL (execution_below = 90)::

        kind: self-evaluation
        name: 2022年示例项目
        execution: {budget: "100", spent: "85", weight: 10, rate: "85%", score: 8.5, reason: ""}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训场次, value: ">=4 次", actual: "5 次", weight: 20, score: 20, deviation: ""}

    PASS (execution_below = 90)::

        kind: self-evaluation
        name: 2022年示例项目
        execution: {budget: "100", spent: "85", weight: 10, rate: "85%", score: 8.5, reason: 设备采购尾款按合同于次年支付}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训场次, value: ">=4 次", actual: "5 次", weight: 20, score: 20, deviation: ""}

    PASS::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "80 人", weight: 20, score: 16, deviation: 部分学员因疫情未能参训，下年度补训}
          - {level1: 产出指标, level2: 数量指标, name: 培训场次, value: ">=4 次", actual: "5 次", weight: 20, score: 20, deviation: ""}
    """

    code = "A007"
    summary_zh = "有偏差却未说明原因和改进措施"
    doc_zh = """
    检查内容：有偏差却没有写“偏差原因分析及改进措施”。以下情况都算有偏差：定量目标的实际值没有达到目标；定性目标的实际完成情况写明未完成或部分达成；得分低于分值。只写“无”或“—”不算说明。要求资金执行率低于一定比例时说明原因的省份（如四川 2023 年版式要求执行率低于 90% 时说明），可设置 execution_below（百分比），sichuan-2023 预设已设置。

    为何重要：审核人员要靠这一栏判断是年度执行出了问题，还是目标本身定得不合理；没有原因和措施，偏差就无从改进。

    如何修改：在该行的偏差原因分析及改进措施栏写明未完成（或扣分）的具体原因，以及下一步的改进措施。
    """
    name = "deviation-unexplained"
    severity = Severity.WARNING
    table_kinds = SELF_EVALUATION_KINDS
    requires = ("deviation",)
    options = {
        "execution_below": Option(
            Decimal, Decimal(0), "an execution rate (per cent) below which the funds block must give a reason (0: none asked)",
            "执行率低于此值（百分比）时，资金执行部分须说明原因（0 表示不要求）",
        ),
    }

    def check(self, table: Table, ctx: RuleContext):
        block, threshold = table.execution, ctx.options["execution_below"]
        if block is not None and threshold > 0 and says_nothing(block.reason):
            rate = block.rate
            if rate is None and block.budget and block.spent is not None:
                rate = block.spent / block.budget * HUNDRED
            if rate is not None and rate < threshold:
                shown = plain(rate.quantize(Decimal("0.01")))
                yield Problem(
                    msg(
                        f"预算执行率 {shown}% 低于 {plain(threshold)}%，但未说明原因",
                        f"the execution rate {shown}% is below {plain(threshold)}%, but no reason is given",
                    ),
                    location=block.where("reason"),
                    data={"rate": rate.quantize(Decimal("0.01")), "threshold": threshold},
                )
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
