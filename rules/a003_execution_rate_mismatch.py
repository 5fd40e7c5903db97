from __future__ import annotations

from decimal import Decimal

from perfcheck.model import SELF_EVALUATION_KINDS, Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import money, plain
from ._selfeval import HUNDRED, agrees


class ExecutionRateMismatch(Rule):
    """The execution rate (执行率) is not 全年执行数 ÷ 全年预算数.

    The funds block states the year's budget, what was spent and the rate
    between them; a rate that does not follow from the two amounts is
    misstated, and its score with it. A rate written with fewer decimals
    than the quotient (95% for 95.3%) agrees with it; otherwise the rate
    may differ by ``tolerance`` percentage points.

    FAIL::

        kind: self-evaluation
        name: 2023年示例培训项目
        execution: {initial: "50", budget: "50", spent: "40", weight: 10, rate: "100%", score: 10}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "100 人", weight: 50, score: 50}

    PASS::

        kind: self-evaluation
        name: 2023年示例培训项目
        execution: {initial: "50", budget: "48", spent: "45.72", weight: 10, rate: "95.25%", score: 9.53}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "100 人", weight: 50, score: 50}
    """

    code = "A003"
    summary_zh = "执行率不等于全年执行数 ÷ 全年预算数"
    doc_zh = """
    检查内容：资金执行部分填写的执行率不等于“全年执行数 ÷ 全年预算数”。执行率写得比商少几位小数（如算出 95.3%、填 95%）视为一致；其余相差超过 tolerance 个百分点即报告。

    为何重要：执行率由全年预算数和全年执行数两个金额算出，执行率得分又由执行率算出。执行率填错，预算执行的评价和得分随之失真。

    如何修改：用全年执行数除以全年预算数重新计算执行率，并据此重新核算预算执行率得分（见 A004）。
    """
    name = "execution-rate-mismatch"
    severity = Severity.ERROR
    table_kinds = SELF_EVALUATION_KINDS
    options = {
        "tolerance": Option(Decimal, Decimal("0.01"), "percentage points the stated rate may differ by", "执行率允许相差的百分点"),
    }

    def check(self, table: Table, ctx: RuleContext):
        block = table.execution
        if block is None or block.rate is None or block.budget is None or block.spent is None or block.budget <= 0:
            return
        computed = block.spent / block.budget * HUNDRED
        if agrees(block.rate, computed, ctx.options["tolerance"], ceiling=HUNDRED):
            return
        shown = computed.quantize(Decimal("0.01"))
        yield Problem(
            msg(
                f"执行率 {plain(block.rate)}%，按全年执行数 {money(block.spent)} ÷ 全年预算数 {money(block.budget)} 应为 {shown}%",
                f"the execution rate is {plain(block.rate)}%, but spent {money(block.spent)} ÷ budget {money(block.budget)} is {shown}%",
            ),
            location=block.where("rate"),
            suggestion=f"{shown}%",
            data={"rate": block.rate, "computed": shown, "budget": block.budget, "spent": block.spent},
        )
