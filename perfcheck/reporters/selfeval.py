"""The side-by-side view of a self-evaluation table (绩效自评表) that the HTML
report (and the web page showing it) and the annotated workbook give: each
row's target, actual, points and score together, with its findings beside it;
the funds block above the rows and the 总分 below them as rows of their own.

A reviewer reads a 自评表 across: did the actual reach the target, and does
the score follow. The published layouts put other columns between them
(指标性质, 计量单位, 偏差原因); this view puts them next to each other."""

from __future__ import annotations

import attrs

from perfcheck.model import Finding, SourceLocation, Table
from perfcheck.safetext import printable

LABELS = {
    "zh": {"execution": "预算执行率", "budget": "全年预算数", "spent": "全年执行数", "rate": "执行率", "total": "总分", "grade": "自评等级",
           "money": "万元", "table": "整表问题", "open": "（", "close": "）"},
    "en": {"execution": "budget execution", "budget": "budget", "spent": "spent", "rate": "rate", "total": "total score", "grade": "grade",
           "money": "10k yuan", "table": "the whole table", "open": " (", "close": ")"},
}


@attrs.frozen
class SideRow:
    """One row of the view; ``kind`` is ``execution``, ``indicator``, ``total``
    or ``table`` (the findings about the table that stand in none of its cells).
    Text comes from the file: made printable here, once, for every report."""

    kind: str
    name: str
    target: str = ""
    actual: str = ""
    weight: str = ""
    score: str = ""
    deviation: str = ""
    level1: str = ""
    level2: str = ""
    location: SourceLocation | None = None
    findings: tuple[Finding, ...] = ()


def _number(value) -> str:
    return "" if value is None else format(value, "f")


def self_evaluation_rows(table: Table, findings: list[Finding], lang: str) -> list[SideRow]:
    """The view of ``table``: its funds block, its rows, its 总分, each with
    the findings of ``findings`` about it. A finding about a row goes with the
    row; one about the table with the funds block or the 总分 when it stands
    in one of their cells (A003, A004, A011; A002, A010), else on a last
    ``table`` row (W001, S001 …)."""
    words = LABELS["en" if lang == "en" else "zh"]
    mine = [f for f in findings if f.table == table.name]
    by_row: dict[str, list[Finding]] = {}
    for f in mine:
        if f.indicator is not None:
            by_row.setdefault(f.indicator, []).append(f)
    rows: list[SideRow] = []
    placed: set[int] = set()
    execution = table.execution
    if execution is not None:
        cells = {execution.location, *(at for _, at in execution.locations)}
        about = tuple(f for f in mine if f.indicator is None and f.location in cells)
        placed.update(map(id, about))
        budget = f"{words['budget']} {_number(execution.budget)} {words['money']}" if execution.budget is not None else ""
        spent = f"{words['spent']} {_number(execution.spent)} {words['money']}" if execution.spent is not None else ""
        if execution.rate is not None or execution.written("rate"):
            rate = f"{_number(execution.rate)}%" if execution.rate is not None else execution.written("rate")
            spent += f"{words['open']}{words['rate']} {rate}{words['close']}"
        rows.append(SideRow(
            "execution", words["execution"], printable(budget), printable(spent),
            _number(execution.weight) or printable(execution.written("weight") or ""),
            _number(execution.score) or printable(execution.written("score") or ""),
            printable(execution.reason or ""), location=execution.location, findings=about,
        ))
    for indicator in table.indicators:
        about = tuple(f for f in by_row.pop(indicator.name, ()))
        placed.update(map(id, about))
        rows.append(SideRow(
            "indicator", printable(indicator.name), printable(indicator.raw_value), printable(indicator.raw_actual or ""),
            printable(indicator.raw_weight or ""), printable(indicator.raw_score or ""), printable(indicator.deviation or ""),
            printable(indicator.level1), printable(indicator.level2), indicator.location, about,
        ))
    grade = f"{words['grade']} {table.grade}" if table.grade else ""
    if table.raw_total_score is not None or table.grade:
        cells = {table.total_score_location, table.grade_location} - {None}
        about = tuple(f for f in mine if id(f) not in placed and f.indicator is None and f.location in cells)
        placed.update(map(id, about))
        rows.append(SideRow(
            "total", words["total"], actual=printable(grade), score=printable(table.raw_total_score or ""),
            location=table.total_score_location or table.grade_location, findings=about,
        ))
    rest = tuple(f for f in mine if id(f) not in placed)
    if rest:
        rows.append(SideRow("table", words["table"], location=table.location, findings=rest))
    return rows
