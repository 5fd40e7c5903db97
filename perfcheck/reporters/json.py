"""The JSON report: a public contract (docs/formats.md, schemas/findings.schema.json)."""

from __future__ import annotations

import json

from perfcheck import __version__
from perfcheck.engine import RunResult
from perfcheck.model import Finding
from perfcheck.reporters import ReportOptions


def finding_to_json(f: Finding, lang: str) -> dict:
    return {
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
    }


class JsonReporter:
    name = "json"
    description = "machine-readable findings and summary (docs/formats.md)"

    def render(self, run: RunResult, lang: str, options: ReportOptions = ReportOptions()) -> str:
        payload = {
            "perfcheck": __version__,
            "findings": [finding_to_json(f, lang) for f in run.findings],
            "summary": run.summary(),
        }
        if run.baselined or run.stale:
            payload["baseline"] = {"suppressed": run.baselined, "stale": [e.to_json() for e in run.stale]}
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
