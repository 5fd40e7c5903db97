from __future__ import annotations

from perfcheck.model import Problem, Quantity, QuantityRange, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import is_rate, is_satisfaction
from .v005_excel_date_serial import excel_serial


class MissingUnit(Rule):
    """A numeric target has no unit (计量单位): ``= 8``, ``10``.

    Eight of what? Without a unit the target cannot be measured after the
    year. Rates and satisfaction values without ``%`` are left to Q005 and
    V002, which can say more.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训场次, value: "= 8"}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训场次, value: "= 8 场"}
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, operator: ">=", value: "100", unit: 人}
    """

    code = "V003"
    summary_zh = "数量没有计量单位"
    name = "missing-unit"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            value = indicator.value
            if not isinstance(value, (Quantity, QuantityRange)) or value.unit is not None:
                continue
            if is_rate(indicator) or is_satisfaction(indicator):
                continue
            if excel_serial(indicator) is not None:
                continue  # a date Excel lost: V005 says which
            yield Problem(
                msg(f"指标值「{indicator.raw_value}」没有计量单位", f"the value {indicator.raw_value!r} has no unit"),
                indicator=indicator,
            )
