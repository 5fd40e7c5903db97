"""Formats for CI systems: GitHub workflow annotations, JUnit XML and SARIF 2.1.0."""

from __future__ import annotations

from typing import Iterator


import attrs

from perfcheck import __version__
from perfcheck.baseline import entry_of
from perfcheck.results import RunResult
from perfcheck.model import Finding, Severity
from perfcheck.reporters import ReportOptions, Reporter, Spool
from perfcheck.reporters.json import dumps
from perfcheck.safetext import printable


def _where(f: Finding, lang: str) -> str:
    loc = f.location
    if loc.sheet:
        return f"{loc.sheet}!{loc.cell}" if loc.cell else loc.sheet
    return loc.describe(lang) if (loc.line or loc.page) else (loc.path or "")


def _escape_command(text: str, property_: bool = False) -> str:
    # GitHub's workflow-command escaping: % and newlines always, : and , in properties.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_ else text


class GithubReporter(Reporter):
    name = "github"
    streams = True
    description = "GitHub Actions workflow annotations (::error file=…,line=…::…)"
    LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

    def stream(self, lang: str, options: ReportOptions = ReportOptions()) -> "_GithubStream":
        return _GithubStream(self, lang)

    def annotation(self, f: Finding, lang: str) -> str:
        props = [f"file={_escape_command(f.file, True)}"]
        if f.location.line:
            props.append(f"line={f.location.line}")
        props.append(f"title={_escape_command(f'{f.code} {f.name}', True)}")
        subject = " › ".join(p for p in (f.table, f.indicator) if p)
        place = _where(f, lang) if not f.location.line else ""
        text = " ".join(p for p in (f"[{place}]" if place else "", f"{subject}:" if subject else "", f.message.get(lang)) if p)
        return f"::{self.LEVELS[f.severity]} {','.join(props)}::{_escape_command(text)}"


class _GithubStream:
    """Annotations written as each file is checked: one line per finding."""

    def __init__(self, reporter: GithubReporter, lang: str):
        self.reporter, self.lang = reporter, lang

    def file(self, result) -> list[str]:
        lines = [self.reporter.annotation(f, self.lang) for f in result.findings]
        return ["\n".join(lines) + "\n"] if lines else []

    def close(self, run: RunResult) -> list[str]:
        return []


class JunitReporter(Reporter):
    name = "junit"
    streams = True
    makes_digests = True
    description = "JUnit XML: a test suite per file, a failing test case per finding"

    def stream(self, lang: str, options: ReportOptions = ReportOptions()) -> "_JunitStream":
        return _JunitStream(lang)

    def digest(self, result, lang: str, options: ReportOptions = ReportOptions()) -> tuple[str, int, int]:
        """A file's test suite, made where it was checked."""
        return _suite(result, lang)


def _suite(result, lang: str) -> tuple[str, int, int]:
    """(a file's <testsuite>, indented as it stands in the report; its tests; its failures)."""
    from xml.etree import ElementTree as ET  # loaded for this format only

    cases = list(result.findings)
    # Errors and warnings fail; an info finding is a passing case that says its piece.
    failing = sum(f.severity is not Severity.INFO for f in cases)
    suite = ET.Element("testsuite", name=printable(result.path), tests=str(max(1, len(cases))), failures=str(failing), errors="0")
    if not cases:
        ET.SubElement(suite, "testcase", classname=printable(result.path), name="perfcheck")
    for f in cases:
        name = " › ".join(p for p in (f.code, f.table, f.indicator) if p)
        case = ET.SubElement(suite, "testcase", classname=printable(result.path), name=name)
        text = "\n".join(
            p for p in (f"{printable(result.path)}:{_where(f, lang)}", f.message.get(lang), f"→ {f.suggestion}" if f.suggestion else "") if p
        )
        if f.severity is Severity.INFO:
            ET.SubElement(case, "system-out").text = text
        else:
            failure = ET.SubElement(case, "failure", message=f.message.get(lang), type=f"{f.code} {f.name} ({f.severity.value})")
            failure.text = text
    ET.indent(suite, level=1)
    return ET.tostring(suite, encoding="unicode"), max(1, len(cases)), failing


class _JunitStream:
    """The JUnit report made file by file: the root's totals come first, so each
    file's suite waits in a spool (on disk past a few MiB) until ``close``. The
    same bytes as ElementTree writes of the whole tree, indented."""

    def __init__(self, lang: str):
        self.lang = lang
        self.tests = self.failures = 0
        self.suites = Spool()

    def file(self, result) -> list[str]:
        suite, tests, failures = result.digest if result.digest is not None else _suite(result, self.lang)
        self.tests += tests
        self.failures += failures
        self.suites.write("\n  " + suite)
        return []

    def close(self, run: RunResult) -> Iterator[str]:
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        if self.suites.empty:
            yield '<testsuites name="perfcheck" tests="0" failures="0" />\n'
            return
        yield f'<testsuites name="perfcheck" tests="{self.tests}" failures="{self.failures}">'
        yield from self.suites.drain()
        yield "\n</testsuites>\n"


class SarifReporter(Reporter):
    name = "sarif"
    streams = True
    description = "SARIF 2.1.0 (GitHub code scanning and other tools)"
    LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

    def stream(self, lang: str, options: ReportOptions = ReportOptions()) -> "_SarifStream":
        return _SarifStream(self, lang, options)

    def log(self, options: ReportOptions, results: list) -> dict:
        """The SARIF log: one run, every loaded rule described, ``results``."""
        entries = options.rules
        driver_rules = [
            {
                "id": entry.rule.code,
                "name": entry.rule.name,
                "shortDescription": {"text": entry.rule.summary()},
                "fullDescription": {"text": entry.rule.doc()},
                "defaultConfiguration": {"level": self.LEVELS[entry.rule.severity]},
                "help": {"text": entry.rule.doc()},
                "properties": {"plugin": entry.plugin},
            }
            for entry in entries
        ]
        return {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "perfcheck", "version": __version__, "rules": driver_rules}}, "results": results}],
        }

    def result(self, f: Finding, lang: str, index: dict[str, int], fix: dict | None) -> dict:
        """One finding as a SARIF result (``index``: a rule's place among the log's rules)."""
        physical: dict = {"artifactLocation": {"uri": f.file.replace("\\", "/")}}
        if f.location.line:
            physical["region"] = {"startLine": f.location.line}
        result = {
            "ruleId": f.code,
            "level": self.LEVELS[f.severity],
            "message": {"text": f.message.get(lang) + (f"（{f.suggestion}）" if f.suggestion else "")},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {"perfcheck/v1": _fingerprint(f)},
        }
        logical = [n for n in (f.table, f.indicator) if n]
        if logical or not f.location.line:
            where = _where(f, lang)
            result["locations"][0]["logicalLocations"] = [
                {"fullyQualifiedName": " › ".join(logical + ([where] if where and not f.location.line else [])), "kind": "element"}
            ]
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if fix is not None:
            result["fixes"] = [fix]
        if f.data is not None:  # as the JSON report's "data"
            result["properties"] = {"data": f.data.to_json()}
        return result


class _SarifStream:
    """The SARIF log written as each file is checked: the same bytes as the
    log made whole (``dumps``), its results written one by one in between."""

    _MARK = "perfcheck:results-go-here"

    def __init__(self, reporter: SarifReporter, lang: str, options: ReportOptions):
        self.reporter, self.lang = reporter, lang
        self.index = {entry.rule.code: i for i, entry in enumerate(options.rules)}
        self.empty = dumps(reporter.log(options, []))
        # The log with one placeholder result, cut around it: what comes before
        # the results, their indent, and what follows them.
        marked = dumps(reporter.log(options, [self._MARK]))
        at = marked.index(f'"{self._MARK}"')
        line = marked.rindex("\n", 0, at) + 1
        self.head, self.indent, self.tail = marked[:line], marked[line:at], marked[marked.index("\n", at):]
        self.started = False

    def file(self, result) -> Iterator[str]:
        fixes = _sarif_fixes(result)
        for f in result.findings:
            text = dumps(self.reporter.result(f, self.lang, self.index, fixes.get(id(f)))).rstrip("\n")
            piece = self.indent + text.replace("\n", "\n" + self.indent)
            yield (",\n" if self.started else self.head) + piece
            self.started = True

    def close(self, run: RunResult) -> Iterator[str]:
        yield self.tail if self.started else self.empty


def _sarif_fixes(result) -> dict[int, dict]:
    """SARIF ``fixes`` for the findings of a file (a canonical document) whose
    fix can be applied as a text replacement, keyed by ``id(finding)``."""
    from pathlib import Path

    from perfcheck import fixes
    from perfcheck.decoding import decode_text
    from perfcheck.limits import file_size_limit, LimitExceeded, MAX_TEXT_BYTES, read_bounded
    from perfcheck.writeback import CANONICAL_SUFFIXES

    found: dict[int, dict] = {}
    path = Path(result.path)
    with_fix = [f for f in result.findings if f.fix is not None]
    if not with_fix or path.suffix.lower() not in CANONICAL_SUFFIXES:
        return found
    try:
        text, _ = decode_text(read_bounded(path, file_size_limit(MAX_TEXT_BYTES)))
    except (OSError, LimitExceeded):
        return found
    nodes = fixes.document_nodes(text)
    if nodes is None:
        return found
    for f in with_fix:
        edits = fixes.edits_for(f, nodes, path.suffix.lower() == ".json")
        if not edits:
            continue
        kind = "safe" if f.fix.safe else "hint: apply with --unsafe-fixes"
        found[id(f)] = {
            "description": {"text": f"{f.fix.field} → {f.fix.replacement} ({kind})"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": f.file.replace("\\", "/")},
                    "replacements": [
                        {
                            "deletedRegion": {"startLine": e.start_line, "startColumn": e.start_column, "endLine": e.end_line, "endColumn": e.end_column},
                            "insertedContent": {"text": e.new},
                        }
                        for e in edits
                    ],
                }
            ],
        }
    return found


def _fingerprint(f: Finding) -> str:
    """Content, not position: the baseline's key, so moved rows keep their identity."""
    import hashlib  # SARIF only: not loaded by every run

    key = "\x1f".join(str(p) for p in attrs.astuple(entry_of(f)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
