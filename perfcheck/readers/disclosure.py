"""Published budget disclosures (单位/部门预算公开) as the text extracted from their PDF.

A disclosure holds the project list (表 7, 一般公共预算项目支出情况表), a
narrative section with each project's 资金分配情况, one 单位整体绩效目标表 and
one 项目支出绩效目标表 per project. Each line of the text is a ``Row``: a
table row when its cells are separated by tabs, else a line of running text;
``perfcheck.readers.layouts`` reads the document from them, as it reads
every other reader's rows.
"""

from __future__ import annotations

from perfcheck.model import Document, SourceLocation
from perfcheck.decoding import decode_text
from perfcheck.limits import MAX_TEXT_BYTES, LimitExceeded, file_size_limit, read_bounded
from perfcheck.readers.layouts import LayoutParser, Row


# The titles of a target table and of a self-evaluation table (绩效自评表).
TITLES = ("绩效目标表", "绩效自评表")
_TITLES_UTF8 = tuple(title.encode("utf-8") for title in TITLES)


class TextDisclosureReader:
    """Text extracted from a disclosure PDF, one table row per line, cells separated by tabs."""

    name = "disclosure-text"
    suffixes = (".txt",)

    def sniff(self, path) -> bool:
        try:
            data = read_bounded(path, file_size_limit(MAX_TEXT_BYTES))
            if any(title in data for title in _TITLES_UTF8):  # most disclosures are UTF-8: no need to decode them here
                return True
            text, _ = decode_text(data)
        except LimitExceeded:
            return True  # too large or in no known encoding: the check says so
        except OSError:
            return False
        return any(title in text for title in TITLES)

    def read(self, path) -> Document:
        text, _ = decode_text(read_bounded(path, file_size_limit(MAX_TEXT_BYTES)))
        return LayoutParser(str(path)).parse(rows_from_text(text))


# Line N's location is immutable: one object serves every document's line N.
_LINE_LOCATIONS: list[SourceLocation] = []
_SHARED_LINES = 1 << 14  # lines past this (a rare, long file) get their own


def _line_locations(count: int) -> list[SourceLocation]:
    """The locations of lines 1 to ``count``."""
    shared = min(count, _SHARED_LINES)
    if len(_LINE_LOCATIONS) < shared:
        _LINE_LOCATIONS.extend(SourceLocation(line=n) for n in range(len(_LINE_LOCATIONS) + 1, shared + 1))
    if count <= shared:
        return _LINE_LOCATIONS[:count]
    return _LINE_LOCATIONS + [SourceLocation(line=n) for n in range(shared + 1, count + 1)]


def rows_from_text(text: str) -> list[Row]:
    """A row per line that holds anything: a blank line (a third of an
    extracted disclosure) tells the parser nothing, and each of its passes
    would only step over it again."""
    lines = text.splitlines()
    return [
        Row(line, location, tuple(line.split("\t")) if "\t" in line else None)
        for line, location in zip(lines, _line_locations(len(lines)))
        if not line.isspace() and line
    ]
