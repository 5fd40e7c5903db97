"""``perfcheck report STORE``: what a findings store holds (``perfcheck.store``),
summed up for whoever reviews a province's run.

The latest entry of each file is the run as it stands. It is counted by
budget unit, by region (where the document gives it), by year and by rule; the tables with the most errors and
warnings are listed; and two stores can be compared: findings new in this
one, fixed since the other, and unchanged. A finding is the same finding in
both when its file, table, indicator, rule and value are (as a baseline
keys them), so moving rows does not make it new.

Written as text, JSON, CSV (one row per finding, for a spreadsheet) or one
self-contained HTML page (no script or style from anywhere else).
"""

from __future__ import annotations

import collections
import csv
import io
import json
from pathlib import Path

from perfcheck import __version__
from perfcheck.safetext import columns, padded
from perfcheck.store import Store

SEVERITIES = ("error", "warning", "info")
LABELS = {
    "zh": {
        "title": "perfcheck 结果库报告", "store": "结果库", "runs": "运行", "unfinished": "未完成", "files": "文件", "tables": "表",
        "indicators": "指标", "errors": "错误", "warnings": "警告", "infos": "提示", "findings": "问题",
        "by_unit": "按单位", "by_region": "按地区", "region": "地区", "by_year": "按年度", "by_rule": "按规则", "worst": "问题最多的表", "unit": "单位", "year": "年度",
        "rule": "规则", "severity": "严重程度", "table": "表", "file": "文件", "none": "（未注明）", "compare": "与另一结果库比较",
        "new": "新增", "fixed": "已修复", "unchanged": "未变", "other": "对比的结果库", "count": "数量", "last": "最近一次运行",
        "error": "错误", "warning": "警告", "info": "提示",
    },
    "en": {
        "title": "perfcheck findings store report", "store": "store", "runs": "runs", "unfinished": "unfinished", "files": "files",
        "tables": "tables", "indicators": "indicators", "errors": "errors", "warnings": "warnings", "infos": "infos",
        "findings": "findings", "by_unit": "By unit", "by_region": "By region", "region": "region", "by_year": "By year", "by_rule": "By rule", "worst": "Tables with the most findings",
        "unit": "unit", "year": "year", "rule": "rule", "severity": "severity", "table": "table", "file": "file", "none": "(not given)",
        "compare": "Compared with another store", "new": "new", "fixed": "fixed", "unchanged": "unchanged", "other": "other store",
        "count": "count", "last": "latest run", "error": "error", "warning": "warning", "info": "info",
    },
}


def _key(path: str, finding: dict) -> tuple:
    """What makes two stored findings the same finding (as a baseline keys them)."""
    return (path, finding.get("table"), finding.get("indicator"), finding["code"], finding.get("value"))


# The counts by what the documents give: (the report's key, the files column).
GROUPINGS = (("by_unit", "unit"), ("by_region", "region"), ("by_year", "year"))


def _tally(rows: list[dict], field: str) -> list[dict]:
    groups: dict = collections.OrderedDict()
    for row in sorted(rows, key=lambda r: (r[field] is None, r[field] if r[field] is not None else "")):
        group = groups.setdefault(row[field], {field: row[field], "files": 0, "tables": 0, "indicators": 0, "errors": 0, "warnings": 0, "infos": 0})
        group["files"] += 1
        for column in ("tables", "indicators", "errors", "warnings", "infos"):
            group[column] += row[column]
    return list(groups.values())


def summarise(store: Store, rows: list[dict], *, other: Store | None = None, top: int = 10) -> dict:
    """The report's content, as the JSON report writes it: ``rows`` are the
    store's latest entries (``Store.latest``)."""
    runs = store.runs()
    rules: dict[str, dict] = {}
    tables: dict[tuple, dict] = {}
    for row in rows:
        seen_in_file: set[str] = set()
        for found in row["findings"]:
            rule = rules.setdefault(found["code"], {"code": found["code"], "name": found["name"], "severity": found["severity"], "count": 0, "files": 0})
            rule["count"] += 1
            if found["code"] not in seen_in_file:
                rule["files"] += 1
                seen_in_file.add(found["code"])
            if found.get("table"):
                table = tables.setdefault((row["path"], found["table"]), {
                    "file": row["path"], "table": found["table"], "unit": row["unit"], "region": row["region"], "year": row["year"],
                    "errors": 0, "warnings": 0, "infos": 0,
                })
                table[found["severity"] + "s"] += 1
    worst = sorted(tables.values(), key=lambda t: (-t["errors"], -t["warnings"], -t["infos"], t["file"], t["table"]))[:top]
    report = {
        "perfcheck": __version__,
        "store": str(store.path),
        "runs": runs,
        "summary": {
            "files": len(rows),
            **{column: sum(r[column] for r in rows) for column in ("tables", "indicators", "errors", "warnings", "infos", "suppressed")},
        },
        "by_unit": _tally(rows, "unit"),
        "by_region": _tally(rows, "region"),
        "by_year": _tally(rows, "year"),
        "by_rule": sorted(rules.values(), key=lambda r: (-r["count"], r["code"])),
        "worst_tables": [t for t in worst if t["errors"] + t["warnings"] + t["infos"]],
    }
    if other is not None:
        report["compare"] = compare(rows, other.latest(), str(other.path))
    return report


def compare(rows: list[dict], other_rows: list[dict], other_path: str) -> dict:
    """Findings new in ``rows`` against ``other_rows``, fixed since, and unchanged (as multisets)."""
    def findings(entries):
        counted: collections.Counter = collections.Counter()
        kept: dict[tuple, dict] = {}
        for row in entries:
            for found in row["findings"]:
                key = _key(row["path"], found)
                counted[key] += 1
                kept.setdefault(key, {**found, "path": row["path"]})
        return counted, kept

    now, now_found = findings(rows)
    before, before_found = findings(other_rows)
    new = now - before
    fixed = before - now
    unchanged = now & before

    def listed(counter, found):
        return [found[key] for key in sorted(counter, key=lambda k: tuple("" if v is None else str(v) for v in k)) for _ in range(counter[key])]

    return {
        "other": other_path,
        "new": listed(new, now_found),
        "fixed": listed(fixed, before_found),
        "unchanged": sum(unchanged.values()),
    }


# --------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------


def render_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def render_text(report: dict, lang: str) -> str:
    L = LABELS[lang]
    out = io.StringIO()
    s = report["summary"]
    out.write(f"{L['store']}: {report['store']}\n")
    if report["runs"]:
        last = report["runs"][-1]
        state = last["finished"] or L["unfinished"]
        out.write(f"{L['runs']}: {len(report['runs'])}; {L['last']}: {last['started']} → {state}\n")
    out.write(
        f"{L['files']} {s['files']}, {L['tables']} {s['tables']}, {L['indicators']} {s['indicators']}; "
        f"{L['errors']} {s['errors']}, {L['warnings']} {s['warnings']}, {L['infos']} {s['infos']}\n"
    )
    for title, field in GROUPINGS:
        groups = report[title]
        out.write(f"\n{L[title]}\n")
        _table(out, [L[field], L["files"], L["tables"], L["errors"], L["warnings"], L["infos"]],
               [[_shown(g[field], L), g["files"], g["tables"], g["errors"], g["warnings"], g["infos"]] for g in groups])
    out.write(f"\n{L['by_rule']}\n")
    _table(out, [L["rule"], L["severity"], L["count"], L["files"]],
           [[f"{r['code']} {r['name']}", L[r["severity"]], r["count"], r["files"]] for r in report["by_rule"]])
    out.write(f"\n{L['worst']}\n")
    _table(out, [L["table"], L["unit"], L["errors"], L["warnings"], L["infos"], L["file"]],
           [[t["table"], _shown(t["unit"], L), t["errors"], t["warnings"], t["infos"], t["file"]] for t in report["worst_tables"]])
    if "compare" in report:
        c = report["compare"]
        out.write(f"\n{L['compare']} ({c['other']})\n")
        out.write(f"{L['new']} {len(c['new'])}, {L['fixed']} {len(c['fixed'])}, {L['unchanged']} {c['unchanged']}\n")
        for label, listed in (("new", c["new"]), ("fixed", c["fixed"])):
            for f in listed:
                where = " › ".join(p for p in (f.get("table"), f.get("indicator")) if p)
                out.write(f"  [{L[label]}] {f['file']}: {f['code']} {where}: {f['message']}\n")
    return out.getvalue()


def _shown(value, L) -> str:
    return L["none"] if value is None else str(value)


def _table(out, header: list[str], rows: list[list]) -> None:
    cells = [[str(c) for c in row] for row in [header, *rows]]
    widths = [max(columns(row[i]) for row in cells) for i in range(len(header))]
    for row in cells:
        out.write("  " + "  ".join(padded(c, widths[i]) for i, c in enumerate(row)).rstrip() + "\n")


CSV_COLUMNS = ("file", "unit", "region", "year", "table", "indicator", "code", "name", "severity", "message", "value", "suggestion")


def render_csv(store_rows: list[dict], report: dict) -> str:
    """One row per finding of the latest entries (and, with a comparison, the
    fixed ones too), with its unit and year: a spreadsheet's view of the run."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    comparing = "compare" in report
    writer.writerow((("status",) if comparing else ()) + CSV_COLUMNS)
    new = collections.Counter()
    if comparing:
        for f in report["compare"]["new"]:
            new[_key(f["path"], f)] += 1
    for row in store_rows:
        for f in row["findings"]:
            status = ()
            if comparing:
                key = _key(row["path"], f)
                status = ("new",) if new[key] > 0 else ("unchanged",)
                if new[key] > 0:
                    new[key] -= 1
            writer.writerow(status + _csv_row(f, row["unit"], row["region"], row["year"]))
    if comparing:
        for f in report["compare"]["fixed"]:
            writer.writerow(("fixed",) + _csv_row(f, None, None, None))
    return out.getvalue()


def _csv_row(f: dict, unit, region, year) -> tuple:
    return tuple(_cell(v) for v in (f["file"], unit, region, year, f.get("table"), f.get("indicator"), f["code"], f["name"], f["severity"],
                                    f["message"], f.get("value"), f.get("suggestion")))


def _cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: one starting with =, +, - or @
    would be run as a formula (text from documents is not to be trusted)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def render_html(report: dict, lang: str) -> str:
    """One self-contained page: the summary, bar charts drawn in CSS, and the
    tables of the text report. Everything from the store is escaped."""
    import jinja2

    environment = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    template = environment.from_string(_HTML)
    most = max([r["count"] for r in report["by_rule"]] or [1])
    # Each grouping's bars to its own scale: a year sums many units.
    groupings = [
        (title, field, report[title], max([g["errors"] + g["warnings"] + g["infos"] for g in report[title]] or [1]) or 1)
        for title, field in GROUPINGS
    ]
    return template.render(r=report, L=LABELS[lang], lang=lang, most=most, groupings=groupings)


_HTML = """<!DOCTYPE html>
<html lang="{{ 'zh-CN' if lang == 'zh' else 'en' }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ L.title }}</title>
<style>
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: 0.9em; background: #c0392b; vertical-align: middle; }
.bar.w { background: #e67e22; } .bar.i { background: #2980b9; }
.cards span { display: inline-block; margin-right: 1.5em; font-size: 1.2em; }
.new { color: #c0392b; } .fixed { color: #27ae60; }
</style>
</head>
<body>
<h1>{{ L.title }}</h1>
<p>{{ L.store }}: {{ r.store }}{% if r.runs %}; {{ L.runs }}: {{ r.runs|length }}; {{ L.last }}: {{ r.runs[-1].started }} → {{ r.runs[-1].finished or L.unfinished }}{% endif %}</p>
<p class="cards">
<span>{{ L.files }} {{ r.summary.files }}</span><span>{{ L.tables }} {{ r.summary.tables }}</span><span>{{ L.indicators }} {{ r.summary.indicators }}</span>
<span>{{ L.errors }} {{ r.summary.errors }}</span><span>{{ L.warnings }} {{ r.summary.warnings }}</span><span>{{ L.infos }} {{ r.summary.infos }}</span>
</p>
<h2>{{ L.by_rule }}</h2>
<table>
<tr><th>{{ L.rule }}</th><th>{{ L.severity }}</th><th>{{ L.count }}</th><th>{{ L.files }}</th><th></th></tr>
{% for x in r.by_rule %}
<tr><td>{{ x.code }} {{ x.name }}</td><td>{{ L[x.severity] }}</td><td class="n">{{ x.count }}</td><td class="n">{{ x.files }}</td>
<td><span class="bar{{ ' w' if x.severity == 'warning' else ' i' if x.severity == 'info' else '' }}" style="width: {{ (300 * x.count / most)|round(1) }}px"></span></td></tr>
{% endfor %}
</table>
{% for title, field, groups, group_most in groupings %}
<h2>{{ L[title] }}</h2>
<table>
<tr><th>{{ L[field] }}</th><th>{{ L.files }}</th><th>{{ L.tables }}</th><th>{{ L.errors }}</th><th>{{ L.warnings }}</th><th>{{ L.infos }}</th><th></th></tr>
{% for g in groups %}
<tr><td>{{ L.none if g[field] is none else g[field] }}</td><td class="n">{{ g.files }}</td><td class="n">{{ g.tables }}</td>
<td class="n">{{ g.errors }}</td><td class="n">{{ g.warnings }}</td><td class="n">{{ g.infos }}</td>
<td><span class="bar" style="width: {{ (300 * g.errors / group_most)|round(1) }}px"></span><span class="bar w" style="width: {{ (300 * g.warnings / group_most)|round(1) }}px"></span><span class="bar i" style="width: {{ (300 * g.infos / group_most)|round(1) }}px"></span></td></tr>
{% endfor %}
</table>
{% endfor %}
<h2>{{ L.worst }}</h2>
<table>
<tr><th>{{ L.table }}</th><th>{{ L.unit }}</th><th>{{ L.errors }}</th><th>{{ L.warnings }}</th><th>{{ L.infos }}</th><th>{{ L.file }}</th></tr>
{% for t in r.worst_tables %}
<tr><td>{{ t.table }}</td><td>{{ L.none if t.unit is none else t.unit }}</td><td class="n">{{ t.errors }}</td><td class="n">{{ t.warnings }}</td><td class="n">{{ t.infos }}</td><td>{{ t.file }}</td></tr>
{% endfor %}
</table>
{% if r.compare %}
<h2>{{ L.compare }}</h2>
<p>{{ L.other }}: {{ r.compare.other }}</p>
<p class="cards"><span class="new">{{ L.new }} {{ r.compare.new|length }}</span><span class="fixed">{{ L.fixed }} {{ r.compare.fixed|length }}</span><span>{{ L.unchanged }} {{ r.compare.unchanged }}</span></p>
<table>
<tr><th></th><th>{{ L.file }}</th><th>{{ L.table }}</th><th>{{ L.rule }}</th><th>{{ L.findings }}</th></tr>
{% for label, listed in [('new', r.compare.new), ('fixed', r.compare.fixed)] %}
{% for f in listed %}
<tr><td class="{{ label }}">{{ L[label] }}</td><td>{{ f.file }}</td><td>{{ f.table or '' }}{% if f.indicator %} › {{ f.indicator }}{% endif %}</td><td>{{ f.code }}</td><td>{{ f.message }}</td></tr>
{% endfor %}
{% endfor %}
</table>
{% endif %}
</body>
</html>
"""


def render(store_path: Path, fmt: str, lang: str, *, other_path: Path | None = None, top: int = 10) -> str:
    """The report of the store at ``store_path`` (``StoreError`` if it cannot be read)."""
    with Store(store_path, create=False) as store:
        other = Store(other_path, create=False) if other_path is not None else None
        try:
            rows = store.latest()
            report = summarise(store, rows, other=other, top=top)
            if fmt == "csv":
                return render_csv(rows, report)
        finally:
            if other is not None:
                other.close()
    if fmt == "json":
        return render_json(report)
    if fmt == "html":
        return render_html(report, lang)
    return render_text(report, lang)
