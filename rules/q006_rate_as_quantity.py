from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import is_rate


class RateAsQuantity(Rule):
    """A rate (…率) is filed under 数量指标.

    A rate (胜诉率, 覆盖率, 合格率) measures how well, not how much: it belongs
    under 质量指标 (or 时效指标 for 及时率). Filed as a quantity it distorts
    the 数量/质量/时效 balance reviewers look at.

    FAIL::

        name: 2024年法律顾问项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 胜诉率, value: ">=80%"}

    PASS::

        name: 2024年法律顾问项目
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 采购专业技术服务, value: ">=1 套"}
          - {level1: 产出指标, level2: 质量指标, name: 胜诉率, value: ">=80%"}
    """

    code = "Q006"
    summary_zh = "“……率”指标放在了数量指标下"
    doc_zh = """
    检查内容：比率类指标（“……率”，如胜诉率、覆盖率、合格率）放在了数量指标下。

    为何重要：比率衡量的是做得怎样，而不是做了多少，应放在质量指标下（及时率放在时效指标下）。放在数量指标下，会打乱审核人看重的数量、质量、时效三者的搭配。

    如何修改：把该行移到质量指标（或时效指标）下，建议中给出了应属的二级指标（仅为提示）。
    """
    fix_field, fix_safe = "level2", False
    name = "rate-as-quantity"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            if "数量" in indicator.level2 and is_rate(indicator):
                target = "时效指标" if indicator.name.endswith("及时率") else "质量指标"
                yield Problem(
                    msg(
                        f"比率指标「{indicator.name}」列在“{indicator.level2}”下，应列入{target}",
                        f"the rate {indicator.name!r} is filed under {indicator.level2}; it belongs under {target}",
                    ),
                    indicator=indicator,
                    suggestion=target,
                )
