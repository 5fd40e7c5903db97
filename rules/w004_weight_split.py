from __future__ import annotations

from decimal import Decimal

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import group_points, plain


class WeightSplit(Rule):
    """The points of each level-1 group differ from the configured split.

    Deployments fix how points divide between groups (产出 50, 效益 30,
    满意度 10; or 产出 40, 成本 20, 效益 20, 满意度 10 where cost indicators
    exist). Off until a split is configured: ``[rules.W004] split =
    {"产出指标" = 50, "效益指标" = 30, "满意度指标" = 10}``; a group is matched by
    name, so 产出 covers 产出指标.

    FAIL (split = {"产出指标" = 50, "效益指标" = 30, "满意度指标" = 10})::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", weight: 40}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, weight: 40}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", weight: 10}

    PASS (split = {"产出指标" = 50, "效益指标" = 30, "满意度指标" = 10})::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", weight: 30}
          - {level1: 产出指标, level2: 质量指标, name: 培训合格率, value: ">=95%", weight: 20}
          - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 有效提高, weight: 30}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", weight: 10}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", weight: 40}
    """

    code = "W004"
    summary_zh = "一级指标分值与配置的分配比例不符（需配置 split）"
    name = "weight-split"
    severity = Severity.WARNING
    requires = ("weight",)
    options = {"split": Option(dict, {}, 'points per level-1 group, e.g. {"产出指标" = 50, "效益指标" = 30}; empty: off', '各一级指标的分值，如 {"产出指标" = 50, "效益指标" = 30}；为空则不检查')}

    @classmethod
    def inactive_reason(cls, options):
        if options.get("split"):
            return None
        return msg("未配置 split，不做检查", "no split is configured, so it checks nothing")

    def check(self, table: Table, ctx: RuleContext):
        split: dict[str, Decimal] = ctx.options["split"]
        if not split or not any(i.weight is not None for i in table.indicators):
            return
        for group, expected in split.items():
            total, _ = group_points(table, group)
            if total != expected:
                yield Problem(
                    msg(f"{group}合计 {plain(total)} 分，规定为 {plain(expected)} 分", f"{group} has {plain(total)} points, the split says {plain(expected)}")
                )
