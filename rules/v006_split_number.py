from __future__ import annotations

from perfcheck.model import Document, Problem, Quantity, Severity
from perfcheck.rule import Rule, RuleContext, Scope, msg


class SplitNumber(Rule):
    """A number was broken by whitespace (``210 0``, ``4,805. 03``, ``20,000 .00``).

    PDF text extraction splits numbers where the typesetting put a gap;
    perfcheck reads them whole and says so, with the value it used, so a
    reviewer can confirm the repair (and the publisher can fix the source).
    Informational: the rest of the checks already use the repaired number.

    FAIL::

        name: 2024年示例核查项目
        funds: {total: "20,000 .00"}
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 核查费用, value: "<=210 0 元/座"}

    PASS::

        name: 2024年示例核查项目
        funds: {total: "20,000.00"}
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 核查费用, value: "<=2100 元/座"}
    """

    code = "V006"
    summary_zh = "数字被空白断开（PDF 提取所致），已修复"
    doc_zh = """
    检查内容：数字被空白断开，如「210 0」「4,805. 03」「20,000 .00」。这多半是从 PDF 提取文字时，排版留下的空隙把数字拆开了。perfcheck 会把它读成完整的数字（如 2100），并在这里说明读成了多少；其他规则都已按修复后的数字检查。

    为何重要：金额或数量错一位，成本对账和金额比对就全错了。这条提示让审核人确认读法无误。

    如何修改：确认读法正确即可，属于提示级别。可修改的 YAML/JSON 文件，perfcheck check --fix 会写入修复后的数字；公开的 PDF 请发布单位在源文件中改正。
    """
    # In a value the repaired number is certain: a safe fix. (The money block's
    # split amounts have no indicator, so no fix: they are read as repaired.)
    fix_field, fix_safe = "value", True
    name = "split-number"
    severity = Severity.INFO
    scope = Scope.DOCUMENT

    def check(self, document: Document, ctx: RuleContext):
        tables = {t.name: t for t in document.tables}
        for repair in document.repairs:
            table = tables.get(repair.table) if repair.table else None
            # A project-list amount names its project, which may not be a table's exact name.
            owner = f"「{repair.table}」的" if repair.table and table is None else ""
            owner_en = f" of {repair.table!r}" if repair.table and table is None else ""
            yield Problem(
                msg(
                    f"{owner}{repair.field}「{repair.original}」中的数字被空格断开，已按 {repair.repaired} 读取",
                    f"the number in {repair.field}{owner_en} {repair.original!r} is split by whitespace; read as {repair.repaired}",
                ),
                suggestion=repair.repaired,
                location=repair.location,
                table=table,
            )
        for table in document.tables:
            for indicator in table.indicators:
                q = indicator.value
                if isinstance(q, Quantity) and q.split_from:
                    yield Problem(
                        msg(
                            f"指标值「{indicator.raw_value}」中的数字「{q.split_from}」被空格断开，已按 {q.amount} 读取",
                            f"the number {q.split_from!r} in {indicator.raw_value!r} is split by whitespace; read as {q.amount}",
                        ),
                        indicator=indicator,
                        table=table,
                        suggestion=str(q),
                    )
