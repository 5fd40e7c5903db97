"""Mending text that came out of a PDF: wrapped cells and split numbers."""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from perfcheck.limits import bounded_decimal

# A CJK character or full-width punctuation: a PDF line wrap between two of
# them leaves a space (or newline) that was never in the text.
_WIDE = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f（）《》“”‘’、，。：；]"
_WRAP = re.compile(rf"(?<={_WIDE})\s+(?={_WIDE})")
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")
_SPACES = re.compile(r"\s+")
# A number as typeset, possibly split by whitespace: 20,000 .00 / 4,805. 03 / 210 0 / 27, 966. 42
NUMBER_TEXT = re.compile(r"^-?\d[\d,\s]*(?:\.\s*\d+)?$")


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
    text = _TAGS.sub(" ", text)
    text = _WRAP.sub("", text.strip())
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
    """
    if not text:
        return None, False
    return _read_amount(text) if len(text) < 64 else _read_amount.__wrapped__(text)


@functools.lru_cache(maxsize=1 << 12)
def _read_amount(text: str) -> tuple[Decimal | None, bool]:
    # Weights and amounts repeat (10, 20, 100.00): Decimals are immutable, so results are shared.
    raw = text.strip()
    if not raw or not NUMBER_TEXT.match(raw):
        return None, False
    try:
        value = Decimal(re.sub(r"[\s,]", "", raw))
    except InvalidOperation:
        return None, False
    if bounded_decimal(value) is None:  # 27 digits is no budget figure: not an amount
        return None, False
    return value, bool(re.search(r"\d\s|\s\d|\s\.|\.\s", raw))
