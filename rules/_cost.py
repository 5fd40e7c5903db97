"""Cost caps (成本指标) in 万元, multiplied out: shared by C001 and C007."""

from __future__ import annotations

import difflib
from decimal import Decimal

import attrs

from perfcheck.model import Bound, Indicator, Quantity, Table
from perfcheck.units import MONTHS, UnitRegistry

from ._common import level1_kind, money, plain

WAN = Decimal(10000)


@attrs.frozen
class CapTerm:
    """One cost cap converted to 万元, with the arithmetic that got it there."""

    indicator: Indicator
    amount: Decimal  # 万元
    zh: str
    en: str
    multiplied: bool = False  # a per-unit cap: zh/en show the product and end in "= … 万元"


class Unresolved(Exception):
    """A per-unit cap whose quantity the table does not state: its total cannot be known."""


def money_costs(table: Table, units: UnitRegistry, *, floors: bool = False) -> list[Indicator]:
    """Cost indicators stated in money; lower bounds only if ``floors``."""
    return [
        i for i in table.indicators
        if i.is_cost and isinstance(i.value, Quantity) and units.is_money(i.value.unit)
        and (floors or i.value.bound is not Bound.LOWER)
    ]


def _shared_run(a: str, b: str) -> int:
    """The length of the longest run of characters two names share (流转土地 in 流转土地补助标准)."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def find_quantity(table: Table, symbol: str, units: UnitRegistry, for_name: str = "") -> tuple[Indicator, Decimal] | None:
    """The output that counts what a denominator is per (座 for 元/座), in that symbol.

    Only outputs count: an effect (新增灌溉面积 ≥500 亩) is not what the money
    buys. Among several, a 数量指标 row is preferred, then the one whose name
    shares most with the cost's (流转土地补助标准 → 流转土地), then one
    written in the symbol itself over one converted to it."""
    candidates = []
    for ind in table.indicators:
        q = ind.value
        if ind.is_cost or not isinstance(q, Quantity) or q.unit is None or q.unit.denominators:
            continue
        if level1_kind(ind.level1) in ("effect", "satisfaction"):
            continue
        if q.bound is Bound.UPPER or not units.same_dimension(q.unit.numerator, symbol):
            continue
        amount = q.amount if q.unit.numerator == symbol else units.convert(q.amount, q.unit.numerator, symbol)
        candidates.append((ind, amount))
    if len(candidates) > 1:  # (sort would key even a single candidate: a difflib match each)
        candidates.sort(
            key=lambda c: ("数量" not in c[0].level2, -_shared_run(for_name, c[0].name), c[0].value.unit.numerator != symbol)
        )
    return candidates[0] if candidates else None


def cap_term(indicator: Indicator, table: Table, units: UnitRegistry, months: int) -> CapTerm:
    """The cap in 万元: per-unit caps times their quantity; per-month caps with no
    duration in the table count ``months``. Raises ``Unresolved``."""
    q: Quantity = indicator.value  # type: ignore[assignment]
    unit = q.unit
    yuan = units.convert(q.amount, unit.numerator, "元")
    factors_zh, factors_en = [], []
    for per in unit.denominators:
        found = find_quantity(table, per, units, indicator.name)
        if found is not None:
            source, count = found
            yuan *= count
            factors_zh.append(f"{plain(count)} {per}（{source.name}）")
            factors_en.append(f"{plain(count)} {per} ({source.name})")
        elif units.dimension(per) == MONTHS:
            count = units.convert(Decimal(months), "月", per)
            yuan *= count
            factors_zh.append(f"{plain(count)} {per}（按预算年度 {months} 个月计）")
            factors_en.append(f"{plain(count)} {per} (the budget year's {months} months)")
        else:
            raise Unresolved(per)
    amount = yuan / WAN
    written = f"{plain(q.amount)} {unit}"
    if not factors_zh and unit.numerator == "万元":
        return CapTerm(indicator, amount, f"{indicator.name} {written}", f"{indicator.name} {written}")
    if not factors_zh:  # a flat cap in 元 (or 千元, 亿元)
        return CapTerm(indicator, amount, f"{indicator.name} {written}（{money(amount)} 万元）", f"{indicator.name} {written} ({money(amount)} 万元)")
    return CapTerm(
        indicator,
        amount,
        f"{indicator.name}：{' × '.join([written, *factors_zh])} = {money(amount)} 万元",
        f"{indicator.name}: {' × '.join([written, *factors_en])} = {money(amount)} 万元",
        multiplied=True,
    )


def arithmetic(terms: list[CapTerm], total: Decimal) -> tuple[str, str]:
    """How the caps add up, for a message: ``A 50 万元 + B 60 万元 = 110.00 万元``."""
    if len(terms) == 1 and terms[0].multiplied:
        return terms[0].zh, terms[0].en
    if any(t.multiplied for t in terms):
        return (
            "；".join(t.zh for t in terms) + f"；合计 {money(total)} 万元",
            "; ".join(t.en for t in terms) + f"; in all {money(total)} 万元",
        )
    return " + ".join(t.zh for t in terms) + f" = {money(total)} 万元", " + ".join(t.en for t in terms) + f" = {money(total)} 万元"
