from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg
from perfcheck.text import squeeze


class DuplicateIndicator(Rule):
    """The same indicator name appears twice in a table.

    Two rows measuring the same thing score it twice — or the second was
    meant to be something else and was copied without being renamed.

    FAIL::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 资金使用合规率, value: "=100%"}
          - {level1: 产出指标, level2: 质量指标, name: 资金使用 合规率, value: "=100%"}

    PASS::

        name: 2024年示例项目
        indicators:
          - {level1: 产出指标, level2: 质量指标, name: 资金使用合规率, value: "=100%"}
          - {level1: 产出指标, level2: 质量指标, name: 设备验收合格率, value: "=100%"}
    """

    code = "S004"
    summary_zh = "同一张表中指标名称重复"
    doc_zh = """
    检查内容：同一张表中有两行三级指标的名称相同。

    为何重要：两行考核同一件事，等于重复计分；也可能第二行是复制后忘了改名，本来要考核的内容反而漏掉了。

    如何修改：合并重复的两行，或把复制来的一行改成它本应考核的内容。
    """
    name = "duplicate-indicator"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        seen: dict[str, object] = {}
        for indicator in table.indicators:
            key = squeeze(indicator.name)
            if not key:
                continue
            if key in seen:
                first = seen[key].location
                where_zh, where_en = first.describe("zh"), first.describe("en")
                yield Problem(
                    msg(
                        f"指标「{indicator.name}」在本表中重复出现" + (f"（首次见于{where_zh}）" if where_zh else ""),
                        f"the indicator {indicator.name!r} appears twice in the table" + (f" (first at {where_en})" if where_en else ""),
                    ),
                    indicator=indicator,
                )
            else:
                seen[key] = indicator
