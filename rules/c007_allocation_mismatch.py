from __future__ import annotations

from decimal import Decimal

from perfcheck.model import Document, Problem, Severity
from perfcheck.rule import Option, Rule, RuleContext, Scope, msg

from ._common import money
from ._cost import Unresolved, cap_term, money_costs
from ._matching import SIMILARITY, narrative_to_tables, pair_up

_COST_WORDS = ("成本", "费用", "支出", "费")


def _item_name(indicator_name: str) -> str:
    """A cost indicator is named after what it pays for plus 成本/费用: compare the first part."""
    for word in _COST_WORDS:
        if indicator_name.endswith(word) and len(indicator_name) > len(word):
            return indicator_name[: -len(word)]
    return indicator_name


class AllocationMismatch(Rule):
    """The cost indicators disagree with the project's 资金分配情况 in the narrative.

    The budget explanation lists what the money is for, item by item; the
    cost indicators should cap the same items at the same amounts. An item
    whose matching cost indicator states another amount, or that no cost
    indicator covers, means the targets and the explanation describe two
    different spending plans. Items are matched to indicators by name
    similarity, then by amount. Silent when the narrative gives only a total,
    or the table has no cost indicator in money (C004's business).

    FAIL::

        allocations:
          - project: 2024年档案升级改造项目
            items:
              - {name: 智慧档案馆一体化管理平台, amount: "20.00"}
              - {name: 消防灭火控制系统, amount: "25.00"}
        tables:
          - name: 2024 年档案升级改造项目
            funds: {total: "45.00"}
            indicators:
              - {level1: 成本指标, level2: 经济成本指标, name: 智慧档案馆一体化管理平台成本, value: "<=20 万元"}
              - {level1: 成本指标, level2: 经济成本指标, name: 消防灭火控制系统成本, value: "<=6 万元"}

    PASS::

        allocations:
          - project: 2024年档案升级改造项目
            items:
              - {name: 智慧档案馆一体化管理平台, amount: "20.00"}
              - {name: 消防灭火控制系统, amount: "6.00"}
        tables:
          - name: 2024 年档案升级改造项目
            funds: {total: "26.00"}
            indicators:
              - {level1: 成本指标, level2: 经济成本指标, name: 智慧档案馆一体化管理平台成本, value: "<=20 万元"}
              - {level1: 成本指标, level2: 经济成本指标, name: 消防灭火控制系统成本, value: "≤6 万元"}
    """

    code = "C007"
    summary_zh = "成本指标与资金分配情况所列各项不符"
    doc_zh = """
    检查内容：预算公开说明的“资金分配情况”一段逐项列出了钱的用途，成本指标应当以相同的金额为这些项目设上限。某一项对应的成本指标金额不同，或者没有任何成本指标与之对应，都会报告。资金项与成本指标先按名称相似度匹配，再按金额匹配。说明只给了总数，或者表中没有以金额计的成本指标（C004 的情形）时，不检查。

    为何重要：绩效目标和预算说明描述的应当是同一份支出计划；二者不符，说明其中之一没有如实反映钱的用途。

    如何修改：对照说明中的分项，调整成本指标的名称和金额，或更正说明中的数字。
    """
    name = "allocation-mismatch"
    severity = Severity.WARNING
    scope = Scope.DOCUMENT
    options = {
        "similarity": SIMILARITY,
        "item_similarity": Option(Decimal, Decimal("0.5"), "how alike an item and a cost indicator must be named (0–1)", "资金分配项与成本指标名称的最低相似度（0–1）"),
        "months": Option(int, 12, "months a per-month cap counts when the table states no duration", "表中未写期限时，按月的上限计几个月"),
    }

    def check(self, document: Document, ctx: RuleContext):
        for allocation, table, _ in narrative_to_tables(document, float(ctx.options["similarity"])):
            items = [i for i in allocation.items if i.amount is not None]
            if len(items) < 2:
                continue  # a lone item just restates the total
            try:
                caps = [cap_term(i, table, ctx.units, ctx.options["months"]) for i in money_costs(table, ctx.units, floors=True)]
            except Unresolved:
                continue
            if not caps:
                continue
            yield from self._compare(items, caps, table, allocation, float(ctx.options["item_similarity"]))

    def _compare(self, items, caps, table, allocation, threshold):
        pairs = pair_up(items, caps, lambda i: i.name, lambda c: _item_name(c.indicator.name), threshold)
        matched_items = {id(i) for i, _, _ in pairs}
        used = {id(c) for _, c, _ in pairs}
        leftovers = [c for c in caps if id(c) not in used]
        for item in items:
            if id(item) in matched_items:
                continue
            same_amount = next((c for c in leftovers if _close(c.amount, item.amount)), None)
            if same_amount is not None:
                leftovers.remove(same_amount)
                continue
            yield Problem(
                msg(
                    f"资金分配情况列有「{item.name} {money(item.amount)} 万元」，成本指标中没有对应项",
                    f"the narrative allocates {money(item.amount)} 万元 to {item.name!r}, which no cost indicator covers",
                ),
                table=table,
                location=allocation.location,
            )
        for item, cap, _ in pairs:
            if _close(cap.amount, item.amount):
                continue
            yield Problem(
                msg(
                    f"资金分配情况「{item.name} {money(item.amount)} 万元」与成本指标「{cap.indicator.name} {cap.indicator.raw_value}」"
                    f"（{money(cap.amount)} 万元）不一致",
                    f"the narrative allocates {money(item.amount)} 万元 to {item.name!r}; the cost indicator "
                    f"{cap.indicator.name!r} says {cap.indicator.raw_value} ({money(cap.amount)} 万元)",
                ),
                indicator=cap.indicator,
                table=table,
            )


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= Decimal("0.005")
