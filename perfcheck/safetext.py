"""Text safe to print in any report, whatever a file or a plugin put in it."""

from __future__ import annotations

import re

# C0 and C1 controls but tab and newline, lone surrogates, and the two
# non-characters XML forbids. Each would break a format: an ESC reaches the
# terminal as an escape sequence, U+000B makes JUnit XML not well-formed and
# openpyxl refuse the cell, a lone surrogate cannot be encoded as UTF-8.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF or code >= 0xFFFE:
        return "\ufffd"
    return f"\\x{code:02x}"


def printable(text: str | None) -> str | None:
    """``text`` with control characters shown as ``\\x1b`` and lone surrogates
    as U+FFFD: what a file or a plugin wrote, made safe for every report."""
    # isprintable() is false for every character _UNPRINTABLE names (and for
    # tabs, newlines and some spaces): true, it settles the question in C.
    if text is None or text.isprintable() or not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(_escape, text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Lone surrogates (``"\\ud800"`` in a JSON or YAML escape) as U+FFFD: no
    Python string holding one can be written as UTF-8."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def columns(text: str) -> int:
    """Columns a terminal gives ``text``: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def padded(text: str, width: int) -> str:
    """``text`` and spaces to fill ``width`` terminal columns."""
    return text + " " * (width - columns(text))
