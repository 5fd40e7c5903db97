from __future__ import annotations

from perfcheck.model import SELF_EVALUATION_KINDS, Empty, Problem, Quantity, QuantityRange, Severity, Table, Unparsed
from perfcheck.rule import Rule, RuleContext, msg

from ._selfeval import actual_amount, fraction_of_percent, rows


class ActualNotComparable(Rule):
    """An actual that cannot be held against its target: none, a phrase or a bound for a quantity, or a unit that does not convert.

    The self-evaluation is the actual set against the target. A row whose
    实际完成值 is empty was not evaluated; 已完成 or 达成预期指标 as the
    actual of ``>=100 人`` says nothing about how many; ``≥266米`` as the
    actual is the target copied, not a result; an actual in 个 against a
    target in 人次, or in 分 against a target in %, cannot be compared (元
    against 万元 can: it is converted); nor can ``0.88`` against ``>=90%``,
    a fraction where the target counts in per cent (an execution rate left
    undivided by 100): read as written it is 0.88%, a miss by 99%, read as
    meant 88%, and which it is the table must say, not the checker. Caps are
    left alone (``0.5`` against ``<=1%`` is a small rate). A qualitative
    target may have a qualitative actual.

    FAIL::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: 已完成, weight: 20, score: 20}

    FAIL::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "", weight: 20, score: 20}

    FAIL::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", actual: "95分", weight: 10, score: 10}

    FAIL::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 安装水标尺, value: "≥266米", actual: "≥266米", weight: 10, score: 10}

    FAIL::

        kind: self-evaluation
        name: 2021年就业补助资金
        indicators:
          - {level1: 管理类指标, level2: "", name: 预算执行率, operator: "≥", value: "90", unit: "%", weight: 8, actual: "0.88"}

    PASS::

        kind: self-evaluation
        name: 2022年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", actual: "102", weight: 20, score: 20}
          - {level1: 成本指标, level2: 经济成本指标, name: 培训成本, value: "<=5 万元", actual: "48000 元", weight: 10, score: 10}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, actual: 显著提高, weight: 20, score: 20}
          - {level1: 效益指标, level2: 社会效益指标, name: 安全事故率, value: "<=1%", actual: "0.5", weight: 10, score: 10}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", actual: "88%", weight: 10, score: 9, deviation: 部分课程安排过密}
    """

    code = "A008"
    summary_zh = "实际完成值缺失或无法与目标值比较"
    doc_zh = """
    检查内容：实际完成值无法与年度指标值比较：没有填写实际完成值；定量目标的实际值只写“已完成”“达成预期指标”之类的文字；实际值照抄了目标的比较符号（如“≥266米”）；或实际值的单位与目标不同且无法换算（个与人次，分与百分比）；或百分比目标的实际值写成了小数（目标“≥90%”，实际值“0.88”：照写是 0.88%，本意多半是 88%，应由表写明，检查工具不代为换算；“≤1%”之类的上限不在此列）。元与万元之类可以换算的不在此列。定性目标可以用定性的实际完成情况。

    为何重要：自评就是拿实际完成值对照目标值。没有可比的实际值，这一行就没有真正评价过，得分也无从核对。

    如何修改：填写与目标同一单位的实际数值，例如目标“>=100 人”的实际值写“105 人”；不要照抄目标或只写“已完成”；比率写成百分数（“88%”而不是“0.88”）。
    """
    name = "actual-not-comparable"
    severity = Severity.WARNING
    table_kinds = SELF_EVALUATION_KINDS
    requires = ("actual",)

    def check(self, table: Table, ctx: RuleContext):
        for indicator in rows(table):
            target, actual = indicator.value, indicator.actual
            if isinstance(target, Empty):
                continue
            if actual is None or isinstance(actual, Empty):
                yield Problem(
                    msg(f"目标 {indicator.raw_value} 没有填写实际完成值", f"the target {indicator.raw_value} has no actual"),
                    indicator=indicator,
                    location=indicator.actual_location or indicator.location,
                )
                continue
            if not isinstance(target, (Quantity, QuantityRange)) or (isinstance(target, Quantity) and target.tolerance):
                continue
            if isinstance(actual, Quantity) and actual.operator is not None and not actual.tolerance:
                yield Problem(
                    msg(
                        f"实际完成值 {indicator.raw_actual} 带比较符号，是照抄的目标而不是完成结果",
                        f"the actual {indicator.raw_actual} carries a comparison: it is the target copied, not a result",
                    ),
                    indicator=indicator,
                    location=indicator.actual_location,
                )
                continue
            if isinstance(actual, (Quantity, QuantityRange)):
                if isinstance(actual, QuantityRange) or actual_amount(indicator, ctx.units) is not None:
                    continue
                if (percent := fraction_of_percent(indicator)) is not None:
                    yield Problem(
                        msg(
                            f"实际完成值 {indicator.raw_actual} 像是小数写的比率（即 {percent}%），与百分比目标 {indicator.raw_value} 不在同一尺度，无法比较：请写成百分数",
                            f"the actual {indicator.raw_actual} looks like a fraction ({percent}%) against the percent target {indicator.raw_value}: "
                            "the two are not on one scale as written; write it in per cent",
                        ),
                        indicator=indicator,
                        location=indicator.actual_location,
                        suggestion=f"{percent}%",
                        data={"actual": actual.amount, "as_percent": percent},
                    )
                    continue
                if isinstance(actual, Quantity) and actual.tolerance:
                    continue
                yield Problem(
                    msg(
                        f"实际完成值 {indicator.raw_actual} 的单位与目标 {indicator.raw_value} 不同，无法换算比较",
                        f"the actual {indicator.raw_actual} is in another unit than the target {indicator.raw_value} and does not convert",
                    ),
                    indicator=indicator,
                    location=indicator.actual_location,
                )
            elif not isinstance(actual, Unparsed) or not any(ch.isdigit() for ch in indicator.raw_actual or ""):
                yield Problem(
                    msg(
                        f"定量目标 {indicator.raw_value} 的实际完成值写作“{indicator.raw_actual}”，没有可比较的数值",
                        f"the actual of the quantitative target {indicator.raw_value} is written “{indicator.raw_actual}”: no number to compare",
                    ),
                    indicator=indicator,
                    location=indicator.actual_location,
                )
