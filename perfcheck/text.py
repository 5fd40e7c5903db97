"""Mending text that came out of a PDF: wrapped cells and split numbers."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from perfcheck.numerals import NumeralOutOfBounds, read_numeral

_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")
_SPACES = re.compile(r"\s+")

# A CJK character or full-width punctuation: a PDF line wrap between two of
# them leaves a space (or newline) that was never in the text. (The CJK
# symbols U+3000–U+303F and 《》、。 lie inside the first range, （），：；
# inside the full-width forms.)
_WIDE_QUOTES = "“”‘’"


def is_ideograph(char: str) -> bool:
    """A CJK ideograph (the unified ideographs and extension A, the
    compatibility ideographs): a line of Chinese may break before any, and a
    phrase of them is words, not a number."""
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _is_wide(char: str) -> bool:
    """Whether ``char`` is one of the wide characters between which a line wrap is undone."""
    if char < "\u2e80":
        return char in _WIDE_QUOTES  # (U+2018–U+201D)
    return char <= "\u9fff" or "\uff00" <= char <= "\uffef" or "\uf900" <= char <= "\ufaff"


def _unwrap(text: str) -> str:
    """Every run of whitespace between two wide characters taken out.

    What ``re.sub(r"(?<=W)\\s+(?=W)", "", text)`` gives for the wide class W,
    without compiling W: re builds a 65,536-entry map for it, 2.6 ms on
    every run (about 5% of the instructions of checking one file). The one
    whitespace character that is itself wide, the
    ideographic space U+3000, is why a run may be cut inside: the pattern
    takes the longest piece of a run that starts after a wide character and
    ends before one, and looks again from where that piece ended.
    """
    pieces = []
    kept = 0  # text[kept:] is not yet in pieces
    size = len(text)
    for run in _SPACES.finditer(text):
        start, end = run.span()
        wide_after = end < size and _is_wide(text[end])
        i = start
        while i < end:
            if i and _is_wide(text[i - 1]):
                # The longest piece from i: to the run's end when a wide
                # character follows it, else to its last ideographic space after i.
                stop = end if wide_after else text.rfind("\u3000", i + 1, end)
                if stop > i:
                    pieces.append(text[kept:i])
                    kept = i = stop
                    continue
            i += 1
    if not kept:
        return text
    pieces.append(text[kept:])
    return "".join(pieces)


def fold(text: str | None) -> str:
    """Undo a PDF's wrapping: drop spaces and newlines between CJK characters,
    HTML tags some exporters leave (``<p>``), and runs of whitespace."""
    if not text:
        return ""
    return _fold(text) if len(text) < 256 else _fold_text(text)


@functools.lru_cache(maxsize=1 << 12)
def _fold(text: str) -> str:
    # Labels, bases and scoring rules repeat on every row of every table.
    return _fold_text(text)


def _fold_text(text: str) -> str:
    if "<" in text:
        text = _TAGS.sub(" ", text)
    text = _unwrap(text.strip())
    return _SPACES.sub(" ", text).strip()


def squeeze(text: str | None) -> str:
    """All whitespace out: for comparing labels (``年度 预算 总额:`` is ``年度预算总额:``)."""
    if not text:
        return ""
    return _squeeze(text) if len(text) < 256 else _SPACES.sub("", text)


@functools.lru_cache(maxsize=1 << 12)
def _squeeze(text: str) -> str:
    # The same cells and labels are squeezed again by every pass over a disclosure.
    return _SPACES.sub("", text)


def read_amount(text: str | None) -> tuple[Decimal | None, bool]:
    """An amount as typeset: ``(Decimal, was_split)``; ``(None, False)`` if it is not a number.

    ``was_split`` says whitespace had broken the number (``20,000 .00``).
    ``perfcheck.numerals.read_numeral`` reads it; a number past its bounds
    (27 digits is no budget figure) is no amount.
    """
    if not text:
        return None, False
    return _read_amount(text) if len(text) < 64 else _read_amount.__wrapped__(text)


@functools.lru_cache(maxsize=1 << 12)
def _read_amount(text: str) -> tuple[Decimal | None, bool]:
    # Weights and amounts repeat (10, 20, 100.00): Decimals are immutable, so results are shared.
    try:
        return read_numeral(text) or (None, False)
    except NumeralOutOfBounds:
        return None, False
