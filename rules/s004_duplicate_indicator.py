from __future__ import annotations

from perfcheck.model import Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg
from perfcheck.text import squeeze

from ._common import is_template_placeholder


class DuplicateIndicator(Rule):
    """The same indicator name appears twice in a table.

    Two rows measuring the same thing score it twice — or the second was
    meant to be something else and was copied without being renamed. The template's "……" lines (more rows
    here), one under each category and left without a value, repeat by
    design: they are not indicators.

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

    PASS::

        name: 部门业务费
        indicators:
          - {level1: 投入, name: 目标1：183.4万元, value: 预算金额全覆盖}
          - {level1: 投入, name: ……, value: ""}
          - {level1: 产出, name: 目标1：培训人数, value: ">=100 人"}
          - {level1: 产出, name: ……, value: ""}
    """

    code = "S004"
    summary_zh = "同一张表中指标名称重复"
    doc_zh = """
    检查内容：同一张表中有两行三级指标的名称相同。模板在每类指标下印好的“……”行（没有指标值，表示此处可续填）不是指标，重复出现是模板本来的样子，不报告。

    为何重要：两行考核同一件事，等于重复计分；也可能第二行是复制后忘了改名，本来要考核的内容反而漏掉了。

    如何修改：合并重复的两行，或把复制来的一行改成它本应考核的内容。
    """
    name = "duplicate-indicator"
    severity = Severity.WARNING

    def check(self, table: Table, ctx: RuleContext):
        seen: dict[str, object] = {}
        for indicator in table.indicators:
            key = squeeze(indicator.name)
            if not key or is_template_placeholder(indicator):
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
