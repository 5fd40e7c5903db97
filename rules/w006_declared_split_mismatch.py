from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import group_points, plain


class DeclaredSplitMismatch(Rule):
    """A level-1 group's declared points ("产出指标(50分)") differ from the sum of its rows.

    Templates that print the split in their labels promise it; rows that
    add up to something else break the promise, and one of the two is wrong.

    FAIL::

        name: 2024年示例项目
        declared: {产出指标: 50, 满意度指标: 10}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", weight: 45}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", weight: 10}

    PASS::

        name: 2024年示例项目
        declared: {产出指标: 50, 满意度指标: 10}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人", weight: 50}
          - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: ">=90%", weight: 10}
    """

    code = "W006"
    summary_zh = "表头或标签声明的分值与其下各行合计不符"
    doc_zh = """
    检查内容：表头或一级指标标签中写明的分值（如「产出指标(50分)」）与其下各行分值的合计不符。

    为何重要：模板写出的分值就是承诺的分配；各行加起来不一样，说明标签和分值总有一处是错的。

    如何修改：核对后改正错误的一方：调整各行的分值，或更正标签上的分值。
    """
    name = "declared-split-mismatch"
    severity = Severity.ERROR
    requires = ("weight",)

    def check(self, table: Table, ctx: RuleContext):
        for group, declared in table.declared:
            if declared is None:
                continue
            total, rows = group_points(table, group)
            if rows and total != declared:
                yield Problem(
                    msg(
                        f"{group}标明 {plain(declared)} 分，其下指标合计 {plain(total)} 分",
                        f"{group} declares {plain(declared)} points; its rows sum to {plain(total)}",
                    )
                )
