from __future__ import annotations

from perfcheck.model import DateRange, DateValue, Empty, Problem, Quantity, QuantityRange, Severity, Table, Unparsed
from perfcheck.rule import Rule, RuleContext, msg
from perfcheck.units import DAYS, MONTHS

from ._common import is_timeliness
from .v005_excel_date_serial import excel_serial


class TimelinessNotMeasurable(Rule):
    """A timeliness (时效) target is neither a date, a duration nor a rate (``按月安排``, 及时).

    Timeliness is checked against the calendar: by when (2024年12月31日前),
    within how long (=30 天) or how often on time (及时率 =100%). A phrase
    gives the evaluator nothing to check.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 时效指标, name: 资金拨付, value: 按月安排}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 时效指标, name: 项目完成时间, value: 2024年12月31日前}
          - {level1: 产出指标, level2: 时效指标, name: 审核办结时限, value: "<=30 天"}
          - {level1: 产出指标, level2: 时效指标, name: 资金拨付及时率, value: "=100%"}
    """

    code = "Q008"
    summary_zh = "时效指标既不是日期、期限，也不是比率"
    doc_zh = """
    检查内容：时效指标的值既不是日期、期限，也不是比率，如「按月安排」「及时」。

    为何重要：时效要对照日历检查：什么时候之前完成（2024年12月31日前）、多长时间内完成（=30 天）、按时完成的比例（及时率 =100%）。一句笼统的话，评价时无从核对。

    如何修改：改写成日期、期限或及时率，如「2024年12月31日前」「<=30 天」「及时率 >=95%」。
    """
    name = "timeliness-not-measurable"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            value = indicator.value
            if not is_timeliness(indicator) or isinstance(value, (DateValue, DateRange, Empty, Unparsed)):
                continue
            if excel_serial(indicator) is not None:
                continue  # a date Excel lost: V005 says which
            if isinstance(value, (Quantity, QuantityRange)) and (
                value.is_percent or (value.unit is not None and ctx.units.dimension(value.unit.numerator) in (MONTHS, DAYS))
            ):
                continue
            yield Problem(
                msg(
                    f"时效指标「{indicator.raw_value}」不是日期、时长或及时率，无法考核",
                    f"the timeliness target {indicator.raw_value!r} is not a date, a duration or a rate",
                ),
                indicator=indicator,
            )
