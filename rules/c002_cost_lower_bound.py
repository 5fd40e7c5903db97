from __future__ import annotations

import attrs

from perfcheck.model import Bound, Operator, Problem, Quantity, Severity, Table
from perfcheck.values import parse_value
from perfcheck.rule import Rule, RuleContext, msg


class CostLowerBound(Rule):
    """A cost indicator (成本指标) is a cap: it must say "at most" (``<=``, ``≤``, 不超过, 以内).

    ``>=100 万元`` on a cost row promises to spend at least that much — a
    floor, the opposite of what 财预〔2021〕101号 asks cost indicators to
    control. It is an error. ``=`` fixes the cost exactly: a cap was
    probably meant, so it is a warning (the finding's severity is warning).
    The suggestion is the same value with ``<=``.

    FAIL::

        name: 2024年示例数据库项目
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 建设数据库成本, value: ">=100 万元"}

    FAIL::

        name: 2024年示例数据库项目
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 建设数据库成本, value: 不低于100万元}

    PASS::

        name: 2024年示例数据库项目
        indicators:
          - {level1: 成本指标, level2: 经济成本指标, name: 建设数据库成本, value: "<=100 万元"}
          - {level1: 产出指标, level2: 数量指标, name: 建设数据库, value: ">=1 套"}

    A rate or a count in a cost row is no money to cap (C003 says so):

    PASS::

        name: 政协福建省平潭县委员会部门整体绩效目标表
        kind: unit
        indicators:
          - {level1: 成本指标, level2: 社会成本指标, name: 开展视察调研活动场次, value: "≥8次"}

    A comparison the indicator's name states counts as written: a template
    printing 项目总投入(≥**万元) above a bare ``6070`` makes that a floor, and
    the message says the ``>=`` came from the name.

    FAIL::

        name: 原州区2022年南部水源涵养林建设项目
        funds: {total: "6070.00", fiscal: "6070.00"}
        indicators:
          - {level1: 产出指标, level2: "成本指标 (必填硬性指标)", name: 项目总投入(≥**万元), value: "6070"}
    """

    code = "C002"
    summary_zh = "成本指标用了下限（≥、不低于）：下限不是成本上限"
    doc_zh = """
    检查内容：成本指标用了下限，如「>=100 万元」「不低于 100 万元」。成本指标应当是上限（「<=」「≤」「不超过」「以内」）。「>=」承诺的是至少花这么多，与财预〔2021〕101号要求成本指标控制支出的本意正好相反，报“错误”；「=」把成本定死了，多半本想写上限，报“警告”。成本行里的比率（「>=5%」）或次数（「≥8次」）不是金额，由 C003 报告，这里不报告。指标名称中写明的比较符号也算数：模板印着「项目总投入(≥**万元)」、值只填了「6070」的，就是下限，说明中会指出「>=」来自名称。

    为何重要：成本下限控制不了支出，反而鼓励多花钱；这一行也无法计入成本上限的合计（C001）。

    如何修改：把比较符号改为「<=」，建议中给出了改好的值。这只是提示（须确认原意），加 --unsafe-fixes 才会自动写入。
    """
    fix_field, fix_safe = "value", False
    name = "cost-lower-bound"
    severity = Severity.ERROR

    def check(self, table: Table, ctx: RuleContext):
        for indicator in table.indicators:
            q = indicator.value
            if not indicator.is_cost or not isinstance(q, Quantity) or q.operator is None:
                continue
            if q.is_percent or (q.unit and not ctx.units.is_money(q.unit)):
                # A rate in a cost row (成本节约率 >=5%), or a count filed
                # under it (开展视察调研活动场次 ≥8次), is no amount of money
                # at all: C003's finding; <= would not mend it.
                continue
            if q.bound is not Bound.LOWER and q.bound is not Bound.EXACT:
                continue  # a cap, as it should be (most cost rows)
            fix = str(attrs.evolve(q, operator=Operator.LE, split_from=None))
            # The comparison may be the name's (项目总投入(≥**万元) with 6070): say so.
            as_written = parse_value(indicator.raw_value)
            from_name = not isinstance(as_written, Quantity) or as_written.operator is None
            said_zh = f"「{indicator.raw_value}」（按名称中的「{q.operator.value}」读）" if from_name else f"「{indicator.raw_value}」"
            said_en = f"{indicator.raw_value!r} (with the name's {q.operator.value})" if from_name else repr(indicator.raw_value)
            if q.bound is Bound.LOWER:
                yield Problem(
                    msg(
                        f"成本指标{said_zh}是下限，成本指标应为上限（<=）",
                        f"cost target {said_en} is a floor; a cost indicator states a cap (<=)",
                    ),
                    indicator=indicator,
                    suggestion=fix,
                )
            elif q.bound is Bound.EXACT:
                yield Problem(
                    msg(
                        f"成本指标{said_zh}用“=”限定为定值，通常应为上限（<=）",
                        f"cost target {said_en} fixes the cost with '='; a cap (<=) is usual",
                    ),
                    indicator=indicator,
                    suggestion=fix,
                    severity=Severity.WARNING,
                )
