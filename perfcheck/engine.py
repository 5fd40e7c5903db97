"""The engine: one file read, its rules run, its findings built and filtered.

Nothing a file or a rule does stops the batch: an unreadable file is an E001
finding, a file with no table E002, a rule that raises E003 for that table,
and every other file and rule still runs. (Which engine findings are shown
is the configuration's business: see ``Resolver.resolve``.)

The engine checks one file in this process. Choosing the files, running them
in worker processes and reporting are the check service's
(``perfcheck.service``) and the executors' (``perfcheck.executors``).
"""

from __future__ import annotations

import signal
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import attrs

from perfcheck import suppression
from perfcheck.limits import LimitExceeded, TimeLimitExceeded, is_out_of_memory, max_file_size, time_limit
from perfcheck.model import Document, Finding, Fix, Message, Problem, Severity, SourceLocation, Table
from perfcheck.readers import ReadError, ReadProblem
from perfcheck.results import FileResult
from perfcheck.rule import Rule, RuleContext, Scope, applicable

if TYPE_CHECKING:  # pragma: no cover
    from perfcheck.config import Settings
    from perfcheck.plugins import PluginHost


class Linter:
    """Checks one file: reads it, runs the enabled rules on it, and builds and
    filters its findings.

    ``note_rule`` is told the code of each rule as it starts (None once the
    rules are done): a worker process writes it where its parent can see it,
    so that a worker that dies is blamed on the rule that killed it."""

    def __init__(self, host: PluginHost, *, note_rule: Callable[[str | None], None] | None = None):
        self.host = host
        self.note_rule = note_rule

    def check_file(
        self, path: Path, settings: Settings, *, walked: bool = False, skipped: tuple[tuple[str, Message], ...] = (),
        name: str | None = None,
    ) -> FileResult | None:
        """Read and check one file. None for a file met in a walk that reads
        fine and holds no target table (an unrelated workbook or PDF); a named
        file always gets a result. ``skipped``: rules not to run, each with why
        (a rule that killed the worker), reported as E003. ``name``: what the
        result, its findings and its document call the file, when ``path`` is
        a copy of it (a cluster worker's); rules see that name too."""
        name = str(path) if name is None else name
        try:
            with max_file_size(settings.max_file_size):
                document = self.read(path)
        except ReadError as err:
            if walked and err.code == "E002" and err.no_table:
                return None
            findings = [engine_finding(self.host, err.code, p.message, name, location=p.location, detail=p.detail) for p in err.problems]
            return FileResult(name, filter_findings(findings, settings))
        if walked and not document.tables:
            return None
        if document.source != name:
            document = attrs.evolve(document, source=name)
        hook_failures: list[Finding] = []
        if self.host.document_hooks:
            document = self._document_hooks(document, settings, hook_failures)
        skip = {code for code, _ in skipped}
        findings = [engine_finding(self.host, "E001", p.message, name, location=p.location, detail=p.detail) for p in document.problems]
        findings.extend(self.check_document(document, settings, skip=skip))
        findings.extend(hook_failures)
        for code, why in skipped:
            entry = self.host.rules.get(code)
            plugin = entry.plugin if entry else "?"
            findings.append(
                engine_finding(
                    self.host,
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
                engine_finding(self.host, "E002", Message("文件中没有找到任何绩效目标表", "no performance target table found in the file"), name)
            )
        kept, suppressed, unused = suppression.apply(document, filter_findings(findings, settings), settings.enabled)
        if unused:
            e004 = [
                attrs.evolve(
                    engine_finding(self.host, "E004", suppression.unused_message(pattern), name, location=location),
                    table=table,
                    indicator=indicator,
                )
                for pattern, location, table, indicator in unused
            ]
            kept = sorted([*kept, *filter_findings(e004, settings)], key=Finding.sort_key)
        if self.host.findings_hooks:
            kept = self._findings_hooks(document, kept, settings)
        return FileResult(
            name,
            tuple(kept),
            tables=len(document.tables),
            indicators=sum(len(t.indicators) for t in document.tables),
            document=document,
            suppressed=suppressed,
            unit=document.unit or next((t.unit for t in document.tables if t.unit), None),
            year=document.year,
            region=document.region,
        )

    def read(self, path: Path) -> Document:
        """The document a file reads as, or ``ReadError`` saying why not:
        whatever a reader raises (a bug, a bound, an OS error) becomes one."""
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
        note_rule = self.note_rule
        applicable_tables: dict = {}  # the tables each declaration of kinds and columns applies to
        for entry in self.host.sorted_rules():
            rule_cls = entry.rule
            if rule_cls.scope is Scope.ENGINE or not settings.is_enabled(rule_cls.code) or rule_cls.code in skip:
                continue
            if note_rule is not None:
                note_rule(rule_cls.code)
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
        if note_rule is not None:
            note_rule(None)

    # ---- the per-file hooks (perfcheck_document_read, perfcheck_file_findings)
    def _document_hooks(self, document: Document, settings: Settings, failures: list[Finding]) -> Document:
        """The document as each plugin's ``perfcheck_document_read`` leaves it,
        one plugin at a time; a plugin that raises, runs out of time or gives
        back something else than a Document costs an E003 and is passed over."""
        for plugin, hook in self.host.document_hooks:
            outcome = self._call_hook(plugin, "perfcheck_document_read", hook, settings, document.source, document=document)
            if isinstance(outcome, Finding):
                failures.append(outcome)
            elif outcome is not None:
                if isinstance(outcome, Document):
                    document = outcome
                else:
                    failures.append(self._hook_failure(plugin, "perfcheck_document_read", f"returned {type(outcome).__name__}, not a Document", document.source))
        return document

    def _findings_hooks(self, document: Document, findings: list[Finding], settings: Settings) -> list[Finding]:
        """The findings as each plugin's ``perfcheck_file_findings`` leaves them."""
        failures: list[Finding] = []
        for plugin, hook in self.host.findings_hooks:
            outcome = self._call_hook(plugin, "perfcheck_file_findings", hook, settings, document.source, document=document, findings=tuple(findings))
            if outcome is None:
                continue
            if isinstance(outcome, Finding):  # the hook itself failed
                failures.append(outcome)
                continue
            try:
                given = list(outcome)
            except TypeError:
                given = None
            if given is None or not all(isinstance(f, Finding) for f in given):
                failures.append(self._hook_failure(plugin, "perfcheck_file_findings", "returned something that is not a list of Findings", document.source))
                continue
            findings = given
        return sorted([*findings, *filter_findings(failures, settings)], key=Finding.sort_key)

    def _call_hook(self, plugin: str, hook_name: str, hook: Callable, settings: Settings, source: str, **kwargs):
        """One plugin's per-file hook under the rule time limit: its answer,
        or an E003 finding when it raised or ran out of time."""
        try:
            with time_limit(settings.rule_timeout):
                return hook(**kwargs)
        except TimeLimitExceeded:
            return self._hook_failure(plugin, hook_name, f"ran past its time limit ({settings.rule_timeout:g} s)", source)
        except BaseException as exc:  # noqa: BLE001 - a plugin is code we do not control
            if _interrupted(exc):
                raise
            return self._hook_failure(plugin, hook_name, f"{type(exc).__name__}: {exc}", source)

    def _hook_failure(self, plugin: str, hook_name: str, detail: str, source: str) -> Finding:
        return engine_finding(
            self.host,
            "E003",
            Message(f"插件 {plugin} 的钩子 {hook_name} 出错，已跳过：{detail}", f"plugin {plugin}'s hook {hook_name} failed and was skipped: {detail}"),
            source,
        )

    # ---- findings
    def _timed_out(self, rule: type[Rule], plugin: str, seconds: float, document: Document, table: Table | None) -> Finding:
        return engine_finding(
            self.host,
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
            severity=problem.severity or rule.severity,  # a user's override is applied in filter_findings
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
            data=problem.data,  # converted and read-only already (FindingData)
        )

    def _crash(self, rule: type[Rule], plugin: str, exc: BaseException, document: Document, table: Table | None) -> Finding:
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" ({Path(frame.filename).name}:{frame.lineno})" if frame else ""
        detail = f"{type(exc).__name__}: {exc}{where}"
        return engine_finding(
            self.host,
            "E003",
            Message(
                f"规则 {rule.code}（{rule.name}，来自插件 {plugin}）运行出错，已跳过：{detail}",
                f"rule {rule.code} ({rule.name}, from plugin {plugin}) crashed and was skipped: {detail}",
            ),
            document.source,
            table=table,
        )


def engine_finding(
    host: PluginHost, code: str, message: Message, file: str, *, table: Table | None = None, location: SourceLocation | None = None,
    detail: str | None = None,
) -> Finding:
    """A finding the engine itself reports (E001–E004), named and ranked as
    its rule in ``perfcheck_rules.engine_findings`` says. ``detail``: what a
    library said where the message says it plainly (``ReadProblem.detail``),
    kept as the finding's data for ``--verbose`` and programs."""
    entry = host.rules.get(code)
    name, severity = (entry.rule.name, entry.rule.severity) if entry else (code.lower(), Severity.ERROR)
    return Finding(
        code=code,
        name=name,
        severity=severity,
        message=message,
        file=file,
        table=table.name if table else None,
        location=location or (table.location if table else SourceLocation()),
        data={"detail": detail} if detail else None,
    )


def filter_findings(findings: Iterable[Finding], settings: Settings) -> tuple[Finding, ...]:
    """The one place where the configuration decides what is shown and at what severity."""
    overrides = settings.severity
    kept = [
        attrs.evolve(f, severity=overrides[f.code]) if f.code in overrides and overrides[f.code] != f.severity else f
        for f in findings
        if settings.is_enabled(f.code)
    ]
    return tuple(sorted(kept, key=Finding.sort_key))


def _interrupted(exc: BaseException) -> bool:
    """A real Ctrl-C in this process. Where SIGINT is ignored (a worker: Ctrl-C
    is its parent's to handle), a KeyboardInterrupt can only come from a
    plugin: an E003 like any other."""
    return isinstance(exc, KeyboardInterrupt) and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
