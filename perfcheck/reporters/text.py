"""The human-readable report: findings grouped by file and table, the value
quoted, colour on a terminal, and a summary line (or ``--statistics``)."""

from __future__ import annotations

from typing import Iterator

from perfcheck.results import RunResult
from perfcheck.model import Finding, Severity
from perfcheck.reporters import ReportOptions, Reporter, by_rule, streamed_render
from perfcheck.safetext import printable

LABELS = {
    "zh": {"suggest": "建议", "detail": "原始报错", "document": "（整个文件）", "stale": "基线中有 {n} 条记录已不再出现（可能已修复，可重新生成基线）：",
           "baselined": "基线已屏蔽 {n} 个已知问题", "severity": {"error": "错误", "warning": "警告", "info": "提示"}},
    "en": {"suggest": "suggestion", "detail": "as the library said", "document": "(whole file)", "stale": "{n} baseline entries no longer match (fixed? rewrite the baseline):",
           "baselined": "{n} known problems hidden by the baseline", "severity": {"error": "error", "warning": "warning", "info": "info"}},
}
COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, on: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if on else text


def format_finding(f: Finding, lang: str, color: bool = False, indent: str = "", verbose: bool = False) -> str:
    """One finding: place, code, severity, indicator and its value, message,
    suggestion; with ``verbose``, a library's own error behind the message."""
    labels = LABELS[lang]
    loc = f.location.short()
    place = f"{f.file}:{loc}" if loc else f.file
    severity = _paint(labels["severity"][f.severity.value], COLORS[f.severity], color)
    subject = ""
    if f.indicator:
        subject = f"{f.indicator}" + (f"「{f.value}」" if f.value else "") + ": "
    line = f"{indent}{place}: {_paint(f.code, '1', color)} [{severity}] {subject}{f.message.get(lang)}"
    if f.suggestion:
        line += f"\n{indent}    {labels['suggest']}: {_paint(f.suggestion, '32', color)}"
    if verbose and f.data is not None and isinstance(f.data.get("detail"), str):
        line += f"\n{indent}    {labels['detail']}: {f.data['detail']}"
    return line


def summary_line(run: RunResult, lang: str) -> str:
    s = run.summary()
    total = s["errors"] + s["warnings"] + s["infos"]
    if not s["files"]:
        # Not 全部检查通过（0 个文件）: nothing passed, nothing was looked at.
        if lang == "en":
            return "No file was checked: the paths given hold no file with target tables (--verbose lists what was passed over, and why)."
        return "没有检查任何文件：所给的路径中没有含绩效目标表的文件（加 --verbose 可列出跳过了哪些文件及原因）。"
    if lang == "en":
        scope = f"{s['files']} file(s), {s['tables']} table(s), {s['indicators']} indicator(s)"
        if s["suppressed"]:
            scope += f"; {s['suppressed']} suppressed inline"
        if not total:
            return f"All checks passed ({scope})."
        return f"Found {total} problem(s): {s['errors']} error(s), {s['warnings']} warning(s), {s['infos']} info ({scope})."
    scope = f"{s['files']} 个文件，{s['tables']} 张表，{s['indicators']} 个指标"
    if s["suppressed"]:
        scope += f"；另有 {s['suppressed']} 个问题按忽略标记未显示"
    if not total:
        return f"全部检查通过（{scope}）。"
    return f"发现 {total} 个问题：错误 {s['errors']}，警告 {s['warnings']}，提示 {s['infos']}（{scope}）。"


class TextReporter(Reporter):
    name = "text"
    streams = True
    makes_digests = True
    supports_statistics = True
    description = "findings grouped by file and table, with a summary (the default)"

    def render(self, run: RunResult, lang: str, options: ReportOptions = ReportOptions()) -> str:
        labels = LABELS[lang]
        if options.statistics:
            rows = by_rule(run)
            width = max((len(str(n)) for *_, n in rows), default=1)
            name_width = max((len(name) for _, name, *_ in rows), default=1)
            summaries = {e.rule.code: e.rule.summary(lang) for e in options.rules}
            lines = [
                f"{n:>{width}}  {code}  {name:<{name_width}}  [{labels['severity'][sev]}]" + (f"  {summaries[code]}" if code in summaries else "")
                for code, name, sev, n in rows
            ]
            return "\n".join(lines + ([""] if lines else []) + ([] if options.quiet else [summary_line(run, lang)])) + "\n"
        return "".join(self.render_iter(run, lang, options))

    def render_iter(self, run: RunResult, lang: str, options: ReportOptions = ReportOptions()) -> Iterator[str]:
        if options.statistics:
            yield self.render(run, lang, options)
            return
        yield from streamed_render(self, run, lang, options)

    def stream(self, lang: str, options: ReportOptions = ReportOptions()) -> "TextStream":
        return TextStream(lang, options)

    def digest(self, result, lang: str, options: ReportOptions = ReportOptions()) -> str:
        """A file's block of the report, made where it was checked."""
        return TextStream(lang, options).block(result)


class TextStream:
    """The text report written file by file as the files are checked; the
    summary (and a baseline's notes) when the run is over. Pieces join into
    what ``TextReporter.render`` gives for the whole run."""

    def __init__(self, lang: str, options: ReportOptions = ReportOptions()):
        self.lang = lang
        self.options = options

    def file(self, result) -> Iterator[str]:
        block = result.digest if result.digest is not None else self.block(result)
        if block:
            yield block

    def block(self, result) -> str:
        """A file's findings, under its path and grouped by table; "" for none."""
        if not result.findings:
            return ""
        labels, color = LABELS[self.lang], self.options.color
        lines = [_paint(printable(result.path), "1;4", color)]
        # Tables in document order (where their first finding stands), the whole file's findings first.
        by_table: dict[str | None, list] = {None: []}
        for f in sorted(result.findings, key=lambda f: f.sort_key()):
            by_table.setdefault(f.table, []).append(f)
        for table, findings in by_table.items():
            if not findings:
                continue
            lines.append("  " + _paint(table or labels["document"], "1", color))
            lines.extend(format_finding(f, self.lang, color, indent="    ", verbose=self.options.verbose) for f in findings)
        lines.append("")
        return "\n".join(lines) + "\n"

    def close(self, run: RunResult) -> Iterator[str]:
        labels = LABELS[self.lang]
        lines: list[str] = []
        if run.stale:
            lines.append(labels["stale"].format(n=len(run.stale)))
            lines.extend(f"  {e.file} › {e.table or '-'} › {e.indicator or '-'} {e.code} {e.value or ''}".rstrip() for e in run.stale)
            lines.append("")
        if not self.options.quiet:
            if run.baselined:
                lines.append(labels["baselined"].format(n=run.baselined))
            lines.append(summary_line(run, self.lang))
        if lines:
            yield "\n".join(lines) + "\n"
