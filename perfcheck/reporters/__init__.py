"""Reporters write a ``RunResult``. Plugins add formats through the
``perfcheck_reporters`` hook; the ``--format`` value is the reporter's name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Protocol, runtime_checkable

import attrs

if TYPE_CHECKING:  # pragma: no cover
    from perfcheck.engine import RunResult


class OutputError(Exception):
    """A report cannot be written as asked (wrong inputs, or it would overwrite one): exit 2."""

    def __init__(self, en: str, zh: str | None = None):
        super().__init__(en)
        from perfcheck.model import Message

        self.message = Message(zh or en, en)


@attrs.frozen
class ReportOptions:
    """How the user asked for the report. Formats use what applies to them."""

    color: bool = False  # ANSI colours (text, on a terminal)
    quiet: bool = False  # findings only, no summary
    statistics: bool = False  # counts per rule instead of findings
    rules: tuple = ()  # the loaded rules (plugins.RuleEntry), for formats that describe them


@runtime_checkable
class Reporter(Protocol):
    """A report format. A text format implements ``render``; a file format
    (a workbook, say) implements ``write(run, lang, output_path)`` instead, and
    the CLI then requires ``-o``."""

    name: str
    description: str
    # Optional: ``needs_documents = True`` when the report shows what the files
    # read as (``FileResult.document``); else runs keep findings and counts only.
    # ``supports_statistics = True`` when it renders ``--statistics`` (counts per rule).

    def render(self, run: RunResult, lang: str, options: ReportOptions) -> str:
        """The whole report as text, in ``lang`` ("zh" or "en")."""


class RuleTally:
    """Findings counted per rule, as they come (a report made file by file)."""

    def __init__(self):
        self.counts: dict[str, list] = {}

    def add(self, findings) -> "RuleTally":
        for f in findings:
            entry = self.counts.setdefault(f.code, [f.code, f.name, f.severity.value, 0])
            entry[3] += 1
        return self

    def merge(self, counts: dict[str, list]) -> "RuleTally":
        """Add another tally's ``counts`` (a file's, counted where it was checked)."""
        for code, (_, name, severity, n) in counts.items():
            self.counts.setdefault(code, [code, name, severity, 0])[3] += n
        return self

    def ranked(self) -> list[tuple[str, str, str, int]]:
        """(code, name, severity, count) per rule, most frequent first."""
        return sorted((tuple(v) for v in self.counts.values()), key=lambda v: (-v[3], v[0]))


def by_rule(run: RunResult) -> list[tuple[str, str, str, int]]:
    """(code, name, severity, count) per rule, most frequent first."""
    return RuleTally().add(run.findings).ranked()


def streamed_render(reporter, run: RunResult, lang: str, options: ReportOptions) -> Iterator[str]:
    """The report of a whole run from a reporter that writes file by file
    (``stream``): the same pieces as when the files came one at a time."""
    stream = reporter.stream(lang, options)
    for result in run.files:
        yield from stream.file(result)
    yield from stream.close(run)


class Spool:
    """Text a report makes before it can write it (its head needs totals first):
    in memory up to ``LIMIT`` characters, past that in a temporary file."""

    LIMIT = 4 << 20

    def __init__(self):
        import tempfile

        self.file = tempfile.SpooledTemporaryFile(max_size=self.LIMIT, mode="w+", encoding="utf-8")
        self.empty = True

    def write(self, text: str) -> None:
        self.file.write(text)
        self.empty = self.empty and not text

    @property
    def on_disk(self) -> bool:
        return self.file._rolled

    def drain(self) -> Iterator[str]:
        """What was written, in pieces; the spool is closed after."""
        with self.file:
            self.file.seek(0)
            while chunk := self.file.read(1 << 20):
                yield chunk
