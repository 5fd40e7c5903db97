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


def repaired_amount(text: str, field: str, table: str | None, location: SourceLocation) -> tuple[Decimal | None, Repair | None]:
    """An amount as typeset, and the ``Repair`` to report (V006) when whitespace had split it."""
    amount, split = read_amount(text)
    repair = Repair(text.strip(), format(amount, "f"), field, table, location) if split else None
    return amount, repair


class ReadError(Exception):
    """The file cannot be read as a document. Carries every problem found, each with its place."""

    def __init__(self, problems: list[ReadProblem], code: str = "E001"):
        super().__init__("; ".join(p.message.en for p in problems))
        self.problems = problems
        self.code = code  # E001 unreadable, E002 no recognisable table


@runtime_checkable
class Reader(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def sniff(self, path: Path) -> bool:
        """Whether a file met while walking a directory is one of ours (named files are always read)."""

    def read(self, path: Path) -> Document:
        """Read the file, or raise ``ReadError``."""
