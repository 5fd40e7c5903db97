"""The engine: read each file, run the enabled rules, collect findings.

Nothing a file or a rule does stops the batch: an unreadable file is an E001
finding, a file with no table E002, a rule that raises E003 for that table,
and every other file and rule still runs. (Which engine findings are shown
is the configuration's business: see ``Resolver.resolve``.)
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path
from typing import Callable, Iterable, Iterator

import attrs

from perfcheck.config import Settings
from perfcheck.model import Document, Finding, Message, Problem, Severity, SourceLocation, Table
from perfcheck.plugins import PluginHost
from perfcheck.readers import ReadError, ReadProblem
from perfcheck.rule import Rule, RuleContext, Scope

# Directories never worth walking into.
SKIP_DIRS = {"node_modules", "__pycache__", "site-packages", "venv"}


@attrs.frozen
class FileResult:
    path: str
    findings: tuple[Finding, ...]
    tables: int = 0
    indicators: int = 0
    # What the file read as, for reports that show the tables (HTML).
    document: Document | None = None


@attrs.frozen
class RunResult:
    files: tuple[FileResult, ...]
    lang: str = "zh"
    warnings: tuple[str, ...] = ()
    # Findings a baseline absorbed, and its entries nothing matched any more.
    baselined: int = 0
    stale: tuple = ()

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    def summary(self) -> dict[str, int]:
        findings = self.findings
        return {
            "files": len(self.files),
            "tables": sum(r.tables for r in self.files),
            "indicators": sum(r.indicators for r in self.files),
            "errors": sum(f.severity is Severity.ERROR for f in findings),
            "warnings": sum(f.severity is Severity.WARNING for f in findings),
            "infos": sum(f.severity is Severity.INFO for f in findings),
        }

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


class Linter:
    """Checks files. ``settings_for`` gives the configuration in force for a file
    (``SettingsCache.for_path`` finds each file's closest config)."""

    def __init__(self, host: PluginHost, settings_for: Callable[[Path], Settings]):
        self.host = host
        self.settings_for = settings_for

    # ---- files
    def collect(self, paths: Iterable[Path]) -> list[Path]:
        """Expand directories into the files a reader claims; named files are kept as they are."""
        files: list[Path] = []
        for path in paths:
            if not path.is_dir():
                files.append(path)
                continue
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
                for name in sorted(names):
                    candidate = Path(root) / name
                    reader = self.host.reader_for(candidate.suffix)
                    if not name.startswith(".") and reader is not None and reader.sniff(candidate):
                        files.append(candidate)
        return files

    def run(self, paths: Iterable[Path], *, jobs: int = 1, progress: Callable[[int, int], None] | None = None) -> RunResult:
        """Check every file; with ``jobs`` > 1 in worker processes. The result is
        the same either way: files in the order they were collected. Workers
        load the plugins from entry points themselves, as the CLI does; plugins
        registered by hand on this host (tests, embedding) apply to serial runs."""
        files = self.collect(paths)
        # Settings first, in this process: a bad config stops the run before any work.
        settings = [self.settings_for(path) for path in files]
        lang = settings[0].lang if settings else "zh"
        if jobs > 1 and len(files) > 1:
            results = _parallel(files, settings, jobs, progress)
        else:
            results = []
            for done, (path, file_settings) in enumerate(zip(files, settings), 1):
                results.append(self.check_file(path, file_settings))
                if progress:
                    progress(done, len(files))
        return RunResult(tuple(results), lang, tuple(map(str, self.host.warnings)))

    def check_file(self, path: Path, settings: Settings) -> FileResult:
        name = str(path)
        try:
            document = self.read(path)
        except ReadError as err:
            findings = [
                self._engine_finding(err.code, p.message, name, location=p.location) for p in err.problems
            ]
            return FileResult(name, self._filter(findings, settings))
        findings = list(self.check_document(document, settings))
        if not document.tables:
            findings.append(
                self._engine_finding("E002", Message("文件中没有找到任何绩效目标表", "no performance target table found in the file"), name)
            )
        return FileResult(
            name,
            self._filter(findings, settings),
            tables=len(document.tables),
            indicators=sum(len(t.indicators) for t in document.tables),
            document=document,
        )

    def read(self, path: Path) -> Document:
        if not path.exists():
            raise ReadError([ReadProblem(Message("文件不存在", "no such file"))])
        reader = self.host.reader_for(path.suffix)
        if reader is None:
            known = " ".join(sorted({s for r in self.host.readers for s in r.suffixes}))
            raise ReadError(
                [ReadProblem(Message(f"不支持的文件类型“{path.suffix}”（可读：{known}）", f"unsupported file type {path.suffix!r} (readable: {known})"))],
                code="E002",
            )
        try:
            return reader.read(path)
        except ReadError:
            raise
        except OSError as exc:
            raise ReadError([ReadProblem(Message(f"无法读取文件：{exc.strerror or exc}", f"cannot read the file: {exc.strerror or exc}"))]) from None
        except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the batch
            raise ReadError(
                [ReadProblem(Message(f"读取器 {reader.name} 出错：{type(exc).__name__}: {exc}", f"reader {reader.name} crashed: {type(exc).__name__}: {exc}"))]
            ) from None

    # ---- rules
    def check_document(self, document: Document, settings: Settings) -> Iterator[Finding]:
        for entry in self.host.sorted_rules():
            rule_cls = entry.rule
            if rule_cls.scope is Scope.ENGINE or not settings.is_enabled(rule_cls.code):
                continue
            rule = rule_cls()
            ctx = RuleContext(document, self.host.units, settings.options.get(rule_cls.code, {}))
            subjects: list[Document | Table] = [document] if rule_cls.scope is Scope.DOCUMENT else list(document.tables)
            for subject in subjects:
                table = subject if isinstance(subject, Table) else None
                try:
                    for problem in rule.check(subject, ctx):
                        yield self._finding(rule_cls, problem, document, table)
                except Exception as exc:  # noqa: BLE001 - E003: report, and run the other rules
                    yield self._crash(rule_cls, entry.plugin, exc, document, table)

    def _finding(self, rule: type[Rule], problem: Problem, document: Document, table: Table | None) -> Finding:
        indicator = problem.indicator
        table = problem.table or table
        location = problem.location or (indicator.location if indicator else table.location if table else SourceLocation())
        return Finding(
            code=rule.code,
            name=rule.name,
            severity=problem.severity or rule.severity,  # a user's override is applied in _filter
            message=problem.message,
            file=document.source,
            table=table.name if table else None,
            indicator=indicator.name if indicator else None,
            location=location,
            suggestion=problem.suggestion,
            value=indicator.raw_value if indicator else None,
        )

    def _crash(self, rule: type[Rule], plugin: str, exc: Exception, document: Document, table: Table | None) -> Finding:
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" ({Path(frame.filename).name}:{frame.lineno})" if frame else ""
        detail = f"{type(exc).__name__}: {exc}{where}"
        return self._engine_finding(
            "E003",
            Message(
                f"规则 {rule.code}（{rule.name}，来自插件 {plugin}）运行出错，已跳过：{detail}",
                f"rule {rule.code} ({rule.name}, from plugin {plugin}) crashed and was skipped: {detail}",
            ),
            document.source,
            table=table,
        )

    def _engine_finding(self, code: str, message: Message, file: str, *, table: Table | None = None, location: SourceLocation | None = None) -> Finding:
        entry = self.host.rules.get(code)
        name, severity = (entry.rule.name, entry.rule.severity) if entry else (code.lower(), Severity.ERROR)
        return Finding(
            code=code,
            name=name,
            severity=severity,
            message=message,
            file=file,
            table=table.name if table else None,
            location=location or (table.location if table else SourceLocation()),
        )

    def _filter(self, findings: list[Finding], settings: Settings) -> tuple[Finding, ...]:
        """The one place where the configuration decides what is shown and at what severity."""
        kept = [
            attrs.evolve(f, severity=settings.severity.get(f.code, f.severity))
            for f in findings
            if settings.is_enabled(f.code)
        ]
        return tuple(sorted(kept, key=Finding.sort_key))


# --------------------------------------------------------------------------
# Parallel runs
# --------------------------------------------------------------------------

_worker: Linter | None = None


def _start_worker() -> None:
    """Each worker process loads the plugins itself (plugin objects do not pickle)."""
    global _worker
    _worker = Linter(PluginHost(), lambda _path: None)


def _check_in_worker(path: Path, settings: Settings) -> FileResult:
    return _worker.check_file(path, settings)


def _parallel(files: list[Path], settings: list[Settings], jobs: int, progress) -> list[FileResult]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: list[FileResult | None] = [None] * len(files)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker) as pool:
        futures = {pool.submit(_check_in_worker, path, s): i for i, (path, s) in enumerate(zip(files, settings))}
        done = 0
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            done += 1
            if progress:
                progress(done, len(files))
    return results  # type: ignore[return-value]
