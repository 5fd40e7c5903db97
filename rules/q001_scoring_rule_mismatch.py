from __future__ import annotations

from perfcheck.model import Problem, Qualitative, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import is_quantitative, scoring_kind


class ScoringRuleMismatch(Rule):
    """The scoring rule (指标赋分规则) does not fit the kind of target.

    Proportional scoring (按照正常比例赋分: points × actual / target) needs a
    number to divide by; a qualitative target (有效保障) has none, so it can
    only be graded (按评判等级赋分). The reverse — a numeric target scored by
    grade — throws away the precision the number gives. Dates and
    satisfaction rules (满意度赋分) are left alone.

    FAIL::

        name: 2023 年实有资金
        indicators:
          - {level1: 效益指标, level2: 社会效益指标, name: 保障单位日常运转, value: 有效保障, scoring: 按照正常比例赋分}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", scoring: 按评判等级赋分}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", scoring: 按照正常比例赋分}
          - {level1: 产出指标, level2: 时效指标, name: 项目结束时间, value: 2024 年 12 月, scoring: 按评判等级赋分}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, scoring: 按评判等级赋分}
    """

    code = "Q001"
    summary_zh = "定性指标按比例赋分，或定量指标按等级赋分"
    doc_zh = """
    检查内容：指标赋分规则与目标的性质不符。按比例赋分（“按照正常比例赋分”：分值 × 实际值 ÷ 目标值）需要一个数字来计算，定性目标（如“有效保障”）没有数字，只能按等级评分（“按评判等级赋分”）。反过来，定量目标按等级评分，白白丢掉了数字本身的精度。日期类目标和“满意度赋分”不检查。

    为何重要：赋分规则用错，年终要么无法按规则打分，要么打出的分反映不了完成程度。

    如何修改：定量目标用“按照正常比例赋分”，定性目标用“按评判等级赋分”，建议中给出了应使用的赋分规则（仅为提示）；也可以把定性目标改写成可以量化的目标。
    """
    fix_field, fix_safe = "scoring", False
    name = "scoring-rule-mismatch"
    severity = Severity.WARNING
    requires = ("scoring",)

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            kind = scoring_kind(indicator.scoring)
            if kind == "proportional" and isinstance(indicator.value, Qualitative):
                yield Problem(
                    msg(
                        f"定性目标「{indicator.raw_value}」采用“{indicator.scoring}”：没有数值可按比例计分，应按评判等级赋分",
                        f"the qualitative target {indicator.raw_value!r} is scored proportionally ({indicator.scoring}); it can only be graded",
                    ),
                    indicator=indicator,
                    suggestion="按评判等级赋分",
                )
            elif kind == "graded" and is_quantitative(indicator.value):
                yield Problem(
                    msg(
                        f"定量目标「{indicator.raw_value}」采用“{indicator.scoring}”：数值目标应按比例赋分",
                        f"the numeric target {indicator.raw_value!r} is graded ({indicator.scoring}); score it proportionally",
                    ),
                    indicator=indicator,
                    suggestion="按照正常比例赋分",
                )
