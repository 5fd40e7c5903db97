from __future__ import annotations

import attrs

from perfcheck.model import Fix, Problem, Quantity, QuantityRange, Severity, Table, Unit
from perfcheck.rule import Rule, RuleContext, msg

from ._common import is_rate, is_satisfaction
from .v005_excel_date_serial import excel_serial


class MissingUnit(Rule):
    """A numeric target has no unit (计量单位): ``= 8``, ``10``.

    Eight of what? Without a unit the target cannot be measured after the
    year. A rate or satisfaction value that is a bare number within 0–100
    (造林成活率 ``>=85``) lacks its ``%``: it is reported here with the
    suggestion ``>=85%`` (Q005 says the same from the rate's side); one above
    100 is V002's. A unit the indicator's name states, as templates print it
    (新增造林面积（亩）, 造林成本(≤**万元), 成活率(%)), is the unit of its bare
    numbers, and the cost and quantity rules see the unit too; an info-level
    finding asks for it to be written into the value (``85`` under
    苗木成活率(≥**%) becomes ``>=85%``), since the name's hint is the
    template's and a value copied elsewhere loses it.

    FAIL::

        name: 2024年某县造林项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 新增造林面积（亩）, value: ">=1200"}
          - {level1: 成本指标, level2: 经济成本指标, name: 造林成本(≤**万元), value: "<=90"}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训场次, value: "= 8"}

    FAIL::

        name: 2024年某县造林项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 造林成活率, value: ">=85"}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训场次, value: "= 8 场"}
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, operator: ">=", value: "100", unit: 人}

    A number of 1 or less on a rate may be a fraction (1 = 100%) or 1%: it
    is reported without a suggestion. A unit the name gives (``(亩)``,
    ``(≥**%)``) or the 计量单位 column has is a unit.

    PASS::

        name: 浮梁县林业局部门整体绩效目标
        kind: unit
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 保障在职职工人数(人), operator: "=", value: "116", unit: 人}
          - {level1: 产出指标, level2: 质量指标, name: 工资发放准确性(%), operator: "≥", value: "95", unit: "%"}
          - {level1: 产出指标, level2: "质量指标 (必填)", name: 苗木成活率(≥**%), value: "≥85%"}

    FAIL::

        name: 浮梁县林业局部门整体绩效目标
        kind: unit
        indicators:
          - {level1: 产出指标, level2: "质量指标 (必填)", name: 苗木成活率(≥**%), value: "85"}
    """

    code = "V003"
    summary_zh = "数量没有计量单位"
    doc_zh = """
    检查内容：数量型指标值没有计量单位，如「= 8」「10」。比率或满意度指标写成 0–100 之间的裸数字（如造林成活率「>=85」），是漏了“%”，也在这里报告，并建议改为「>=85%」（Q005 从比率的角度也会提示）；超过 100 的由 V002 报告。指标名称中已写明单位的（模板常见的「新增造林面积（亩）」「造林成本(≤**万元)」「成活率(%)」），或版式有单独的“计量单位”栏并已填写的，都算给出了单位，不报告，成本和数量类规则也按这个单位计算。

    为何重要：“8”是 8 个、8 场还是 8 万元？没有单位，年终无法计量完成情况，成本指标也无法与预算对账。

    如何修改：在数字后补上计量单位，如「= 8 场」；比率补上“%”。比率上的「1」或「0.95」既可能是小数（即 100%、95%），也可能就是 1%，不作猜测，不给建议，请按原意填写。
    """
    name = "missing-unit"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            value = indicator.value
            if isinstance(value, Quantity) and value.from_name and indicator.unit is None:
                written = str(attrs.evolve(value, split_from=None, repaired_from=None, from_name=False))
                yield Problem(
                    msg(
                        f"指标值「{indicator.raw_value}」的计量单位取自指标名称，已按「{written}」读取；请把单位写入指标值",
                        f"the value {indicator.raw_value!r} takes its unit from the indicator's name and is read as {written!r}; write the unit into the value",
                    ),
                    indicator=indicator,
                    suggestion=written,
                    severity=Severity.INFO,
                    fix=Fix("value", written, safe=True),
                )
                continue
            if not isinstance(value, (Quantity, QuantityRange)) or value.unit is not None:
                continue
            if excel_serial(indicator) is not None:
                continue  # a date Excel lost: V005 says which
            if is_rate(indicator) or is_satisfaction(indicator):
                # A rate's bare number (成活率 >=85) lacks its %: said here and by Q005, with the same fix.
                if isinstance(value, Quantity) and 0 <= value.amount <= 100:
                    yield Problem(
                        msg(
                            f"比率指标的值「{indicator.raw_value}」没有计量单位，应为百分比",
                            f"the rate's value {indicator.raw_value!r} has no unit; a percentage is meant",
                        ),
                        indicator=indicator,
                        # 1 or 0.95 may be a fraction (100%, 95%) or 1%: no guess is offered.
                        suggestion=str(attrs.evolve(value, unit=Unit("%"), split_from=None)) if value.amount > 1 else None,
                    )
                continue
            yield Problem(
                msg(f"指标值「{indicator.raw_value}」没有计量单位", f"the value {indicator.raw_value!r} has no unit"),
                indicator=indicator,
            )
