"""The check service: what every front end (the CLI, the web server, a
program embedding perfcheck) asks of perfcheck, in one place.

- choose the files (``files``: named files, directory walks, excludes);
- resolve the settings in force for each (``settings_for``: the closest
  configuration file under the front end's ``Overrides``);
- run them (``check``) on an executor (``perfcheck.executors``), results in
  file order whatever order they finish in;
- apply fixes (``fix``, ``fixed_file``), through what each file's reader can
  write back (``Reader.fixer``, ``perfcheck.writeback``).

Reporting stays with the front end: the service hands back a ``RunResult``
(or each file's result as it is ready, ``on_file``) and never prints.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

import attrs

from perfcheck.config import Overrides, SettingsCache
from perfcheck.engine import Linter
from perfcheck.executors import InProcess, run_jobs
from perfcheck.jobs import Job
from perfcheck.limits import max_file_size
from perfcheck.model import Document, Message
from perfcheck.results import FileResult, InOrder, RunResult
from perfcheck.selection import NO_TABLE, find_files

if TYPE_CHECKING:  # pragma: no cover
    from perfcheck.config import Settings
    from perfcheck.executors import Executor
    from perfcheck.plugins import PluginHost
    from perfcheck.store import Store


class FixRefused(Exception):
    """Fixes cannot be applied as asked (a workbook without one ``-o`` copy)."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.message = message


class NotFixable(Exception):
    """No reader can write fixes back to this kind of file (published text, PDF)."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.message = message


@attrs.frozen
class FixOutcome:
    """What ``CheckService.fix`` did (or, with ``diff``, would do)."""

    recheck: tuple[tuple[Path, bool], ...] = ()  # the files to check again: each fixed file, a workbook's copy
    fixed: int = 0  # findings fixed
    changed: bool = False
    diffs: tuple[str, ...] = ()  # unified diffs, with ``diff``
    notes: tuple[Message, ...] = ()  # what could not be done, for the user


class CheckService:
    """Checks files for a front end.

    ``overrides``: the front end's configuration layer (flags, a web form's
    fields), above every configuration file. ``stands_for``: files whose
    configuration is looked up at another path (standard input, kept in a
    temporary file, stands for ``--stdin-filename``). ``settings_for``
    replaces the lookup altogether (a program with settings of its own)."""

    def __init__(
        self,
        host: PluginHost,
        overrides: Overrides = Overrides(),
        *,
        stands_for: Mapping[Path, Path] | None = None,
        settings_for: Callable[[Path], Settings] | None = None,
    ):
        self.host = host
        self.linter = Linter(host)
        cache = SettingsCache(host, overrides)
        aliases = dict(stands_for or {})
        if settings_for is None:
            settings_for = (lambda path: cache.for_path(aliases.get(path, path))) if aliases else cache.for_path
        self.settings_for = settings_for

    # ---- files
    def files(
        self, paths: Iterable[Path], *, force_exclude: bool = False, tables_only: bool = False, passed_over: list | None = None
    ) -> list[tuple[Path, bool]]:
        """``(path, walked)`` for each file to check (``selection.find_files``);
        ``passed_over`` gets what was left out, with why."""
        return find_files(
            self.host, self.settings_for, paths, force_exclude=force_exclude, tables_only=tables_only, passed_over=passed_over
        )

    def read(self, path: Path) -> Document:
        """What one file reads as (``perfcheck extract``); ``ReadError`` if it cannot be read."""
        return self.linter.read(path)

    # ---- running
    def run(self, paths: Iterable[Path], **options) -> RunResult:
        """``check`` on the files ``files`` chooses from ``paths``."""
        return self.check(self.files(paths), **options)

    def check(
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
        executor: Executor | None = None,
        watch: Callable[[Job, FileResult | None], None] | None = None,
        store: Store | None = None,
    ) -> RunResult:
        """Check every file, in ``jobs`` worker processes (``perfcheck.pool``):
        a file that hangs, eats memory or kills its worker costs that file
        alone. The result is the same for any ``jobs`` and any executor: files
        in the order they were chosen. ``isolate=False`` checks in this process
        (for embedding, without those guarantees); ``executor`` runs the jobs
        elsewhere (one not yet entered).

        ``keep_documents=False``: results carry findings and counts only
        (what every report but HTML needs). ``on_file``: each file's result
        as soon as it and every file before it are done, in order; the run
        then keeps its counts only (``FileResult.streamed``), so that a
        batch's findings are never all held at once. ``digest``: (reporter
        name, lang, report options): workers hand each result to that
        reporter's ``digest`` and send back what it makes and the counts.
        ``watch(job, result)``: each result as it finishes, in any order.
        ``store`` (a ``perfcheck.store.Store``, its run begun): files it holds
        under their content and these settings are answered from it, the
        others checked and recorded as each finishes; with ``keep_documents``
        every file is checked (the store keeps no documents) and recorded."""
        if store is not None:
            digest = None  # the store keeps each file's findings: they must come back
        # Settings first, in this process: a bad config stops the run before any work.
        settings = [self.settings_for(path) for path, _ in candidates]
        lang = settings[0].lang if settings else "zh"
        job_list = [
            Job(i, path, file_settings, walked, keep_documents, digest)
            for i, ((path, walked), file_settings) in enumerate(zip(candidates, settings))
        ]
        if executor is None:
            if isolate and job_list:
                from perfcheck.pool import LocalPool

                executor = LocalPool(self.linter, min(jobs, len(job_list)), start_method=start_method)
            else:
                executor = InProcess(self.linter)
        if store is not None:
            from perfcheck.store import StoredExecutor

            executor = StoredExecutor(executor, store, self.host, reuse=not keep_documents)
        deliver = InOrder(on_file) if on_file is not None else None
        results = run_jobs(executor, job_list, progress=progress, on_result=deliver, watch=watch)
        kept = tuple(r for r in results if r is not None)
        no_table = tuple((str(path), Message(*NO_TABLE)) for (path, _), r in zip(candidates, results) if r is None)
        return RunResult(kept, lang, tuple(map(str, self.host.warnings)), passed_over=no_table)

    # ---- fixes
    def fix(self, run: RunResult, *, unsafe: bool = False, diff: bool = False, output: Path | None = None) -> FixOutcome:
        """Apply the wanted fixes of every file (``--fix``), or only say what
        they would change (``diff``). A file fixed in place is written
        atomically; a workbook gets a fixed copy at ``output`` and is never
        written itself (``FixRefused`` unless the run is that one workbook
        and ``output`` is given). Files that cannot be fixed get a note."""
        from perfcheck import fixes
        from perfcheck.output import atomic_output

        fixers = {r.path: self.host.fixer_for(Path(r.path)) for r in run.files}
        copies = [r for r in run.files if fixers[r.path] is not None and not fixers[r.path].in_place]
        if not diff and copies and (output is None or len(run.files) != 1):
            raise FixRefused(
                Message(
                    "--fix 修复工作簿或 Word 文档时写出修复后的副本：请只检查这一个文件，并用 -o 指定副本，如 -o fixed.xlsx、-o fixed.docx",
                    "--fix on a workbook or a Word document writes a fixed copy: check that one file with -o FIXED.xlsx (or FIXED.docx)",
                )
            )
        recheck: list[tuple[Path, bool]] = []
        diffs: list[str] = []
        notes: list[Message] = []
        fixed, changed = 0, False
        for result in run.files:
            path, fixer = Path(result.path), fixers[result.path]
            fixable = [f for f in result.findings if fixes.wanted(f, unsafe)]
            if fixer is None:
                if fixable:
                    notes.append(
                        Message(
                            f"{result.path}：公开的文本、PDF 和网页不直接修复；请先 perfcheck extract 成 YAML，再对 YAML 用 --fix",
                            f"{result.path}: published text, PDF and web pages are not fixed; perfcheck extract them to YAML, then --fix the YAML",
                        )
                    )
                recheck.append((path, False))
            elif fixer.in_place:
                with max_file_size(self.settings_for(path).max_file_size):  # the file was read under it
                    done = fixer.fix_text(path, fixable, unsafe) if fixable else None
                if done is not None:
                    changed = True
                    fixed += done.fixed
                    if diff:
                        diffs.append("".join(difflib.unified_diff(
                            done.before.splitlines(True), done.after.splitlines(True), f"a/{result.path}", f"b/{result.path}"
                        )))
                        continue
                    with atomic_output(path) as temporary:  # --fix is the one command that writes its input: on purpose
                        temporary.write_bytes(done.data)
                recheck.append((path, False))
            elif not fixable:
                recheck.append((path, False))
            elif diff:
                # The cells the copy would change: --diff says the same of a
                # workbook as of a YAML file, and exits the same way.
                shown = fixer.diff(result.path, list(result.findings), result.document, unsafe)
                if shown:
                    diffs.append(shown)
                    changed = True
                    notes.append(Message(
                        f"{result.path}：工作簿和 Word 文档不会被就地修改；用 --fix -o 修复后的副本{path.suffix} 写出修复后的副本",
                        f"{result.path}: a workbook or Word document is never fixed in place; --fix -o FIXED{path.suffix} writes the fixed copy",
                    ))
            else:
                count = fixer.write_copy(path, output, list(result.findings), result.document, unsafe, run.lang)
                fixed += count
                changed = changed or bool(count)
                recheck.append((output, False))
        return FixOutcome(tuple(recheck), fixed, changed, tuple(diffs), tuple(notes))

    def fixed_file(self, result: FileResult, lang: str, folder: Path) -> bytes:
        """One checked file with its safe fixes applied, as bytes (the web
        page's download); a copy is made in ``folder`` where the fixer writes
        copies. ``NotFixable`` where no reader can write this file back."""
        path = Path(result.path)
        fixer = self.host.fixer_for(path)
        if fixer is None:
            raise NotFixable(Message("公开的文本、PDF 和网页不直接修复：请先转为 YAML", "published text, PDF and web pages are not fixed: extract them to YAML first"))
        if fixer.in_place:
            done = fixer.fix_text(path, list(result.findings), False)
            return done.data if done is not None else path.read_bytes()
        copy = folder / ("fixed" + path.suffix.lower())
        fixer.write_copy(path, copy, list(result.findings), result.document, False, lang)
        return copy.read_bytes()
