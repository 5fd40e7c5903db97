"""The value grammar (grammars/value.lark): lark's LALR parser and the
Transformer that builds model objects from its trees.

Imported only when a value needs it (``perfcheck.values`` reads the common
shapes without it): lark and the analysed grammar are not loaded by a run
that never meets a date, a range or a phrase, nor by ``perfcheck`` starting.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.resources
import os
import re
import unicodedata
from decimal import Decimal

import attrs
import lark
from lark import Transformer

from perfcheck.cache import folder as cache_folder
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
from perfcheck.text import is_ideograph
from perfcheck.valueforms import (
    COMPARISON_WORDS,
    OPERATORS,
    Amount,
    Calendar,
    DateSuffix,
    ValueProblem,
    as_duration,
    fold_spaces,
    is_unit_symbol,
    read_number,
    to_date,
    unit_alone,
    whole,
    word_operator,
)

# --------------------------------------------------------------------------
# The Transformer: trees to model objects.
# --------------------------------------------------------------------------


@attrs.frozen
class _Cmp:
    operator: Operator


@attrs.frozen
class _Suffix:
    operator: Operator


@attrs.frozen
class _Sep:
    pass


def _join_bounds(cmp: _Cmp | None, suffix: _Suffix | None) -> Operator | None:
    if cmp and suffix and cmp.operator.bound is not suffix.operator.bound:
        raise ValueProblem(
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
        result = read_number(number)
        if sign:
            result = attrs.evolve(result, value=-result.value)
        return result

    def comparison(self, children):
        word = str(children[0])
        if word in OPERATORS:
            return _Cmp(OPERATORS[word])
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
        return _per_words(Unit(children[0], tuple(children[1:])))

    def headless_unit(self, children):
        return Unit("", tuple(children))

    # ---- quantities
    def quantity(self, children):
        cmp = next((c for c in children if isinstance(c, _Cmp)), None)
        suffix = next((c for c in children if isinstance(c, _Suffix)), None)
        amount = next(c for c in children if isinstance(c, Amount))
        unit = next((c for c in children if isinstance(c, Unit)), None)
        return Quantity(amount.value, _join_bounds(cmp, suffix), unit, amount.split_from)

    def tolerance(self, children):
        cmp = next((c for c in children if isinstance(c, _Cmp)), None)
        suffix = next((c for c in children if isinstance(c, _Suffix)), None)
        amount = next(c for c in children if isinstance(c, Amount))
        unit = next((c for c in children if isinstance(c, Unit)), None)
        return Quantity(amount.value, _join_bounds(cmp, suffix) or Operator.LE, unit, amount.split_from, tolerance=True)

    def phrase_quantity(self, children):
        cmp = next((c for c in children if isinstance(c, _Cmp)), None)
        suffix = next((c for c in children if isinstance(c, _Suffix)), None)
        amount = next(c for c in children if isinstance(c, Amount))
        unit = next((c for c in children if isinstance(c, Unit)), None)
        tokens = [c for c in children if isinstance(c, lark.Token)]
        plus_minus = any(t.type == "PLUS_MINUS" for t in tokens)
        # The words before the number (a RECURRING 每年 and the QUAL_TEXT after it
        # are one lead), and the QUAL_TEXT after the number, if any.
        number_at = children.index(amount)
        lead = "".join(str(t) for t in children[:number_at] if isinstance(t, lark.Token) and t.type in ("QUAL_TEXT", "RECURRING")).rstrip()
        tail = "".join(str(t) for t in children[number_at:] if isinstance(t, lark.Token) and t.type == "QUAL_TEXT")
        if not _sentence_words(lead.removesuffix("±").removesuffix("+/-").rstrip(), ends=True):
            shown = lead.strip()[-12:]
            raise ValueProblem(
                f"无法识别数字前的「{shown}」（比较请写成 >=、<=、=，或“不低于”“不超过”等）",
                f"cannot read {shown!r} before the number (write a comparison as >=, <=, = or 不低于, 不超过)",
            )
        if not _sentence_words(tail):
            raise ValueProblem(f"无法识别数字后的「{tail.strip()[:12]}」", f"cannot read {tail.strip()[:12]!r} after the number")
        # QUAL_TEXT runs up to the digit: 误差不超过±5% leaves the ± in the words.
        if lead.endswith(("±", "+/-")):
            lead, plus_minus = lead.removesuffix("±").removesuffix("+/-").rstrip(), True
        if cmp is None:
            word = next((w for w in _LONGEST_FIRST if lead.endswith(w)), None)
            if word is not None:
                cmp = _Cmp(word_operator(word))
            elif lead.endswith(_EXACT_WORDS) and suffix is None:
                cmp = _Cmp(Operator.EQ)  # 按…标准1000元/人, 减按15%, 结案率为95%: that rate, exactly
        if unit is not None:
            unit, run_on = _known_head(unit)
            tail = run_on + tail
        if unit is not None and unit.numerator in _CALENDAR and not unit.denominators and tail.startswith(_DATE_TAILS):
            # 每年12月底前: a date inside words, not a number of months.
            raise ValueProblem("日期前后有说明文字", "a date with words around it")
        operator = _join_bounds(cmp, suffix) or (Operator.LE if plus_minus else None)
        phrase = fold_spaces(lead + "…" + tail.strip())
        return Quantity(amount.value, operator, unit, amount.split_from, tolerance=plus_minus, phrase=phrase)

    def quantity_range(self, children):
        i = next(i for i, c in enumerate(children) if isinstance(c, _Sep))
        (low, *low_unit), (high, *high_unit) = children[:i], children[i + 1 :]
        if not low_unit and not high_unit:
            dates = _dotted_month(low), _dotted_month(high)
            if all(dates):
                return DateRange(*dates)
        if low_unit and high_unit and low_unit[0] != high_unit[0]:
            raise ValueProblem(
                f"区间两端单位不同：{low_unit[0]} 与 {high_unit[0]}",
                f"the two ends of the range have different units: {low_unit[0]} and {high_unit[0]}",
            )
        unit = (low_unit or high_unit or [None])[0]
        if unit == Unit("月") and not low_unit and all(_is_month(a) for a in (low, high)):
            return DateRange(DateValue(None, int(low.value)), DateValue(None, int(high.value)))  # 1-12月: January to December
        return QuantityRange(low.value, high.value, unit)

    # ---- dates
    def year_part(self, children):
        return ("year", read_number(children[0]).value)

    def month_part(self, children):
        return ("month", read_number(children[0]).value)

    def day_part(self, children):
        return ("day", read_number(children[0]).value)

    def calendar(self, children):
        return Calendar(**dict(children))

    def year_end(self, children):
        return Calendar(year=read_number(children[0]).value, month=Decimal(12), day=Decimal(31), explicit=True)

    def iso_date(self, children):
        y, m, d = (Decimal(p) for p in re.split(r"[-/.]", str(children[0])))
        return Calendar(year=y, month=m, day=d, explicit=True)

    def date_suffix(self, children):
        kinds = {c.type for c in children}
        return DateSuffix(deadline="BEFORE" in kinds, end_of="END_OF" in kinds)

    def date(self, children):
        cmp = next((c for c in children if isinstance(c, _Cmp)), None)
        suffix = next((c for c in children if isinstance(c, _Suffix)), None)
        cal = next(c for c in children if isinstance(c, Calendar))
        date_suffix = next((c for c in children if isinstance(c, DateSuffix)), None)
        operator = _join_bounds(cmp, suffix)
        duration = as_duration(cal, date_suffix, operator)
        if duration is not None:
            return duration
        value = to_date(cal, date_suffix)
        if suffix and suffix.operator.bound is Operator.LE.bound:
            # 2024年12月以内: "no later than", a deadline.
            return attrs.evolve(value, deadline=True, operator=cmp.operator if cmp else None)
        return attrs.evolve(value, operator=operator)

    def date_range(self, children):
        start, _, end = children
        first = to_date(start, None)
        second = to_date(end, None)
        if second.year is None and first.year is not None:
            second = attrs.evolve(second, year=first.year)
        return DateRange(first, second)

    def whole_year(self, children):
        year = whole(read_number(children[0]).value, "年份", "year")
        return DateRange(DateValue(year, 1, 1), DateValue(year, 12, 31))

    # ---- qualitative
    def qualitative(self, children):
        cmp = next((c for c in children if isinstance(c, _Cmp)), None)
        text = fold_spaces("".join(str(c) for c in children if not isinstance(c, _Cmp)))
        if is_unit_symbol(text):
            raise unit_alone(text)
        return Qualitative(text, cmp.operator if cmp else None)


def _sentence_words(text: str, ends: bool = False) -> bool:
    """Words a sentence around a number may hold: no control, format or
    surrogate characters; the words before it end in a CJK character
    (``ends``), not in a stray sign (亩%2 is no sentence)."""
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in text):
        return False
    last = text[-1:] if ends else "一"
    return is_ideograph(last)


# The comparison words, longest first: 不低于 ends a sentence before 低于 does.
_LONGEST_FIRST = tuple(sorted(COMPARISON_WORDS, key=len, reverse=True))

# Words before a number that make it the rate or standard applied, or say
# what the measure is (结案率为95%): exact, unless a suffix (以上) bounds it.
_EXACT_WORDS = ("标准", "按照", "按", "为", "是")
_CALENDAR = frozenset(("年", "月", "日", "号", "天"))
_DATE_TAILS = ("底", "前", "末", "初", "中旬", "上旬", "下旬")


def _is_month(amount: Amount) -> bool:
    return amount.split_from is None and amount.value == amount.value.to_integral_value() and 1 <= amount.value <= 12


def _per_words(unit: Unit) -> Unit:
    """元每人每月 is 元/人/月: 每 (per) between unit words perfcheck knows."""
    if not any("每" in part for part in (unit.numerator, *unit.denominators)):
        return unit
    # 元/每天 says "per" twice: the empty piece before a leading 每 is no unit.
    head, *per = [p for i, part in enumerate((unit.numerator, *unit.denominators)) for p in part.split("每") if p or (i == 0 and not p)]
    if not per or not head or not all(is_unit_symbol(p) for p in (head, *per)):
        return unit
    return Unit(head, tuple(per))


def _known_head(unit: Unit) -> tuple[Unit | None, str]:
    """In a sentence, words run on after a unit (2次宣传 lexes as the unit 次宣传):
    the unit cut at the longest prefix of its last word that perfcheck knows,
    and the words after. A unit it knows whole, or with no known prefix, is
    left as it is."""
    last = unit.denominators[-1] if unit.denominators else unit.numerator
    if is_unit_symbol(last) or unit.is_percent:
        return unit, ""
    head = next((last[:n] for n in range(len(last) - 1, 0, -1) if is_unit_symbol(last[:n])), None)
    if head is None:
        return unit, ""
    rest = last[len(head):]
    if unit.denominators:
        return Unit(unit.numerator, (*unit.denominators[:-1], head)), rest
    return Unit(head), rest


def _dotted_month(amount: Amount) -> DateValue | None:
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
    folder = cache_folder()
    if folder is None:
        return False
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
    except ValueProblem as problem:
        return Unparsed(text, problem.message)
    except lark.exceptions.VisitError as err:
        if isinstance(err.orig_exc, ValueProblem):
            return Unparsed(text, err.orig_exc.message)
        raise
    except lark.exceptions.UnexpectedInput as err:
        return _explain(err, normalized)
