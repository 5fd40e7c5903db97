"""Reporters write a ``RunResult``. Plugins add formats through the
``perfcheck_reporters`` hook; the ``--format`` value is the reporter's name."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Protocol

import attrs

if TYPE_CHECKING:  # pragma: no cover
    from perfcheck.results import FileResult, RunResult


class OutputError(Exception):
    """A report cannot be written as asked (wrong inputs, or it would overwrite one): exit 2."""

    def __init__(self, en: str, zh: str | None = None):
        super().__init__(en)
        from perfcheck.model import Message

        self.message = Message(zh or en, en)


def the_one_file(run: "RunResult", suffixes: tuple[str, ...], fmt: str, what: tuple[str, str]) -> Path:
    """The one file of a run a copy is made of (``--format xlsx``, ``docx``),
    else ``OutputError``: ``what`` names it in Chinese and English (一个工作簿,
    one workbook), the first suffix the file to check."""
    from pathlib import Path

    if len(run.files) != 1 or Path(run.files[0].path).suffix.lower() not in suffixes:
        zh, en = what
        raise OutputError(
            f"--format {fmt} annotates {en}: check a single {suffixes[0]} file (or use --format json for a batch)",
            f"--format {fmt} 只能批注{zh}：请只检查一个 {suffixes[0]} 文件（批量检查请用 --format json）",
        )
    return Path(run.files[0].path)


@attrs.frozen
class ReportOptions:
    """How the user asked for the report. Formats use what applies to them."""

    color: bool = False  # ANSI colours (text, on a terminal)
    quiet: bool = False  # findings only, no summary
    statistics: bool = False  # counts per rule instead of findings
    rules: tuple = ()  # the loaded rules (plugins.RuleEntry), for formats that describe them
    verbose: bool = False  # what lies behind a plain message too: a library's own error (``--verbose``)


class ReportStream(Protocol):
    """A report being written file by file (``Reporter.stream``)."""

    def file(self, result: FileResult) -> Iterable[str]:
        """The report's part for one file, given in file order as soon as it
        and the files before it are checked (``result.digest`` holds the
        reporter's own ``digest`` of it when the reporter makes them)."""

    def close(self, run: RunResult) -> Iterable[str]:
        """What comes after the files (a summary, a closing tag); ``run``
        holds every file's counts but no findings."""


class Reporter:
    """A report format: the contract between a reporter and the front ends
    (the CLI, the web server). Subclass it and set what the report can do;
    every ability has a default, so a plain text format implements
    ``render`` alone.

    Abilities (class attributes):

    - ``writes_file``: the report is a file, not text (a workbook): it
      implements ``write`` and the CLI requires ``-o``;
    - ``needs_documents``: the report shows what the files read as
      (``FileResult.document``); else runs keep findings and counts only;
    - ``supports_statistics``: it renders ``--statistics`` (counts per rule);
    - ``streams``: it can be written as the files are checked (``stream``),
      so that a batch's findings are never all held at once;
    - ``makes_digests``: its part for one file can be made where the file
      is checked (``digest``, whose answer must pickle), so that workers
      share the rendering and send back text, not findings.

    A plugin's reporter that does not subclass this is adapted once when
    loaded (``adapt``): its abilities are read from what it defines.
    """

    name: str = ""
    description: str = ""
    writes_file: bool = False
    needs_documents: bool = False
    supports_statistics: bool = False
    streams: bool = False
    makes_digests: bool = False

    def render(self, run: RunResult, lang: str, options: ReportOptions = ReportOptions()) -> str:
        """The whole report as text, in ``lang`` ("zh" or "en")."""
        return "".join(self.render_iter(run, lang, options))

    def render_iter(self, run: RunResult, lang: str, options: ReportOptions = ReportOptions()) -> Iterator[str]:
        """The report in pieces as it is made, so that a batch's report need
        not be held whole. Defaults to ``render`` in one piece (a streaming
        reporter: its stream's pieces)."""
        if self.streams:
            yield from streamed_render(self, run, lang, options)
        elif type(self).render is Reporter.render:
            raise NotImplementedError(f"reporter {self.name!r} implements neither render, render_iter nor stream")
        else:
            yield self.render(run, lang, options)

    def write(self, run: RunResult, lang: str, output: Path) -> None:
        """Write the report to ``output`` (a ``writes_file`` reporter)."""
        raise NotImplementedError(f"reporter {self.name!r} writes no file")

    def stream(self, lang: str, options: ReportOptions) -> ReportStream:
        """A ``ReportStream`` (a ``streams`` reporter)."""
        raise NotImplementedError(f"reporter {self.name!r} does not stream")

    def digest(self, result: FileResult, lang: str, options: ReportOptions) -> object:
        """This report's part for one file, made where it is checked (a
        ``makes_digests`` reporter); its stream's ``file`` then finds it in
        ``result.digest``."""
        raise NotImplementedError(f"reporter {self.name!r} makes no digests")


class _Adapted(Reporter):
    """A plugin's duck-typed reporter (any object with ``name`` and ``render``
    or ``write``), with its abilities read once, from what it defines."""

    def __init__(self, plugin_reporter: object):
        self.wrapped = plugin_reporter
        self.name = plugin_reporter.name
        self.description = getattr(plugin_reporter, "description", "")
        self.writes_file = callable(getattr(plugin_reporter, "write", None))
        self.needs_documents = bool(getattr(plugin_reporter, "needs_documents", False))
        self.supports_statistics = bool(getattr(plugin_reporter, "supports_statistics", False))
        self.streams = callable(getattr(plugin_reporter, "stream", None))
        self.makes_digests = self.streams and callable(getattr(plugin_reporter, "digest", None))
        self.iterates = callable(getattr(plugin_reporter, "render_iter", None))

    def render(self, run, lang, options):
        return self.wrapped.render(run, lang, options)

    def render_iter(self, run, lang, options):
        if self.iterates:
            return self.wrapped.render_iter(run, lang, options)
        return super().render_iter(run, lang, options)

    def write(self, run, lang, output):
        return self.wrapped.write(run, lang, output)

    def stream(self, lang, options):
        return self.wrapped.stream(lang, options)

    def digest(self, result, lang, options):
        return self.wrapped.digest(result, lang, options)


def adapt(candidate: object) -> Reporter:
    """``candidate`` as a ``Reporter``: itself when it is one, else adapted.
    ``TypeError`` when it cannot be one (no name, neither render nor write)."""
    if isinstance(candidate, Reporter):
        return candidate
    name = getattr(candidate, "name", None)
    if not isinstance(name, str) or not name:
        raise TypeError(f"{candidate!r} has no name (the --format value)")
    if not callable(getattr(candidate, "render", None)) and not callable(getattr(candidate, "write", None)):
        raise TypeError(f"reporter {name!r} has neither render(run, lang, options) nor write(run, lang, path)")
    return _Adapted(candidate)


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
