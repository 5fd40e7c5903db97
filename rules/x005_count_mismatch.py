from __future__ import annotations

from perfcheck.model import Document, Problem, Severity, TableKind
from perfcheck.rule import Rule, RuleContext, Scope, msg

SUBJECTS = {
    "fiscal_projects": ("当年财政拨款项目", "fiscal-fund projects"),
    "other_projects": ("当年非财政拨款项目", "non-fiscal projects"),
    "unit_tables": ("整体预算绩效目标", "unit-wide targets"),
}


class CountMismatch(Rule):
    """A count the document states ("当年财政拨款项目 18 个") differs from the tables it holds.

    The narrative's counts are what the disclosure promises to contain; a
    difference means a table is missing or one too many. Projects count as
    fiscal when their 财政拨款 is not 0.

    FAIL::

        document: {counts: {fiscal_projects: 3}}
        tables:
          - name: 2024年甲项目
            funds: {total: "10.00", fiscal: "10.00", other: "0"}
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}

    PASS::

        document: {counts: {fiscal_projects: 1, other_projects: 0}}
        tables:
          - name: 2024年甲项目
            funds: {total: "10.00", fiscal: "10.00", other: "0"}
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
    """

    code = "X005"
    summary_zh = "文中所述项目个数与实际表数不符"
    doc_zh = """
    检查内容：文中写明的项目个数（如“当年财政拨款项目 18 个”）与文件中实际的绩效目标表数量不符。财政拨款不为 0 的项目计为财政拨款项目。

    为何重要：文中的个数是公开所承诺包含的内容；数量不符，说明缺了一张表，或者多了一张。

    如何修改：补上缺少的表、删去多余的表，或者更正文中的个数。
    """
    name = "count-mismatch"
    severity = Severity.WARNING
    scope = Scope.DOCUMENT

    def check(self, document: Document, ctx: RuleContext):
        projects = [t for t in document.tables if t.kind is TableKind.PROJECT]
        fiscal = [t for t in projects if not (t.funds and t.funds.fiscal is not None and t.funds.fiscal == 0)]
        present = {
            "fiscal_projects": len(fiscal),
            "other_projects": len(projects) - len(fiscal),
            "unit_tables": sum(t.kind is TableKind.UNIT for t in document.tables),
        }
        for stated in document.counts:
            if stated.subject not in present or stated.count == present[stated.subject]:
                continue
            zh, en = SUBJECTS[stated.subject]
            yield Problem(
                msg(
                    f"文中称{zh} {stated.count} 个，实际有 {present[stated.subject]} 张绩效目标表",
                    f"the text states {stated.count} {en}; the document holds {present[stated.subject]} target tables",
                ),
                location=stated.location,
            )
