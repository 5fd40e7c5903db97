"""The check service and the seams around it: executors, the reporter
contract, the per-file plugin hooks, and fixes dispatched by what a reader
can write back."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import attrs
import pytest

from conftest import DOC
from perfcheck import hookimpl
from perfcheck.config import Overrides
from perfcheck.executors import Executor, InProcess
from perfcheck.jobs import Job, check_job, failed_result
from perfcheck.model import Document, Finding, Message, Severity
from perfcheck.plugins import PluginHost
from perfcheck.readers.canonical import CanonicalReader
from perfcheck.reporters import Reporter, ReportOptions
from perfcheck.results import FileResult
from perfcheck.service import CheckService, FixRefused
from perfcheck.writeback import TextFixer


@pytest.fixture
def batch(tmp_path) -> list[Path]:
    """Four documents: two with findings, one that does not parse, one with no table."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.yaml").write_text(DOC, encoding="utf-8")
    (folder / "b.yaml").write_text(DOC.replace(">=855", ">=85%"), encoding="utf-8")
    (folder / "c.yaml").write_text("tables: [\n", encoding="utf-8")
    (folder / "d.yaml").write_text("tables: []\n", encoding="utf-8")
    return sorted(folder.iterdir())


def _codes(run) -> list[tuple[str, str, str | None]]:
    return [(Path(f.file).name, f.code, f.indicator) for f in run.findings]


# --------------------------------------------------------------------------
# Executors
# --------------------------------------------------------------------------


class BackwardsThreads:
    """An executor of its own: every job on a thread, results handed back in
    the reverse of the order they were submitted, one failing with an E001
    as a lost worker would be. Stands for any executor (Dask, a queue)."""

    def __init__(self, host: PluginHost, lose: str | None = None):
        from perfcheck.engine import Linter

        self.linter = Linter(host)
        self.host = host
        self.lose = lose
        self.jobs: list[Job] = []
        self.cancelled = False

    def submit(self, job: Job) -> None:
        self.jobs.append(job)

    def results(self):
        done: dict[int, FileResult | None] = {}

        def work(job: Job) -> None:
            if self.lose and job.path.name == self.lose:
                done[job.index] = failed_result(self.host, job, Message("工作进程丢失", "the worker was lost"))
            else:
                done[job.index] = check_job(job, self.linter)

        threads = [threading.Thread(target=work, args=(job,)) for job in self.jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for job in reversed(self.jobs):
            yield job, done[job.index]

    def cancel(self) -> None:
        self.cancelled = True

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.cancel()


def test_any_executor_gives_the_run_of_the_local_pool(host, batch):
    service = CheckService(host)
    pooled = service.check(service.files(batch), jobs=2)
    mine = BackwardsThreads(host)
    assert isinstance(mine, Executor)
    elsewhere = service.check(service.files(batch), executor=mine)
    assert mine.cancelled  # left through its context manager
    assert elsewhere.files == pooled.files  # same findings, same order, same counts
    assert ("a.yaml", "V002", "满意度") in _codes(pooled) and ("c.yaml", "E001", None) in _codes(pooled)


def test_a_lost_job_is_its_file_s_e001_and_the_rest_go_on(host, batch):
    service = CheckService(host)
    run = service.check(service.files(batch), executor=BackwardsThreads(host, lose="b.yaml"))
    lost = [r for r in run.files if r.path.endswith("b.yaml")]
    assert [(f.code, f.message.en) for f in lost[0].findings] == [("E001", "the worker was lost")]
    assert ("a.yaml", "V002", "满意度") in _codes(run)


def test_results_reach_on_file_in_file_order_whatever_order_they_finish_in(host, batch):
    service = CheckService(host)
    seen: list[str] = []
    run = service.check(service.files(batch), executor=BackwardsThreads(host), on_file=lambda r: seen.append(Path(r.path).name))
    assert seen == ["a.yaml", "b.yaml", "c.yaml", "d.yaml"]
    assert all(not r.findings for r in run.files) and run.has_errors  # kept as counts only


def test_an_executor_is_cancelled_when_the_run_is_interrupted(host, batch):
    class Interrupting(InProcess):
        cancelled = False

        def results(self):
            yield from ()
            raise KeyboardInterrupt

        def cancel(self):
            Interrupting.cancelled = True
            super().cancel()

    service = CheckService(host)
    with pytest.raises(KeyboardInterrupt):
        service.check(service.files(batch), executor=Interrupting(service.linter))
    assert Interrupting.cancelled


def test_check_job_loads_its_own_plugins_in_a_fresh_process(tmp_path):
    # A cluster worker is handed a Job and nothing else: check_job makes its engine.
    import pickle
    import subprocess
    import sys

    from perfcheck.config import Resolver

    path = tmp_path / "doc.yaml"
    path.write_text(DOC, encoding="utf-8")
    job = Job(0, path, Resolver(PluginHost()).resolve([]), keep_document=False)
    program = "import pickle, sys; from perfcheck.jobs import check_job; sys.stdout.buffer.write(pickle.dumps(check_job(pickle.loads(sys.stdin.buffer.read()))))"
    out = subprocess.run([sys.executable, "-c", program], input=pickle.dumps(job), capture_output=True, timeout=120, check=True).stdout
    result = pickle.loads(out)
    assert result.document is None and {f.code for f in result.findings} >= {"W001", "V002"}


# --------------------------------------------------------------------------
# The reporter contract
# --------------------------------------------------------------------------


def test_every_built_in_reporter_declares_its_abilities(host):
    for reporter in host.reporters.values():
        assert isinstance(reporter, Reporter)
        if reporter.makes_digests:
            assert reporter.streams
        assert reporter.writes_file == (reporter.name in ("xlsx", "docx"))  # the annotated copies


class DuckReporter:
    """A plugin's reporter written before the base class: render only."""

    name = "duck"
    description = "one line per finding"

    def render(self, run, lang, options):
        return "".join(f"{f.code}\n" for f in run.findings)


class NoOutputReporter:
    name = "nothing"


class ReporterPlugin:
    @hookimpl
    def perfcheck_reporters(self):
        return [DuckReporter(), NoOutputReporter()]


def test_a_duck_typed_reporter_is_adapted_and_one_that_cannot_report_is_refused(tmp_path):
    host = PluginHost([("ducks", ReporterPlugin())])
    duck = host.reporters["duck"]
    assert isinstance(duck, Reporter) and not (duck.streams or duck.writes_file or duck.needs_documents or duck.makes_digests)
    assert "nothing" not in host.reporters
    assert any(w.plugin == "ducks" and "neither render" in w.message for w in host.warnings)
    path = tmp_path / "doc.yaml"
    path.write_text(DOC, encoding="utf-8")
    run = CheckService(host).run([path], isolate=False)
    assert "".join(duck.render_iter(run, "zh", ReportOptions())).split() == [f.code for f in run.findings]


def test_a_reporter_with_nothing_to_render_says_so_rather_than_recursing():
    class Empty(Reporter):
        name = "empty"

    with pytest.raises(NotImplementedError, match="neither render"):
        Empty().render(None, "zh", ReportOptions())


# --------------------------------------------------------------------------
# Per-file hooks
# --------------------------------------------------------------------------


class NamingPlugin:
    """Fills a table's unit from the file's name, and drops W001 (an office
    that reviews weights elsewhere) while marking V002 with its own note."""

    @hookimpl
    def perfcheck_document_read(self, document: Document):
        unit = Path(document.source).stem
        return attrs.evolve(document, tables=tuple(attrs.evolve(t, unit=t.unit or unit) for t in document.tables))

    @hookimpl
    def perfcheck_file_findings(self, document: Document, findings):
        units = {t.unit for t in document.tables}
        return [
            attrs.evolve(f, suggestion=f"{f.suggestion}（{'、'.join(sorted(units))}）") if f.code == "V002" else f
            for f in findings
            if f.code != "W001"
        ]


class BrokenHooksPlugin:
    @hookimpl
    def perfcheck_document_read(self, document):
        raise ValueError("no province in the name")

    @hookimpl
    def perfcheck_file_findings(self, document, findings):
        return "not a list of findings"


@pytest.mark.parametrize("isolate", [False, True], ids=["in-process", "worker"])
def test_hooks_see_each_document_and_its_findings(tmp_path, isolate):
    path = tmp_path / "county-school.yaml"
    path.write_text(DOC, encoding="utf-8")
    run = CheckService(PluginHost([("naming", NamingPlugin())])).run([path], isolate=isolate, keep_documents=True)
    [result] = run.files
    assert result.document.tables[0].unit == "county-school"
    codes = [f.code for f in result.findings]
    assert "W001" not in codes and "V002" in codes
    [v002] = [f for f in result.findings if f.code == "V002"]
    assert v002.suggestion == ">=85%（county-school）"


def test_a_failing_hook_is_an_e003_and_the_file_is_still_checked(tmp_path):
    path = tmp_path / "doc.yaml"
    path.write_text(DOC, encoding="utf-8")
    run = CheckService(PluginHost([("broken-hooks", BrokenHooksPlugin())])).run([path], isolate=False)
    e003 = [f.message.en for f in run.findings if f.code == "E003"]
    assert any("broken-hooks's hook perfcheck_document_read failed" in m and "no province" in m for m in e003)
    assert any("perfcheck_file_findings failed" in m and "not a list of Findings" in m for m in e003)
    assert {"W001", "V002"} <= {f.code for f in run.findings}  # the rules ran on the document as read


def test_a_hook_that_runs_past_the_rule_time_limit_is_an_e003(tmp_path):
    import time

    class Slow:
        @hookimpl
        def perfcheck_document_read(self, document):
            time.sleep(30)

    path = tmp_path / "doc.yaml"
    path.write_text(DOC, encoding="utf-8")
    host = PluginHost([("slow", Slow())])
    run = CheckService(host, Overrides(rule_timeout=0.5)).run([path])
    assert any(f.code == "E003" and "slow" in f.message.en and "time limit" in f.message.en for f in run.findings)
    assert "W001" in {f.code for f in run.findings}


def test_no_per_file_hook_costs_nothing(host):
    assert host.document_hooks == [] and host.findings_hooks == []


# --------------------------------------------------------------------------
# Fixes, by what a reader can write back
# --------------------------------------------------------------------------


class PlanReader(CanonicalReader):
    """A plugin's reader for .plan files (canonical YAML under another name), able to write back."""

    name = "plan"
    suffixes = (".plan",)


class PlanTextFixer(TextFixer):
    suffixes = (".plan",)


class PlanPlugin:
    @hookimpl
    def perfcheck_readers(self):
        return [PlanReader(PlanTextFixer())]


def test_fixes_go_through_the_reader_s_fixer_whatever_the_suffix(tmp_path):
    path = tmp_path / "draft.plan"
    path.write_text(DOC, encoding="utf-8")
    service = CheckService(PluginHost([("plans", PlanPlugin())]))
    run = service.run([path], isolate=False)
    shown = service.fix(run, diff=True)
    assert shown.changed and '-      - {level1: 满意度指标' in shown.diffs[0] and path.read_text(encoding="utf-8") == DOC
    done = service.fix(run)
    assert done.fixed == 1 and done.recheck == ((path, False),)
    assert ">=85%" in path.read_text(encoding="utf-8") and ">=855" not in path.read_text(encoding="utf-8")


def test_a_file_no_reader_can_write_back_gets_a_note(host, tmp_path):
    from conftest import REPO

    path = tmp_path / "seed.txt"
    path.write_bytes((REPO / "examples" / "artux-2024" / "artux-natural-resources-2024.txt").read_bytes())
    service = CheckService(host)
    outcome = service.fix(service.run([path], isolate=False))
    assert outcome.fixed == 0 and not outcome.changed and outcome.recheck == ((path, False),)
    assert "extract them to YAML" in outcome.notes[0].en


def test_a_workbook_is_fixed_only_as_one_copy(host, tmp_path):
    import openpyxl

    books = []
    for name in ("one.xlsx", "two.xlsx"):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for row in [["项目名称", "2024年示例项目"], ["一级指标", "二级指标", "三级指标", "指标值", "分值"], ["满意度指标", "满意度指标", "服务对象满意度", ">=855", 10]]:
            sheet.append(row)
        workbook.save(tmp_path / name)
        books.append(tmp_path / name)
    service = CheckService(host)
    for paths, output in ((books, tmp_path / "fixed.xlsx"), (books[:1], None)):
        before = [b.read_bytes() for b in books]
        with pytest.raises(FixRefused) as refused:
            service.fix(service.run(paths, isolate=False), output=output)
        assert "-o" in refused.value.message.en and [b.read_bytes() for b in books] == before
    done = service.fix(service.run(books[:1], isolate=False), output=tmp_path / "fixed.xlsx")
    assert done.fixed == 1 and done.recheck == ((tmp_path / "fixed.xlsx", False),)


def test_the_cli_and_the_service_agree(host, batch):
    from conftest import run_cli

    cli = json.loads(run_cli("check", *map(str, batch), "--format", "json").stdout)
    run = CheckService(host).run(batch)
    assert [(Path(f["file"]).name, f["code"], f["indicator"]) for f in cli["findings"]] == _codes(run)


def test_a_finding_built_by_a_plugin_hook_is_a_finding(tmp_path):
    # What perfcheck_file_findings may add: Findings of the plugin's own.
    class Adding:
        @hookimpl
        def perfcheck_file_findings(self, document, findings):
            extra = Finding(code="ZZ900", name="office-note", severity=Severity.INFO, message=Message("已复核", "reviewed"), file=document.source)
            return [*findings, extra]

    path = tmp_path / "doc.yaml"
    path.write_text(DOC, encoding="utf-8")
    run = CheckService(PluginHost([("adding", Adding())])).run([path], isolate=False)
    assert "ZZ900" in [f.code for f in run.findings]
