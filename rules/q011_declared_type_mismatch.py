from __future__ import annotations

from perfcheck.model import Problem, Qualitative, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg
from perfcheck.values import unit_from_name

from ._common import is_quantitative


class DeclaredTypeMismatch(Rule):
    """指标值类型 says 定量 and the value is qualitative, or says 定性 and the value is a number.

    Layouts with a value-type column (Hunan style) choose the scoring method
    from it: a mismatch scores the target the wrong way. A unit in the
    indicator's name (城镇新增就业人数（万人）, 成本(≤**万元)) declares a
    number just as 定量 does: a phrase there (根据下达任务确定) sets no target.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value_type: 定量, value: 有效提高}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value_type: 定性, value: ">=100 人"}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 城镇新增就业人数（万人）, value: 根据下达任务目标要求确定}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 城镇新增就业人数（万人）, value: ">=1.2"}
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value_type: 定量, value: ">=100 人"}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value_type: 定性, value: 有效提高}
    """

    code = "Q011"
    summary_zh = "指标值类型（定量/定性）与指标值不符"
    doc_zh = """
    检查内容：“指标值类型”写“定量”而指标值是定性表述，或写“定性”而指标值是数字。只有带指标值类型栏的版式（湖南式）才检查。

    为何重要：这类版式按指标值类型选择评分方法；类型与指标值不符，目标就会按错误的方法打分。

    如何修改：改正指标值类型（建议中给出了应填的类型，仅为提示），或把指标值改写成与类型相符的形式。
    """
    fix_field, fix_safe = "value_type", False
    name = "declared-type-mismatch"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            declared, value = indicator.value_type, indicator.value
            if declared == "定量" and isinstance(value, Qualitative):
                wrong_zh, wrong_en = "定性描述", "a phrase"
            elif declared == "定性" and is_quantitative(value):
                wrong_zh, wrong_en = "数值", "a number"
            elif declared is None and isinstance(value, Qualitative) and (unit := unit_from_name(indicator.name)) is not None:
                yield Problem(
                    msg(
                        f"指标名称注明单位「{unit}」，但指标值「{indicator.raw_value}」是定性描述，没有可考核的数值",
                        f"the name gives the unit {unit} but the value {indicator.raw_value!r} is a phrase with no number to assess",
                    ),
                    indicator=indicator,
                )
                continue
            else:
                continue
            yield Problem(
                msg(
                    f"指标值类型为“{declared}”，但指标值「{indicator.raw_value}」是{wrong_zh}",
                    f"the value type says {declared} but {indicator.raw_value!r} is {wrong_en}",
                ),
                indicator=indicator,
                suggestion="定性" if declared == "定量" else "定量",
            )
