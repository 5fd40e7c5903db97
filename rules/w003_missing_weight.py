from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import is_template_placeholder


class MissingWeight(Rule):
    """A row has no weight (指标分值权重), or one that is not a number, in a layout that has weights.

    Every indicator of a weighted table must carry its points, or the table
    cannot be scored. Layouts with no weight column (Hunan style) are not
    concerned: the rule only speaks when other rows of the table have weights.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", weight: 50}
          - {level1: 产出指标, level2: 质量指标, name: 培训合格率, value: ">=95%", weight: ""}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", weight: 十}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
          - {level1: 产出指标, level2: 质量指标, name: 培训合格率, value: ">=95%"}

    A wholly blank row under an optional effect category (the template's own
    经济效益 or 生态效益 line, left empty) carries no target and needs no
    weight.

    PASS::

        name: 义务教育营养改善计划专项资金
        indicators:
          - {level1: 效益指标, level2: 社会效益 指标, name: 政策知晓率, operator: "═", value: "100", unit: "%", weight: 10}
          - {level1: 效益指标, level2: 生态效益 指标, name: "", value: ""}
    """

    code = "W003"
    summary_zh = "有分值列的版式中，指标分值为空或不是数字"
    doc_zh = """
    检查内容：在有分值栏的表中，某一行的分值权重为空或不是数字。只有同一张表的其他行填了分值时才报告，所以湖南式等没有分值栏的版式不受影响。选填的效益类二级指标（如模板自带的经济效益、生态效益行）下整行空白的，不算指标，不需要分值。

    为何重要：缺一行分值，整张表就无法打分，合计也对不上。

    如何修改：为该指标填上数字分值；这一行本不该存在的，整行删除。
    """
    name = "missing-weight"
    severity = Severity.ERROR
    requires = ("weight",)

    def check(self, table: Table, ctx: RuleContext):
        if not any(i.weight is not None for i in table.indicators):
            return
        for indicator in table.indicators:
            if indicator.weight is not None or is_template_placeholder(indicator):
                continue
            if indicator.raw_weight:
                text = msg(f"指标分值权重「{indicator.raw_weight}」不是数字", f"the weight {indicator.raw_weight!r} is not a number")
            else:
                text = msg("指标分值权重为空", "the weight is empty")
            yield Problem(text, indicator=indicator, location=indicator.weight_location)
