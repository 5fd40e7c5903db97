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
    doc_zh = """
    检查内容：指标值既不是数量（如「>=100 人」）、日期或期限（如「2024年12月31日前」）、区间（如「80%-90%」），也不是定性表述（如「有效提高」），无法读懂。问题说明会指出从哪几个字开始读不下去。指标值为空的情形由 V008 报告。

    为何重要：指标值是年终评价时对照打分的依据。写得含糊、夹带多余文字或有错别字的目标，评价时无从比对，也无法进一步检查它的单位、比较方向和金额。

    如何修改：按“比较符号 + 数字 + 计量单位”改写，如把「约100人」改为「>=100 人」，把「2024年13月」改为实际的月份；定性目标写成简短的表述，如「有效提高」。可以用 perfcheck parse "指标值" 试一试某种写法能否读懂。
    """
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
