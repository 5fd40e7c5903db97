from __future__ import annotations

from perfcheck.model import Document, Problem, Severity
from perfcheck.rule import Rule, RuleContext, Scope, msg

from ._common import money
from ._matching import SIMILARITY, list_to_tables, project_tables


class AmountMismatch(Rule):
    """The project list's amount (表 7) differs from the table's 年度预算总额.

    The same project cannot be worth two amounts in one disclosure: one of
    them is wrong, and the targets were set for one of them.

    FAIL::

        projects:
          - {name: 2024年档案升级改造项目, amount: "45.00"}
        tables:
          - name: 2024 年档案升级改造项目
            funds: {total: "54.00"}
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 管理平台, value: "=1 个"}

    PASS::

        projects:
          - {name: 2024年档案升级改造项目, amount: "45"}
        tables:
          - name: 2024 年档案升级改造项目
            funds: {total: "45.00"}
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 管理平台, value: "=1 个"}
    """

    code = "X003"
    summary_zh = "项目清单的金额与表中年度预算总额不符"
    doc_zh = """
    检查内容：项目清单（表 7）中的金额与该项目绩效目标表上的年度预算总额不符。

    为何重要：同一份公开中，同一个项目不可能有两个金额：其中一个是错的，而绩效目标是按其中一个金额设定的。

    如何修改：对照预算批复改正错误的一方；目标是按错误金额设定的，一并调整。
    """
    name = "amount-mismatch"
    severity = Severity.ERROR
    scope = Scope.DOCUMENT
    options = {"similarity": SIMILARITY}

    def check(self, document: Document, ctx: RuleContext):
        tables = [t for t in project_tables(document) if t.funds and t.funds.total is not None]
        for project, table, _ in list_to_tables(document, float(ctx.options["similarity"]), tables):
            if project.amount is None or project.amount == table.funds.total:
                continue
            gap = abs(project.amount - table.funds.total)
            yield Problem(
                msg(
                    f"项目清单（表 7）金额 {money(project.amount)} 万元，绩效目标表年度预算总额 {money(table.funds.total)} 万元，相差 {money(gap)} 万元",
                    f"the project list says {money(project.amount)} 万元, the table's budget is {money(table.funds.total)} 万元 ({money(gap)} apart)",
                ),
                table=table,
            )
