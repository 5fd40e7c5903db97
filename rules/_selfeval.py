"""What the A rules (self-evaluation tables, 绩效自评表) share: whether an
actual reaches its target, and whether a stated number agrees with the one
worked out from the others."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import attrs

from perfcheck.model import Bound, Indicator, Qualitative, Quantity, QuantityRange, Table
from perfcheck.units import UnitRegistry

from ._common import is_template_placeholder

HUNDRED = Decimal(100)

# Cells that say nothing: a deviation of 无 explains no miss.
_NOTHING = frozenset(("", "无", "/", "-", "—", "——", "－", "暂无", "没有", "无偏差", "不适用"))


def says_nothing(text: str | None) -> bool:
    """An empty 偏差原因分析及改进措施 cell, or one that only says there is nothing (无, /, —)."""
    return text is None or text.strip().strip("。.") in _NOTHING


@attrs.frozen
class Comparison:
    """An actual held against its target, in the target's unit."""

    target: Decimal
    actual: Decimal
    bound: Bound  # LOWER: a floor to reach; UPPER: a cap not to pass
    met: bool
    unit: str  # the target's unit as written ("" when it has none)


def target_bound(indicator: Indicator) -> Bound | None:
    """Which way a quantitative target is to be reached: its comparison
    (``>=`` a floor, ``<=`` a cap); with none, or ``=``, the row's
    direction (反向 is a cap), a cost is a cap, anything else a floor."""
    value = indicator.value
    bound = value.bound if isinstance(value, Quantity) else None
    if bound in (Bound.LOWER, Bound.UPPER):
        return bound
    if indicator.direction == "反向" or indicator.is_cost:
        return Bound.UPPER
    return Bound.LOWER


def fraction_of_percent(indicator: Indicator) -> Decimal | None:
    """An actual written as a fraction of one where its floor target is in
    per cent (``0.88`` against ``>=90%``, an execution rate of 6643 / 7574
    left undivided by 100): the per cent the fraction reads as (88), or None.

    Not rescaled for the comparison: ``0.88`` may as well be a 0.88% result,
    so the two do not compare as written and the reviewer is asked (A008).
    Only where the fraction reading is the plausible one: a floor (or exact)
    target of 10% or more, an actual above 0 and at most 1, with no unit of
    its own but per cent. Caps are left alone: ``0.5`` against ``<=1%`` is a
    small rate, written as one."""
    target, actual = indicator.value, indicator.actual
    if not isinstance(target, Quantity) or not target.is_percent or target.tolerance or target.amount < 10:
        return None
    if not isinstance(actual, Quantity) or actual.tolerance or actual.operator is not None:
        return None
    if actual.unit is not None and not actual.unit.is_percent:
        return None
    if target_bound(indicator) is not Bound.LOWER or not 0 < actual.amount <= 1:
        return None
    return (actual.amount * HUNDRED).normalize()


def actual_amount(indicator: Indicator, units: UnitRegistry) -> Decimal | None:
    """The actual as a number in the target's unit, or None when the two do
    not compare (no number, a phrase, a range, a unit that does not convert,
    or a fraction where the target is in per cent: ``fraction_of_percent``).

    A bare number takes the target's unit (``98`` against ``>=95%``)."""
    target, actual = indicator.value, indicator.actual
    if not isinstance(actual, Quantity) or actual.tolerance or fraction_of_percent(indicator) is not None:
        return None
    if isinstance(target, Quantity):
        target_unit = target.unit
    elif isinstance(target, QuantityRange):
        target_unit = target.unit
    else:
        return None
    if actual.unit is None or target_unit is None or actual.unit == target_unit:
        return actual.amount
    if actual.unit.is_percent and target_unit.is_percent:
        if actual.unit.numerator == target_unit.numerator or {actual.unit.numerator, target_unit.numerator} <= {"%", "百分比"}:
            return actual.amount
        return None
    if actual.unit.denominators != target_unit.denominators:
        return None
    source, goal = actual.unit.numerator, target_unit.numerator
    if units.get(source) is None or units.get(goal) is None or not units.same_dimension(source, goal):
        return None
    return units.convert(actual.amount, source, goal)


def compare(indicator: Indicator, units: UnitRegistry) -> Comparison | None:
    """The indicator's actual against its quantitative target, or None when
    there is nothing to compare: a qualitative or dated target, a tolerance
    (±2%), a range, no actual, or an actual that does not compare."""
    target = indicator.value
    if not isinstance(target, Quantity) or target.tolerance:
        return None
    amount = actual_amount(indicator, units)
    if amount is None:
        return None
    bound = target_bound(indicator)
    operator = target.operator.value if target.operator else ">="
    if bound is Bound.LOWER:
        met = amount > target.amount if operator == ">" else amount >= target.amount
    else:
        met = amount < target.amount if operator == "<" else amount <= target.amount
    return Comparison(target.amount, amount, bound, met, "" if target.unit is None else str(target.unit))


def missed(indicator: Indicator, units: UnitRegistry) -> bool | None:
    """Whether the target was missed: by comparison for a quantity; for a
    qualitative target, an actual that says it was not reached (未完成,
    未达成, 部分达成). None when unknown."""
    found = compare(indicator, units)
    if found is not None:
        return not found.met
    actual = indicator.actual
    if isinstance(actual, Qualitative) and isinstance(indicator.value, Qualitative):
        text = actual.text
        if any(word in text for word in ("未完成", "未达成", "未达到", "未实现", "部分达成", "部分完成", "基本达成", "基本完成")):
            return True
    return None


def rows(table: Table):
    """The indicator rows that are rows (not a template's blank placeholder)."""
    return [i for i in table.indicators if not is_template_placeholder(i) and i.name.strip()]


def scored(table: Table):
    """(indicator, score, weight) of the rows that have both, with points to earn."""
    for indicator in table.indicators:
        score, weight = indicator.score, indicator.weight
        if score is not None and weight is not None and weight > 0:
            yield indicator, score, weight


def agrees(stated: Decimal, computed: Decimal, tolerance: Decimal, ceiling: Decimal | None = None) -> bool:
    """A stated number agrees with the one worked out when it is within
    ``tolerance``, or when it is the worked-out number rounded (half up) or
    cut to the places it is written with (``95%`` for 95.3%, ``9.5`` for 9.47).
    Rounding never reaches a ``ceiling`` the worked-out number does not (full
    marks, 10, are not 9.5 rounded)."""
    if abs(stated - computed) <= tolerance:
        return True
    if ceiling is not None and stated >= ceiling > computed:
        return False
    exponent = stated.as_tuple().exponent
    if not isinstance(exponent, int) or exponent > 0:
        return False
    places = Decimal(1).scaleb(exponent)
    return stated in (computed.quantize(places, ROUND_HALF_UP), computed.quantize(places, ROUND_DOWN))


def full(score: Decimal, weight: Decimal) -> bool:
    return score >= weight
