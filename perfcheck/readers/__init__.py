"""Readers turn a file into a ``Document``. Plugins add readers through the
``perfcheck_readers`` hook; this module defines what a reader is."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

import attrs

from decimal import Decimal

from perfcheck.model import Document, Message, Repair, SourceLocation
from perfcheck.text import read_amount


@attrs.frozen
class ReadProblem:
    message: Message
    location: SourceLocation = SourceLocation()
    # What a library said, in its own words, where the message puts it in
    # plain Chinese and English (`BadZipFile: File is not a zip file`): for
    # whoever debugs the file. `--verbose` shows it; the finding's data holds it.
    detail: str | None = None


def repaired_amount(text: str, field: str, table: str | None, location: SourceLocation) -> tuple[Decimal | None, Repair | None]:
    """An amount as typeset, and the ``Repair`` to report (V006) when whitespace had split it."""
    amount, split = read_amount(text)
    repair = Repair(text.strip(), format(amount, "f"), field, table, location) if split else None
    return amount, repair


class ReadError(Exception):
    """The file cannot be read as a document. Carries every problem found, each with its place."""

    def __init__(self, problems: list[ReadProblem], code: str = "E001", *, no_table: bool = False):
        super().__init__("; ".join(p.message.en for p in problems))
        self.problems = problems
        self.code = code  # E001 unreadable, E002 no recognisable table
        # The file read fine and simply holds no target table: skipped in a
        # directory walk (an unrelated workbook), reported when named.
        self.no_table = no_table


@runtime_checkable
class Reader(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def sniff(self, path: Path) -> bool:
        """Whether a file met while walking a directory may be one of ours (named
        files are always read). Cheap and bounded: it runs for every file of a
        walk. True when unsure (a file too large to look into): reading it then
        says why it cannot be read, and a file that reads fine but holds no
        table is left out of the walk's report all the same."""

    def read(self, path: Path) -> Document:
        """Read the file, or raise ``ReadError``. Bound what the file may cost
        before trusting it (``perfcheck.limits``: sizes, inflation, rows,
        pages); raising ``limits.LimitExceeded`` reports the bound it broke.
        Raise ``ReadError(..., code="E002", no_table=True)`` for a file that
        reads fine and holds no target table."""
