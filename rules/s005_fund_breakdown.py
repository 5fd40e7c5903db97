from __future__ import annotations

from perfcheck.model import FUND_FIELDS, FUND_PARTS, Problem, Severity, Table
from perfcheck.rule import Rule, RuleContext, msg

from ._common import money

# The parts in English, for the messages.
PARTS_EN = {"fiscal": "fiscal", "carried": "carried over", "other": "other"}


class FundBreakdown(Rule):
    """财政拨款 (+ 上年结转资金) + 其他资金 ≠ its total, or the total is 0 while a part is not.

    The header's money must add up: the total is what the targets are
    measured against, and the parts say who pays. A funds block with two
    total columns (项目资金总额 beside 年度资金申请总额, 中期资金总额 beside
    年度资金总额) is checked column by column, each breakdown against its
    own total, and the message names which.

    FAIL::

        name: 2024年示例项目
        funds: {total: "100.00", fiscal: "80.00", other: "10.00"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}

    FAIL::

        name: 2024年示例项目
        funds: {total: "0", fiscal: "12.00"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}

    FAIL::

        name: 2024年示例项目
        funds:
          total: "100.00"
          fiscal: "80.00"
          other: "20.00"
          columns:
            - {label: 项目资金总额, total: "300.00", fiscal: "250.00", carried: "30.00", other: "10.00"}
            - {label: 年度资金申请总额, total: "100.00", fiscal: "80.00", other: "20.00"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}

    PASS::

        name: 2024年示例项目
        funds: {total: "100.00", fiscal: "90.00", other: "10.00"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}

    PASS::

        name: 2024年乡村道路养护项目
        funds:
          columns:
            - {label: 中期资金总额, total: "500", fiscal: "400", other: "100"}
            - {label: 年度资金总额, total: "120", fiscal: "90", carried: "10", other: "20"}
        indicators:
          - {level1: 产出指标, level2: 数量指标, name: 养护里程, value: ">=120 公里"}
    """

    code = "S005"
    summary_zh = "财政拨款 + 其他资金 ≠ 年度预算总额"
    doc_zh = """
    检查内容：表头的资金应当对得上：财政拨款（+ 上年结转资金）+ 其他资金 = 年度预算总额。二者不等，或者总额填 0 而分项不为 0，都会报告。资金栏有两个总额列（项目资金总额与年度资金申请总额，或中期资金总额与年度资金总额）时，逐列核对各自的分项，并指明是哪一列。

    为何重要：年度预算总额是衡量各项目标（特别是成本指标）的基准，分项说明钱由谁出。数字不一致，后面的对账都无从谈起。

    如何修改：对照预算批复，改正总额或财政拨款、上年结转资金、其他资金中填错的一项。
    """
    name = "fund-breakdown"
    severity = Severity.ERROR

    def check(self, table: Table, ctx: RuleContext):
        funds = table.funds
        if funds is None:
            return
        if funds.columns:
            blocks = [(column.label, column.total, column.parts(), column.location or table.funds_cell) for column in funds.columns]
        else:
            parts = [(key, getattr(funds, key)) for key in FUND_PARTS if getattr(funds, key) is not None]
            blocks = [(None, funds.total, parts, table.funds_cell)]  # in a worksheet, the 年度预算总额 amount's cell
        for label, total, parts, location in blocks:
            if total is None:
                continue
            named = dict(parts)
            total_zh = label or FUND_FIELDS["total"]
            if total == 0 and any(named.values()):
                yield Problem(
                    msg(f"{total_zh}为 0，但财政拨款或其他资金不为 0", f"the total {label or 'budget'} is 0 but a part of it is not"),
                    location=location,
                )
            elif "fiscal" in named and "other" in named and sum(named.values()) != total:
                summed = sum(named.values())
                zh = " + ".join(f"{FUND_FIELDS[key]} {money(value)}" for key, value in parts)
                en = " + ".join(f"{PARTS_EN[key]} {money(value)}" for key, value in parts)
                yield Problem(
                    msg(
                        f"{zh} = {money(summed)} 万元，与{total_zh} {money(total)} 万元不符",
                        f"{en} = {money(summed)} 万元, but the total{' ' + label if label else ''} is {money(total)} 万元",
                    ),
                    location=location,
                )
