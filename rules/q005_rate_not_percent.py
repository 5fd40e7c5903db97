from __future__ import annotations

from perfcheck.model import Problem, Qualitative, Quantity, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import is_rate, plain


class RateNotPercent(Rule):
    """An indicator named …率 whose value is not a percentage (``=100``, ``=1 个``, 较高).

    A rate is a share: without ``%`` it cannot be measured or compared.
    (A unitless value above 100 is V002's finding.)

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 验收合格率, value: "=100"}

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 群众知晓率, value: 较高}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 验收合格率, value: "=100%"}
          - {level1: 效益指标, level2: 社会效益指标, name: 提高工作效率, value: 有效提高}

    The suggestion adds ``%`` to a bare number above 1; ``1`` or ``0.95`` on
    a rate may be a fraction or a small percentage, and no guess is offered.

    FAIL::

        name: 中共宁德市委党史和地方志研究室部门整体支出绩效目标
        kind: unit
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 各类书籍审稿率, explanation: 100%(计划标准), value: "1"}
    """

    code = "Q005"
    summary_zh = "“……率”指标的值不是百分比"
    doc_zh = """
    检查内容：名称以“率”结尾的指标，指标值却不是百分比，如「=100」「=1 个」「较高」。没有单位且超过 100 的，由 V002 报告。

    为何重要：比率是占比，不带“%”就无法计量，也无法与实际的完成率比较。

    如何修改：写成百分比，如「=100%」「>=95%」。大于 1 的裸数字，建议中会补上“%”（仅为提示）；比率上的「1」或「0.95」可能是小数（100%、95%），也可能就是 1%，不作猜测，请按原意改写。
    """
    fix_field, fix_safe = "value", False
    name = "rate-not-percent"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            if not is_rate(indicator):
                continue
            q = indicator.value
            suggestion = None
            if isinstance(q, Quantity):
                if q.is_percent or (q.unit is None and q.amount > 100):
                    continue
                if q.unit is None and q.amount > 1:  # 1 or 0.95: a fraction (100%) or 1%? no guess
                    suggestion = f"{q.operator.value if q.operator else ''}{plain(q.amount)}%"
            elif not isinstance(q, Qualitative):
                continue
            yield Problem(
                msg(
                    f"比率指标「{indicator.name}」的指标值「{indicator.raw_value}」不是百分比",
                    f"the rate {indicator.name!r} has a value that is not a percentage: {indicator.raw_value!r}",
                ),
                indicator=indicator,
                suggestion=suggestion,
            )
