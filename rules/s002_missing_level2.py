from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import level1_kind


class MissingLevel2(Rule):
    """A required level-2 category is absent under 产出指标 (数量, 质量, 时效).

    Outputs are measured by how many, how well and how fast: a table
    without one of them leaves that dimension unmeasured. Silent when the
    table has no 产出 category at all (S001 says so).

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
    """

    code = "S002"
    summary_zh = "产出指标下缺少数量、质量或时效指标"
    name = "missing-level2"
    severity = Severity.WARNING
    table_kinds = ("project", "self-evaluation")  # unit-wide tables use other level-1 names
    options = {"required": Option(list, ("数量指标", "质量指标", "时效指标"), "level-2 categories 产出指标 needs", "产出指标下必须有的二级指标")}

    def check(self, table: Table, ctx: RuleContext):
        level2s = {i.level2 for i in table.indicators if level1_kind(i.level1) == "output"}  # a few labels
        if not level2s:
            return
        for category in ctx.options["required"]:
            word = category.removesuffix("指标")
            if not any(word in level2 for level2 in level2s):
                yield Problem(msg(f"产出指标下缺少「{category}」", f"{category!r} is missing under 产出指标"))
