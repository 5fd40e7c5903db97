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
from perfcheck.valueforms import (
    OPERATORS,
    Amount,
    Calendar,
    DateSuffix,
    ValueProblem,
    as_duration,
    fold_spaces,
    read_number,
    to_date,
    whole,
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
        return Unit(children[0], tuple(children[1:]))

    def headless_unit(self, children):
        return Unit("", tuple(children))

    # ---- quantities
    def quantity(self, children):
        cmp = next((c for c in children if isinstance(c, _Cmp)), None)
        suffix = next((c for c in children if isinstance(c, _Suffix)), None)
        amount = next(c for c in children if isinstance(c, Amount))
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
            raise ValueProblem(
                f"区间两端单位不同：{low_unit[0]} 与 {high_unit[0]}",
                f"the two ends of the range have different units: {low_unit[0]} and {high_unit[0]}",
            )
        unit = (low_unit or high_unit or [None])[0]
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
        text = fold_spaces(str(children[-1]))
        return Qualitative(text, cmp.operator if cmp else None)


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
    elif _after_words(err):
        # 约100人, 预计100人: the grammar read the words as a phrase and stumbled
        # on the number after them, but the words are what it cannot read.
        words = err.token_history[-1]
        bad = str(words).strip()
        reason = Message(
            f"无法识别数字前的「{bad}」（比较请写成 >=、<=、=，或“不低于”“不超过”等）",
            f"cannot read {bad!r} before the number (write a comparison as >=, <=, = or 不低于, 不超过)",
        )
        column = words.column
    else:
        pos = getattr(err, "pos_in_stream", None)
        bad = text[pos : pos + 6] if isinstance(pos, int) else ""
        reason = Message(f"无法识别「{bad}」", f"cannot read {bad!r}")
    return Unparsed(text, reason, column if isinstance(column, int) and column > 0 else None)


def _after_words(err: lark.exceptions.UnexpectedInput) -> bool:
    """Whether the grammar stopped at a number that follows a phrase (QUAL_TEXT)."""
    history = getattr(err, "token_history", None) or ()
    token = getattr(err, "token", None)
    return (
        isinstance(err, lark.exceptions.UnexpectedToken) and token is not None and token.type == "NUMBER"
        and bool(history) and history[-1] is not None and history[-1].type == "QUAL_TEXT"
    )


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
