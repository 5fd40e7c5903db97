from __future__ import annotations

from perfcheck.model import Problem, Severity, Table, Unparsed
from perfcheck.rule import Rule, RuleContext, msg


class ValueUnparseable(Rule):
    """An indicator value (指标值) is neither a quantity, a date, a range nor a qualitative phrase.

    A target nobody can read cannot be evaluated after the year. The
    message says where the value grammar stopped. (An empty cell is V008.)
    A sentence around one number is read as the bound it states
    (``满意度不低于90%`` is ``>=90%``); one holding several numbers is not.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 返本分红比例, value: "第一年按总投资额返本20%,分红按8%分红"}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 时效指标, name: 完成时间, value: "2024年13月"}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
          - {level1: 产出指标, level2: 时效指标, name: 完成时间, value: "2024年12月31日前"}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高}
    """

    code = "V001"
    summary_zh = "指标值无法识别"
    name = "value-unparseable"
    severity = Severity.ERROR

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            value = indicator.value
            if isinstance(value, Unparsed):
                yield Problem(
                    msg(
                        f"指标值「{indicator.raw_value}」无法识别：{value.reason.zh}",
                        f"cannot read the value {indicator.raw_value!r}: {value.reason.en}",
                    ),
                    indicator=indicator,
                )
