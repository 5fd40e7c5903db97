"""What checking produces: a file's result, a run's, and the order they are
reported in. Every reporter, executor and front end reads these; they depend
on the model alone, so that nothing here pulls in the engine or the plugins."""

from __future__ import annotations

from typing import Callable

import attrs

from perfcheck.model import Document, Finding, Severity


@attrs.frozen
class FileResult:
    path: str
    findings: tuple[Finding, ...]
    tables: int = 0
    indicators: int = 0
    # What the file read as, for reports that show the tables (HTML).
    document: Document | None = None
    # Findings its inline suppressions held back (counted, not shown).
    suppressed: int = 0
    # (errors, warnings, infos) when the findings went straight to the report
    # (``check_candidates(on_file=...)``) and are no longer held.
    tally: tuple[int, int, int] | None = None
    # What the report made of the file where it was checked (``Reporter.digest``),
    # sent in place of its findings and document; None: the report makes it here.
    digest: object = None
    # Whose disclosure, which year and where from, as the document gives them
    # (a findings store counts by them): the document's, else its first table's unit.
    unit: str | None = None
    year: int | None = None
    region: str | None = None

    def counts(self) -> tuple[int, int, int]:
        if self.tally is not None:
            return self.tally
        return (
            sum(f.severity is Severity.ERROR for f in self.findings),
            sum(f.severity is Severity.WARNING for f in self.findings),
            sum(f.severity is Severity.INFO for f in self.findings),
        )

    def renamed(self, name: str) -> "FileResult":
        """This result under another name, in its findings and its document too
        (standard input, an upload or a cluster worker's copy of a file)."""
        document = self.document
        if document is not None:
            document = attrs.evolve(document, source=name)
        return attrs.evolve(self, path=name, findings=tuple(attrs.evolve(f, file=name) for f in self.findings), document=document)

    def streamed(self) -> "FileResult":
        """This result once its findings are written: counts and no findings, no document."""
        return attrs.evolve(self, findings=(), document=None, digest=None, tally=self.counts())


@attrs.frozen
class RunResult:
    files: tuple[FileResult, ...]
    lang: str = "zh"
    warnings: tuple[str, ...] = ()
    # Findings a baseline absorbed, and its entries nothing matched any more.
    baselined: int = 0
    stale: tuple = ()
    # Files a walk chose that read fine but hold no table: (path, why), not
    # reported as results; ``check --verbose`` lists them with the rest passed over.
    passed_over: tuple = ()

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    def summary(self) -> dict[str, int]:
        counts = [r.counts() for r in self.files]
        return {
            "files": len(self.files),
            "tables": sum(r.tables for r in self.files),
            "indicators": sum(r.indicators for r in self.files),
            "errors": sum(c[0] for c in counts),
            "warnings": sum(c[1] for c in counts),
            "infos": sum(c[2] for c in counts),
            "suppressed": sum(r.suppressed for r in self.files),
        }

    def renamed(self, path: str, name: str) -> "RunResult":
        """The run with the file at ``path`` called ``name`` in its result and
        findings (standard input, an upload kept under a temporary path)."""
        return attrs.evolve(self, files=tuple(r.renamed(name) if r.path == path else r for r in self.files))

    @property
    def has_errors(self) -> bool:
        return any(r.counts()[0] for r in self.files)


class InOrder:
    """Hands results to ``on_file`` in file order as they complete (workers
    finish out of order), and gives back what the run keeps of each."""

    def __init__(self, on_file: Callable[[FileResult], None]):
        self.on_file = on_file
        self.waiting: dict[int, FileResult | None] = {}
        self.next = 0

    def __call__(self, index: int, result: FileResult | None) -> FileResult | None:
        self.waiting[index] = result
        while self.next in self.waiting:
            ready = self.waiting.pop(self.next)
            if ready is not None:
                self.on_file(ready)
            self.next += 1
        return result.streamed() if result is not None else None
