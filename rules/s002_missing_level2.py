from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import is_template_placeholder, level1_kind


class MissingLevel2(Rule):
    """A required level-2 category is absent under 产出指标 (数量, 质量, 时效).

    Outputs are measured by how many, how well and how fast: a table
    without one of them leaves that dimension unmeasured. Silent when the
    table has no 产出 category at all (S001 says so). A category whose only
    row is the template's "……" line (more rows here, no value) has no
    target: it is missing.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
          - {level1: 产出指标, level2: 质量指标, name: 培训合格率, value: ">=95%"}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
          - {level1: 产出指标, level2: 质量指标, name: 培训合格率, value: ">=95%"}
          - {level1: 产出指标, level2: 时效指标, name: 完成时间, value: 2024年12月底前}

    PASS::

        name: 2021年就业补助资金
        indicators:
          - {level1: 产出类指标, level2: "", name: 社会保险补贴发放准确率, value: ">=95%"}
          - {level1: 效益类指标, level2: "", name: 城镇新增就业人数, value: ">=39500 人"}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
          - {level1: 产出指标, level2: 质量指标, name: 培训合格率, value: ">=95%"}
          - {level1: 产出指标, level2: 时效指标, name: ……, value: ""}
    """

    code = "S002"
    summary_zh = "产出指标下缺少数量、质量或时效指标"
    doc_zh = """
    检查内容：产出指标下缺少数量指标、质量指标或时效指标。表中根本没有产出指标时不报告（由 S001 报告）。某类下只有模板的“……”行（没有指标值，表示此处可续填）的，这一类没有目标，也算缺少。

    为何重要：产出要从做了多少、做得怎样、多快完成三方面衡量；缺一项，这一方面就没有目标可考。

    如何修改：在产出指标下补上缺少的二级指标，并写出具体的三级指标，如时效指标「项目完成时间：2024年12月31日前」。必需的二级指标可用选项 required 调整。
    """
    name = "missing-level2"
    severity = Severity.WARNING
    table_kinds = ("project", "self-evaluation")  # unit-wide tables use other level-1 names
    options = {"required": Option(list, ("数量指标", "质量指标", "时效指标"), "level-2 categories 产出指标 needs", "产出指标下必须有的二级指标")}

    def check(self, table: Table, ctx: RuleContext):
        # (a few labels; the template's "……" lines are no target of theirs)
        level2s = {i.level2 for i in table.indicators if level1_kind(i.level1) == "output" and not is_template_placeholder(i)}
        # No output row says its level 2: a layout of one category column
        # (重庆's 产出类指标 | 效益类指标 | ...), not a table missing its 数量/质量/时效.
        if not any(label.strip() for label in level2s):
            return
        for category in ctx.options["required"]:
            word = category.removesuffix("指标")
            if not any(word in level2 for level2 in level2s):
                yield Problem(msg(f"产出指标下缺少「{category}」", f"{category!r} is missing under 产出指标"))
