"""One reader of written numbers (perfcheck.numerals), and its two entry points:
``text.read_amount`` for a table's cells and ``valueforms.read_number`` for the
grammar's NUMBER. Both must read every numeral alike."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfcheck.numerals import NumeralOutOfBounds, read_numeral
from perfcheck.text import read_amount
from perfcheck.valueforms import ValueProblem, read_number

NOT_A_NUMBER = "not a number"
TOO_MANY_DIGITS = "too many digits"
TOO_LARGE = "too large"

# text, then the value and whether whitespace split it, or why it is no amount.
CASES = [
    # plain numbers
    ("85", Decimal("85"), False),
    ("100.00", Decimal("100.00"), False),
    ("0.5", Decimal("0.5"), False),
    ("-5", Decimal("-5"), False),
    (" 85 ", Decimal("85"), False),  # whitespace around is no split
    # commas
    ("1,000", Decimal("1000"), False),
    ("1,234,567.89", Decimal("1234567.89"), False),
    # split by a PDF's typesetting
    ("4,805. 03", Decimal("4805.03"), True),
    ("20,000 .00", Decimal("20000.00"), True),
    ("210 0", Decimal("2100"), True),
    ("27, 966. 42", Decimal("27966.42"), True),
    ("1 , 000", Decimal("1000"), True),
    ("3\u30005", Decimal("35"), True),  # an ideographic space
    # digits of other widths and scripts (\d and Decimal know them)
    ("１２３", Decimal("123"), False),
    ("٣", Decimal("3"), False),
    # the bounds of perfcheck.limits
    ("9" * 11, Decimal("9" * 11), False),  # just under 10^11
    ("1" + "0" * 11, TOO_LARGE, None),  # 10^11
    ("1" * 25, TOO_LARGE, None),  # 25 digits: short enough to convert, too many to compute with
    ("1" * 27, TOO_MANY_DIGITS, None),  # refused before it is converted
    ("1," * 20 + "1", TOO_LARGE, None),  # commas do not count as digits: 21 digits, too large
    ("0." + "0" * 30 + "1", TOO_MANY_DIGITS, None),
    # not numbers
    ("", NOT_A_NUMBER, None),
    ("   ", NOT_A_NUMBER, None),
    ("abc", NOT_A_NUMBER, None),
    ("项目名称", NOT_A_NUMBER, None),
    ("1e5", NOT_A_NUMBER, None),
    ("NaN", NOT_A_NUMBER, None),
    ("1_000", NOT_A_NUMBER, None),
    (".5", NOT_A_NUMBER, None),
    ("5.", NOT_A_NUMBER, None),
    ("1.2.3", NOT_A_NUMBER, None),
    ("--5", NOT_A_NUMBER, None),
    ("+5", NOT_A_NUMBER, None),
    ("2024年", NOT_A_NUMBER, None),
    ("10%", NOT_A_NUMBER, None),
    ("²", NOT_A_NUMBER, None),  # a digit, but not a decimal one
]


def _by_grammar_entry(text: str):
    """What ``read_number`` makes of ``text``: (value, split) or the reason it refused it."""
    try:
        amount = read_number(text)
    except ValueProblem as problem:
        return problem.message.en
    return amount.value, amount.split_from is not None


@pytest.mark.parametrize("text, value, split", CASES)
def test_both_entry_points_read_a_numeral_alike(text, value, split):
    amount = read_amount(text)
    by_grammar = _by_grammar_entry(text)
    if isinstance(value, Decimal):
        assert amount == (value, split)
        assert str(amount[0]) == str(value)  # the digits as written: 100.00 stays 100.00
        assert by_grammar == (value, split)
        assert read_number(text).split_from == (text if split else None)
    else:
        assert amount == (None, False)
        assert value in by_grammar


def test_the_reader_says_which_bound_a_number_broke():
    with pytest.raises(NumeralOutOfBounds) as caught:
        read_numeral("1" * 27)
    assert caught.value.message.en == "the number has too many digits (27)"
    assert caught.value.message.zh == "数字位数过多（27 位）"
    with pytest.raises(NumeralOutOfBounds) as caught:
        read_numeral("100,000,000,000")
    assert caught.value.message.en == "the number is too large: 100000000000"
    assert read_numeral("项目") is None


def test_a_value_whose_number_breaks_a_bound_is_unparsed_with_the_reason():
    from perfcheck.model import Unparsed
    from perfcheck.values import parse_value

    parsed = parse_value(">=" + "1" * 30 + " 个")
    assert isinstance(parsed, Unparsed)
    assert parsed.reason.en == "the number has too many digits (30)"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="0123456789,. -\t\u3000１a", max_size=30))
def test_both_entry_points_agree_on_generated_text(text):
    by_grammar = _by_grammar_entry(text)
    if isinstance(by_grammar, str):
        assert read_amount(text) == (None, False)
    else:
        assert read_amount(text) == by_grammar
