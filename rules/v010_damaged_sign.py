from __future__ import annotations

from perfcheck.model import Problem, Quantity, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg


class DamagedSign(Rule):
    """A comparison sign was damaged in the source and read as the one meant.

    Tables that went through a PDF, a scan or a careless template carry
    ``═100%`` (a box-drawing line for ``=``), ``≥=90%`` (the sign typed
    twice), or OCR's ``二100%`` and ``一5 个`` (``=`` read as 二, ``＝`` as 一).
    A person reads each without doubt, so perfcheck does too — the value is
    checked by every other rule as meant — and says what it assumed, with
    the clean value as the suggestion.

    FAIL::

        name: 2024年某县森林防火项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 设备验收合格率, value: "═100%"}

    FAIL::

        name: 2024年某县森林防火项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 新建瞭望塔, value: "二3 座"}

    PASS::

        name: 2024年某县森林防火项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 设备验收合格率, value: "=100%"}
          - {level1: 效益指标, level2: 生态效益指标, name: 森林火灾受害率, value: "<=0.9‰"}

    ``≧`` and ``≦`` are signs of their own, not damage; nor are the words of a
    split 指标方向 column (大于等于, 小于等于, 等于).

    PASS::

        name: 义务教育营养改善计划专项资金
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 学生受资助人数, operator: "≧", value: "735", unit: 人次}
          - {level1: 产出指标, level2: 数量指标, name: 指标1:租车次数(次), direction: 正向, operator: 大于等于, value: "1", unit: 次}
    """

    code = "V010"
    summary_zh = "比较符号在原文中已损坏（═、≥=、识别错的 二/一），已按本意读取"
    doc_zh = """
    检查内容：比较符号在原文中已经损坏，perfcheck 按本意读取并在这里说明：用制表线「═」冒充的「=」，重复输入的「≥=」，文字识别（OCR）把「=」认成的「二」、把「＝」认成的「一」（如「二100%」「一5 个」）。「≧」「≦」本身就是比较符号，分列版式“指标方向”栏中的「大于等于」「小于等于」「等于」也是正常写法，都不报告。

    为何重要：人一看就懂，但程序和后续汇总可能读错；在源文件中改正，表才干净。其他规则已按本意检查这个值。

    如何修改：把指标值改成建议中的规范写法，如「=100%」。这只是提示（须确认确是原意），加 --unsafe-fixes 才会自动写入。
    """
    fix_field, fix_safe = "value", False
    name = "damaged-sign"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            value = indicator.value
            if isinstance(value, Quantity) and value.repaired_from is not None:
                yield Problem(
                    msg(
                        f"指标值「{value.repaired_from}」的比较符号已损坏，按「{value}」读取",
                        f"the comparison sign of {value.repaired_from!r} is damaged; read as {str(value)!r}",
                    ),
                    indicator=indicator,
                    suggestion=str(value),
                )
