"""Readers turn a file into a ``Document``. Plugins add readers through the
``perfcheck_readers`` hook; this module defines what a reader is."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

import attrs

from decimal import Decimal

from perfcheck.model import Document, Indicator, Message, Repair, SourceLocation
from perfcheck.text import read_amount
from perfcheck.values import column_cell, compose_value, parse_actual_value, parse_indicator_value


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


def build_indicator(
    name: str,
    value: str | None,
    level1: str = "",
    level2: str = "",
    *,
    operator: str | None = None,
    unit: str | None = None,
    direction: str | None = None,
    value_type: str | None = None,
    weight: Decimal | None = None,
    raw_weight: str | None = None,
    scoring: str | None = None,
    basis: str | None = None,
    last_year: str | None = None,
    evidence: str | None = None,
    location: SourceLocation = SourceLocation(),
    value_location: SourceLocation | None = None,
    weight_location: SourceLocation | None = None,
    ignore: tuple[str, ...] = (),
    actual: str | None = None,
    score: Decimal | None = None,
    raw_score: str | None = None,
    deviation: str | None = None,
    actual_location: SourceLocation | None = None,
    score_location: SourceLocation | None = None,
    deviation_location: SourceLocation | None = None,
) -> Indicator:
    """An indicator row from its cells as a reader has cleaned them: every
    reader builds its rows here, so that a row reads the same from any format.

    ``value`` is the value cell; ``operator`` and ``unit`` the cells of a
    split layout (None: the layout has no such column), joined to it as
    ``compose_value`` does. The value is parsed with what the row's name
    and categories tell (``parse_indicator_value``); the text stays as
    written in ``raw_value``. A weight is read by the reader, in its
    format's terms (a typed number in YAML, a typeset cell in a PDF), and
    given as ``weight`` and the cell's ``raw_weight``. ``value_location``
    is ``location`` unless the format can point at the value itself.

    A self-evaluation row adds its ``actual`` (实际完成值, the cell's text:
    parsed by ``parse_actual_value``, with the split layout's ``unit`` cell
    joined to a bare number as for the target; None: no such column, or an
    empty cell), its ``score`` (得分, read by the reader as a weight is,
    with the cell's ``raw_score``) and its ``deviation`` text
    (偏差原因分析及改进措施), each with its place.
    """
    operator, unit = column_cell(operator), column_cell(unit)
    # Without those columns compose_value gives the value stripped: most layouts, most rows.
    raw = compose_value(operator, value, unit) if operator is not None or unit is not None else (value or "").strip()
    return Indicator(  # positionally, in the order of its fields: a document has thousands of rows
        name,
        parse_indicator_value(raw, name, level1=level1, level2=level2),
        raw,
        level1,
        level2,
        operator,
        unit,
        direction,
        value_type,
        weight,
        raw_weight,
        scoring,
        basis,
        last_year,
        evidence,
        location,
        location if value_location is None else value_location,
        weight_location,
        ignore,
        *(_self_evaluation(name, actual, unit, level1, level2) if actual is not None else (None, None)),
        score,
        raw_score,
        deviation,
        actual_location,
        score_location,
        deviation_location,
    )


def _self_evaluation(name: str, actual: str, unit: str | None, level1: str, level2: str) -> tuple:
    """The parsed actual and its text, the unit column joined to a bare number."""
    raw = compose_value(None, actual, unit) if unit is not None else actual.strip()
    if not raw:
        return None, None
    return parse_actual_value(raw, name, level1=level1, level2=level2), raw


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
