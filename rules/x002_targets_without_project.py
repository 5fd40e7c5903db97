from __future__ import annotations

from perfcheck.model import Document, Problem, Severity
from perfcheck.rule import Rule, RuleContext, Scope, msg

from ._matching import SIMILARITY, list_to_tables, project_tables, unpaired


class TargetsWithoutProject(Rule):
    """A project target table names a project the project list (表 7) does not have.

    Either the money is not where the disclosure says it is, or the table is
    filed under a name nobody will find (often the budget subject's name
    instead of the project's). Tables funded only from 其他资金 are left
    alone: the project list covers fiscal funds (一般公共预算). Silent when
    the document has no project list.

    FAIL::

        projects:
          - {name: 2024年档案升级改造项目, amount: "45.00"}
        tables:
          - name: 2024 年档案升级改造项目
            funds: {total: "45.00", fiscal: "45.00"}
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 管理平台, value: "=1 个"}
          - name: 征地和拆迁补偿支出
            funds: {total: "20000.00", fiscal: "20000.00"}
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 危旧房屋改造拆除, value: ">=1800 套"}

    PASS::

        projects:
          - {name: 2024年档案升级改造项目, amount: "45.00"}
        tables:
          - name: 2024 年档案升级改造项目
            funds: {total: "45.00", fiscal: "45.00"}
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 管理平台, value: "=1 个"}
          - name: 2023 年实有资金
            funds: {total: "922.56", fiscal: "0.00", other: "922.56"}
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 保障单位日常运转期限, value: "=12 个月"}
    """

    code = "X002"
    summary_zh = "绩效目标表的项目不在项目清单中"
    doc_zh = """
    检查内容：项目支出绩效目标表中的项目，在项目清单（表 7）中找不到。只由其他资金安排的项目不检查，因为项目清单只列一般公共预算（财政拨款）安排的项目。文件中没有项目清单时不检查。

    为何重要：要么资金不在公开所说的地方，要么这张表用了一个没人找得到的名称（常见的是用了预算科目名称，而不是项目名称）。

    如何修改：使目标表上的项目名称与项目清单一致；项目确实不在清单中的，核对清单是否漏列。
    """
    name = "targets-without-project"
    severity = Severity.WARNING
    scope = Scope.DOCUMENT
    options = {"similarity": SIMILARITY}

    def check(self, document: Document, ctx: RuleContext):
        tables = [t for t in project_tables(document) if not (t.funds and t.funds.fiscal is not None and t.funds.fiscal == 0)]
        if not document.projects or not tables:
            return
        pairs = list_to_tables(document, float(ctx.options["similarity"]), tables)
        for table in unpaired(tables, pairs, 1):
            yield Problem(
                msg(f"绩效目标表「{table.name}」不在项目清单（表 7）中", f"the target table {table.name!r} is not in the project list"),
                table=table,
            )
