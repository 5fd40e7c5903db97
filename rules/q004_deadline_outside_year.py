from __future__ import annotations

from perfcheck.model import DateRange, DateValue, Document, Problem, Severity
from perfcheck.rule import Rule, RuleContext, Scope, msg

from ._common import is_timeliness


class DeadlineOutsideYear(Rule):
    """A timeliness (时效) date falls outside the budget year.

    The targets are for one budget year; a deadline in another year is a
    copied table or a typing error (2023 for 2024). Dates that leave the
    year out (12月底前) belong to the budget year. Silent when the document
    does not say its year.

    FAIL::

        document: {year: 2024}
        tables:
          - name: 2024年示例项目
            indicators:
              - {level1: 产出指标, level2: 时效指标, name: 项目完成时间, value: 2023年12月31日前}

    PASS::

        document: {year: 2024}
        tables:
          - name: 2024年示例项目
            indicators:
              - {level1: 产出指标, level2: 时效指标, name: 项目完成时间, value: 2024 年 12 月}
              - {level1: 产出指标, level2: 时效指标, name: 阶段完成时间, value: 6月底前}
    """

    code = "Q004"
    summary_zh = "时效指标的日期不在预算年度内"
    doc_zh = """
    检查内容：时效指标中的日期不在预算年度内。没有写年份的日期（如“12月底前”）视为预算年度内的日期。文件没有写明预算年度时不检查。

    为何重要：绩效目标是一个预算年度的目标；期限落在别的年份，多半是照抄了往年的表，或者把年份打错了（如把 2024 写成 2023）。

    如何修改：把日期改为预算年度内实际的完成期限，如「2024年12月31日前」。
    """
    name = "deadline-outside-year"
    severity = Severity.WARNING
    scope = Scope.DOCUMENT

    def check(self, document: Document, ctx: RuleContext):
        if document.year is None:
            return
        for table in document.tables:
            for indicator in table.indicators:
                value = indicator.value
                if not is_timeliness(indicator):
                    continue
                dates = [value] if isinstance(value, DateValue) else [value.start, value.end] if isinstance(value, DateRange) else []
                years = sorted({d.year for d in dates if d.year is not None and d.year != document.year})
                if years:
                    shown = "、".join(map(str, years))
                    yield Problem(
                        msg(
                            f"时效指标「{indicator.raw_value}」在 {shown} 年，不在预算年度 {document.year} 年内",
                            f"the deadline {indicator.raw_value!r} is in {shown}, outside the budget year {document.year}",
                        ),
                        indicator=indicator,
                        table=table,
                    )
