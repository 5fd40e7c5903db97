"""The value grammar (grammars/value.lark): lark's LALR parser and the
Transformer that builds model objects from its trees.

Imported only when a value needs it (``perfcheck.values`` reads the common
shapes without it): lark and the analysed grammar are not loaded by a run
that never meets a date, a range or a phrase, nor by ``perfcheck`` starting.
"""

from __future__ import annotations

import calendar as _calendar
import contextlib
import functools
import importlib.resources
import os
import re
from decimal import Decimal, InvalidOperation

import attrs
import lark
from lark import Token, Transformer

from perfcheck.limits import bounded_decimal, number_text_ok
from perfcheck.model import (
    DateRange,
    DateValue,
    Message,
    Operator,
    ParsedValue,
    Qualitative,
    Quantity,
    QuantityRange,
    Unit,
    Unparsed,
)
from perfcheck.values import _OPERATORS

# --------------------------------------------------------------------------
# The Transformer: trees to model objects.
# --------------------------------------------------------------------------


class _ValueProblem(Exception):
    """A value that fits the grammar but not the calendar or arithmetic."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.message = Message(zh, en)


@attrs.frozen
class _Amount:
    value: Decimal
    split_from: str | None


@attrs.frozen
class _Cmp:
    operator: Operator


@attrs.frozen
class _Suffix:
    operator: Operator


@attrs.frozen
class _Sep:
    pass


@attrs.frozen
class _Calendar:
    year: Decimal | None = None
    month: Decimal | None = None
    day: Decimal | None = None
    # A form that can only be a date (ISO, 2024年底), never a duration.
    explicit: bool = False


@attrs.frozen
class _DateSuffix:
    deadline: bool
    end_of: bool



_SPACE_BETWEEN_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def _fold_spaces(text: str) -> str:
    """Drop the spaces a PDF line wrap left between CJK characters."""
    return _SPACE_BETWEEN_CJK.sub("", text.strip())


def _number(token: Token) -> _Amount:
    raw = str(token)
    digits = re.sub(r"[\s,]", "", raw)
    if not number_text_ok(digits):  # before Decimal and int(): a 5,000-digit "month" is no date
        raise _ValueProblem(f"数字位数过多（{len(digits)} 位）", f"the number has too many digits ({len(digits)})")
    try:
        amount = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the NUMBER regex admits only digits
        raise _ValueProblem(f"无法识别的数字「{raw}」", f"not a number: {raw!r}")
    if bounded_decimal(amount) is None:
        raise _ValueProblem(f"数值过大：{digits}", f"the number is too large: {digits}")
    split = raw if re.search(r"\s", raw) else None
    return _Amount(amount, split)


def _whole(value: Decimal, what_zh: str, what_en: str) -> int:
    if value != value.to_integral_value():
        raise _ValueProblem(f"{what_zh}不是整数：{value}", f"{what_en} is not a whole number: {value}")
    return int(value)


def _join_bounds(cmp: _Cmp | None, suffix: _Suffix | None) -> Operator | None:
    if cmp and suffix and cmp.operator.bound is not suffix.operator.bound:
        raise _ValueProblem(
            "比较词与“以上/以内”类后缀方向相反", "the comparison word and the 以上/以内 suffix point opposite ways"
        )
    if cmp:
        return cmp.operator
    return suffix.operator if suffix else None


class ValueTransformer(Transformer):
    """Builds ``Quantity``, ``QuantityRange``, ``DateValue``, ``DateRange`` and ``Qualitative``."""

    # ---- pieces
    def amount(self, children):
        *sign, number = children
        result = _number(number)
        if sign:
            result = attrs.evolve(result, value=-result.value)
        return result

    def comparison(self, children):
        word = str(children[0])
        if word in _OPERATORS:
            return _Cmp(_OPERATORS[word])
        return _Cmp(Operator.LE if children[0].type == "UPPER_WORD" else Operator.GE)

    def bound_suffix(self, children):
        return _Suffix(Operator.GE if children[0].type == "LOWER_SUFFIX" else Operator.LE)

    def range_sep(self, children):
        return _Sep()

    def unit_text(self, children):
        return "".join(str(c) for c in children)

    def unit_head(self, children):
        return str(children[0])

    unit_tail = unit_head

    def unit(self, children):
        return Unit(children[0], tuple(children[1:]))

    def headless_unit(self, children):
        return Unit("", tuple(children))

    # ---- quantities
    def quantity(self, children):
        cmp = next((c for c in children if isinstance(c, _Cmp)), None)
        suffix = next((c for c in children if isinstance(c, _Suffix)), None)
        amount = next(c for c in children if isinstance(c, _Amount))
        unit = next((c for c in children if isinstance(c, Unit)), None)
        return Quantity(amount.value, _join_bounds(cmp, suffix), unit, amount.split_from)

    def quantity_range(self, children):
        i = next(i for i, c in enumerate(children) if isinstance(c, _Sep))
        (low, *low_unit), (high, *high_unit) = children[:i], children[i + 1 :]
        if not low_unit and not high_unit:
            dates = _dotted_month(low), _dotted_month(high)
            if all(dates):
                return DateRange(*dates)
        if low_unit and high_unit and low_unit[0] != high_unit[0]:
            raise _ValueProblem(
                f"区间两端单位不同：{low_unit[0]} 与 {high_unit[0]}",
                f"the two ends of the range have different units: {low_unit[0]} and {high_unit[0]}",
            )
        unit = (low_unit or high_unit or [None])[0]
        return QuantityRange(low.value, high.value, unit)

    # ---- dates
    def year_part(self, children):
        return ("year", _number(children[0]).value)

    def month_part(self, children):
        return ("month", _number(children[0]).value)

    def day_part(self, children):
        return ("day", _number(children[0]).value)

    def calendar(self, children):
        return _Calendar(**dict(children))

    def year_end(self, children):
        return _Calendar(year=_number(children[0]).value, month=Decimal(12), day=Decimal(31), explicit=True)

    def iso_date(self, children):
        y, m, d = (Decimal(p) for p in re.split(r"[-/.]", str(children[0])))
        return _Calendar(year=y, month=m, day=d, explicit=True)

    def date_suffix(self, children):
        kinds = {c.type for c in children}
        return _DateSuffix(deadline="BEFORE" in kinds, end_of="END_OF" in kinds)

    def date(self, children):
        cmp = next((c for c in children if isinstance(c, _Cmp)), None)
        suffix = next((c for c in children if isinstance(c, _Suffix)), None)
        cal = next(c for c in children if isinstance(c, _Calendar))
        date_suffix = next((c for c in children if isinstance(c, _DateSuffix)), None)
        operator = _join_bounds(cmp, suffix)
        duration = _as_duration(cal, date_suffix, operator)
        if duration is not None:
            return duration
        value = _to_date(cal, date_suffix)
        if suffix and suffix.operator.bound is Operator.LE.bound:
            # 2024年12月以内: "no later than", a deadline.
            return attrs.evolve(value, deadline=True, operator=cmp.operator if cmp else None)
        return attrs.evolve(value, operator=operator)

    def date_range(self, children):
        start, _, end = children
        first = _to_date(start, None)
        second = _to_date(end, None)
        if second.year is None and first.year is not None:
            second = attrs.evolve(second, year=first.year)
        return DateRange(first, second)

    def whole_year(self, children):
        year = _whole(_number(children[0]).value, "年份", "year")
        return DateRange(DateValue(year, 1, 1), DateValue(year, 12, 31))

    # ---- qualitative
    def qualitative(self, children):
        cmp = next((c for c in children if isinstance(c, _Cmp)), None)
        text = _fold_spaces(str(children[-1]))
        return Qualitative(text, cmp.operator if cmp else None)


def _dotted_month(amount: _Amount) -> DateValue | None:
    """``2023.07`` in a unitless range is year 2023, month 7."""
    if amount.split_from is not None:
        return None
    text = str(amount.value)
    m = re.fullmatch(r"(\d{4})\.(\d{1,2})", text)
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if 1900 <= year <= 2100 and 1 <= month <= 12:
        return DateValue(year, month)
    return None


def _as_duration(cal: _Calendar, suffix: _DateSuffix | None, operator: Operator | None) -> Quantity | None:
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


def _to_date(cal: _Calendar, suffix: _DateSuffix | None) -> DateValue:
    year = _whole(cal.year, "年份", "year") if cal.year is not None else None
    month = _whole(cal.month, "月份", "month") if cal.month is not None else None
    day = _whole(cal.day, "日期", "day") if cal.day is not None else None
    if month is not None and not 1 <= month <= 12:
        raise _ValueProblem(f"月份 {month} 不在 1–12 之内", f"month {month} is not between 1 and 12")
    if day is not None:
        last = _calendar.monthrange(year or 2000, month or 1)[1] if month else 31
        if not 1 <= day <= last:
            raise _ValueProblem(f"日期 {day} 超出该月天数", f"day {day} does not exist in that month")
    deadline = bool(suffix and suffix.deadline)
    if suffix and suffix.end_of and day is None:
        if month is not None:
            day = _calendar.monthrange(year or 2001, month)[1]
        else:
            month, day = 12, 31
    return DateValue(year, month, day, deadline)


# --------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------


@functools.cache
def grammar_text() -> str:
    return importlib.resources.files("perfcheck.grammars").joinpath("value.lark").read_text(encoding="utf-8")


@functools.cache
def _parser() -> lark.Lark:
    cache = _grammar_cache()
    if not cache or os.path.exists(cache):
        return _lark(cache)
    # Written beside it and renamed: a process starting meanwhile never reads half a cache.
    temporary = f"{cache}.{os.getpid()}.tmp"
    parser = _lark(temporary)
    try:
        os.replace(temporary, cache)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return parser


def _lark(cache: str | bool) -> lark.Lark:
    return lark.Lark(grammar_text(), parser="lalr", lexer="contextual", transformer=ValueTransformer(), cache=cache)


def _grammar_cache() -> str | bool:
    """Where lark keeps the analysed grammar between runs (it loads in a few
    milliseconds instead of ~35): a file in the user's own cache folder, never
    a shared one (lark's cache is a pickle). False, and no cache, when there
    is no such folder or ``PERFCHECK_NO_CACHE`` is set."""
    if os.environ.get("PERFCHECK_NO_CACHE"):
        return False
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "perfcheck")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.stat(folder)
    except OSError:
        return False
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        return False  # someone else's, or writable by others: not loaded from
    return os.path.join(folder, f"value-grammar-lark{lark.__version__}.cache")


def _explain(err: lark.exceptions.UnexpectedInput, text: str) -> Unparsed:
    column = getattr(err, "column", None)
    if isinstance(err, lark.exceptions.UnexpectedEOF) or (
        isinstance(err, lark.exceptions.UnexpectedToken) and err.token.type == "$END"
    ):
        reason = Message("值在此处意外结束", "the value ends too early")
        column = None
    else:
        pos = getattr(err, "pos_in_stream", None)
        bad = text[pos : pos + 6] if isinstance(pos, int) else ""
        reason = Message(f"无法识别「{bad}」", f"cannot read {bad!r}")
    return Unparsed(text, reason, column if isinstance(column, int) and column > 0 else None)


def grammar_parse(normalized: str, text: str) -> ParsedValue:
    """``text`` (``normalized``) read by the grammar; never raises."""
    try:
        return _parser().parse(normalized)
    except _ValueProblem as problem:
        return Unparsed(text, problem.message)
    except lark.exceptions.VisitError as err:
        if isinstance(err.orig_exc, _ValueProblem):
            return Unparsed(text, err.orig_exc.message)
        raise
    except lark.exceptions.UnexpectedInput as err:
        return _explain(err, normalized)
