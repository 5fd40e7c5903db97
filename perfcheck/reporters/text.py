"""The human-readable report: one line per finding, then a summary line."""

from __future__ import annotations

from perfcheck.engine import RunResult
from perfcheck.model import Finding

_LABELS = {
    "zh": {"suggest": "建议", "value": "值"},
    "en": {"suggest": "suggestion", "value": "value"},
}


def _subject(f: Finding) -> str:
    parts = [p for p in (f.table, f.indicator) if p]
    return " › ".join(parts)


def format_finding(f: Finding, lang: str) -> str:
    loc = f.location.short()
    where = f"{f.file}:{loc}" if loc else f.file
    subject = _subject(f)
    head = f"{where}: {f.code} [{f.severity.value}] " + (f"{subject}: " if subject else "") + f.message.get(lang)
    if f.suggestion:
        head += f"\n    {_LABELS[lang]['suggest']}: {f.suggestion}"
    return head


def summary_line(run: RunResult, lang: str) -> str:
    s = run.summary()
    total = s["errors"] + s["warnings"] + s["infos"]
    if lang == "en":
        scope = f"{s['files']} file(s), {s['tables']} table(s), {s['indicators']} indicator(s)"
        if not total:
            return f"All checks passed ({scope})."
        return f"Found {total} problem(s): {s['errors']} error(s), {s['warnings']} warning(s), {s['infos']} info ({scope})."
    scope = f"{s['files']} 个文件，{s['tables']} 张表，{s['indicators']} 个指标"
    if not total:
        return f"全部检查通过（{scope}）。"
    return f"发现 {total} 个问题：错误 {s['errors']}，警告 {s['warnings']}，提示 {s['infos']}（{scope}）。"


class TextReporter:
    name = "text"
    description = "one line per finding and a summary (the default)"

    def render(self, run: RunResult, lang: str) -> str:
        lines = [format_finding(f, lang) for f in run.findings]
        if lines:
            lines.append("")
        lines.append(summary_line(run, lang))
        return "\n".join(lines) + "\n"
