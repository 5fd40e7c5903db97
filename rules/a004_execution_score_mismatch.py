from __future__ import annotations

from decimal import Decimal

from perfcheck.model import SELF_EVALUATION_KINDS, Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import plain
from ._selfeval import HUNDRED, agrees


class ExecutionScoreMismatch(Rule):
    """The budget execution score (得分) is not 执行率 × 分值, at most the 分值.

    The national rule (财预〔2020〕10号): the funds block scores 执行率 × its
    分值 (10 as a rule; Hubei's 2020 template 20), never more than the
    分值. The rate used is the one stated, or 全年执行数 ÷ 全年预算数 when
    none is. Where a province scores nothing below a threshold rate, set
    ``zero_below`` (per cent). A score written with fewer decimals (9.5 for
    9.47) agrees with it.

    FAIL::

        kind: self-evaluation
        name: 2023年示例培训项目
        execution: {budget: "50", spent: "40", weight: 10, rate: "80%", score: 10}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "100 人", weight: 50, score: 50}

    PASS::

        kind: self-evaluation
        name: 2023年示例培训项目
        execution: {budget: "50", spent: "40", weight: 10, rate: "80%", score: 8}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "100 人", weight: 50, score: 50}

    PASS (zero_below = 60)::

        kind: self-evaluation
        name: 2023年示例培训项目
        execution: {budget: "50", spent: "25", weight: 10, rate: "50%", score: 0}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "100 人", weight: 50, score: 50}
    """

    code = "A004"
    summary_zh = "预算执行率得分不等于执行率 × 分值"
    name = "execution-score-mismatch"
    severity = Severity.ERROR
    table_kinds = SELF_EVALUATION_KINDS
    options = {
        "tolerance": Option(Decimal, Decimal("0.01"), "points the score may differ by", "得分允许相差的分数"),
        "zero_below": Option(
            Decimal, Decimal(0), "an execution rate (per cent) below which the block scores 0 (0: none)",
            "执行率低于此值（百分比）时得 0 分（0 表示不设）",
        ),
    }

    def check(self, table: Table, ctx: RuleContext):
        block = table.execution
        if block is None or block.score is None or block.weight is None:
            return
        rate = block.rate
        if rate is None and block.budget is not None and block.spent is not None and block.budget > 0:
            rate = block.spent / block.budget * HUNDRED
        if rate is None:
            return
        expected = min(rate / HUNDRED * block.weight, block.weight)
        if rate < ctx.options["zero_below"]:
            expected = Decimal(0)
        if agrees(block.score, expected, ctx.options["tolerance"], ceiling=block.weight):
            return
        shown = plain(expected.quantize(Decimal("0.01")))
        cap_zh = f"，不超过分值 {plain(block.weight)}" if rate > HUNDRED else ""
        cap_en = f", at most the weight {plain(block.weight)}" if rate > HUNDRED else ""
        yield Problem(
            msg(
                f"预算执行率得分 {plain(block.score)}，按执行率 {plain(rate.quantize(Decimal('0.01')))}% × 分值 {plain(block.weight)} 应为 {shown}{cap_zh}",
                f"the execution score is {plain(block.score)}, but rate {plain(rate.quantize(Decimal('0.01')))}% × weight "
                f"{plain(block.weight)} is {shown}{cap_en}",
            ),
            location=block.where("score"),
            suggestion=shown,
            data={"score": block.score, "expected": expected.quantize(Decimal("0.01")), "rate": rate.quantize(Decimal("0.01")), "weight": block.weight},
        )
