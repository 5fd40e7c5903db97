from __future__ import annotations

from decimal import Decimal

from perfcheck.model import SELF_EVALUATION_KINDS, Bound, Problem, Quantity, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import plain
from ._selfeval import compare


class TargetTooLow(Rule):
    """The actual exceeds a floor target by far: the target was set too low.

    A target reached one and a half times over (``factor``) was no target:
    it earned full marks for nothing, and next year's should be raised. Only
    floors (``>=``, or a positive quantity with no comparison) are judged,
    and only an actual written without a comparison (a target copied as
    the actual proves nothing).

    FAIL::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "260 人", weight: 20, score: 20}

    PASS::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "120 人", weight: 20, score: 20}

    PASS (factor = 3)::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "260 人", weight: 20, score: 20}
    """

    code = "A009"
    summary_zh = "实际完成值远超目标，目标设定偏低"
    doc_zh = """
    检查内容：实际完成值远远超过下限目标（达到目标值的 factor 倍，默认 1.5 倍），说明目标定得过低。只检查下限目标（>=，或没有比较符号的正数），且实际值本身不带比较符号。

    为何重要：轻易就能超额完成的目标起不到约束作用，却能换来满分。目标应当有挑战性、与预算投入相匹配。

    如何修改：说明超额完成的原因；编报下一年度的绩效目标时，按实际完成水平提高目标值。
    """
    name = "target-too-low"
    severity = Severity.INFO
    table_kinds = SELF_EVALUATION_KINDS
    requires = ("actual",)
    options = {
        "factor": Option(Decimal, Decimal("1.5"), "how many times its floor target an actual must reach to be reported", "实际完成值达到目标值的多少倍时报告"),
    }

    def check(self, table: Table, ctx: RuleContext):
        factor = ctx.options["factor"]
        for indicator in table.indicators:
            actual = indicator.actual
            if not isinstance(actual, Quantity) or actual.operator is not None:
                continue
            found = compare(indicator, ctx.units)
            if found is None or found.bound is not Bound.LOWER or found.target <= 0:
                continue
            if found.actual >= found.target * factor:
                times = (found.actual / found.target).quantize(Decimal("0.1"))
                yield Problem(
                    msg(
                        f"实际完成值 {indicator.raw_actual} 是目标 {indicator.raw_value} 的 {plain(times)} 倍，目标设定偏低",
                        f"the actual {indicator.raw_actual} is {plain(times)} times the target {indicator.raw_value}: the target was set too low",
                    ),
                    indicator=indicator,
                    location=indicator.actual_location,
                    data={"target": found.target, "actual": found.actual, "times": times},
                )
