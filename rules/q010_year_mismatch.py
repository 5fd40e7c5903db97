from __future__ import annotations

import re

from perfcheck.model import Document, Problem, Severity
from perfcheck.rule import Rule, RuleContext, Scope, msg

YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


class YearMismatch(Rule):
    """A project name carries a year other than the document's budget year.

    "2023 年实有资金" among 2024 targets is last year's table, or this
    year's under last year's name: either way the reader cannot tell.
    Silent when the document does not say its year.

    FAIL::

        document: {year: 2024}
        tables:
          - name: 2023 年实有资金
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 保障单位日常运转期限, value: "=12 个月"}

    PASS::

        document: {year: 2024}
        tables:
          - name: 2024 年安保人员工资项目
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 聘用保安人员数量, value: ">=2 人"}
    """

    code = "Q010"
    summary_zh = "项目名称中的年份与预算年度不符"
    doc_zh = """
    检查内容：项目名称中的年份与文件的预算年度不符，如 2024 年的目标中出现“2023 年实有资金”。文件没有写明预算年度时不检查。

    为何重要：要么是去年的表，要么是今年的项目沿用了去年的名称，读者无从判断。

    如何修改：把项目名称中的年份改为预算年度；确属往年项目的，核对它是否应出现在本年度的公开中。
    """
    name = "year-mismatch"
    severity = Severity.WARNING
    scope = Scope.DOCUMENT

    def check(self, document: Document, ctx: RuleContext):
        if document.year is None:
            return
        for table in document.tables:
            m = YEAR_IN_NAME.search(table.name)
            if m and int(m.group(1)) != document.year:
                yield Problem(
                    msg(
                        f"项目名称中的年份 {m.group(1)} 年与预算年度 {document.year} 年不符",
                        f"the name says {m.group(1)}; the budget year is {document.year}",
                    ),
                    table=table,
                )
