from __future__ import annotations

from perfcheck.model import Problem, Qualitative, Quantity, QuantityRange, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg
from perfcheck.values import normalize


class UnitConflict(Rule):
    """The value and the unit column (计量单位) disagree.

    Split layouts (Hunan, Inner Mongolia) give the unit in its own column.
    ``28.8万元`` beside a unit of ``%``, or a qualitative target (有效提高)
    with a unit, cannot both be right: which one is the target?

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 资金到位率, value: 28.8万元, unit: "%"}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, unit: "%"}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 资金到位率, operator: "=", value: "100", unit: "%"}
          - {level1: 产出指标, level2: 数量指标, name: 发放期限, value: "=12 个月", unit: 月}
    """

    code = "V007"
    summary_zh = "指标值与计量单位列矛盾，或单位不合指标值"
    doc_zh = """
    检查内容：指标值与“计量单位”栏互相矛盾。湖南、内蒙古等版式把计量单位单列一栏；指标值写「28.8万元」而单位栏写「%」，或者定性指标值（如「有效提高」）却填了计量单位，两者不可能都对。

    为何重要：评价时不知道以哪一个为准，目标也就无法衡量。

    如何修改：核对原意，保留正确的一方：数字写在指标值栏、单位写在计量单位栏，且二者一致；定性指标的计量单位栏留空。
    """
    name = "unit-conflict"
    severity = Severity.ERROR
    requires = ("unit",)  # the 计量单位 column of split layouts

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            column = normalize(indicator.unit or "")
            if not column:
                continue
            value = indicator.value
            if isinstance(value, Qualitative):
                yield Problem(
                    msg(
                        f"定性指标值「{indicator.raw_value}」却填了计量单位「{indicator.unit}」",
                        f"the qualitative value {indicator.raw_value!r} has a unit {indicator.unit!r}",
                    ),
                    indicator=indicator,
                )
            elif isinstance(value, (Quantity, QuantityRange)) and value.unit is not None:
                written = str(value.unit)
                if written == column or ctx.units.get(written) is not None and ctx.units.get(written) is ctx.units.get(column):
                    continue
                yield Problem(
                    msg(
                        f"指标值「{indicator.raw_value}」的单位「{written}」与计量单位列「{indicator.unit}」不一致",
                        f"the value {indicator.raw_value!r} is in {written!r} but the unit column says {indicator.unit!r}",
                    ),
                    indicator=indicator,
                )
