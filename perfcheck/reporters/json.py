"""The JSON report: a public contract (docs/formats.md, schemas/findings.schema.json)."""

from __future__ import annotations

import functools
import json
from typing import Iterator

from perfcheck import __version__
from perfcheck.results import RunResult
from perfcheck.model import Finding
from perfcheck.reporters import ReportOptions, Reporter, by_rule, streamed_render


def finding_to_json(f: Finding, lang: str) -> dict:
    found = {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "message": f.message.get(lang),
        "file": f.file,
        "table": f.table,
        "indicator": f.indicator,
        "location": f.location.to_json(),
        "suggestion": f.suggestion,
        "value": f.value,
        # A suggestion --fix can apply: which field, what it becomes, and whether
        # it is applied unattended (safe) or only with --unsafe-fixes.
        "fix": {"field": f.fix.field, "replacement": f.fix.replacement, "safe": f.fix.safe} if f.fix else None,
    }
    if f.data is not None:  # the numbers behind the message (W001's weight_sum …); absent when none
        found["data"] = f.data.to_json()
    return found


class JsonReporter(Reporter):
    name = "json"
    streams = True
    makes_digests = True
    description = "machine-readable findings and summary (docs/formats.md)"

    supports_statistics = True

    def render_iter(self, run: RunResult, lang: str, options: ReportOptions = ReportOptions()) -> Iterator[str]:
        """The report in pieces, one finding at a time: a batch's report is
        written as it is made, never held whole (the same bytes as
        ``json.dumps(payload, ensure_ascii=False, indent=2)``)."""
        if options.statistics:  # counts per rule instead of the findings, as the text report does
            summaries = {e.rule.code: e.rule.summary(lang) for e in options.rules}
            statistics = [
                {"code": code, "name": name, "severity": severity, "count": count, "summary": summaries.get(code, "")}
                for code, name, severity, count in by_rule(run)
            ]
            yield dumps({"perfcheck": __version__, "statistics": statistics, "summary": run.summary()})
            return
        yield from streamed_render(self, run, lang, options)

    def stream(self, lang: str, options: ReportOptions = ReportOptions()) -> "JsonStream":
        return JsonStream(lang)

    def digest(self, result, lang: str, options: ReportOptions = ReportOptions()) -> list[str]:
        """A file's findings as the report writes them, made where it was checked."""
        return _pieces(result, lang)


def _pieces(result, lang: str) -> list[str]:
    """Each finding in the report's array, at its indent."""
    return ["    " + dumps(finding_to_json(f, lang)).rstrip("\n").replace("\n", "\n    ") for f in result.findings]


class JsonStream:
    """The JSON report written while the files are checked: ``file`` for each
    file's findings as it is done, ``close`` with the run's summary. The same
    bytes as ``JsonReporter.render`` of the whole run."""

    def __init__(self, lang: str):
        self.lang = lang
        self.started = False

    def file(self, result) -> Iterator[str]:
        pieces = result.digest if result.digest is not None else _pieces(result, self.lang)
        for piece in pieces:
            if not self.started:
                self.started = True
                yield '{\n  "perfcheck": ' + dumps(__version__).rstrip("\n") + ',\n  "findings": [\n' + piece
            else:
                yield ",\n" + piece

    def close(self, run: RunResult) -> Iterator[str]:
        head = "\n  ],\n" if self.started else '{\n  "perfcheck": ' + dumps(__version__).rstrip("\n") + ',\n  "findings": [],\n'
        tail = {"summary": run.summary()}
        if run.baselined or run.stale:
            tail["baseline"] = {"suppressed": run.baselined, "stale": [e.to_json() for e in run.stale]}
        yield head + dumps(tail).rstrip("\n")[2:-2] + "\n}\n"  # its keys, at the top level's indent


@functools.cache
def _orjson():
    """orjson, loaded by the first report that needs it: a text report never does."""
    import orjson

    return orjson


def dumps(payload) -> str:
    """``json.dumps(payload, ensure_ascii=False, indent=2)`` and a newline, the
    same bytes, by orjson; by the standard library for what orjson refuses
    (an integer beyond 64 bits a plugin put in a finding)."""
    orjson = _orjson()
    try:
        return orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
