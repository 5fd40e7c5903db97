from __future__ import annotations

from perfcheck.model import Document, Problem, Severity
from perfcheck.rule import Rule, RuleContext, Scope, msg

from ._common import money
from ._matching import SIMILARITY, list_to_tables, project_tables, unpaired

class ProjectWithoutTargets(Rule):
    """A project in the project list (表 7) has no performance target table.

    Every project that receives money must carry targets (绩效目标); a
    project listed with an amount but no table escapes evaluation. Names are
    matched by similarity, so a table filed under a slightly different
    name still counts (X004 reports the difference).

    FAIL::

        projects:
          - {name: 2024年档案升级改造项目, amount: "45.00"}
          - {name: 2024年法律顾问费项目, amount: "10.00"}
        tables:
          - name: 2024 年档案升级改造项目
            funds: {total: "45.00"}
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 管理平台, value: "=1 个"}

    PASS::

        projects:
          - {name: 2024年法律顾问费项目, amount: "10.00"}
        tables:
          - name: 2024 年法律顾问项目
            funds: {total: "10.00"}
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 采购专业技术服务, value: ">=1 套"}
    """

    code = "X001"
    summary_zh = "项目清单（表 7）中的项目没有绩效目标表"
    doc_zh = """
    检查内容：项目清单（表 7，一般公共预算项目支出情况表）中列出的项目，没有对应的绩效目标表。名称按相似度匹配（选项 similarity），名称略有出入的表也算对应上了（名称上的差异由 X004 报告）。

    为何重要：每个拿到资金的项目都应当有绩效目标；列了金额却没有目标表的项目，就逃过了绩效评价。

    如何修改：为该项目补上绩效目标表并公开；项目已经取消的，更正项目清单。
    """
    name = "project-without-targets"
    severity = Severity.WARNING
    scope = Scope.DOCUMENT
    options = {"similarity": SIMILARITY}

    def check(self, document: Document, ctx: RuleContext):
        if not document.projects or not project_tables(document):
            return
        pairs = list_to_tables(document, float(ctx.options["similarity"]))
        for project in unpaired(document.projects, pairs, 0):
            amount = f"（{money(project.amount)} 万元）" if project.amount is not None else ""
            amount_en = f" ({money(project.amount)} 万元)" if project.amount is not None else ""
            yield Problem(
                msg(f"项目清单中的「{project.name}」{amount}没有绩效目标表", f"{project.name!r}{amount_en} in the project list has no target table"),
                location=project.location,
            )
