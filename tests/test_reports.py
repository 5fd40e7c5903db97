"""Every output format, tested by parsing what it writes; batches and baselines."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import attrs
import jsonschema
import pytest
import yaml

from conftest import FIXTURES, REPO, run_cli

CORPUS_DIR = REPO / "examples" / "artux-2024"
LAYOUTS = FIXTURES / "layouts"


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """A folder of mixed files: a disclosure, YAML in three layouts, a broken file, one clean file."""
    folder = tmp_path_factory.mktemp("batch")
    shutil.copy(CORPUS_DIR / "artux-natural-resources-2024.txt", folder)
    shutil.copy(CORPUS_DIR / "perfcheck.toml", folder)
    (folder / "layouts").mkdir()
    for name in ("hunan", "inner-mongolia", "national-old"):
        shutil.copy(LAYOUTS / f"{name}.yaml", folder / "layouts")
    shutil.copy(FIXTURES / "county-education-2025.txt", folder / "layouts")
    (folder / "layouts" / "broken.yaml").write_text("perfcheck: 1\ntables: [\n", encoding="utf-8")
    (folder / "layouts" / "clean.yaml").write_text(
        "tables:\n  - name: 2024年整洁项目\n    indicators:\n"
        "      - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: '>=100 人'}\n"
        "      - {level1: 产出指标, level2: 质量指标, name: 培训合格率, value: '>=95%'}\n"
        "      - {level1: 产出指标, level2: 时效指标, name: 完成时间, value: 2024年12月底前}\n"
        "      - {level1: 成本指标, level2: 经济成本指标, name: 培训成本, value: '<=10 万元'}\n"
        "      - {level1: 效益指标, level2: 社会效益指标, name: 业务水平, value: 有效提高}\n"
        "      - {level1: 满意度指标, level2: 满意度指标, name: 学员满意度, value: '>=90%'}\n",
        encoding="utf-8",
    )
    return folder


def check(*args: str, cwd: Path | None = None):
    proc = run_cli("check", *args, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return proc


# ---------------------------------------------------------------- batches


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_jobs_give_byte_identical_output(batch, fmt):
    serial = check(".", "--format", fmt, "--jobs", "1", cwd=batch).stdout
    parallel = check(".", "--format", fmt, "--jobs", "2", cwd=batch).stdout
    assert serial == parallel and serial.count("\n") > 20


def test_directories_are_walked_for_every_readable_format(batch):
    files = {Path(f["file"]).name for f in json.loads(check(".", "--format", "json", cwd=batch).stdout)["findings"]}
    assert {"artux-natural-resources-2024.txt", "hunan.yaml", "inner-mongolia.yaml", "national-old.yaml", "county-education-2025.txt", "broken.yaml"} <= files
    assert json.loads(check(".", "--format", "json", cwd=batch).stdout)["summary"]["files"] == 7


def test_findings_written_while_the_bar_runs_start_on_their_own_line(batch):
    # On a terminal the text report and the progress bar share the screen: each
    # file's findings are written as it is checked, and the bar steps aside first.
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "perfcheck", "check", ".", "--progress", "always", "--color", "never", "--lang", "en"],
        cwd=batch, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env={**os.environ, "NO_COLOR": "1"},
    )
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed: the command is done
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    assert proc.wait(timeout=120) == 1
    lines = screen.decode("utf-8").replace("\r\n", "\n").split("\n")
    visible = [line.rsplit("\r", 1)[-1] for line in lines]  # what a terminal shows of each line
    paths = [line for line in visible if "artux-natural-resources-2024.txt" in line and ": " not in line]
    assert paths and all(line == "artux-natural-resources-2024.txt" for line in paths), paths
    assert any(line.startswith("checking [") for line in visible)


def test_progress_bar_on_stderr(batch):
    proc = check(".", "--progress", "always", "--jobs", "2", cwd=batch)
    assert "7/7" in proc.stderr and "[" in proc.stderr
    assert check(".", cwd=batch).stderr == ""  # not a terminal: no progress by default


def test_statistics_quiet_and_colour(batch):
    stats = check(".", "--statistics", cwd=batch).stdout.splitlines()
    assert stats[0].split()[1:3] == ["W002", "zero-weight"] or int(stats[0].split()[0]) >= int(stats[1].split()[0])
    assert any(line.split()[1] == "E001" for line in stats if line.strip() and line.split()[0].isdigit())
    quiet = check(".", "-q", cwd=batch).stdout
    assert "发现" not in quiet and "E001" in quiet
    assert "\033[" in check(".", "--color", "always", cwd=batch).stdout
    assert "\033[" not in check(".", cwd=batch).stdout  # auto: not a terminal


# ---------------------------------------------------------------- machine formats


def test_sarif_is_valid_2_1_0_and_describes_its_rules(batch, sarif_schema):
    log = json.loads(check(".", "--format", "sarif", cwd=batch).stdout)
    jsonschema.validate(log, sarif_schema)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) >= 48 and {"W001", "C001", "E001"} <= set(ids)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["V002"] == "error" and levels["W002"] == "warning" and levels["V006"] == "note"
    v002 = next(r for r in run["results"] if r["ruleId"] == "V002" and "artux" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    assert v002["locations"][0]["physicalLocation"]["region"]["startLine"] == 1177
    # The finding's data, as the JSON report has it, in the result's property bag (valid SARIF above).
    assert v002["properties"] == {"data": {"value": ">=855", "suggestion": ">=85%"}}
    assert all("properties" not in r for r in run["results"] if r["ruleId"] not in ("W001", "C001", "V002", "E001"))
    # An unreadable file's finding keeps what the library said beneath its plain message.
    assert all(set(r["properties"]["data"]) == {"detail"} for r in run["results"] if r["ruleId"] == "E001" and "properties" in r)


def test_sarif_is_written_as_the_files_are_checked_in_the_bytes_json_dumps_writes(batch, tmp_path):
    # Result by result, like the JSON report; the log is what json.dumps writes of it whole.
    import json as stdlib_json

    clean = tmp_path / "clean.yaml"
    clean.write_text("perfcheck: 1\ntables:\n  - name: 甲\n    indicators:\n      - {name: 人数, value: \">=1 人\"}\n", encoding="utf-8")
    for proc, some in ((run_cli("check", ".", "--format", "sarif", cwd=batch), True), (run_cli("check", str(clean), "--format", "sarif", "--select", "V"), False)):
        log = stdlib_json.loads(proc.stdout)
        assert proc.stdout == stdlib_json.dumps(log, ensure_ascii=False, indent=2) + "\n"
        assert bool(log["runs"][0]["results"]) is some


def test_junit_is_xml_with_a_case_per_finding(batch):
    xml = check(".", "--format", "junit", cwd=batch).stdout
    root = ET.fromstring(xml.encode("utf-8"))
    findings = json.loads(check(".", "--format", "json", cwd=batch).stdout)["findings"]
    # Errors and warnings fail; info findings (V006 split numbers) are passing cases with their text.
    failing = [f for f in findings if f["severity"] != "info"]
    assert root.tag == "testsuites" and int(root.get("failures")) == len(failing) < len(findings)
    assert int(root.get("tests")) >= len(findings)
    infos = [c for c in root.iter("testcase") if c.find("system-out") is not None]
    assert len(infos) == len(findings) - len(failing) and all(c.find("failure") is None for c in infos)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert len(suites) == 7
    clean = suites[str(Path("layouts") / "clean.yaml")]
    assert clean.get("failures") == "0" and len(list(clean.iter("testcase"))) == 1
    failure = next(root.iter("failure"))
    assert failure.get("message") and failure.get("type")


def test_github_annotations(batch):
    lines = check(".", "--format", "github", cwd=batch).stdout.splitlines()
    v002 = next(l for l in lines if "title=V002" in l and "artux" in l)
    assert v002.startswith("::error file=artux-natural-resources-2024.txt,line=1177,title=V002 percent-out-of-range::")
    assert any(l.startswith("::warning ") for l in lines) and any(l.startswith("::notice ") for l in lines)
    assert all(l.startswith("::") and "\n" not in l for l in lines)


# ---------------------------------------------------------------- baseline


def test_baseline_survives_moved_rows_and_reports_only_new_defects(tmp_path):
    draft = yaml.safe_load((LAYOUTS / "inner-mongolia.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "draft.yaml"
    path.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    base = tmp_path / "baseline.json"
    proc = run_cli("check", "draft.yaml", "--write-baseline", str(base), cwd=tmp_path)
    assert proc.returncode == 0 and "已将" in proc.stderr and "写入基线" in proc.stderr
    assert json.loads(check("draft.yaml", "--baseline", str(base), "--format", "json", cwd=tmp_path).stdout)["findings"] == []
    # Move a row (the first indicator to the end) and add one new defect; the points stay at 100
    # (5 move from an 效益 row to the new 产出 row, which also mends both declared-split mismatches).
    rows = draft["tables"][0]["indicators"]
    rows.append(rows.pop(0))
    next(r for r in rows if r["name"] == "亩均增产粮食")["weight"] = 10
    rows.append({"level1": "产出指标", "level2": "质量指标", "name": "灌溉覆盖率", "value": "≤50%", "weight": 5})
    path.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    report = json.loads(check("draft.yaml", "--baseline", str(base), "--format", "json", cwd=tmp_path).stdout)
    assert [(f["code"], f["indicator"]) for f in report["findings"]] == [("Q007", "灌溉覆盖率")]
    assert report["baseline"]["suppressed"] == 9
    assert [e["code"] for e in report["baseline"]["stale"]] == ["W006", "W006"]


def test_fixed_defects_leave_stale_baseline_entries(tmp_path):
    draft = yaml.safe_load((LAYOUTS / "inner-mongolia.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "draft.yaml"
    path.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    base = tmp_path / "baseline.json"
    run_cli("check", "draft.yaml", "--write-baseline", str(base), cwd=tmp_path)
    for row in draft["tables"][1]["indicators"]:
        if row["name"] == "养殖户满意度":
            row["value"] = "90"  # Q002 fixed
    path.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    text = check("draft.yaml", "--baseline", str(base), cwd=tmp_path).stdout
    assert "基线中有 1 条记录已不再出现" in text and "Q002" in text
    stale = json.loads(check("draft.yaml", "--baseline", str(base), "--format", "json", cwd=tmp_path).stdout)["baseline"]["stale"]
    assert [(e["code"], e["indicator"]) for e in stale] == [("Q002", "养殖户满意度")]


def test_a_bad_baseline_is_exit_2(tmp_path):
    bad = tmp_path / "baseline.json"
    bad.write_text("{}", encoding="utf-8")
    proc = run_cli("check", str(LAYOUTS / "hunan.yaml"), "--baseline", str(bad))
    assert proc.returncode == 2 and "baseline" in proc.stderr


# ---------------------------------------------------------------- pre-commit


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = hooks
    assert hook["id"] == "perfcheck" and hook["entry"] == "perfcheck check --force-exclude --tables-only" and hook["language"] == "python"
    import re

    pattern = re.compile(hook["files"])
    assert all(pattern.search(name) for name in ("draft.xlsx", "a.yaml", "b.yml", "c.pdf", "d.txt", "e.json", "f.xls"))
    assert not pattern.search("notes.docx")


# ---------------------------------------------------------------- HTML, in a real browser


@pytest.fixture(scope="module")
def html_report(batch, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html") / "report.html"
    check(".", "--format", "html", "-o", str(out), cwd=batch)
    return out


def test_html_is_self_contained(html_report):
    html = html_report.read_text(encoding="utf-8")
    assert "<script src" not in html and "<link" not in html and "http://" not in html and "https://" not in html


def test_html_in_a_browser_highlights_cells_and_filters_work(browser, html_report):
    from selenium.webdriver.common.by import By

    browser.get(html_report.as_uri())
    assert browser.find_element(By.CSS_SELECTOR, "#count-error b").text.isdigit()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#chart .bar-row")) >= 10
    # The >=855 cell is highlighted as an error, with its finding beside it.
    cell = next(td for td in browser.find_elements(By.CSS_SELECTOR, "td.flagged") if td.text == ">=855")
    assert "sev-error" in cell.get_attribute("class")
    assert cell.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
    row_findings = cell.find_element(By.XPATH, "..").find_elements(By.CSS_SELECTOR, "li.finding")
    assert any("V002" in li.text and li.is_displayed() for li in row_findings)
    # Hide warnings: warning findings disappear; a cell flagged only by warnings loses its highlight.
    warning_cells = [td for td in browser.find_elements(By.CSS_SELECTOR, "td[data-findings]") if set(p.split(":")[0] for p in td.get_attribute("data-findings").split()) == {"warning"}]
    assert warning_cells
    browser.find_element(By.CSS_SELECTOR, ".filter-severity[value=warning]").click()
    assert all(not li.is_displayed() for li in browser.find_elements(By.CSS_SELECTOR, "li.finding[data-severity=warning]"))
    assert all("flagged" not in td.get_attribute("class") for td in warning_cells)
    assert "flagged" in cell.get_attribute("class")
    browser.find_element(By.CSS_SELECTOR, ".filter-severity[value=warning]").click()
    assert "flagged" in warning_cells[0].get_attribute("class")
    # Rules: none, then just V002.
    browser.find_element(By.ID, "rules-none").click()
    assert all(not li.is_displayed() for li in browser.find_elements(By.CSS_SELECTOR, "li.finding"))
    assert "flagged" not in cell.get_attribute("class")
    browser.find_element(By.CSS_SELECTOR, ".filter-rule[value=V002]").click()
    shown = [li for li in browser.find_elements(By.CSS_SELECTOR, "li.finding") if li.is_displayed()]
    assert shown and all(li.get_attribute("data-code") == "V002" for li in shown)
    assert "flagged" in cell.get_attribute("class")
    assert all(not row.is_displayed() for row in browser.find_elements(By.CSS_SELECTOR, "#chart .bar-row") if row.get_attribute("data-code") != "V002")


def test_html_contents_toggle_counts_and_weight_cells_in_a_browser(browser, html_report):
    """Issue 10: a table of contents; clean tables folded away (and back); the
    count cards follow the filters; weight findings mark the 分值 cell; a font
    stack that names the Chinese fonts of every system."""
    from selenium.webdriver.common.by import By

    browser.get(html_report.as_uri())
    family = browser.execute_script("return getComputedStyle(document.body).fontFamily")
    assert family.startswith('"PingFang SC"') and "Microsoft YaHei" in family and "Noto Sans CJK SC" in family
    entries = browser.find_elements(By.CSS_SELECTOR, "#toc li.toc-table")
    tables = browser.find_elements(By.CSS_SELECTOR, "div.table")
    assert len(entries) == len(tables) >= 20
    clean = [t for t in tables if not t.find_elements(By.CSS_SELECTOR, "li.finding")]
    assert clean and all(not t.is_displayed() for t in clean)  # folded away by default
    flagged_entry = next(e for e in entries if e.find_element(By.CSS_SELECTOR, ".toc-count").text)
    flagged_entry.find_element(By.TAG_NAME, "a").click()
    assert browser.execute_script("return location.hash") == "#" + flagged_entry.get_attribute("data-target")
    browser.find_element(By.ID, "only-flagged").click()
    assert all(t.is_displayed() for t in clean)
    # Cards: hide warnings and the warning count is 0; errors keep theirs.
    errors = browser.find_element(By.CSS_SELECTOR, "#count-error b").text
    browser.find_element(By.CSS_SELECTOR, ".filter-severity[value=warning]").click()
    assert browser.find_element(By.CSS_SELECTOR, "#count-warning b").text == "0"
    assert browser.find_element(By.CSS_SELECTOR, "#count-error b").text == errors != "0"
    browser.find_element(By.CSS_SELECTOR, ".filter-severity[value=warning]").click()
    # W002 (a weight of 0, from the disclosure's text layout) marks the 分值 column, not the value.
    marked = [td for td in browser.find_elements(By.CSS_SELECTOR, "td[data-findings]") if "W002" in td.get_attribute("data-findings")]
    assert marked
    for td in marked:
        row = td.find_element(By.XPATH, "..")
        header = td.find_element(By.XPATH, "ancestor::table[1]").find_elements(By.CSS_SELECTOR, "tr:first-child th")
        column = row.find_elements(By.TAG_NAME, "td").index(td)
        assert header[column].text == "分值", header[column].text


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_html_puts_the_findings_first_with_their_lines_and_fits_the_screen(browser, html_report, tmp_path, device):
    """Issue 28: on a 375 px phone as on a desktop, the list of findings comes
    before the overview, each with the line (or cell) it belongs to; nothing
    is wider than the screen, and the rule filter speaks Chinese."""
    from selenium.webdriver.common.by import By

    from conftest import DESKTOP, PHONE, latin_sentences, screen, whole_page_screenshot

    metrics = PHONE if device == "phone" else DESKTOP
    with screen(browser, metrics):
        browser.get(html_report.as_uri())
        inner, scroll = browser.execute_script("return [window.innerWidth, document.documentElement.scrollWidth]")
        assert inner == metrics["width"] and scroll <= inner  # (less a desktop's scrollbar)
        findings, summary = (browser.find_element(By.ID, name).rect for name in ("findings", "summary"))
        assert findings["y"] < summary["y"] and findings["x"] >= 0 and findings["x"] + findings["width"] <= metrics["width"]
        items = browser.find_elements(By.CSS_SELECTOR, "#findings li.finding")
        assert len(items) == int(browser.find_element(By.ID, "count-shown").text) > 50
        assert all(li.rect["x"] + li.rect["width"] <= metrics["width"] for li in items[:40])
        v002 = next(li for li in items if li.get_attribute("data-code") == "V002" and "855" in li.text)
        assert v002.find_element(By.CSS_SELECTOR, ".where").text == "第 1177 行"
        assert browser.find_element(By.ID, "filters").get_attribute("open") == (None if device == "phone" else "true")
        whole_page_screenshot(browser, tmp_path / f"report-{device}-{metrics['width']}px.png", metrics)  # as a reader first sees it
        browser.execute_script("document.getElementById('filters').open = true")
        labels = [label.text for label in browser.find_elements(By.CSS_SELECTOR, "#filters label") if label.find_elements(By.CSS_SELECTOR, ".filter-rule")]
        assert any(label.startswith("C001 成本指标上限") for label in labels) and not latin_sentences("\n".join(labels)), labels


def test_text_output_follows_the_document_order(tmp_path):
    """Tables appear where they stand in the file, not sorted by name."""
    doc = tmp_path / "doc.yaml"
    doc.write_text(
        "tables:\n"
        "  - name: 乙项目\n    indicators:\n      - {level1: 满意度指标, level2: 满意度指标, name: 满意度, value: '>=855'}\n"
        "  - name: 甲项目\n    indicators:\n      - {level1: 满意度指标, level2: 满意度指标, name: 满意度, value: '>=955'}\n",
        encoding="utf-8",
    )
    lines = check(str(doc), "--select", "V002", cwd=tmp_path).stdout.splitlines()
    tables = [line.strip() for line in lines if line.strip() in ("甲项目", "乙项目")]
    assert tables == ["乙项目", "甲项目"]


def test_the_json_report_streams_the_same_bytes_json_dumps_writes(batch, tmp_path):
    # Written finding by finding (a batch's report is never held whole), byte for
    # byte what json.dumps(payload, ensure_ascii=False, indent=2) writes.
    import json as stdlib_json

    from perfcheck import __version__

    clean = tmp_path / "clean.yaml"
    clean.write_text("perfcheck: 1\ntables:\n  - name: 甲\n    indicators:\n      - {name: 人数, value: \">=1 人\"}\n", encoding="utf-8")
    runs = [
        run_cli("check", ".", "--format", "json", "--select", "ALL", cwd=batch),
        run_cli("check", str(clean), "--format", "json", "--select", "V"),
    ]
    for proc in runs:
        data = stdlib_json.loads(proc.stdout)
        payload = {"perfcheck": __version__, "findings": data["findings"], "summary": data["summary"]}
        assert proc.stdout == stdlib_json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    assert stdlib_json.loads(runs[0].stdout)["findings"] and not stdlib_json.loads(runs[1].stdout)["findings"]


@pytest.mark.parametrize("spool", [None, 1000])
def test_the_html_report_made_file_by_file_is_the_page_made_whole(batch, monkeypatch, spool):
    # A batch's HTML report is written as the files are checked: the run keeps no
    # document and no finding, yet the page is the one made from the whole run,
    # whether its sections wait in memory or (past the spool size) on disk.
    from perfcheck.plugins import PluginHost
    from perfcheck.reporters import ReportOptions, Spool
    from perfcheck.reporters.html import HtmlReporter
    from perfcheck.service import CheckService

    if spool is not None:
        monkeypatch.setattr(Spool, "LIMIT", spool)
    host = PluginHost()
    service = CheckService(host)
    options = ReportOptions(rules=tuple(host.sorted_rules()))
    whole = service.run([batch], isolate=False)
    assert whole.findings and sum(r.document is not None for r in whole.files) >= 2  # (the broken file has none)
    stream = HtmlReporter().stream("en", options)
    written = []
    streamed = service.check(
        service.files([batch]), isolate=False, on_file=lambda result: written.extend(stream.file(result))
    )
    assert written == []  # the page starts with the summary: nothing can be written before the end
    assert all(r.document is None and not r.findings for r in streamed.files)
    assert stream.sections.on_disk == (spool is not None)  # the sections went to disk when they outgrew the spool
    page = "".join(stream.close(streamed))
    assert page == HtmlReporter().render(whole, "en", options)
    assert page.count('<section class="file"') == len(whole.files) >= 2
    if spool is not None:
        assert stream.sections.file.closed  # its temporary file is gone with the page


@pytest.mark.parametrize("fmt", ["text", "json", "html", "junit", "sarif", "github"])
def test_reports_made_in_the_workers_are_the_reports_made_whole(batch, monkeypatch, fmt):
    # With --jobs, each worker makes its files' part of the report (Reporter.digest)
    # and sends that back, not the findings and documents: the report is still
    # the one made from the whole run in one process.
    from perfcheck.config import Overrides
    from perfcheck.plugins import PluginHost
    from perfcheck.reporters import ReportOptions
    from perfcheck.service import CheckService

    out = batch.parent / f"workers.{fmt}"
    check(".", "--format", fmt, "--lang", "en", "--jobs", "2", "-o", str(out), cwd=batch)
    monkeypatch.chdir(batch)
    host = PluginHost()
    whole = CheckService(host, Overrides(lang="en")).run([Path(".")], isolate=False)
    expected = host.reporters[fmt].render(whole, "en", ReportOptions(rules=tuple(host.sorted_rules())))
    assert out.read_text(encoding="utf-8") == expected


def test_a_worker_sends_the_digest_not_the_findings_and_falls_back_when_a_reporter_fails(batch):
    from perfcheck.jobs import Job, shipped
    from perfcheck.plugins import PluginHost
    from perfcheck.reporters import Reporter, ReportOptions
    from perfcheck.service import CheckService

    class Broken(Reporter):
        name = "broken"
        streams = makes_digests = True

        def digest(self, result, lang, options):
            raise RuntimeError("a reporter's bug")

    host = PluginHost()
    host.reporters["broken"] = Broken()
    service = CheckService(host)
    path = batch / "artux-natural-resources-2024.txt"
    result = service.linter.check_file(path, service.settings_for(path))
    job = Job(0, path, service.settings_for(path), keep_document=True, digest=("html", "zh", ReportOptions()))
    sent = shipped(host, job, result)
    assert sent.findings == () and sent.document is None and sent.counts() == result.counts()
    assert sent.digest[2].count("<perfcheck-file-number>") >= 1
    kept = shipped(host, attrs.evolve(job, digest=("broken", "zh", ReportOptions())), result)
    assert kept.findings == result.findings and kept.document is result.document and kept.digest is None


def test_a_reader_that_goes_away_stops_the_run_quietly(tmp_path):
    # perfcheck check … | head: the report is written as the files are checked,
    # so the run stops when its reader does, with no traceback and no complaint.
    import subprocess
    import sys

    for i in range(30):
        shutil.copy(CORPUS_DIR / "artux-natural-resources-2024.txt", tmp_path / f"d{i:02}.txt")
    proc = subprocess.Popen(
        [sys.executable, "-m", "perfcheck", "check", str(tmp_path), "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout.readline()
    proc.stdout.close()
    assert proc.wait(timeout=120) == 2
    assert proc.stderr.read() == b""


def test_a_self_evaluation_shows_target_actual_points_and_score_side_by_side(tmp_path, empty_config):
    # Issue 25: the annotated workbook gains a sheet setting each row's target,
    # actual, points and score beside its findings; the HTML report (which the
    # web page shows) the same four columns, the funds block and 总分 as rows.
    import re

    import openpyxl
    from xlsxmaker import write_workbook

    tables = yaml.safe_load((LAYOUTS / "national-selfeval.yaml").read_text(encoding="utf-8"))["tables"]
    draft = write_workbook(tmp_path / "自评.xlsx", {"自评": tables}, "national-selfeval", year=2023)
    out = tmp_path / "批注.xlsx"
    run_cli("check", str(draft), "--format", "xlsx", "-o", str(out), "--config", str(empty_config), check_rc=1)
    sheet = openpyxl.load_workbook(out)["自评对照"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][3:9] == ["三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    by_name = {(r[0], r[3]): r for r in rows[1:]}
    quality = by_name["2023年乡村道路养护项目", "养护验收合格率"]
    assert quality[4:8] == [">=95%", "98%", "10", "12"] and quality[10].startswith("A001 得分 12 超过分值 10")
    [link] = [c.hyperlink.location or c.hyperlink.target for c in sheet["J"] if c.value == quality[9] and c.hyperlink]
    assert quality[9] == "自评!E13" and link.endswith("'自评'!E13")
    execution = by_name["2023年乡村道路养护项目", "预算执行率"]
    assert execution[4:8] == ["全年预算数 120.00 万元", "全年执行数 114.00 万元（执行率 90.00%）", "10", "10"]
    assert [line[:4] for line in execution[10].splitlines()] == ["A003", "A004"]
    total = by_name["2023年乡村道路养护项目", "总分"]
    assert total[5] == "自评等级 良" and total[7] == "100" and total[10].startswith("A010")
    assert by_name["某县交通运输局", "重点项目按期完成数"][4:8] == [">=2 个", "6 个", "20", "20"]
    # A target table's workbook gets no such sheet.
    plain = write_workbook(tmp_path / "目标.xlsx", {"绩效目标": yaml.safe_load((LAYOUTS / "hunan.yaml").read_text(encoding="utf-8"))["tables"]}, "hunan")
    run_cli("check", str(plain), "--format", "xlsx", "-o", str(tmp_path / "目标-批注.xlsx"), "--config", str(empty_config), check_rc=1)
    assert openpyxl.load_workbook(tmp_path / "目标-批注.xlsx").sheetnames == ["绩效目标", "审查意见"]

    page = run_cli("check", str(draft), "--format", "html", "--config", str(empty_config), check_rc=1).stdout
    assert re.search(r"<th>年度指标值</th><th>实际完成值</th>\s*<th>分值</th><th>得分</th><th>问题</th>", page)
    row = re.search(r"<tr>\s*<td class=\"level\">产出指标</td><td class=\"level\">质量指标</td><td class=\"name\">养护验收合格率</td>(.*?)</tr>", page, re.S).group(1)
    cells = re.findall(r"<td([^>]*)>(.*?)</td>", row, re.S)
    assert [text for _, text in cells[:4]] == ["&gt;=95%", "98%", "10", "12"]
    assert "flagged sev-error" in cells[3][0] and 'data-findings="error:A001 "' in cells[3][0] and "A001" in cells[4][1]
    actual = re.search(r"<td class=\"flagged sev-warning\" data-label=\"实际完成值\" data-findings=\"warning:A008 \">达成预期指标</td>", page)
    assert actual, "A008 marks the actual"
    execution_row = re.search(r"<tr class=\"execution\">(.*?)</tr>", page, re.S).group(1)
    assert "全年执行数 114.00 万元（执行率 90.00%）" in execution_row and "A003" in execution_row and "A004" in execution_row
    assert "A010" in re.search(r"<tr class=\"total\">(.*?)</tr>", page, re.S).group(1)
