"""Helpers the built-in rules share: recognising kinds of indicators, formatting numbers."""

from __future__ import annotations

import re
from decimal import Decimal

from perfcheck.model import Indicator, Quantity, QuantityRange

_RATE_NAME = re.compile(r"率\s*(?:[（(][^）)]*[）)])?\s*$")
_NOT_A_RATE = ("效率",)  # efficiency: 提高工作效率 is not a percentage


def is_rate(indicator: Indicator) -> bool:
    """An indicator named …率 (覆盖率, 合格率), which is a percentage."""
    name = indicator.name.strip()
    return bool(_RATE_NAME.search(name)) and not any(name.endswith(w) for w in _NOT_A_RATE)


def is_satisfaction(indicator: Indicator) -> bool:
    """满意度 / 满意程度 in the name, or filed under a 满意度 category."""
    return "满意" in indicator.name or "满意度" in indicator.level1 or "满意度" in indicator.level2


def plain(number: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 90, 4500, 0.41."""
    text = format(number.normalize(), "f")
    return text


def money(number: Decimal) -> str:
    """An amount in 万元 the way budget tables print it: 74.97, 130.00."""
    return f"{number.quantize(Decimal('0.01')):,.2f}"


def is_quantitative(value) -> bool:
    """A number to be reached (not a date, a phrase or nothing)."""
    return isinstance(value, (Quantity, QuantityRange))


PROPORTIONAL_WORDS = ("正常比例", "按比例", "比例赋分", "比例计分")
GRADED_WORDS = ("评判等级", "等级赋分", "分档", "分级")


def scoring_kind(scoring: str | None) -> str | None:
    """"proportional" (按照正常比例赋分), "graded" (按评判等级赋分) or None (满意度赋分, other, absent)."""
    if not scoring:
        return None
    if any(w in scoring for w in PROPORTIONAL_WORDS):
        return "proportional"
    if any(w in scoring for w in GRADED_WORDS):
        return "graded"
    return None
