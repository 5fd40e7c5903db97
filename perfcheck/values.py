"""Reading indicator values (指标值) with the grammar in grammars/value.lark.

``parse_value(text)`` never raises: a value the grammar cannot read comes back
as ``Unparsed`` with the reason, and rule V001 reports it. Results are
immutable and cached, so a value seen before (``=100%`` appears in almost
every table) is not parsed again.
"""

from __future__ import annotations

import calendar as _calendar
import functools
import importlib.resources
import re
from decimal import Decimal, InvalidOperation

import attrs
import lark
from lark import Token, Transformer

from perfcheck.limits import bounded_decimal, number_text_ok
from perfcheck.model import (
    DateRange,
    DateValue,
    Empty,
    Message,
    Operator,
    ParsedValue,
    Qualitative,
    Quantity,
    QuantityRange,
    Unit,
    Unparsed,
)

# --------------------------------------------------------------------------
# Normalisation: one spelling per symbol before the grammar sees the text.
# --------------------------------------------------------------------------

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII block
_FOLD.update({0x3000: " ", 0x00A0: " "})
_FOLD.update({ord(c): ">=" for c in "≥≧⩾"})
_FOLD.update({ord(c): "<=" for c in "≤≦⩽"})
_FOLD.update({ord(c): "~" for c in "〜∼"})
_FOLD.update({ord(c): "-" for c in "—–‐‑−"})


def normalize(text: str) -> str:
    """Fold full-width forms and comparison signs; keep everything else as is.

    Not NFKC: that would also turn ``m²`` into ``m2``.
    """
    return text.translate(_FOLD).strip()


_HAS_OWN_UNIT = re.compile(r"[^\d\s.,，．+\-<>=≥≤≧≦＜＞＝%％~～]")


def compose_value(operator: str | None, value: str | None, unit: str | None) -> str:
    """Join the operator, value and unit columns of a split layout into one value text.

    The unit column is added only to a number that has no unit of its own: a
    value that brings its own unit (``28.8万元`` beside ``%``) or is a phrase
    is left as written, so that rule V007 can report the clash. A unit cell
    holding only digits (``45,991``, an Excel serial left in the wrong column)
    is no unit: two numbers from two cells are never one number.
    """
    text = (operator or "").strip() + (value or "").strip()
    unit = (unit or "").strip()
    number = (value or "").strip()
    if unit and not _HAS_OWN_UNIT.search(unit.replace("%", "").replace("％", "")) and "%" not in unit and "％" not in unit:
        return text
    if unit and number and re.search(r"\d", number) and not _HAS_OWN_UNIT.search(number) and not number.endswith(unit):
        text = text + unit if unit in ("%", "％") else f"{text} {unit}"
    return text


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


_OPERATORS = {
    ">=": Operator.GE, "=>": Operator.GE, "<=": Operator.LE, "=<": Operator.LE,
    "==": Operator.EQ, "=": Operator.EQ, ">": Operator.GT, "<": Operator.LT,
    "大于": Operator.GT, "高于": Operator.GT, "多于": Operator.GT, "超过": Operator.GT,
    "小于": Operator.LT, "低于": Operator.LT, "少于": Operator.LT,
    "等于": Operator.EQ,
}  # every other bound word is an inclusive >= or <=
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
    return lark.Lark(grammar_text(), parser="lalr", lexer="contextual", transformer=ValueTransformer())


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


# A unit hint at the end of an indicator's name, as templates print them:
# 新增造林面积（亩）, 设备购置成本(≤**万元), 培训人次（≥**人次）.
_NAME_UNIT = re.compile(
    r"[（(]\s*(?P<op>[≥≤<>=]+)?\s*(?:[*＊Xx×]+\s*)?(?P<unit>[^\d\s()（）*＊≥≤<>=,，、]{1,5})\s*[)）]\s*$"
)


@functools.lru_cache(maxsize=4096)
def name_hint(name: str | None) -> tuple[Operator | None, str | None]:
    """The comparison and unit an indicator's name gives its bare numbers:
    ``（亩）`` → (None, 亩), ``(≤**万元)`` → (<=, 万元), ``(≥**%)`` → (>=, %).
    Only units perfcheck knows (every part of a compound one): ``项目(一期)``
    names a phase, not a unit."""
    m = _NAME_UNIT.search(normalize(name or ""))
    if not m:
        return None, None
    parsed = parse_value(f"{m.group('op') or ''}1{m.group('unit')}")
    if not isinstance(parsed, Quantity) or parsed.unit is None:
        return None, None
    registry = _builtin_units()
    if parsed.unit.is_percent or all(part in registry for part in (parsed.unit.numerator, *parsed.unit.denominators)):
        return parsed.operator, str(parsed.unit)
    return None, None


def unit_from_name(name: str | None) -> str | None:
    """The unit an indicator's name gives its bare numbers (``(≤**万元)`` → 万元), or None."""
    return name_hint(name)[1]


@functools.cache
def _builtin_units():
    from perfcheck.units import UnitRegistry

    return UnitRegistry()


# Words that make a row's number an amount of money whatever its category.
_MONEY_NAME = re.compile(r"金额|资金|经费|投资|投入|成本|费用|预算")


def is_money_row(name: str | None, level1: str | None, level2: str | None) -> bool:
    """A row whose number is money: a 成本指标 row, or one named as an amount."""
    return "成本" in (level1 or "") or "成本" in (level2 or "") or bool(_MONEY_NAME.search(name or ""))


def parse_indicator_value(text: str, name: str | None, money: bool = False) -> ParsedValue:
    """``parse_value``, with what the row tells about a number read in:

    - a bare number takes the comparison and unit its name states (``85``
      under 苗木成活率(≥**%) reads as ``>=85%``; ``>=1200`` under
      新增造林面积（亩） as ``>=1200 亩``);
    - a unit whose head was lost takes the name's (``≤28.40/株`` under
      补助成本(≤**元/株) is 元/株);
    - in a money row (``money``), ``万`` alone is 万元 (``250万``).

    What was assumed stays visible: ``Quantity.unit_written`` keeps the unit
    as written for V009, and the raw text is never changed."""
    value = parse_value(text)
    if not isinstance(value, Quantity):
        return value
    unit = value.unit
    if unit is None:
        operator, hinted = name_hint(name)
        if hinted is not None:
            with_unit = parse_value(f"{text.strip()}{hinted}")
            if isinstance(with_unit, Quantity) and with_unit.amount == value.amount:
                return attrs.evolve(
                    with_unit, operator=with_unit.operator or operator, repaired_from=value.repaired_from
                )
        return value
    if unit.numerator == "":
        hinted = unit_from_name(name)
        if hinted is not None:
            whole = parse_value(f"1{hinted}")
            if isinstance(whole, Quantity) and whole.unit is not None and whole.unit.denominators == unit.denominators:
                return attrs.evolve(value, unit=whole.unit, unit_written=str(unit))
        return value
    if money and unit.numerator == "万":
        return attrs.evolve(value, unit=Unit("万元", unit.denominators), unit_written=str(unit))
    return value


# Comparison signs as damaged in the wild: box-drawing and doubled equals
# (═, ══), a sign typed twice (≥= after folding is >==), and OCR reading
# = as 二 or ＝ as 一 in front of a number. Each is read as the sign meant.
_DAMAGED_SIGN = re.compile(r"^(?:(?P<box>[═〓]+)|(?P<twice>>==|<==)|(?P<ocr>[二一])(?=\s*\d))")


def _repair_sign(text: str) -> str | None:
    m = _DAMAGED_SIGN.match(text)
    if m is None:
        return None
    if m.group("box"):
        return "=" + text[m.end():]
    if m.group("twice"):
        return m.group("twice")[:2] + text[m.end():]
    return "=" + text[m.end():]


@functools.lru_cache(maxsize=1 << 12)
def parse_value(text: str) -> ParsedValue:
    """Parse one indicator value. Never raises; results are shared and immutable.

    The common shapes (>=50 个, =100%) take a fast path of a few microseconds;
    the others go to the grammar. The cache in front keeps repeats cheaper
    still, and a batch of values all distinct, which empties it of hits,
    costs no more than the fast path and the grammar themselves."""
    normalized = normalize(text or "")
    if not normalized:
        return Empty()
    repaired = _repair_sign(normalized)
    if repaired is not None:
        value = _parse(repaired, text)
        if isinstance(value, Quantity):
            return attrs.evolve(value, repaired_from=text)
    return _parse(normalized, text)


# The common shapes, read without the grammar: a comparison sign, a plain
# number and a plain unit (>=50 个, <=75 万元, =100%, =12 个月, 4500 元/人/月).
# Anything else goes to the grammar, which gives the same result for these
# (tests/test_values.py compares the two over every value the tests know and
# over generated ones): a unit that could start a date, a bound suffix or a
# range (年, 月, 以上, 至…), split or separated numbers, words for comparisons.
_FAST = re.compile(
    # [ \t\f\r\n]: the grammar's whitespace (common.WS), narrower than \s.
    r"(?P<op>>=|<=|=>|=<|==|=|>|<)?[ \t\f\r\n]*(?P<num>[0-9]+(?:\.[0-9]+)?)[ \t\f\r\n]*(?P<unit>%|‰|[^\W\d_]+(?:/[^\W\d_]+)*)?"
)
_GRAMMAR_HEADS = ("年", "月", "日", "号", "个月", "全年", "前", "底", "末", "百分比", "至", "到", "以", "及", "之")
_GRAMMAR_WORDS = ("以上", "以下", "以内", "之内")
_CALENDAR_TAILS = frozenset(("年", "月", "日", "号", "个月"))


def _fast(normalized: str) -> Quantity | None:
    m = _FAST.fullmatch(normalized)
    if m is None:
        return None
    unit_text = m.group("unit")
    unit = None
    if unit_text is not None:
        head, *per = unit_text.split("/")
        if any(w in unit_text for w in _GRAMMAR_WORDS):
            return None
        # A word the grammar lexes as a keyword must stand alone (个月 as a head;
        # 年, 月, 日, 号, 个月 as a denominator): 月均 or 年及以上 are the grammar's.
        if head != "个月" and head.startswith(_GRAMMAR_HEADS):
            return None
        if any(p not in _CALENDAR_TAILS and p.startswith(_GRAMMAR_HEADS) for p in per):
            return None
        unit = Unit(head, tuple(per))
    digits = m.group("num")
    if not number_text_ok(digits):
        return None
    amount = Decimal(digits)
    if bounded_decimal(amount) is None:
        return None
    op = m.group("op")
    return Quantity(amount, _OPERATORS[op] if op else None, unit)


def _parse(normalized: str, text: str) -> ParsedValue:
    fast = _fast(normalized)  # a repaired sign may leave a common shape
    if fast is not None:
        return fast
    return _grammar_parse(normalized, text)


def _grammar_parse(normalized: str, text: str) -> ParsedValue:
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
