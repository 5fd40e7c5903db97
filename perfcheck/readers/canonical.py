"""The canonical document: YAML or JSON as described in docs/formats.md.

Validated against the JSON Schema shipped in ``perfcheck/schemas``; every
problem names the JSON pointer of the bad field (and, for YAML, its line).
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from perfcheck.model import (
    FUND_FIELDS,
    Allocation,
    AllocationItem,
    Document,
    Funds,
    Indicator,
    Message,
    ProjectEntry,
    Repair,
    SourceLocation,
    StatedCount,
    Table,
    TableKind,
)
from perfcheck.readers import ReadError, ReadProblem, repaired_amount
from perfcheck.values import compose_value, parse_value

MAX_SCHEMA_PROBLEMS = 20


@functools.cache
def document_schema() -> dict:
    text = importlib.resources.files("perfcheck.schemas").joinpath("document.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _is_integer(checker, instance) -> bool:
    if isinstance(instance, bool):
        return False
    if isinstance(instance, Decimal):
        return instance.is_finite() and instance == instance.to_integral_value()
    return isinstance(instance, int)


# Numbers are read as Decimal (money is never a float); teach the validator that
# an integral Decimal is an "integer".
_Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


def pointer(parts) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


# --------------------------------------------------------------------------
# Loading with line numbers
# --------------------------------------------------------------------------


class _Loader:
    """Builds plain data from a YAML node graph, remembering each node's line
    and reading numbers from their text (exact ``Decimal``, no float detour)."""

    def __init__(self):
        self.lines: dict[str, int] = {}
        self.problems: list[ReadProblem] = []
        self._constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, where: tuple = ()) -> Any:
        self.lines[pointer(where)] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, (*where, "?"))
                if not isinstance(key, str):
                    key = str(key)
                if key in result:
                    self.problems.append(
                        ReadProblem(
                            Message(f"重复的键 {key!r}", f"duplicate key {key!r}"),
                            SourceLocation(line=key_node.start_mark.line + 1, path=pointer((*where, key))),
                        )
                    )
                result[key] = self.build(value_node, (*where, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*where, i)) for i, item in enumerate(node.value)]
        tag = node.tag.rsplit(":", 1)[-1]
        if tag in ("int", "float"):
            try:
                return Decimal(node.value.replace("_", ""))
            except InvalidOperation:
                return self._constructor.construct_object(node)  # .inf, 0x1F and friends
        if tag == "timestamp":
            return node.value  # a date in a value column is text to the grammar
        return self._constructor.construct_object(node)


def _load_yaml(text: str) -> tuple[Any, dict[str, int], list[ReadProblem]]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        detail = f"{exc.problem or exc.context}"
        raise ReadError(
            [ReadProblem(Message(f"YAML 语法错误：{detail}", f"YAML syntax error: {detail}"), SourceLocation(line=line, column=column))]
        ) from None
    if root is None:
        return {}, {}, []
    loader = _Loader()
    return loader.build(root), loader.lines, loader.problems


def _load_json(text: str) -> tuple[Any, dict[str, int], list[ReadProblem]]:
    try:
        return json.loads(text, parse_float=Decimal, parse_int=Decimal), {}, []
    except json.JSONDecodeError as exc:
        raise ReadError(
            [ReadProblem(Message(f"JSON 语法错误：{exc.msg}", f"JSON syntax error: {exc.msg}"), SourceLocation(line=exc.lineno, column=exc.colno))]
        ) from None


# --------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------

_SNIFF = re.compile(r'^(?:perfcheck|tables)\s*:|"(?:perfcheck|tables)"\s*:', re.MULTILINE)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value).strip()


class _Amounts:
    """Reads amounts (the schema has checked their form) and records the split ones as repairs."""

    def __init__(self):
        self.repairs: list[Repair] = []

    def __call__(self, value: Any, field: str, table: str | None, location: SourceLocation) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, Decimal):
            return value
        amount, repair = repaired_amount(str(value), field, table, location)
        if repair:
            self.repairs.append(repair)
        return amount


def _weight(value: Any) -> tuple[Decimal | None, str | None]:
    if value is None:
        return None, None
    raw = str(value).strip()
    try:
        number = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None, raw
    return (number, raw) if number.is_finite() else (None, raw)


class CanonicalReader:
    name = "canonical"
    suffixes = (".yaml", ".yml", ".json")

    def sniff(self, path: Path) -> bool:
        try:
            with path.open(encoding="utf-8", errors="replace") as f:
                head = f.read(8192)
        except OSError:
            return False
        return bool(_SNIFF.search(head))

    def read(self, path: Path) -> Document:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ReadError(
                [ReadProblem(Message(f"文件不是 UTF-8 编码（第 {exc.start} 字节）", f"not UTF-8 (byte {exc.start})"))]
            ) from None
        return self.read_text(text, str(path), json_syntax=path.suffix.lower() == ".json")

    def read_text(self, text: str, source: str, json_syntax: bool = False) -> Document:
        data, lines, problems = (_load_json if json_syntax else _load_yaml)(text)
        if not isinstance(data, dict):
            raise ReadError(
                [ReadProblem(Message("文档顶层应为映射（含 tables 等键）", "the document must be a mapping with a 'tables' key"), SourceLocation(line=1, path=""))]
            )

        def where(*parts) -> SourceLocation:
            p = pointer(parts)
            return SourceLocation(line=lines.get(p), path=p)

        validator = _Validator(document_schema())
        for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))[:MAX_SCHEMA_PROBLEMS]:
            p = pointer(error.absolute_path)
            field = p or "/"
            problems.append(
                ReadProblem(
                    Message(f"字段 {field} 不符合格式：{error.message}", f"field {field} is invalid: {error.message}"),
                    SourceLocation(line=lines.get(p), path=p),
                )
            )
        if problems:
            raise ReadError(problems)
        return self._build(data, source, where)

    def _build(self, data: dict, source: str, where) -> Document:
        meta = data.get("document") or {}
        amount = _Amounts()
        tables = []
        for ti, t in enumerate(data.get("tables") or []):
            indicators = []
            for ii, row in enumerate(t.get("indicators") or []):
                raw = compose_value(_text(row.get("operator")), _text(row.get("value")), _text(row.get("unit")))
                weight, raw_weight = _weight(row.get("weight"))
                indicators.append(
                    Indicator(
                        name=_text(row["name"]) or "",
                        value=parse_value(raw),
                        raw_value=raw,
                        level1=_text(row.get("level1")) or "",
                        level2=_text(row.get("level2")) or "",
                        operator=_text(row.get("operator")),
                        unit=_text(row.get("unit")),
                        direction=_text(row.get("direction")),
                        value_type=_text(row.get("value_type")),
                        weight=weight,
                        raw_weight=raw_weight,
                        scoring=_text(row.get("scoring")),
                        basis=_text(row.get("basis")),
                        last_year=_text(row.get("last_year")),
                        evidence=_text(row.get("evidence")),
                        location=where("tables", ti, "indicators", ii),
                        value_location=where("tables", ti, "indicators", ii, "value"),
                        weight_location=where("tables", ti, "indicators", ii, "weight") if "weight" in row else None,
                    )
                )
            funds = t.get("funds")
            name = t["name"].strip()
            if funds:
                funds = Funds(*(amount(funds.get(k), FUND_FIELDS[k], name, where("tables", ti, "funds", k)) for k in ("total", "fiscal", "other")))
            tables.append(
                Table(
                    name=name,
                    kind=TableKind(t.get("kind") or "project"),
                    unit=_text(t.get("unit")),
                    manager=_text(t.get("manager")),
                    funds=funds or None,
                    goal=_text(t.get("goal")),
                    declared=tuple((k, amount(v, k, name, where("tables", ti, "declared", k))) for k, v in (t.get("declared") or {}).items()),
                    indicators=tuple(indicators),
                    location=where("tables", ti),
                )
            )
        projects = tuple(
            ProjectEntry(
                p["name"].strip(),
                amount(p.get("amount"), "项目支出合计", p["name"].strip(), where("projects", i, "amount")),
                _text(p.get("subject")),
                where("projects", i),
            )
            for i, p in enumerate(data.get("projects") or [])
        )
        allocations = tuple(
            Allocation(
                a["project"].strip(),
                tuple(
                    AllocationItem(item["name"].strip(), amount(item.get("amount"), item["name"].strip(), a["project"].strip(), where("allocations", i, "items", j)))
                    for j, item in enumerate(a.get("items") or [])
                ),
                where("allocations", i),
            )
            for i, a in enumerate(data.get("allocations") or [])
        )
        year = meta.get("year")
        return Document(
            source=source,
            tables=tuple(tables),
            title=_text(meta.get("title")),
            unit=_text(meta.get("unit")),
            year=int(year) if year is not None else None,
            projects=projects,
            allocations=allocations,
            counts=tuple(
                StatedCount(subject, int(count), where("document", "counts", subject))
                for subject, count in (meta.get("counts") or {}).items()
            ),
            repairs=tuple(amount.repairs) + tuple(
                Repair(r["original"], r["repaired"], r["field"], _text(r.get("table")), where("repairs", i))
                for i, r in enumerate(data.get("repairs") or [])
            ),
        )


# --------------------------------------------------------------------------
# Writing: what `perfcheck extract` prints
# --------------------------------------------------------------------------


def _number_text(value: Decimal | None) -> str | None:
    """Amounts are written as strings: exact, and never mistaken for floats by a YAML reader."""
    return None if value is None else format(value, "f")


def document_to_data(doc: Document) -> dict:
    """The canonical form of a document (docs/formats.md), ready for YAML or JSON."""
    data: dict[str, Any] = {"perfcheck": 1}
    meta = {k: v for k, v in (("title", doc.title), ("unit", doc.unit), ("year", doc.year)) if v is not None}
    if doc.counts:
        meta["counts"] = {c.subject: c.count for c in doc.counts}
    if meta:
        data["document"] = meta
    tables = []
    for t in doc.tables:
        table: dict[str, Any] = {"kind": t.kind.value, "name": t.name}
        for key in ("unit", "manager"):
            if getattr(t, key):
                table[key] = getattr(t, key)
        if t.funds is not None:
            table["funds"] = {
                k: _number_text(getattr(t.funds, k))
                for k in ("total", "fiscal", "other")
                if getattr(t.funds, k) is not None
            }
        if t.goal:
            table["goal"] = t.goal
        if t.declared:
            table["declared"] = {k: format(v, "f") for k, v in t.declared}
        rows = []
        for i in t.indicators:
            row: dict[str, Any] = {"level1": i.level1, "level2": i.level2, "name": i.name, "value": i.raw_value}
            for key in ("operator", "unit", "direction", "value_type"):
                if getattr(i, key) is not None:
                    row[key] = getattr(i, key)
            if i.raw_weight is not None:
                row["weight"] = i.raw_weight
            for key in ("scoring", "basis", "last_year", "evidence"):
                if getattr(i, key) is not None:
                    row[key] = getattr(i, key)
            rows.append(row)
        table["indicators"] = rows
        tables.append(table)
    data["tables"] = tables
    if doc.projects:
        data["projects"] = [
            {k: v for k, v in (("name", p.name), ("amount", _number_text(p.amount)), ("subject", p.subject)) if v is not None}
            for p in doc.projects
        ]
    if doc.allocations:
        data["allocations"] = [
            {"project": a.project, "items": [{"name": it.name, "amount": _number_text(it.amount)} for it in a.items]}
            for a in doc.allocations
        ]
    if doc.repairs:
        data["repairs"] = [
            {"original": r.original, "repaired": r.repaired, "field": r.field, "table": r.table,
             **{k: v for k, v in (("line", r.location.line), ("page", r.location.page)) if v is not None}}
            for r in doc.repairs
        ]
    return data


def dump_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
