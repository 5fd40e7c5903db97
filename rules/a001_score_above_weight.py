from __future__ import annotations

from perfcheck.model import SELF_EVALUATION_KINDS, Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import plain


class ScoreAboveWeight(Rule):
    """A score (得分) is above its weight (分值): more points than the row is worth.

    A row of a self-evaluation table earns at most its 分值; the funds
    block's 得分 at most its own 分值 (10 as a rule). A score above it is a
    typing error or a misread formula, and inflates the total.

    FAIL::

        kind: self-evaluation
        name: 2023年示例培训项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "120 人", weight: 20, score: 24}

    FAIL::

        kind: self-evaluation
        name: 2023年示例培训项目
        execution: {budget: "50", spent: "50", weight: 10, rate: "100%", score: 12}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "120 人", weight: 20, score: 20}

    PASS::

        kind: self-evaluation
        name: 2023年示例培训项目
        execution: {budget: "50", spent: "50", weight: 10, rate: "100%", score: 10}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "120 人", weight: 20, score: 20}
    """

    code = "A001"
    summary_zh = "得分超过分值"
    doc_zh = """
    检查内容：自评表中某一行的得分高于该行的分值；资金执行部分（预算执行率）的得分高于其分值（一般为 10 分）也在此列。

    为何重要：每一行最多只能得到它的分值。得分超过分值，通常是录入错误或套错了计分公式，还会虚增总分，进而影响自评等级。

    如何修改：核对该行的计分依据，把得分改为不超过分值的正确数值，并重新合计总分（见 A002）。
    """
    name = "score-above-weight"
    severity = Severity.ERROR
    table_kinds = SELF_EVALUATION_KINDS

    def check(self, table: Table, ctx: RuleContext):
        block = table.execution
        if block is not None and block.score is not None and block.weight is not None and block.score > block.weight:
            yield Problem(
                msg(
                    f"预算执行率得分 {plain(block.score)} 超过分值 {plain(block.weight)}",
                    f"the budget execution score {plain(block.score)} is above its weight {plain(block.weight)}",
                ),
                location=block.where("score"),
                data={"score": block.score, "weight": block.weight},
            )
        for indicator in table.indicators:
            score, weight = indicator.score, indicator.weight
            if score is not None and weight is not None and score > weight:
                yield Problem(
                    msg(f"得分 {plain(score)} 超过分值 {plain(weight)}", f"the score {plain(score)} is above the weight {plain(weight)}"),
                    indicator=indicator,
                    location=indicator.score_location,
                    data={"score": score, "weight": weight},
                )
