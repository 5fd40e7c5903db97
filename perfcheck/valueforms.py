"""Model values from the pieces of an indicator value: shared by the
grammar's Transformer (``perfcheck.grammar``) and the fast path in
``perfcheck.values``, so that both read a comparison, a number, a date or a
phrase the same way. No lark here: the fast path must not load it. Imports
go one way, values → grammar → valueforms: what both need lives here.
"""

from __future__ import annotations

import functools

import calendar as _calendar
import re
from decimal import Decimal

import attrs

from perfcheck.model import DateValue, Message, Operator, Quantity, Unit
from perfcheck.numerals import NumeralOutOfBounds, read_numeral


class ValueProblem(Exception):
    """A value that fits the grammar but not the calendar or arithmetic."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.message = Message(zh, en)


@attrs.frozen
class Amount:
    value: Decimal
    split_from: str | None


@attrs.frozen
class Calendar:
    year: Decimal | None = None
    month: Decimal | None = None
    day: Decimal | None = None
    # A form that can only be a date (ISO, 2024年底), never a duration.
    explicit: bool = False


@attrs.frozen
class DateSuffix:
    deadline: bool
    end_of: bool


# Comparison words and signs, for the fast path and the grammar alike.
OPERATORS = {
    ">=": Operator.GE, "=>": Operator.GE, "<=": Operator.LE, "=<": Operator.LE,
    "==": Operator.EQ, "=": Operator.EQ, ">": Operator.GT, "<": Operator.LT,
    "大于": Operator.GT, "高于": Operator.GT, "多于": Operator.GT, "超过": Operator.GT,
    "小于": Operator.LT, "低于": Operator.LT, "少于": Operator.LT,
    "等于": Operator.EQ,
}  # every other bound word is an inclusive >= or <=

# The grammar's comparison words, spelled as its LOWER_WORD, UPPER_WORD and
# EQ_WORD terminals are (tests/test_values.py checks they agree).
LOWER_WORDS = ("大于等于", "大于或等于", "不低于", "不少于", "不小于", "至少", "大于", "高于", "多于", "超过", "达到")
UPPER_WORDS = ("小于等于", "小于或等于", "不高于", "不超过", "不多于", "不大于", "控制在", "小于", "低于", "少于")
EQ_WORDS = ("等于",)
COMPARISON_WORDS = LOWER_WORDS + UPPER_WORDS + EQ_WORDS


def word_operator(word: str) -> Operator:
    """The comparison a word states: 不低于 is >=, 低于 is <, 控制在 is <=."""
    return OPERATORS.get(word) or (Operator.LE if word in UPPER_WORDS else Operator.GE)


_SPACE_BETWEEN_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def fold_spaces(text: str) -> str:
    """Drop the spaces a PDF line wrap left between CJK characters."""
    return _SPACE_BETWEEN_CJK.sub("", text.strip())


def read_number(token) -> Amount:
    """A NUMBER as written (a lark Token or a str): its value, and the text if
    whitespace split it. ``perfcheck.numerals.read_numeral`` reads it; a number
    past its bounds is a ``ValueProblem`` that says which."""
    raw = str(token)
    try:
        read = read_numeral(raw)
    except NumeralOutOfBounds as problem:
        raise ValueProblem(problem.message.zh, problem.message.en) from None
    if read is None:  # pragma: no cover - the NUMBER terminal admits only numerals
        raise ValueProblem(f"无法识别的数字「{raw}」", f"not a number: {raw!r}")
    value, split = read
    return Amount(value, raw if split else None)


def whole(value: Decimal, what_zh: str, what_en: str) -> int:
    if value != value.to_integral_value():
        raise ValueProblem(f"{what_zh}不是整数：{value}", f"{what_en} is not a whole number: {value}")
    return int(value)


def as_duration(cal: Calendar, suffix: DateSuffix | None, operator: Operator | None) -> Quantity | None:
    """A lone ``N 年`` / ``N 月`` / ``N 日`` may be a duration rather than a date.

    ``=1 年`` and ``<=3 年`` are durations; ``2024 年`` is a year. ``=12 月`` (with
    a comparison) is twelve months; ``12月`` alone is December.
    """
    if cal.explicit or suffix is not None:
        return None
    parts = [(k, v) for k, v in (("年", cal.year), ("月", cal.month), ("日", cal.day)) if v is not None]
    if len(parts) != 1:
        return None
    unit, amount = parts[0]
    if unit == "年" and 1900 <= amount <= 2100 and amount == amount.to_integral_value():
        return None
    if unit == "月" and operator is None and 1 <= amount <= 12 and amount == amount.to_integral_value():
        return None
    return Quantity(amount, operator, Unit(unit))


def to_date(cal: Calendar, suffix: DateSuffix | None) -> DateValue:
    year = whole(cal.year, "年份", "year") if cal.year is not None else None
    month = whole(cal.month, "月份", "month") if cal.month is not None else None
    day = whole(cal.day, "日期", "day") if cal.day is not None else None
    if month is not None and not 1 <= month <= 12:
        raise ValueProblem(f"月份 {month} 不在 1–12 之内", f"month {month} is not between 1 and 12")
    if day is not None:
        last = _calendar.monthrange(year or 2000, month or 1)[1] if month else 31
        if not 1 <= day <= last:
            raise ValueProblem(f"日期 {day} 超出该月天数", f"day {day} does not exist in that month")
    deadline = bool(suffix and suffix.deadline)
    if suffix and suffix.end_of and day is None:
        if month is not None:
            day = _calendar.monthrange(year or 2001, month)[1]
        else:
            month, day = 12, 31
    return DateValue(year, month, day, deadline)


@functools.cache
def _unit_symbols() -> frozenset[str]:
    from perfcheck.units import BUILTIN_UNITS

    return frozenset(symbol for unit in BUILTIN_UNITS for symbol in unit.symbols)


def is_unit_symbol(text: str) -> bool:
    """Whether ``text`` is a unit perfcheck knows (公里, 万亩, 人次), whole."""
    return text in _unit_symbols()


def unit_alone(text: str) -> ValueProblem:
    """A value cell holding only a unit (公里: the template's number never filled in)."""
    return ValueProblem(f"只有单位「{text}」，没有数值", f"only the unit {text!r}, no number")
