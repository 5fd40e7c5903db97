"""Reporters write a ``RunResult``. Plugins add formats through the
``perfcheck_reporters`` hook; the ``--format`` value is the reporter's name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:  # pragma: no cover
    from perfcheck.engine import RunResult


@runtime_checkable
class Reporter(Protocol):
    """A report format. A text format implements ``render``; a file format
    (a workbook, say) implements ``write(run, lang, output_path)`` instead, and
    the CLI then requires ``-o``."""

    name: str
    description: str

    def render(self, run: RunResult, lang: str) -> str:
        """The whole report as text, in ``lang`` ("zh" or "en")."""
