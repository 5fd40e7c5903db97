"""The HTML report: one self-contained file (no network, no external assets)
for people who never open a terminal. First every finding, with the cell
(D8) or line it belongs to; then a summary with counts by severity, rule and
file; then every table as the table it is, flagged cells highlighted and the
findings beside them; filters by severity and rule. It reads on a phone as
on a desktop (see the template's styles)."""

from __future__ import annotations

import functools
from typing import Iterator

from perfcheck import __version__
from perfcheck.results import FileResult, RunResult
from perfcheck.safetext import printable
from perfcheck.model import Finding, Severity, SourceLocation
from perfcheck.reporters import ReportOptions, Reporter, RuleTally, Spool
from perfcheck.reporters.selfeval import self_evaluation_rows

TEXT = {
    "zh": {
        "title": "绩效目标表审查报告", "summary": "概览", "files": "文件", "tables": "张表", "indicators": "个指标",
        "error": "错误", "warning": "警告", "info": "提示", "by_rule": "按规则", "by_file": "按文件", "filters": "筛选",
        "severity": "严重程度", "rules": "规则", "all": "全选", "none": "全不选", "level1": "一级指标", "level2": "二级指标",
        "name": "三级指标", "value": "指标值", "target": "年度指标值", "actual": "实际完成值", "score": "得分", "weight": "分值", "scoring": "赋分规则", "findings": "问题", "document": "整个文件",
        "table_findings": "整表问题", "suggest": "建议", "clean": "全部检查通过", "budget": "年度预算总额", "file_findings": "文件问题",
        "lang": "zh-CN", "hidden": "其余问题已被筛选隐藏", "contents": "目录", "only_flagged": "只看有问题的表", "no_findings": "无问题",
        "finding_list": "问题清单", "filters_contents": "筛选与目录", "tables_view": "原表对照", "file": "文件",
        "one_error": "错误", "one_warning": "警告", "one_info": "提示", "open": "（", "close": "）", "colon": "：",
    },
    "en": {
        "title": "Performance target review", "summary": "Summary", "files": "files", "tables": "tables", "indicators": "indicators",
        "error": "errors", "warning": "warnings", "info": "info", "by_rule": "By rule", "by_file": "By file", "filters": "Filters",
        "severity": "Severity", "rules": "Rules", "all": "all", "none": "none", "level1": "Level 1", "level2": "Level 2",
        "name": "Indicator", "value": "Value", "target": "Target", "actual": "Actual", "score": "Score", "weight": "Points", "scoring": "Scoring", "findings": "Findings", "document": "whole file",
        "table_findings": "Table", "suggest": "suggestion", "clean": "All checks passed", "budget": "Budget", "file_findings": "File",
        "lang": "en", "hidden": "other findings are filtered out", "contents": "Contents", "only_flagged": "Only tables with findings", "no_findings": "no findings",
        "finding_list": "Findings", "filters_contents": "Filters and contents", "tables_view": "The tables", "file": "File",
        "one_error": "error", "one_warning": "warning", "one_info": "info", "open": " (", "close": ")", "colon": ": ",
    },
}


@functools.cache
def _template():
    import importlib.resources  # as jinja2: only an HTML report needs them

    import jinja2

    source = importlib.resources.files("perfcheck.templates").joinpath("report.html.j2").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    return env.from_string(source)


def _finding(f: Finding, lang: str, sheets: bool = False) -> dict:
    message = f.message.get(lang)
    return {
        "code": f.code, "name": f.name, "severity": f.severity.value, "message": message, "suggestion": f.suggestion,
        "where": _where(f.location, lang, sheets),
        # The row's name, unless the message already says it (most indicator findings do).
        "indicator": f.indicator if f.indicator and f.indicator not in message else None,
    }


def _where(location: SourceLocation, lang: str, sheets: bool) -> str:
    """Where to look: D8 in a workbook (绩效目标!D8 where the findings span
    sheets), 第 12 行 in a text or YAML file, 第 3 页 in a PDF."""
    if location.cell and not sheets:
        return location.cell
    return location.describe(lang)


def _groups(result: FileResult, tables: list, lang: str) -> list[dict]:
    """The file's findings for the list that heads the page, in reading order
    (D8 before D11), under their tables as they stand in the file: findings
    about the whole file first, then each table's, each table named once."""
    sheets = len({f.location.sheet for f in result.findings if f.location.sheet}) > 1
    index = {}
    for i, table in enumerate(tables, 1):
        index.setdefault(table["name"], i)
    groups: dict[str | None, list[dict]] = {None: []}
    for f in sorted(result.findings, key=Finding.sort_key):
        groups.setdefault(printable(f.table) if f.table else None, []).append(_finding(f, lang, sheets))
    return [{"name": name, "index": index.get(name), "findings": found} for name, found in groups.items() if found]


def _worst(findings: list[dict]) -> str:
    order = [s.value for s in Severity]
    return min((f["severity"] for f in findings), key=order.index)


def _file(result: FileResult, lang: str) -> dict:
    # Findings by (table, indicator), each placed once: on its indicator's row,
    # else on its table, else on the file. Linear in findings and rows.
    by_row: dict[tuple, list[Finding]] = {}
    by_table: dict[str | None, list[Finding]] = {}
    for f in result.findings:
        by_row.setdefault((f.table, f.indicator), []).append(f)
        by_table.setdefault(f.table, []).append(f)
    placed: set[int] = set()

    def take(key: tuple, where=None) -> list[Finding]:
        mine = [f for f in by_row.get(key, ()) if id(f) not in placed and (where is None or f.location in where)]
        placed.update(map(id, mine))
        return mine

    tables = []
    doc = result.document
    for table in doc.tables if doc else ():
        rows = []
        evaluated = table.kind.stage == "self-evaluation"
        for ind in table.indicators:
            mine = take((table.name, ind.name), (ind.location, ind.value_location, ind.weight_location, *_evaluation_cells(ind)))
            # The weight has its own cell where the source says so (a worksheet); else all goes to the value.
            weight_cell = ind.weight_location if ind.weight_location not in (None, ind.location) else None
            # Weight findings (the W group) mark the 分值 cell; in a text layout the
            # weight's place is the row's line, so the code says which cell is meant.
            has_weight = ind.raw_weight is not None or ind.weight_location is not None
            about_weight = [
                f for f in mine if has_weight and ((weight_cell is not None and f.location == weight_cell) or f.code.startswith("W"))
            ]
            # A 自评表's actual and score cells, where the source tells them apart from the value's.
            # (A miss left unexplained, found in the 偏差原因 cell, marks the actual: the view has no such column.)
            on_actual = _on_own_cell(mine, ind.actual_location, ind) + _on_own_cell(mine, ind.deviation_location, ind)
            on_score = _on_own_cell(mine, ind.score_location, ind)
            about_weight = [f for f in about_weight if f not in on_score]
            on_weight = [_finding(f, lang) for f in about_weight]
            on_value = [_finding(f, lang) for f in mine if f not in about_weight and f not in on_actual and f not in on_score]
            # The document's own text, unlike findings, comes straight from the file.
            row = {
                "level1": printable(ind.level1), "level2": printable(ind.level2), "name": printable(ind.name),
                "value": printable(ind.raw_value), "weight": printable(ind.raw_weight or ""), "scoring": printable(ind.scoring or ""),
                "value_findings": on_value, "weight_findings": on_weight,
                "value_worst": _worst(on_value) if on_value else None, "weight_worst": _worst(on_weight) if on_weight else None,
            }
            if evaluated:
                row.update(_cell_of("actual", printable(ind.raw_actual or ""), on_actual, lang))
                row.update(_cell_of("score", printable(ind.raw_score or ""), on_score, lang))
            rows.append(row)
        # A 自评表's funds block and 总分 as rows of the view, with the findings in their cells.
        side = [r for r in self_evaluation_rows(table, [f for f in by_table.get(table.name, ()) if id(f) not in placed], lang) if r.kind in ("execution", "total")] if evaluated else []
        placed.update(id(f) for r in side for f in r.findings)
        own = [f for f in by_table.get(table.name, ()) if id(f) not in placed]
        placed.update(map(id, own))
        tables.append({
            "name": printable(table.name), "budget": table.funds.total if table.funds and table.funds.total is not None else None,
            "findings": [_finding(f, lang) for f in own], "rows": rows,
            "has_weights": any(r["weight"] for r in rows) or evaluated, "has_scoring": any(r["scoring"] for r in rows) and not evaluated,
            "evaluated": evaluated,
            "execution": next((_side(r, lang) for r in side if r.kind == "execution"), None),
            "total": next((_side(r, lang) for r in side if r.kind == "total"), None),
        })
    remaining = [f for f in result.findings if id(f) not in placed]
    counts = {s.value: sum(f.severity is s for f in result.findings) for s in Severity}
    return {
        "path": printable(result.path), "findings": [_finding(f, lang) for f in remaining], "tables": tables, "counts": counts,
        "groups": _groups(result, tables, lang),
    }


def _evaluation_cells(ind) -> tuple:
    """Where a 自评表 row's findings may stand besides its value and weight."""
    return tuple(at for at in (ind.actual_location, ind.score_location, ind.deviation_location) if at is not None)


def _on_own_cell(findings: list[Finding], cell: SourceLocation | None, ind) -> list[Finding]:
    """The findings that stand in ``cell`` when it is a cell of its own (a worksheet's F12, a YAML key), not the row's or the value's place."""
    if cell is None or cell in (ind.location, ind.value_location):
        return []
    return [f for f in findings if f.location == cell]


def _cell_of(key: str, text: str, findings: list[Finding], lang: str) -> dict:
    shown = [_finding(f, lang) for f in findings]
    return {key: text, f"{key}_findings": shown, f"{key}_worst": _worst(shown) if shown else None}


def _side(row, lang: str) -> dict:
    """A funds block or 总分 row of the view, as the template shows it."""
    shown = [_finding(f, lang) for f in row.findings]
    return {"name": row.name, "target": row.target, "actual": row.actual, "weight": row.weight, "score": row.score,
            "findings": shown, "worst": _worst(shown) if shown else None}


class HtmlReporter(Reporter):
    name = "html"
    streams = True
    makes_digests = True
    needs_documents = True  # it shows every table, not only the findings
    description = "a self-contained HTML page: summary, chart, every table with its flagged cells, filters"

    def stream(self, lang: str, options: ReportOptions = ReportOptions()) -> "HtmlStream":
        return HtmlStream(lang, options)

    def digest(self, result: FileResult, lang: str, options: ReportOptions = ReportOptions()) -> tuple[dict, dict, str]:
        """A file's section of the page, made where it was checked (so that its
        document need not be sent back), with what the page's top needs of it."""
        return _digest(result, lang)


# A file's section is numbered by its place on the page, known only when the
# sections are put in order: made with this mark, numbered then. Escaped text
# never holds a "<", so the mark cannot be met in a table's own words.
_NUMBER_MARK = "<perfcheck-file-number>"
# A file's digest holds its part of the findings list and its section, which
# go to two places on the page: parted at this mark, as safe as the other.
_PART_MARK = "<perfcheck-findings-end>"


@functools.cache
def _page(lang: str):
    """The template's macros, with the page's words in ``lang``."""
    return _template().make_module({"t": TEXT[lang], "version": __version__})


def _digest(result: FileResult, lang: str) -> tuple[dict, dict, str]:
    """(the file's entry in the contents and by-file table, its findings counted
    per rule, its part of the findings list and its section, parted by
    ``_PART_MARK``, with ``_NUMBER_MARK`` for its number)."""
    from markupsafe import Markup

    view = _file(result, lang)
    outline = {"path": view["path"], "tables": [{"name": t["name"]} for t in view["tables"]], "counts": view["counts"]}
    page, number = _page(lang), Markup(_NUMBER_MARK)
    return outline, RuleTally().add(result.findings).counts, str(page.findings_part(view, number)) + _PART_MARK + str(page.file_section(view, number))


class HtmlStream:
    """The HTML report made file by file, so that a batch never holds more than
    the file at hand: each file's part of the findings list and its section
    are rendered as its result comes and set aside (on disk past a few MiB);
    what heads the page (the filters, the summary, the contents) needs every
    file's counts and table names only, and is made by ``close``.
    ``HtmlReporter.render`` goes through here too: one page, either way."""

    def __init__(self, lang: str, options: ReportOptions = ReportOptions()):
        self.lang = lang
        self.options = options
        self.page = _page(lang)
        self.outline: list[dict] = []  # per file: path, table names, counts
        self.rules = RuleTally()
        self.listed = Spool()  # the findings list, file by file
        self.sections = Spool()  # the tables, file by file

    def file(self, result: FileResult) -> Iterator[str]:
        """Take one file's result; nothing is written yet (the page starts with the summary)."""
        outline, rules, digest = result.digest if result.digest is not None else _digest(result, self.lang)
        self.outline.append(outline)
        self.rules.merge(rules)
        listed, section = digest.replace(_NUMBER_MARK, str(len(self.outline))).split(_PART_MARK)
        self.listed.write(listed)
        self.sections.write(section)
        return iter(())

    def close(self, run: RunResult) -> Iterator[str]:
        """The page: its top for ``run`` (whose files may no longer hold their
        findings), the findings list, the overview, every section, the bottom."""
        ranked = self.rules.ranked()
        most = max((n for *_, n in ranked), default=1)
        titles = {e.rule.code: e.rule.summary(self.lang) for e in self.options.rules}
        # The filter and the chart name each rule in the reader's language (C001 成本指标上限…), its slug as a tooltip.
        rules = [
            {"code": c, "name": n, "title": titles.get(c, n), "severity": s, "count": k, "share": round(100 * k / most)}
            for c, n, s, k in ranked
        ]
        summary = run.summary()
        yield str(self.page.page_top(summary, rules, self.outline))
        yield from self.listed.drain()
        yield str(self.page.page_middle(summary, rules, self.outline))
        yield from self.sections.drain()
        yield str(self.page.page_bottom())
