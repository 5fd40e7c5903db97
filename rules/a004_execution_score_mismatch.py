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
    doc_zh = """
    检查内容：预算执行率得分不等于“执行率 × 分值”（不超过分值）。这是财预〔2020〕10号的全国口径：资金执行部分的分值一般为 10 分（湖北 2020 年模板为 20 分）。表中未填执行率时，按全年执行数 ÷ 全年预算数计算。执行率低于某一门槛即得 0 分的省份，可设置 zero_below（百分比）。得分写得少几位小数（如 9.47 写作 9.5）视为一致。

    为何重要：预算执行率得分是总分的一部分，按公式可以精确核对；算错会直接抬高或压低总分。

    如何修改：按“执行率 × 分值”重新计算得分，最多给满分值；本地计分办法不同的，在配置中设置相应选项。
    """
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
