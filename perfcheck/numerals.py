"""Reading a number as it is written: the one place a numeral becomes a Decimal.

Numbers reach perfcheck as table cells (a weight, 4,805. 03 万元 of funds)
and as the NUMBER of an indicator value (``>=1,200 亩``). Both are written
the same way: digits (of any script Python's ``\\d`` and ``Decimal`` know,
full-width ones included), thousands commas, a decimal point, and the
whitespace a PDF's typesetting leaves inside a number (``20,000 .00``,
``210 0``). ``read_numeral`` reads them all, within the bounds of
``perfcheck.limits``; ``perfcheck.text.read_amount`` and
``perfcheck.valueforms.read_number`` are its adapters for cells and for
the grammar.
"""

from __future__ import annotations

import re
from decimal import Decimal

from perfcheck.limits import bounded_decimal, number_text_ok
from perfcheck.model import Message

# A numeral, possibly split by whitespace: 20,000 .00 / 4,805. 03 / 210 0 / 27, 966. 42 / -5.
# The grammar's NUMBER (grammars/value.lark) is a part of it: no sign, and commas only between digits.
_NUMERAL = re.compile(r"-?\d[\d,\s]*(?:\.\s*\d+)?")
_SEPARATORS = re.compile(r"[\s,]")
# Whitespace that split the number: beside a digit or the point (a space between
# two commas, 1, ,000, touches neither).
_SPLIT = re.compile(r"\d\s|\s\d|\s\.|\.\s")


class NumeralOutOfBounds(ValueError):
    """A numeral too long or too large for perfcheck to compute with; ``message`` says which."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.message = message


def read_numeral(text: str) -> tuple[Decimal, bool] | None:
    """``text`` (whitespace around it aside) as a number: ``(value, was_split)``,
    where ``was_split`` says whitespace had broken it. None when ``text`` is
    not written as a number; ``NumeralOutOfBounds`` when it is one of more
    digits (``limits.number_text_ok``, checked before converting) or a larger
    magnitude (``limits.bounded_decimal``) than any budget figure."""
    text = text.strip()
    if _NUMERAL.fullmatch(text) is None:
        return None
    # A run of digits alone (85, 2024) is most numbers: no separators to take out.
    digits = text if text.isdecimal() else _SEPARATORS.sub("", text)
    if not number_text_ok(digits):  # before Decimal and int(): a 5,000-digit "month" is no date
        raise NumeralOutOfBounds(
            Message(f"数字位数过多（{len(digits)} 位）", f"the number has too many digits ({len(digits)})")
        )
    value = Decimal(digits)  # the pattern admits a sign, digits and a point only
    if bounded_decimal(value) is None:
        raise NumeralOutOfBounds(Message(f"数值过大：{digits}", f"the number is too large: {digits}"))
    return value, len(digits) != len(text) and _SPLIT.search(text) is not None
