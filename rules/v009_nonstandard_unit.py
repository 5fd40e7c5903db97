from __future__ import annotations

import attrs

from perfcheck.model import Problem, Quantity, QuantityRange, Severity, Table, Unit
from perfcheck.rule import Rule, RuleContext, msg

# Compound spellings of a single unit: 人/次 is 人次 (person-times), not persons per time.
COMPOUND_SPELLINGS = {("人", ("次",)): Unit("人次"), ("户", ("次",)): Unit("户次")}


class NonstandardUnit(Rule):
    """A unit is written in a non-standard way: ``M`` for 米, ``百分比`` for ``%``, ``人/次`` for 人次.

    Reviewers and tools compare units; one spelling per unit keeps them
    comparable (GB 3100 and the 101号 templates use 米, %, 人次). The
    suggestion is the value with the standard unit.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 验收合格率, value: "=100 百分比"}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 修建步道, value: ">=500 M"}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人次, value: ">=300 人/次"}

    A unit the reader had to complete is reported the same way, with what
    was assumed: ``万`` alone in a money row is 万元, and a unit whose head was
    lost (``≤28.40/株``) takes the one the name states (``(≤**元/株)``).
    Without such a name the unit stays unread, and a cost row is C003.

    FAIL::

        name: 2023年雾炮车降尘抑尘服务
        indicators:
          - {level1: 产出指标, level2: 成本指标, name: 控制在预算成本内, value: 250万}

    FAIL::

        name: 2023年黄金蜜(葡萄)种植项目
        indicators:
          - {level1: 产出指标, level2: 成本指标, name: 黄金蜜(葡萄)补助成本(≤**元/株), value: "≤28.40/株"}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 修建步道, value: ">=500 米"}
          - {level1: 产出指标, level2: 数量指标, name: 培训人次, value: ">=300 人次"}
          - {level1: 产出指标, level2: 质量指标, name: 验收合格率, value: "=100%"}
    """

    code = "V009"
    summary_zh = "不规范的计量单位（M、百分比、人/次……）"
    doc_zh = """
    检查内容：计量单位写法不规范，如用「M」表示米、用「百分比」表示「%」、用「人/次」表示人次。读表时补全的单位也在这里说明：成本（金额）行中单独的「万」按万元读；丢了前半部分的单位（如「≤28.40/株」）按指标名称中写明的单位（如「(≤**元/株)」）补全；名称中也没有写的，单位无法确定，成本行还会由 C003 报告。

    为何重要：同一个单位只用一种写法（国家标准 GB 3100 和 101号文模板都用 米、%、人次），审核人和程序才能比较、汇总；「人/次」还容易误读成“每次多少人”。

    如何修改：改用标准写法，建议中给出了改好的指标值。这类修复是安全的，--fix 会自动改正。
    """
    fix_field, fix_safe = "value", True
    name = "nonstandard-unit"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            value = indicator.value
            if not isinstance(value, (Quantity, QuantityRange)) or value.unit is None:
                continue
            if isinstance(value, Quantity) and value.unit_written is not None:
                # The reader read the unit as another: 万 in a money row, a lost 元 the name restores.
                yield Problem(
                    msg(
                        f"计量单位「{value.unit_written}」不完整，按「{value.unit}」读取",
                        f"the unit {value.unit_written!r} is incomplete; read as {str(value.unit)!r}",
                    ),
                    indicator=indicator,
                    suggestion=str(attrs.evolve(value, split_from=None, repaired_from=None, unit_written=None)),
                )
                continue
            if not value.unit.numerator:
                yield Problem(
                    msg(
                        f"计量单位「{value.unit}」缺少前半部分（如「元{value.unit}」），无法确定单位",
                        f"the unit {str(value.unit)!r} lost its head (元{value.unit}?); it cannot be read",
                    ),
                    indicator=indicator,
                )
                continue
            standard = self._standard(value.unit, ctx)
            if standard is None:
                continue
            yield Problem(
                msg(
                    f"计量单位「{value.unit}」不规范，应写作「{standard}」",
                    f"the unit {str(value.unit)!r} is non-standard; write {str(standard)!r}",
                ),
                indicator=indicator,
                suggestion=str(attrs.evolve(value, unit=standard, **({"split_from": None} if isinstance(value, Quantity) else {}))),
            )

    @staticmethod
    def _standard(unit: Unit, ctx: RuleContext) -> Unit | None:
        if (unit.numerator, unit.denominators) in COMPOUND_SPELLINGS:
            return COMPOUND_SPELLINGS[(unit.numerator, unit.denominators)]
        parts = [unit.numerator, *unit.denominators]
        fixed = [((d := ctx.units.get(p)) and d.standard) or p for p in parts]
        return Unit(fixed[0], tuple(fixed[1:])) if fixed != parts else None
