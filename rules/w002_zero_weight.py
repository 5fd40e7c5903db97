from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import plain


class ZeroWeight(Rule):
    """An indicator's weight (指标分值权重) is 0 or negative.

    An indicator worth no points sets a target nobody is scored on: it
    is decoration, and usually a sign that the points were piled onto one
    other row. A negative weight is a typing error.

    FAIL::

        name: 2024年示例核查项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 核查数量, value: ">=357 座", weight: 90}
          - {level1: 产出指标, level2: 数量指标, name: 出具核查报告, value: "=1 个", weight: 0}

    PASS::

        name: 2024年示例核查项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 核查数量, value: ">=357 座", weight: 45}
          - {level1: 产出指标, level2: 数量指标, name: 出具核查报告, value: "=1 个", weight: 45}
    """

    code = "W002"
    summary_zh = "指标分值为 0 或负数"
    doc_zh = """
    检查内容：某个指标的分值权重为 0 或负数。

    为何重要：0 分的指标设了目标却不计分，形同摆设，往往说明分值都堆到了另外某一行上；负分值则是录入错误。

    如何修改：给每个指标分配合理的分值，并保证合计仍等于总分（见 W001）；不需要考核的指标直接删除。
    """
    name = "zero-weight"
    severity = Severity.WARNING
    requires = ("weight",)

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            if indicator.weight is not None and indicator.weight <= 0:
                w = plain(indicator.weight)
                yield Problem(
                    msg(f"指标分值权重为 {w}：该指标不计分，目标形同虚设", f"the weight is {w}: the indicator scores no points"),
                    indicator=indicator,
                    location=indicator.weight_location,
                )
