"""Baselines: record today's findings, then report only new ones.

An entry is keyed on content — file, table, indicator, rule and the value
as written — never on line numbers, so it survives edits that move rows.
Identical findings are counted, so a second copy of a known defect is new.
Entries that no finding matches any more are reported as stale (fixed, or
changed past recognition) so the baseline can be rewritten.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import attrs

from perfcheck.results import RunResult
from perfcheck.model import Finding, Message
from perfcheck.output import write_text

FORMAT = 1


class BaselineError(Exception):
    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.message = Message(zh, en)


@attrs.frozen
class Entry:
    file: str
    table: str | None
    indicator: str | None
    code: str
    value: str | None

    def to_json(self) -> dict:
        return attrs.asdict(self)

    def sort_key(self) -> tuple:
        return tuple("" if v is None else v for v in attrs.astuple(self))


def _file_key(path: str) -> str:
    return Path(path).as_posix()


def entry_of(finding: Finding) -> Entry:
    return Entry(_file_key(finding.file), finding.table, finding.indicator, finding.code, finding.value)


def write(run: RunResult, path: Path) -> int:
    entries = sorted((entry_of(f) for f in run.findings), key=Entry.sort_key)
    write_text(path, json.dumps({"perfcheck-baseline": FORMAT, "entries": [e.to_json() for e in entries]}, ensure_ascii=False, indent=2) + "\n")
    return len(entries)


def load(path: Path) -> Counter:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("perfcheck-baseline") != FORMAT:
            raise BaselineError(f"{path}: not a perfcheck baseline (format {FORMAT})", f"{path}：不是 perfcheck 基线文件（格式 {FORMAT}）")
        return Counter(Entry(**e) for e in data["entries"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc}", f"{path}：无法读取基线：{exc}") from None


def apply(run: RunResult, known: Counter) -> RunResult:
    """The run without the findings the baseline knows; what it knew but did not see is stale."""
    remaining = Counter(known)
    files = []
    absorbed = 0
    for result in run.files:
        kept = []
        for finding in result.findings:
            key = entry_of(finding)
            if remaining[key] > 0:
                remaining[key] -= 1
                absorbed += 1
            else:
                kept.append(finding)
        files.append(attrs.evolve(result, findings=tuple(kept)))
    checked = {_file_key(r.path) for r in run.files}
    # Only entries of files checked now can be stale: a partial run is not a fix.
    stale = tuple(sorted((e for e, n in remaining.items() for _ in range(n) if e.file in checked), key=Entry.sort_key))
    return attrs.evolve(run, files=tuple(files), baselined=absorbed, stale=stale)
