from __future__ import annotations

import re

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg
from perfcheck.text import squeeze

from ._common import CATEGORY_NAMES, category_label

# A numbering label before a name: 目标1：, 指标2:, 目标三、, (1), 1.
_NUMBERING = re.compile(r"^(?:(?:目标|指标)[\d一二三四五六七八九十]+[:：.、．]?|[(（][\d一二三四五六七八九十]+[)）]|\d+[:：.、．])")


def category_of(name: str, level1: str) -> str | None:
    """The category a name is, numbering label aside (目标1：时效指标 is
    时效指标, 指标2: 数量 is 数量指标), as the category labels read
    (``category_label``); None for a name that says what it measures."""
    text = squeeze(name)
    if text in CATEGORY_NAMES:
        return text
    label = _NUMBERING.match(text)
    if label is None:
        return None
    rest = text[label.end():]
    if rest in CATEGORY_NAMES:
        return rest
    category = category_label(rest, level1)
    return rest if category in CATEGORY_NAMES else None


class LevelNameAsIndicator(Rule):
    """The indicator name is a category name (社会成本指标, 满意度指标).

    A category copied into the 三级指标 column names no concrete target:
    what social cost, whose satisfaction? A category behind a numbering
    label (目标1：时效指标, 指标2: 数量, as the older Fujian template
    numbers its 绩效内容) is a category all the same, in its full or short
    form (数量 for 数量指标, 社会效益 for 社会效益指标).

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 成本指标, level2: 社会成本指标, name: 社会成本指标, value: 无}

    FAIL::

        name: 部门专项资金
        indicators:
          - {level1: 产出, name: 目标1：数量, value: "98%"}

    FAIL::

        name: 部门业务费
        indicators:
          - {level1: 效益, name: 目标1：社会效益, value: 社会效益85%以上}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 满意度指标, level2: 满意度指标, name: 参训学员满意度, value: ">=90%"}

    PASS::

        name: 部门专项资金
        indicators:
          - {level1: 产出, name: 目标2：培训农户人数, value: ">=200 人"}
    """

    code = "S007"
    summary_zh = "三级指标名称只是类别名称（如“社会成本指标”）"
    doc_zh = """
    检查内容：三级指标名称只是一个类别名称，如“社会成本指标”“满意度指标”。编号后面跟的是类别名称的（如“目标1：时效指标”“指标2：数量”，旧版福建模板给绩效内容编号），也算，类别名称写全或写简称（“数量”即“数量指标”，“社会效益”即“社会效益指标”）都算。

    为何重要：把类别名抄到三级指标栏，没有说出具体考核什么：什么样的社会成本？谁的满意度？

    如何修改：写出具体的指标，如把“满意度指标”改为“受训农户满意度”，把“社会成本指标”改为实际要控制的那项社会成本，把“目标1：数量”改为“目标1：完成项目个数”。
    """
    name = "level-name-as-indicator"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            category = category_of(indicator.name, indicator.level1)
            if category is None:
                continue
            if category == squeeze(indicator.name):
                text = msg(f"指标名称「{indicator.name}」是分类名称，没有说明具体考核什么", f"the indicator name {indicator.name!r} is a category, not a target")
            else:
                text = msg(
                    f"指标名称「{indicator.name}」在编号后只是分类名称「{category}」，没有说明具体考核什么",
                    f"the indicator name {indicator.name!r} is only the category {category!r} behind a number, not a target",
                )
            yield Problem(text, indicator=indicator)
