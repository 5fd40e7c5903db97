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
    doc_zh = """
    检查内容：各一级指标下的分值合计与配置的分配比例不符。不少地区规定了分值在各类指标之间怎样分配，如产出 50、效益 30、满意度 10；设有成本指标时如产出 40、成本 20、效益 20、满意度 10。默认不检查，配置了 split 才生效，例如 [rules.W004] split = {"产出指标" = 50, "效益指标" = 30, "满意度指标" = 10}。一级指标按名称中的关键字对应，如“产出”即对应“产出指标”。

    为何重要：分配比例是评价办法的规定；偏离了，表的侧重点就和要求不一致。

    如何修改：调整各一级指标下各行的分值，使每一类的合计符合规定。
    """
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
