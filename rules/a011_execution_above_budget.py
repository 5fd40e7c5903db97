from __future__ import annotations

from perfcheck.model import SELF_EVALUATION_KINDS, Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import cents, money


class ExecutionAboveBudget(Rule):
    """More was spent than budgeted: 全年执行数 > 全年预算数.

    Spending beyond the year's (adjusted) budget needs a budget adjustment
    first; a funds block that shows it is misstated or records an
    irregularity. Compared to the cent (万元 with two decimals).

    FAIL::

        kind: self-evaluation
        name: 2022年示例项目
        execution: {initial: "50", budget: "50", spent: "52.5", weight: 10, rate: "105%", score: 10}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "100 人", weight: 90, score: 90}

    PASS::

        kind: self-evaluation
        name: 2022年示例项目
        execution: {initial: "50", budget: "55", spent: "52.5", weight: 10, rate: "95.45%", score: 9.55}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "100 人", weight: 90, score: 90}
    """

    code = "A011"
    summary_zh = "全年执行数超过全年预算数"
    doc_zh = """
    检查内容：资金执行部分的全年执行数大于全年预算数，按分比较（万元保留两位小数）。

    为何重要：超出年度（调整后）预算支出，应当先办理预算调整；资金执行部分出现超支，要么是数字填错，要么是支出不合规。

    如何修改：核对全年预算数和全年执行数；确有预算调整的，把调整后的预算数填入全年预算数，否则改正执行数并说明原因。
    """
    name = "execution-above-budget"
    severity = Severity.ERROR
    table_kinds = SELF_EVALUATION_KINDS

    def check(self, table: Table, ctx: RuleContext):
        block = table.execution
        if block is None or block.budget is None or block.spent is None:
            return
        if cents(block.spent) <= cents(block.budget):
            return
        over = block.spent - block.budget
        yield Problem(
            msg(
                f"全年执行数 {money(block.spent)} 万元超过全年预算数 {money(block.budget)} 万元（多 {money(over)} 万元）",
                f"{money(block.spent)} 万元 was spent against a budget of {money(block.budget)} 万元 ({money(over)} 万元 over)",
            ),
            location=block.where("spent"),
            data={"budget": cents(block.budget), "spent": cents(block.spent), "difference": cents(over)},
        )
