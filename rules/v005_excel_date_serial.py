from __future__ import annotations

import datetime as dt
import re

from perfcheck.model import Problem, Quantity, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import is_timeliness

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serials of 2000-01-01 … 2060-12-31: a bare number in that range in a date
# column is a date that lost its format when the workbook was exported.
FIRST, LAST = 36526, 58439


def serial_to_date(serial: int) -> dt.date:
    return EXCEL_EPOCH + dt.timedelta(days=serial)


def excel_serial(indicator) -> tuple[int, str] | None:
    """(serial, "unit" | "value") when an Excel date serial stands where a date belongs."""
    if indicator.unit and re.fullmatch(r"\d{5}", indicator.unit.strip()):
        serial, where = int(indicator.unit), "unit"
    elif is_timeliness(indicator) and isinstance(indicator.value, Quantity) and indicator.value.unit is None:
        amount = indicator.value.amount
        if amount != amount.to_integral_value():
            return None
        serial, where = int(amount), "value"
    else:
        return None
    return (serial, where) if FIRST <= serial <= LAST else None


class ExcelDateSerial(Rule):
    """A number that is an Excel date serial stands where a date belongs (``44,561``).

    Excel stores dates as days since 1899-12-30; an export that drops the
    cell format leaves the bare number. In a 时效 value, or in the unit
    column, a whole number between 36526 (2000) and 58439 (2060) is such a
    serial: the message and the suggestion give the date it stands for.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 时效指标, name: 项目完成时间, value: "44,561"}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 时效指标, name: 项目完成时间, operator: "<=", value: "12", unit: "45657"}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 时效指标, name: 项目完成时间, value: 2021年12月31日}
          - {level1: 产出指标, level2: 数量指标, name: 发放证书, value: ">=44561 个"}
    """

    code = "V005"
    summary_zh = "时效值或单位是 Excel 日期序号"
    doc_zh = """
    检查内容：应当填日期的地方出现了 Excel 日期序号，如「44,561」。Excel 内部把日期存成从 1899 年 12 月 30 日起算的天数，导出时丢了单元格格式，就只剩下这个数字。时效指标的指标值或计量单位栏中，36526（2000 年）到 58439（2060 年）之间的整数即视为日期序号，问题说明和建议会给出它对应的日期。

    为何重要：从「44561」看不出是 2021 年 12 月 31 日，评价时无法对照完成时间。

    如何修改：在 Excel 中把该单元格设为日期格式，或直接写成「2021年12月31日」，再重新导出。建议中给出了对应的日期（仅为提示，加 --unsafe-fixes 才会自动写入）。
    """
    fix_field, fix_safe = "value", False
    name = "excel-date-serial"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            found = excel_serial(indicator)
            if found is None:
                continue
            serial, where_en = found
            where_zh = "计量单位" if where_en == "unit" else "指标值"
            date = serial_to_date(serial)
            written = f"{date.year}年{date.month}月{date.day}日"
            yield Problem(
                msg(
                    f"{where_zh}「{serial}」是 Excel 日期序列号，对应 {written}",
                    f"the {where_en} {serial} is an Excel date serial: {date.isoformat()}",
                ),
                indicator=indicator,
                suggestion=written,
            )
