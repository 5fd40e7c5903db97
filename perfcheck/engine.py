"""The engine: read each file, run the enabled rules, collect findings.

Nothing a file or a rule does stops the batch: an unreadable file is an E001
finding, a file with no table E002, a rule that raises E003 for that table,
and every other file and rule still runs. (Which engine findings are shown
is the configuration's business: see ``Resolver.resolve``.)
"""

from __future__ import annotations

import os
import stat
import traceback
from pathlib import Path
from typing import Callable, Iterable, Iterator

import attrs

from perfcheck import suppression
from perfcheck.config import Settings
from perfcheck.limits import LimitExceeded, TimeLimitExceeded, is_out_of_memory, time_limit
from perfcheck.model import Document, Finding, Fix, Message, Problem, Severity, SourceLocation, Table
from perfcheck.plugins import PluginHost
from perfcheck.selection import excluded, git_visible
from perfcheck.readers import ReadError, ReadProblem
from perfcheck.rule import Rule, RuleContext, Scope, applicable



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

    def counts(self) -> tuple[int, int, int]:
        if self.tally is not None:
            return self.tally
        return (
            sum(f.severity is Severity.ERROR for f in self.findings),
            sum(f.severity is Severity.WARNING for f in self.findings),
            sum(f.severity is Severity.INFO for f in self.findings),
        )

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
        files = tuple(
            attrs.evolve(r, path=name, findings=tuple(attrs.evolve(f, file=name) for f in r.findings)) if r.path == path else r
            for r in self.files
        )
        return attrs.evolve(self, files=files)

    @property
    def has_errors(self) -> bool:
        return any(r.counts()[0] for r in self.files)


class Linter:
    """Checks files. ``settings_for`` gives the configuration in force for a file
    (``SettingsCache.for_path`` finds each file's closest config)."""

    def __init__(self, host: PluginHost, settings_for: Callable[[Path], Settings]):
        self.host = host
        self.settings_for = settings_for

    # ---- files
    def collect(self, paths: Iterable[Path]) -> list[Path]:
        """The files to check: named files as they are, directories walked for
        the regular files a reader claims and sniffs as one of its own."""
        return [path for path, _walked in self.candidates(paths)]

    def candidates(
        self, paths: Iterable[Path], *, force_exclude: bool = False, tables_only: bool = False
    ) -> list[tuple[Path, bool]]:
        """``(path, walked)`` for each file to check; ``walked`` is False for a named file.

        Directories are walked for the regular files a reader claims and sniffs
        as one of its own, skipping the configuration's ``exclude`` patterns and
        what git ignores (``perfcheck.selection``). A named file is always
        checked, unless ``force_exclude`` and a pattern excludes it, or
        ``tables_only`` and it is not one of a reader's (then it is treated as
        a walk would: left out when it holds no table).
        """
        files: list[tuple[Path, bool]] = []
        for path in paths:
            if not _is_dir(path):
                if force_exclude and excluded(_relative(path), self.settings_for(path).exclude):
                    continue
                if tables_only:
                    reader = self.host.reader_for(path.suffix)
                    if reader is None or not _is_regular(path) or not _sniffs(reader, path):
                        continue
                files.append((path, tables_only))
                continue
            settings = self.settings_for(path)
            visible = git_visible(path) if settings.respect_gitignore else None
            for root, dirs, names in os.walk(path):
                base = Path(root).relative_to(path).as_posix()
                prefix = "" if base == "." else base + "/"
                dirs[:] = sorted(
                    d for d in dirs
                    if not d.startswith(".") and not excluded(prefix + d, settings.exclude)
                )
                for name in sorted(names):
                    if name.startswith(".") or excluded(prefix + name, settings.exclude):
                        continue
                    if visible is not None and prefix + name not in visible:
                        continue  # git ignores it
                    candidate = Path(root) / name
                    reader = self.host.reader_for(candidate.suffix)
                    # Only regular files: opening a FIFO met in a walk would block forever.
                    if reader is not None and _is_regular(candidate) and _sniffs(reader, candidate):
                        files.append((candidate, True))
        return files

    def run(
        self,
        paths: Iterable[Path],
        *,
        jobs: int = 1,
        progress: Callable[[int, int], None] | None = None,
        isolate: bool = True,
        keep_documents: bool = True,
    ) -> RunResult:
        """Check every file, in ``jobs`` worker processes (``perfcheck.pool``): a
        file that hangs, eats memory or kills its worker costs that file alone.
        The result is the same for any ``jobs``: files in the order they were
        collected. ``isolate=False`` checks in this process (for embedding,
        without those guarantees)."""
        return self.check_candidates(self.candidates(paths), jobs=jobs, progress=progress, isolate=isolate, keep_documents=keep_documents)

    def check_candidates(
        self,
        candidates: list[tuple[Path, bool]],
        *,
        jobs: int = 1,
        progress: Callable[[int, int], None] | None = None,
        isolate: bool = True,
        keep_documents: bool = True,
        start_method: str | None = None,
        on_file: Callable[[FileResult], None] | None = None,
        digest: tuple[str, str, object] | None = None,
    ) -> RunResult:
        """``run`` on files already collected (``candidates``). ``keep_documents=False``:
        results carry findings and counts only (what every report but HTML needs).
        ``on_file``: each file's result as soon as it and every file before it
        are done, in order; the run then keeps its counts only (``streamed``),
        so that a batch's findings are never all held at once. ``digest``:
        (reporter name, lang, report options): workers hand each result to that
        reporter's ``digest`` and send back what it makes (``FileResult.digest``)
        and the counts, not the findings and the document."""
        # Settings first, in this process: a bad config stops the run before any work.
        settings = [self.settings_for(path) for path, _ in candidates]
        lang = settings[0].lang if settings else "zh"
        deliver = _InOrder(on_file) if on_file is not None else None
        if isolate and candidates:
            from perfcheck.pool import Job, Pool

            jobs_list = [Job(i, path, s, walked, keep_documents, digest) for i, ((path, walked), s) in enumerate(zip(candidates, settings))]
            results = Pool(self, min(jobs, len(candidates)), start_method=start_method).run(jobs_list, progress, deliver)
        else:
            results = []
            for done, ((path, walked), file_settings) in enumerate(zip(candidates, settings), 1):
                result = self.check_file(path, file_settings, walked=walked)
                results.append(deliver(done - 1, result) if deliver else result)
                if progress:
                    progress(done, len(candidates))
        kept = tuple(r for r in results if r is not None)
        return RunResult(kept, lang, tuple(map(str, self.host.warnings)))

    def check_file(
        self, path: Path, settings: Settings, *, walked: bool = False, skipped: tuple[tuple[str, Message], ...] = ()
    ) -> FileResult | None:
        """Read and check one file. None for a file met in a walk that reads
        fine and holds no target table (an unrelated workbook or PDF); a named
        file always gets a result. ``skipped``: rules not to run, each with why
        (a rule that killed the worker), reported as E003."""
        name = str(path)
        try:
            document = self.read(path)
        except ReadError as err:
            if walked and err.code == "E002" and err.no_table:
                return None
            findings = [
                self._engine_finding(err.code, p.message, name, location=p.location) for p in err.problems
            ]
            return FileResult(name, self._filter(findings, settings))
        if walked and not document.tables:
            return None
        skip = {code for code, _ in skipped}
        findings = [self._engine_finding("E001", p.message, name, location=p.location) for p in document.problems]
        findings.extend(self.check_document(document, settings, skip=skip))
        for code, why in skipped:
            entry = self.host.rules.get(code)
            plugin = entry.plugin if entry else "?"
            findings.append(
                self._engine_finding(
                    "E003",
                    Message(
                        f"规则 {code}（来自插件 {plugin}）在检查此文件时未能完成，已跳过：{why.zh}",
                        f"rule {code} (from plugin {plugin}) did not finish on this file and was skipped: {why.en}",
                    ),
                    name,
                )
            )
        if not document.tables:
            findings.append(
                self._engine_finding("E002", Message("文件中没有找到任何绩效目标表", "no performance target table found in the file"), name)
            )
        kept, suppressed, unused = suppression.apply(document, self._filter(findings, settings), settings.enabled)
        if unused:
            e004 = [
                attrs.evolve(
                    self._engine_finding("E004", suppression.unused_message(pattern), name, location=location),
                    table=table,
                    indicator=indicator,
                )
                for pattern, location, table, indicator in unused
            ]
            kept = sorted([*kept, *self._filter(e004, settings)], key=Finding.sort_key)
        return FileResult(
            name,
            tuple(kept),
            tables=len(document.tables),
            indicators=sum(len(t.indicators) for t in document.tables),
            document=document,
            suppressed=suppressed,
        )

    def read(self, path: Path) -> Document:
        try:
            exists = path.exists()
        except OSError as exc:  # a name over 255 bytes, a symlink loop
            raise ReadError([ReadProblem(Message(f"无法访问文件：{exc.strerror or exc}", f"cannot access the file: {exc.strerror or exc}"))]) from None
        if not exists:
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
        except LimitExceeded as exc:
            raise ReadError([ReadProblem(exc.message)]) from None
        except RecursionError:
            raise ReadError([ReadProblem(Message("文件嵌套层次过深，无法读取", "the file is nested too deeply to read"))]) from None
        except OSError as exc:
            raise ReadError([ReadProblem(Message(f"无法读取文件：{exc.strerror or exc}", f"cannot read the file: {exc.strerror or exc}"))]) from None
        except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the batch
            if is_out_of_memory(exc):
                raise ReadError([ReadProblem(Message("读取时内存超过上限，未读取", "reading it ran out of its memory limit; not read"))]) from None
            raise ReadError(
                [ReadProblem(Message(f"读取器 {reader.name} 出错：{type(exc).__name__}: {exc}", f"reader {reader.name} crashed: {type(exc).__name__}: {exc}"))]
            ) from None

    # ---- rules
    def check_document(self, document: Document, settings: Settings, *, skip: set[str] = frozenset()) -> Iterator[Finding]:
        """Every enabled rule on the document or each table, each under the
        rule time limit; whatever a rule raises (``SystemExit`` included) is
        an E003 finding for that table, and the other rules run."""
        applicable_tables: dict = {}  # the tables each declaration of kinds and columns applies to
        for entry in self.host.sorted_rules():
            rule_cls = entry.rule
            if rule_cls.scope is Scope.ENGINE or not settings.is_enabled(rule_cls.code) or rule_cls.code in skip:
                continue
            _note_running(rule_cls.code)
            try:
                # A table rule sees only the tables of its kinds with the columns it needs (a plugin's applies_to may raise).
                subjects: tuple[Document | Table, ...] = (document,) if rule_cls.scope is Scope.DOCUMENT else applicable(rule_cls, document.tables, applicable_tables)
                rule = rule_cls()
                ctx = RuleContext(document, self.host.units, settings.options.get(rule_cls.code, {}))
            except BaseException as exc:  # noqa: BLE001
                if _interrupted(exc):
                    raise
                yield self._crash(rule_cls, entry.plugin, exc, document, None)
                continue
            limit = time_limit(settings.rule_timeout)  # one per rule: it is entered once per table
            for subject in subjects:
                table = subject if isinstance(subject, Table) else None
                try:
                    problems = limit.collect(rule.check, subject, ctx)
                    if not problems:
                        continue
                    findings = [self._finding(rule_cls, problem, document, table) for problem in problems]
                except TimeLimitExceeded:
                    yield self._timed_out(rule_cls, entry.plugin, settings.rule_timeout, document, table)
                    continue
                except BaseException as exc:  # noqa: BLE001 - E003: report, and run the other rules
                    if _interrupted(exc):
                        raise
                    yield self._crash(rule_cls, entry.plugin, exc, document, table)
                    continue
                yield from findings
        _note_running(None)

    def _timed_out(self, rule: type[Rule], plugin: str, seconds: float, document: Document, table: Table | None) -> Finding:
        return self._engine_finding(
            "E003",
            Message(
                f"规则 {rule.code}（{rule.name}，来自插件 {plugin}）超过时间限制（{seconds:g} 秒），已跳过（可用 --rule-timeout 调整）",
                f"rule {rule.code} ({rule.name}, from plugin {plugin}) ran past its time limit ({seconds:g} s) and was skipped (see --rule-timeout)",
            ),
            document.source,
            table=table,
        )

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
            fix=problem.fix if problem.fix is not None else (
                Fix(rule.fix_field, problem.suggestion, rule.fix_safe) if rule.fix_field and problem.suggestion and indicator else None
            ),
        )

    def _crash(self, rule: type[Rule], plugin: str, exc: BaseException, document: Document, table: Table | None) -> Finding:
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
        overrides = settings.severity
        kept = [
            attrs.evolve(f, severity=overrides[f.code]) if f.code in overrides and overrides[f.code] != f.severity else f
            for f in findings
            if settings.is_enabled(f.code)
        ]
        return tuple(sorted(kept, key=Finding.sort_key))


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

# In a worker process (perfcheck.pool): shared memory naming the rule being run,
# so that the parent knows whom to blame when the worker dies.
_running = None


class _InOrder:
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


def enter_worker(running) -> None:
    global _running
    _running = running


def _note_running(code: str | None) -> None:
    if _running is not None:
        _running.value = (code or "").encode("ascii", "replace")[:31]


def _interrupted(exc: BaseException) -> bool:
    """A real Ctrl-C in this process. In a worker, SIGINT is ignored, so a
    KeyboardInterrupt there can only come from a plugin: an E003 like any other."""
    return isinstance(exc, KeyboardInterrupt) and _running is None


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name over 255 bytes: not a directory; reading it says why
        return False


def _relative(path: Path) -> str:
    """A named file's path as patterns see it: relative to the current directory when inside it."""
    try:
        return Path(os.path.abspath(path)).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _sniffs(reader, path: Path) -> bool:
    try:
        return bool(reader.sniff(path))
    except Exception:  # noqa: BLE001 - a plugin reader's sniff: check the file and let the read say
        return True
