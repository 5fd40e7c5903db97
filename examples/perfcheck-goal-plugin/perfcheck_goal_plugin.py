"""An example perfcheck plugin adding one rule, GL001 goal-missing.

Install it next to perfcheck (``pip install ./examples/perfcheck-goal-plugin``)
and ``perfcheck rules`` lists it; nothing else is needed.
"""

from __future__ import annotations

from perfcheck import hookimpl
from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg


class GoalMissing(Rule):
    """A project table states no overall goal (项目总体目标), or one too short to say anything.

    The overall goal says what the money buys; without it the indicators
    cannot be judged against anything.

    FAIL::

        name: 2024年示例项目
        goal: ""
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}

    PASS::

        name: 2024年示例项目
        goal: 安排资金10万元，用于培训基层人员100人次，提高业务水平。
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
    """

    code = "GL001"
    name = "goal-missing"
    summary_zh = "项目表没有项目总体目标，或目标过短"  # what `perfcheck rules` shows by default
    # What `perfcheck rule GL001` explains by default, after summary_zh; the
    # docstring above is the English explanation, and its examples serve both.
    doc_zh = """
    检查内容：项目支出绩效目标表没有填写项目总体目标，或者写得太短（少于 min_length 个字，默认 10 个字）。

    为何重要：项目总体目标说明这笔钱用来做什么；没有它，各项指标就没有可以对照的依据。

    如何修改：写明资金的用途和预期达到的效果，如“安排资金10万元，用于培训基层人员100人次，提高业务水平。”
    """
    severity = Severity.WARNING
    options = {"min_length": Option(int, 10, "fewer characters than this count as no goal", "少于这么多字视为没有目标")}
    table_kinds = ("project",)  # project tables only: the engine passes no other

    def check(self, table: Table, ctx: RuleContext):
        goal = (table.goal or "").strip()
        if len(goal) < ctx.options["min_length"]:
            yield Problem(
                msg(
                    f"项目总体目标缺失或过短（{len(goal)} 字）",
                    f"the overall goal is missing or too short ({len(goal)} characters)",
                ),
                # The figures behind the message, for programs: the JSON report's "data".
                data={"goal_length": len(goal), "min_length": ctx.options["min_length"]},
            )


@hookimpl
def perfcheck_rules():
    return [GoalMissing]
