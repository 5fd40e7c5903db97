from __future__ import annotations

from decimal import Decimal

from perfcheck.model import Bound, Problem, Quantity, Severity, Table
from perfcheck.rule import Option, Rule, RuleContext, msg

from ._common import cents, money
from ._cost import Unresolved, arithmetic, cap_term, money_costs


class CostTotalMismatch(Rule):
    """The cost caps (成本指标) must account for the project's money (年度预算总额).

    Under 财预〔2021〕101号 cost indicators state what the money buys at most.
    Their caps, converted to 万元 and multiplied out, should equal the
    budget: a per-unit cap is multiplied by the quantity indicator of the
    same table it is per (元/座 × ``>=357 座``; 元/人/月 × ``>=2 人`` × 12
    months). A per-month cap with no month indicator counts the 12 months
    of the budget year, and says so. Caps that exceed the budget promise
    money the project does not have (an error); caps that fall short leave
    money no target accounts for (a warning).

    A lower bound (``>=100 万元``) is not a cap and is left out of the sum
    (C002 reports it). A cap per unit whose quantity the table never states
    cannot be multiplied out, and the table is not checked.

    No error is derived from a budget the table contradicts (S005's
    finding): a total of 0 beside fiscal or other funds is read as their
    sum, and caps that match either the total or the sum of its parts are
    not reported; caps that match neither are, with both figures named.

    A finding's data (the JSON report's ``data``), in 万元 to the cent:
    ``caps_total`` (the caps converted and multiplied out, summed),
    ``budget`` (the budget they answer to, the parts' sum where a total of
    0 is read as it) and ``difference`` (caps_total − budget: above 0 over
    the budget, below 0 short of it).

    PASS::

        name: 2024年某县造林项目
        funds: {total: "0", fiscal: "90.00", other: "0"}
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 造林成本, value: "<=90 万元"}

    FAIL::

        name: 2024年示例设备项目
        funds: {total: "100.00"}
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 设备采购成本, value: "<=50 万元"}
          - {level1: 成本指标, level2: 经济成本指标, name: 设备维护成本, value: "<=60 万元"}

    PASS::

        name: 2024年示例安保项目
        funds: {total: "10.80"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 聘用保安人员数量, value: ">=2 人"}
          - {level1: 成本指标, level2: 经济成本指标, name: 保安人员工资, value: "<=4500 元/人/月"}

    PASS::

        name: 2024年示例核查项目
        funds: {total: "75.00"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 矿山核查数量, value: ">=357 座"}
          - {level1: 成本指标, level2: 经济成本指标, name: 矿山核查费用, value: "<=2100 元/座"}

    A per-unit cap is multiplied by the output that counts its unit: a
    数量指标 row first, then the one whose name shares most with the cost's
    (流转土地补助标准 → 流转土地), then one in the unit itself over one
    converted to it. Effects (新增灌溉面积 ≥500 亩) are not what the money
    buys and are never multiplied; a cap left without its quantity is not
    summed, and a table whose caps all lack theirs gets no verdict.

    PASS::

        name: 2018年市级专项扶贫资金基础设施(人大代表扶贫基地)
        funds: {total: "10", fiscal: "10", other: "0"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 贫困地区旅游基础设施建设工程, value: ">=20平方米"}
          - {level1: 产出指标, level2: 数量指标, name: 贫困地区旅游景点开发数量( ≥**个 ), value: ">=4个"}
          - {level1: 产出指标, level2: 数量指标, name: 流转土地, value: ">=60亩"}
          - {level1: 产出指标, level2: 成本指标, name: 流转土地补助标准, value: "<=475元/亩"}
          - {level1: 产出指标, level2: 成本指标, name: 景观建设成本, value: "<=2875元/个"}
          - {level1: 产出指标, level2: 成本指标, name: 贫困地区旅游基础设施建设工程建设成本, value: "<=3000元/平方米"}
    """

    code = "C001"
    summary_zh = "成本指标上限（换算、乘以数量后）与年度预算总额不符"
    doc_zh = """
    检查内容：按财预〔2021〕101号，成本指标写的是“最多花多少钱”。各成本指标的上限换算成万元、乘出总数后，应与年度预算总额相符。按单位计的上限要乘以同一张表中对应的数量指标，例如 元/座 ×「>=357 座」，元/人/月 ×「>=2 人」× 12 个月；按月计的上限而表中没有月数的，按预算年度的 12 个月计（选项 months），并在说明中写明。上限合计超出预算，是承诺了项目没有的钱，报“错误”；不足预算，是有一部分钱没有目标与之对应，报“警告”。允许的误差默认为预算的 1%（选项 tolerance）。

    下限（如「>=100 万元」）不是上限，不计入合计（由 C002 报告）。按单位计的上限乘以“产出的数量”：先找数量指标，再找名称最接近的（如“流转土地补助标准”对应“流转土地”），再找单位相同的。效益（如“新增灌溉面积 ≥500 亩”）不是钱买来的东西，不参与相乘。找不到对应数量的上限不计入合计；所有上限都找不到数量的表，不作判断。

    年度预算总额本身有矛盾时（S005 报告的情形），不据此判错：总额填 0 而财政拨款或其他资金不为 0 的，按二者之和计；成本上限合计与总额或与分项之和任一相符的，不报告；都不相符的，两个数都写在说明中。

    为何重要：成本指标是审核预算最直接的抓手。上限与钱对不上，说明目标和预算是两本账，审核时无法判断钱花在哪里、花得是否合理。

    如何修改：对照问题说明中的算式，逐项核对成本指标的金额、单位和对应的数量，使上限合计等于年度预算总额；也可能是年度预算总额本身填错了。

    供程序读取的数据（JSON 报告的 data，单位为万元，精确到分）：caps_total 为换算、相乘后的上限合计，budget 为据以比较的预算（总额填 0 时为分项之和），difference 为 caps_total − budget（正数为超出，负数为不足）。
    """
    name = "cost-total-mismatch"
    severity = Severity.ERROR
    options = {
        "tolerance": Option(Decimal, Decimal("0.01"), "how far the caps may differ from the budget, as a share of it", "成本上限合计与预算总额允许相差的比例"),
        "months": Option(int, 12, "months a per-month cap counts when the table states no duration", "表中未写期限时，按月的上限计几个月"),
    }

    def check(self, table: Table, ctx: RuleContext):
        budget, basis_zh, basis_en = _budget(table.funds)
        if budget is None:
            return
        caps = money_costs(table, ctx.units)
        if not caps:
            return
        try:
            terms = [cap_term(i, table, ctx.units, ctx.options["months"]) for i in caps]
        except Unresolved:
            return
        total = sum((t.amount for t in terms), Decimal(0))
        gap = total - budget
        if abs(gap) <= abs(budget) * ctx.options["tolerance"]:
            return
        parts = _parts(table.funds)
        breakdown_zh = breakdown_en = ""
        if parts is not None and parts != budget:
            # The breakdown disagrees with the total (S005): caps that match
            # either figure are no finding of C001's; caps matching neither are.
            if abs(total - parts) <= abs(parts) * ctx.options["tolerance"]:
                return
            breakdown_zh = f"；财政拨款与其他资金合计 {money(parts)} 万元，亦不符"
            breakdown_en = f"; the fiscal and other funds sum to {money(parts)} 万元, which does not match either"
        sum_zh, sum_en = arithmetic(terms, total)
        floors = [i for i in table.indicators if i.is_cost and isinstance(i.value, Quantity) and i.value.bound is Bound.LOWER]
        note_zh = "；未计入下限值：" + "、".join(f"{i.name} {i.raw_value}" for i in floors) if floors else ""
        note_en = "; lower bounds left out: " + ", ".join(f"{i.name} {i.raw_value}" for i in floors) if floors else ""
        if gap > 0:
            verdict_zh, verdict_en, severity = f"超出 {money(gap)} 万元", f"{money(gap)} 万元 over", Severity.ERROR
        else:
            verdict_zh, verdict_en, severity = f"相差 {money(-gap)} 万元", f"{money(-gap)} 万元 short", Severity.WARNING
        yield Problem(
            msg(
                f"成本指标上限合计 {money(total)} 万元，{basis_zh} {money(budget)} 万元，{verdict_zh}"
                f"（{sum_zh}{note_zh}{breakdown_zh}）",
                f"the cost caps add up to {money(total)} 万元 against {basis_en} of {money(budget)} 万元, {verdict_en}"
                f" ({sum_en}{note_en}{breakdown_en})",
            ),
            severity=severity,
            data={"caps_total": cents(total), "budget": cents(budget), "difference": cents(gap)},
            # In a worksheet, on the first cap it adds up: the caps are what a unit sets and mends.
            location=terms[0].indicator.value_cell,
        )


def _parts(funds) -> Decimal | None:
    parts = [p for p in (funds.fiscal, funds.other) if p is not None]
    return sum(parts, Decimal(0)) if parts else None


def _budget(funds) -> tuple[Decimal | None, str, str]:
    """The budget the caps answer to, and how it was taken.

    年度预算总额 as stated; but a total of 0 beside fiscal or other funds that
    are not (S005 reports the contradiction) is read as the parts' sum, so
    that no derived error is raised on a number the table itself disowns.
    """
    if funds is None or funds.total is None:
        return None, "", ""
    parts = _parts(funds)
    if funds.total == 0 and parts:
        return parts, "按财政拨款与其他资金之和计的预算（年度预算总额填为 0）", "the budget of its fiscal and other funds (the total says 0)"
    return funds.total, "年度预算总额", "a budget"
