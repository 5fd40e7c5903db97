from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg
from perfcheck.text import squeeze

from ._common import CATEGORY_NAMES


class LevelNameAsIndicator(Rule):
    """The indicator name is a category name (社会成本指标, 满意度指标).

    A category copied into the 三级指标 column names no concrete target:
    what social cost, whose satisfaction?

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 成本指标, level2: 社会成本指标, name: 社会成本指标, value: 无}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 满意度指标, level2: 满意度指标, name: 参训学员满意度, value: ">=90%"}
    """

    code = "S007"
    summary_zh = "三级指标名称只是类别名称（如“社会成本指标”）"
    doc_zh = """
    检查内容：三级指标名称只是一个类别名称，如“社会成本指标”“满意度指标”。

    为何重要：把类别名抄到三级指标栏，没有说出具体考核什么：什么样的社会成本？谁的满意度？

    如何修改：写出具体的指标，如把“满意度指标”改为“受训农户满意度”，把“社会成本指标”改为实际要控制的那项社会成本。
    """
    name = "level-name-as-indicator"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            if squeeze(indicator.name) in CATEGORY_NAMES:
                yield Problem(
                    msg(f"指标名称「{indicator.name}」是分类名称，没有说明具体考核什么", f"the indicator name {indicator.name!r} is a category, not a target"),
                    indicator=indicator,
                )
