"""Reading indicator values (指标值): the common shapes here, the rest with the
grammar in grammars/value.lark (``perfcheck.grammar``).

``parse_value(text)`` never raises: a value the grammar cannot read comes back
as ``Unparsed`` with the reason, and rule V001 reports it. Results are
immutable and cached, so a value seen before (``=100%`` appears in almost
every table) is not parsed again.
"""

from __future__ import annotations

import functools
import re

import attrs

from perfcheck.model import Empty, Operator, ParsedValue, Qualitative, Quantity, Unit
from perfcheck.text import is_ideograph
from perfcheck.valueforms import (
    COMPARISON_WORDS,
    OPERATORS,
    Calendar,
    DateSuffix,
    ValueProblem,
    as_duration,
    fold_spaces,
    is_unit_symbol,
    read_number,
    to_date,
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


# What a split layout's operator or unit cell holds when it holds nothing: a
# qualitative row's 计算符号 and 计量单位 printed as 无 or a dash (渝中区's
# 自评表: 无 | 合规 | 无). Read as empty, or 无 would join the value (无合规).
PLACEHOLDER_CELLS = frozenset(("无", "/", "／", "-", "－", "—", "——", "\\", "、"))


def column_cell(text: str | None) -> str | None:
    """A split layout's operator or unit cell as its row means it: a
    placeholder (无, /, —) is an empty cell; None (no such column) stays None."""
    if text is None:
        return None
    return "" if text.strip() in PLACEHOLDER_CELLS else text


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
    if parsed.unit.is_percent or all(is_unit_symbol(part) for part in (parsed.unit.numerator, *parsed.unit.denominators)):
        return parsed.operator, str(parsed.unit)
    return None, None


def unit_from_name(name: str | None) -> str | None:
    """The unit an indicator's name gives its bare numbers (``(≤**万元)`` → 万元), or None."""
    return name_hint(name)[1]


# Words that make a row's number an amount of money whatever its category.
_MONEY_NAME = re.compile(r"金额|资金|经费|投资|投入|成本|费用|预算")


def is_money_row(name: str | None, level1: str | None, level2: str | None) -> bool:
    """A row whose number is money: a 成本指标 row, or one named as an amount."""
    return "成本" in (level1 or "") or "成本" in (level2 or "") or bool(_MONEY_NAME.search(name or ""))


def parse_indicator_value(text: str, name: str | None, *, level1: str | None = None, level2: str | None = None) -> ParsedValue:
    """``parse_value``, with what the row tells about a number read in:

    - a bare number takes the comparison and unit its name states (``85``
      under 苗木成活率(≥**%) reads as ``>=85%``; ``>=1200`` under
      新增造林面积（亩） as ``>=1200 亩``);
    - a unit whose head was lost takes the name's (``≤28.40/株`` under
      补助成本(≤**元/株) is 元/株);
    - in a money row (``is_money_row`` of the name and the categories
      ``level1``, ``level2``), ``万`` alone is 万元 (``250万``).

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
                    with_unit, operator=with_unit.operator or operator, repaired_from=value.repaired_from, from_name=True
                )
        return value
    if unit.numerator == "":
        hinted = unit_from_name(name)
        if hinted is not None:
            whole = parse_value(f"1{hinted}")
            if isinstance(whole, Quantity) and whole.unit is not None and whole.unit.denominators == unit.denominators:
                return attrs.evolve(value, unit=whole.unit, unit_written=str(unit))
        return value
    if unit.numerator == "万" and is_money_row(name, level1, level2):  # the row is read only for a 万
        return attrs.evolve(value, unit=Unit("万元", unit.denominators), unit_written=str(unit))
    return value


def parse_actual_value(text: str, name: str | None, *, level1: str | None = None, level2: str | None = None) -> ParsedValue:
    """An actual value (实际完成值) of a self-evaluation table: read as a target
    is (``parse_indicator_value``: the same grammar, the unit a name gives a
    bare number), but what was achieved needs no comparison, so a name's
    ``≥`` is not lent to it (``86`` under 成活率(≥**%) is ``86%``, not
    ``>=86%``). A comparison written in the cell (a target copied as the
    actual, ``≥90%``) is kept as written."""
    value = parse_indicator_value(text, name, level1=level1, level2=level2)
    if isinstance(value, Quantity) and value.from_name and value.operator is not None:
        written = parse_value(text)
        if isinstance(written, Quantity) and written.operator is None:
            return attrs.evolve(value, operator=None)
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


# The common shapes, read without the grammar (each regular expression below
# spells the grammar's own terminals): a comparison sign, a number and a unit
# (>=50 个, <=75 万元, =100%, 4500 元/人/月, a PDF's 万 元 or 210 0); a
# phrase (有效提高); a date (2024年12月, 12月底前) or a span (=1 年). Anything
# else goes to the grammar, which gives the same result for these
# (tests/test_values.py compares the two over every value the tests know and
# over generated ones): a unit that could start a date, a bound suffix or a
# range (年, 月, 以上, 至…), words for comparisons, ranges, ISO dates.
_WS = "[ \t\f\r\n]*"  # the grammar's whitespace (common.WS), narrower than \s
_SIGN = "(?P<op>>=|<=|=>|=<|==|=|>|<)?"
# The grammar's NUMBER (ASCII digits only): whitespace may split it (210 0).
_NUMBER = r"[0-9]+(?:(?:\s*,\s*|\s+)[0-9]+)*(?:\s*\.\s*[0-9]+)?"
# A unit word; a line wrap may split it (万 元), as UNIT_TEXT+ allows.
_WORD = r"[^\W\d_]+(?:[ \t\f\r\n]+[^\W\d_]+)*"
_FAST_QUANTITY = re.compile(rf"{_SIGN}{_WS}(?P<num>{_NUMBER}){_WS}(?P<unit>%|‰|{_WORD}(?:{_WS}/{_WS}{_WORD})*)?")
# QUAL_TEXT: a phrase starts with a CJK character (U+3400–U+9FFF, U+F900–U+FAFF)
# and holds no digit or sign. Tested in Python, not as one regular expression:
# compiling a class of 28,000 characters costs 3 ms a run, a fiftieth of
# checking one document.
_DIGIT_OR_SIGN = re.compile(r"[\d<>=]")


def _is_phrase(text: str) -> bool:
    first = text[:1]
    return is_ideograph(first) and _DIGIT_OR_SIGN.search(text, 1) is None


# calendar date_suffix?: year month day as the grammar allows them, 前 / 底 / 底前 after.
# 年底 and 年末 are one terminal there (END_OF_YEAR): left to the grammar.
_FAST_DATE = re.compile(
    rf"{_SIGN}{_WS}(?:(?P<year>[0-9]+){_WS}年(?![底末]){_WS})?(?:(?P<month>[0-9]+){_WS}月{_WS})?"
    rf"(?:(?P<day>[0-9]+){_WS}[日号]{_WS})?(?P<suffix>以前|之前|前|底前|末前|底|末)?"
)
_GRAMMAR_HEADS = ("年", "月", "日", "号", "个月", "全年", "前", "底", "末", "百分比", "至", "到", "以", "及", "之")
_GRAMMAR_WORDS = ("以上", "以下", "以内", "之内")
_CALENDAR_TAILS = frozenset(("年", "月", "日", "号", "个月"))


def _fast(normalized: str) -> ParsedValue | None:
    """``normalized`` read without the grammar, or None: the grammar's to read."""
    try:
        m = _FAST_QUANTITY.fullmatch(normalized)
        if m is not None and (quantity := _fast_quantity(m)) is not None:
            return quantity
        if _is_phrase(normalized) and not normalized.startswith(COMPARISON_WORDS):  # 达到预期: a comparison, the grammar's
            phrase = fold_spaces(normalized)
            if not is_unit_symbol(phrase):  # 公里 alone: a number never filled in, the grammar says so
                return Qualitative(phrase, None)
        m = _FAST_DATE.fullmatch(normalized)
        if m is not None:
            return _fast_date(m)
    except ValueProblem:
        pass  # a number too long, a 13th month: the grammar says so, in its words
    return None


def _fast_quantity(m: re.Match) -> Quantity | None:
    unit_text = m.group("unit")
    unit = None
    if unit_text is not None:
        unit = _fast_unit(unit_text)
        if unit is None:
            return None
    amount = read_number(m.group("num"))
    op = m.group("op")
    return Quantity(amount.value, OPERATORS[op] if op else None, unit, amount.split_from)


@functools.lru_cache(maxsize=1 << 12)  # a few dozen units (个, %, 万元, 人次), on most values
def _fast_unit(unit_text: str) -> Unit | None:
    """The unit ``unit_text`` is, or None: the grammar's to read."""
    if any(w in unit_text for w in _GRAMMAR_WORDS) or "每" in unit_text:
        return None  # 以上 and the like are the grammar's; so is 每 (per: 元每人每月 is 元/人/月)
    head, *per = (p.split() for p in unit_text.split("/"))
    # A word the grammar lexes as a keyword must stand alone (个月 as a head;
    # 年, 月, 日, 号, 个月 as a denominator): 月均 or 年及以上 are the grammar's.
    if head != ["个月"] and any(p.startswith(_GRAMMAR_HEADS) for p in head):
        return None
    for tail in per:
        if not (len(tail) == 1 and tail[0] in _CALENDAR_TAILS) and any(p.startswith(_GRAMMAR_HEADS) for p in tail):
            return None
    return Unit("".join(head), tuple("".join(t) for t in per))


def _fast_date(m: re.Match) -> ParsedValue | None:
    year, month, day = m.group("year", "month", "day")
    if (year is None and month is None and day is None) or (year is not None and day is not None and month is None):
        return None  # no calendar, or a year and a day without a month: not the grammar's calendar
    calendar = Calendar(*(read_number(p).value if p is not None else None for p in (year, month, day)))
    suffix = m.group("suffix")
    date_suffix = DateSuffix(deadline=suffix.endswith("前"), end_of=suffix[0] in "底末") if suffix else None
    op = m.group("op")
    operator = OPERATORS[op] if op else None
    duration = as_duration(calendar, date_suffix, operator)
    if duration is not None:
        return duration
    return attrs.evolve(to_date(calendar, date_suffix), operator=operator)


def _parse(normalized: str, text: str) -> ParsedValue:
    fast = _fast(normalized)  # a repaired sign may leave a common shape
    if fast is not None:
        return fast
    return _grammar_parse(normalized, text)


def _grammar_parse(normalized: str, text: str) -> ParsedValue:
    from perfcheck.grammar import grammar_parse  # lark, loaded when first needed

    return grammar_parse(normalized, text)
