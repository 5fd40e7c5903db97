"""The canonical document: YAML or JSON as described in docs/formats.md.

Validated against the JSON Schema shipped in ``perfcheck/schemas``; every
problem names the JSON pointer of the bad field (and, for YAML, its line).
"""

from __future__ import annotations

import array
import copy
import functools
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    import yaml

from perfcheck.model import (
    EXECUTION_FIELDS,
    FUND_FIELDS,
    INDICATOR_COLUMNS,
    Allocation,
    AllocationItem,
    Document,
    Execution,
    FundColumn,
    Funds,
    Message,
    ProjectEntry,
    Reading,
    Repair,
    SourceLocation,
    StatedCount,
    TABLE_KINDS,
    Table,
)
from perfcheck.decoding import decode_text
from perfcheck.limits import (
    MAX_DIGITS,
    MAX_MAGNITUDE,
    MAX_TEXT_BYTES,
    file_size_limit,
    MAX_YAML_NODES,
    LimitExceeded,
    bounded_decimal,
    read_bounded,
)
from perfcheck.readers import ReadError, ReadProblem, build_indicator, repaired_amount
from perfcheck.readers.schema_problems import explain, without
from perfcheck.readers.syntax_problems import json_problem, yaml_problem
from perfcheck.regions import region_of
from perfcheck.safetext import without_surrogates
from perfcheck.suppression import MARKER, codes_in

MAX_SCHEMA_PROBLEMS = 20


@functools.cache
def document_schema() -> dict:
    import importlib.resources  # only a canonical document needs it: 2 ms of every run's start-up

    text = importlib.resources.files("perfcheck.schemas").joinpath("document.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@functools.cache
def _schema_for(kinds: tuple[str, ...]) -> dict:
    """The document schema with ``kind`` open to ``kinds``: the shipped schema
    names the built-in kinds, and a plugin's kind is valid where the plugin is
    installed."""
    schema = document_schema()
    if list(kinds) == schema["$defs"]["table"]["properties"]["kind"]["enum"]:
        return schema
    schema = copy.deepcopy(schema)
    schema["$defs"]["table"]["properties"]["kind"]["enum"] = list(kinds)
    return schema


def _is_integer(checker, instance) -> bool:
    if isinstance(instance, bool):
        return False
    if isinstance(instance, Decimal):
        return instance.is_finite() and instance == instance.to_integral_value()
    return isinstance(instance, int)


# Numbers are read as Decimal (money is never a float); teach the validator that
# an integral Decimal is an "integer".
@functools.cache
def _validator_class():
    """jsonschema's Draft 2020-12 validator, taught that an integral Decimal is
    an "integer". Imported when a canonical document is first read, not when
    perfcheck starts (jsonschema and its dependencies take ~30 ms)."""
    import jsonschema

    return jsonschema.validators.extend(
        jsonschema.Draft202012Validator,
        type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
    )



def pointer(parts) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


# --------------------------------------------------------------------------
# Loading with line numbers
# --------------------------------------------------------------------------


def _unescape(part: str) -> str | int:
    text = part.replace("~1", "/").replace("~0", "~")
    return int(text) if text.isdigit() else text


class LineMap:
    """Where each part of a YAML document starts and ends, by JSON pointer.

    Every mapping and sequence is recorded with its first and last line, and
    every scalar outside the indicator rows. A field of a row (there may be
    hundreds of thousands) is found when asked, in the row's own lines: one
    entry per node would take more memory than the document itself."""

    def __init__(self, text: str):
        self._text = text
        self._line_starts: array.array | None = None
        self.spans: dict[tuple, tuple[int, int]] = {}

    def get(self, p: str | None) -> int | None:
        if p is None:
            return None
        path = tuple(_unescape(part) for part in p.split("/")[1:]) if p else ()
        span = self.spans.get(path)
        if span is not None:
            return span[0]
        if len(path) >= 1 and path[:-1] in self.spans:
            return self._field_line(path[:-1], path[-1])
        for n in range(len(path) - 1, -1, -1):  # the nearest recorded ancestor
            if path[:n] in self.spans:
                return self.spans[path[:n]][0]
        return None

    def _field_line(self, parent: tuple, key) -> int:
        first, last = self.spans[parent]
        if isinstance(key, str):
            if self._line_starts is None:  # where each line starts: 4 bytes a line
                self._line_starts = array.array("L", [0, *(m.end() for m in re.finditer("\n", self._text))])
            starts = self._line_starts
            begin = starts[first - 1]
            end = starts[last] if last < len(starts) else len(self._text)
            found = re.compile(r"(?:^|[\s{,])[\"']?" + re.escape(key) + r"[\"']?\s*:")
            for offset, line in enumerate(self._text[begin:end].split("\n")):
                if found.search(line):
                    return first + offset
        return first


class _EventLoader:
    """Builds plain data from the YAML parser's events, without a node graph
    (a node and two marks per scalar are more memory than the data): numbers
    from their text (exact ``Decimal``, no float detour), aliases expanded
    within the ``MAX_YAML_NODES`` bound, each part's lines in a ``LineMap``."""

    def __init__(self, text: str):
        import yaml  # PyYAML is loaded by the first YAML read, not at start-up

        self.text = text
        self.lines = LineMap(text)
        self.problems: list[ReadProblem] = []
        self._constructor = yaml.SafeLoader("")
        self._resolver = yaml.resolver.Resolver()
        self._anchors: dict[str, tuple[Any, int]] = {}
        self._size = 0  # nodes so far, aliases expanded
        self._expanded = 0  # nodes the aliases added

    def load(self) -> Any:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        # (container, path, anchor, first line, nodes before it, pending key, key's line, last line so far, flow style)
        stack: list[list] = []
        root: Any = None
        documents = 0
        for event in yaml.parse(self.text, Loader=loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:  # as yaml.compose: one document per file
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream", None, "but found another document", event.start_mark
                    )
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                container, path, anchor, first, before, _, _, last, flow = stack.pop()
                if flow:
                    last = max(last, event.end_mark.line + 1)  # a flow collection ends at its bracket
                # A block collection's end event stands where the next token begins:
                # its last line is its last child's.
                self.lines.spans[path] = (first, last)
                end_line = last
                if anchor is not None:
                    self._anchors[anchor] = (container, self._size - before)
                value = container
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                path = self._child_path(stack)
                self._count(1, event)
                stack.append([{} if isinstance(event, yaml.MappingStartEvent) else [], path, event.anchor,
                              event.start_mark.line + 1, self._size - 1, _NO_KEY, None, event.start_mark.line + 1,
                              bool(event.flow_style)])
                continue
            elif isinstance(event, yaml.ScalarEvent):
                self._count(1, event)
                value = self._scalar(event)
                end_line = event.end_mark.line + 1
                if event.anchor is not None:
                    self._anchors[event.anchor] = (value, 1)
                if stack and isinstance(stack[-1][0], dict) and stack[-1][5] is _NO_KEY:
                    key = value if isinstance(value, str) else str(value)
                    stack[-1][5], stack[-1][6] = key, event.start_mark.line + 1
                    stack[-1][7] = max(stack[-1][7], end_line)
                    continue
                path = self._child_path(stack)
                if len(path) < 4 or path[0] != "tables" or path[2] != "indicators":
                    self.lines.spans[path] = (event.start_mark.line + 1, event.end_mark.line + 1)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in self._anchors:
                    if any(entry[2] == event.anchor for entry in stack):
                        raise _AliasLoop()
                    raise _UndefinedAlias(event.anchor, event.start_mark.line + 1)
                value, size = self._anchors[event.anchor]
                self._count(size, event, alias=True)
                value = copy.deepcopy(value)
                end_line = event.end_mark.line + 1
                if stack and isinstance(stack[-1][0], dict) and stack[-1][5] is _NO_KEY:
                    stack[-1][5], stack[-1][6] = (value if isinstance(value, str) else str(value)), event.start_mark.line + 1
                    continue
            else:
                continue
            if not stack:
                root = value
                continue
            top = stack[-1]
            top[7] = max(top[7], end_line)
            if isinstance(top[0], list):
                top[0].append(value)
            else:
                key = top[5]
                if key in top[0]:
                    self.problems.append(
                        ReadProblem(
                            Message(f"重复的键 {key!r}", f"duplicate key {key!r}"),
                            SourceLocation(line=top[6], path=pointer((*top[1], key))),
                        )
                    )
                top[0][key] = value
                top[5] = _NO_KEY
        return root

    @staticmethod
    def _child_path(stack: list[list]) -> tuple:
        if not stack:
            return ()
        top = stack[-1]
        return (*top[1], len(top[0])) if isinstance(top[0], list) else (*top[1], top[5])

    def _count(self, nodes: int, event, alias: bool = False) -> None:
        self._size += nodes
        # What the file holds is bounded by its size; what its aliases add is bounded here.
        if alias:
            self._expanded += nodes
            if self._expanded > MAX_YAML_NODES:
                raise _TooManyNodes()

    def _scalar(self, event: "yaml.ScalarEvent") -> Any:
        import yaml

        value = event.value
        tag = event.tag
        if tag is None or tag == "!":
            tag = self._resolver.resolve(yaml.ScalarNode, value, event.implicit)
        short = tag.rsplit(":", 1)[-1]
        if short == "str":
            return without_surrogates(value)
        if short in ("int", "float"):
            try:
                return Decimal(value.replace("_", ""))
            except InvalidOperation:
                pass  # .inf, 0x1F and friends: YAML's own reading, bounded like the rest
            except ArithmeticError:  # 1.0e+999999999 overflows even a Decimal
                return OutOfRange(value)
            if len(value) > 64:
                return value  # not a number anyone typed; the schema names the field
        if short == "timestamp":
            return value  # a date in a value column is text to the grammar
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        constructed = self._constructor.construct_object(node)
        return without_surrogates(constructed) if isinstance(constructed, str) else constructed


_NO_KEY = object()


class _AliasLoop(Exception):
    """An alias to an anchor not yet complete: a document that contains itself."""


class _TooManyNodes(Exception):
    pass


class _UndefinedAlias(Exception):
    """``*name`` with no ``&name`` before it: usually a value that starts with ``*`` and wants quotes."""

    def __init__(self, anchor: str, line: int):
        super().__init__(anchor, line)
        self.anchor, self.line = anchor, line


class OutOfRange(str):
    """A number too large for any Decimal: kept as its text, reported by the reader."""


def _decimal(text: str) -> Decimal | OutOfRange:
    try:
        return Decimal(text)
    except ArithmeticError:
        return OutOfRange(text)


def _load_yaml(text: str) -> tuple[Any, LineMap, list[ReadProblem]]:
    import yaml

    loader = _EventLoader(text)
    try:
        root = loader.load()
    except yaml.MarkedYAMLError as exc:
        raise ReadError([yaml_problem(exc, text)]) from None
    except _UndefinedAlias as exc:
        raise ReadError([
            ReadProblem(
                Message(
                    f"第 {exc.line} 行的值以“*”开头，YAML 会把它当作引用（*{exc.anchor}），而文件中没有这个引用：请给整个值加上英文引号，如 \"*{exc.anchor}\"",
                    f"the value on line {exc.line} starts with '*', which YAML reads as a reference (*{exc.anchor}) to nothing: quote the whole value",
                ),
                SourceLocation(line=exc.line),
                f"found undefined alias {exc.anchor!r}",
            )
        ]) from None
    except (_AliasLoop, _TooManyNodes) as exc:
        why = ("一个别名引用了它自身", "an alias refers to itself") if isinstance(exc, _AliasLoop) else (
            f"展开别名（&/*）后超过 {MAX_YAML_NODES:,} 个节点", f"its aliases (&/*) expand to more than {MAX_YAML_NODES:,} nodes"
        )
        raise ReadError([ReadProblem(Message(f"YAML 文档无法展开：{why[0]}", f"the YAML document cannot be expanded: {why[1]}"), SourceLocation(line=1))])
    if root is None:
        return {}, loader.lines, []
    return root, loader.lines, loader.problems


def _load_json(text: str) -> tuple[Any, LineMap, list[ReadProblem]]:
    try:
        data = json.loads(text, parse_float=_decimal, parse_int=_decimal, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise ReadError([json_problem(exc, text)]) from None
    return _clean_strings(data), LineMap(text), []


def _clean_strings(data: Any) -> Any:
    """JSON's ``\\ud800`` escapes give strings no report can encode: U+FFFD instead."""
    if isinstance(data, OutOfRange):
        return data
    if isinstance(data, str):
        return without_surrogates(data)
    if isinstance(data, list):
        return [_clean_strings(v) for v in data]
    if isinstance(data, dict):
        return {without_surrogates(k): _clean_strings(v) for k, v in data.items()}
    return data


def _numbers_out_of_range(data: Any, where: tuple = ()):
    """Pointers to the numbers no budget holds (``1.0e+999999999``, 27-digit funds)."""
    if isinstance(data, OutOfRange) or (isinstance(data, Decimal) and bounded_decimal(data) is None):
        yield where
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _numbers_out_of_range(v, (*where, i))
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _numbers_out_of_range(v, (*where, k))


# --------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------

# A canonical document says so at its top level: the `perfcheck:` version key,
# or a `tables:` list whose items have `indicators:`. Either key nested
# anywhere (a JSON Schema's "properties", a CI workflow) does not count.
_YAML_VERSION = re.compile(r"^perfcheck\s*:", re.MULTILINE)
_YAML_TABLES = re.compile(r"^tables\s*:", re.MULTILINE)
_YAML_INDICATORS = re.compile(r"^[ \t-]+indicators\s*:|[{,]\s*indicators\s*:", re.MULTILINE)


def looks_canonical(text: str, json_syntax: bool) -> bool:
    """Whether ``text`` is a canonical document by its top-level keys."""
    if json_syntax:
        try:
            data = json.loads(text)
        except ValueError:
            return False
        if not isinstance(data, dict):
            return False
        tables = data.get("tables")
        return "perfcheck" in data or (
            isinstance(tables, list) and any(isinstance(t, dict) and "indicators" in t for t in tables)
        )
    if _YAML_VERSION.search(text):
        return True
    return bool(_YAML_TABLES.search(text) and _YAML_INDICATORS.search(text))


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
    return bounded_decimal(number), raw


def _rate(value: Any) -> tuple[Decimal | None, str | None]:
    """执行率 in per cent: a number (98.5) or its text with a sign (``98.5%``)."""
    if value is None:
        return None, None
    raw = str(value).strip()
    number, _ = _weight(raw.removesuffix("%").removesuffix("％").strip())
    return number, (None if number is not None else raw)


def _funds(block: dict, amount, name: str, at) -> Funds:
    """The funds block (``funds:``): the year's total and its parts, and each
    total column with its own breakdown (``columns:``)."""
    values = {key: amount(block.get(key), FUND_FIELDS[key], name, at(key)) for key in FUND_FIELDS}
    columns = tuple(
        FundColumn(
            _text(column.get("label")) or FUND_FIELDS["total"],
            *(amount(column.get(key), FUND_FIELDS[key], name, at("columns", i, key)) for key in FUND_FIELDS),
            location=at("columns", i, "total"),
        )
        for i, column in enumerate(block.get("columns") or ())
    )
    return Funds(**values, columns=columns)


def _execution(block: dict, amount, name: str, at) -> Execution:
    """The funds block of a self-evaluation table (``execution:``)."""
    values: dict[str, Decimal | None] = {}
    raw: list[tuple[str, str]] = []
    for key in ("initial", "budget", "spent"):
        values[key] = amount(block.get(key), EXECUTION_FIELDS[key], name, at(key))
    for key in ("weight", "score"):
        values[key], written = _weight(block.get(key))
        if values[key] is None and written:
            raw.append((key, written))
    values["rate"], written = _rate(block.get("rate"))
    if written:
        raw.append(("rate", written))
    return Execution(
        **values, raw=tuple(raw), location=at(),
        locations=tuple((key, at(key)) for key in (*EXECUTION_FIELDS, "reason") if key in block),
        reason=_text(block.get("reason")) or None,
    )


IGNORE_KEY = "x-perfcheck-ignore"


def _comment_suppressions(text: str, lines) -> dict[tuple, tuple[str, ...]]:
    """``# perfcheck: ignore[V002]`` comments, by what they stand in: the
    indicator row or table whose lines include the comment's (the row when
    both do), else the whole document."""
    marked = {number: codes_in(line[line.index("#"):]) for number, line in enumerate(text.splitlines(), 1) if "#" in line and MARKER.search(line[line.index("#"):])}
    if not marked or not isinstance(lines, LineMap):
        return {}
    rows, tables = [], []
    for path, (first, last) in lines.spans.items():
        if len(path) == 4 and path[0] == "tables" and path[2] == "indicators" and isinstance(path[1], int) and isinstance(path[3], int):
            rows.append((first, last, ("indicator", path[1], path[3])))
        elif len(path) == 2 and path[0] == "tables" and isinstance(path[1], int):
            tables.append((first, last, ("table", path[1])))
    found: dict[tuple, tuple[str, ...]] = {}
    for number, codes in marked.items():
        key: tuple = next((k for first, last, k in rows if first <= number <= last), None) or next(
            (k for first, last, k in tables if first <= number <= last), ("document",)
        )
        found[key] = tuple(dict.fromkeys(found.get(key, ()) + codes))
    return found


class CanonicalReader:
    name = "canonical"
    suffixes = (".yaml", ".yml", ".json")
    fixer = None  # what writes fixes back (perfcheck.writeback): given where the reader is registered

    def __init__(self, fixer=None):
        self.fixer = fixer

    def sniff(self, path: Path) -> bool:
        try:
            text, _ = decode_text(read_bounded(path, file_size_limit(MAX_TEXT_BYTES)))
        except LimitExceeded:
            return True  # it may hold tables and cannot be read: the check says why
        except OSError:
            return False
        return looks_canonical(text, path.suffix.lower() == ".json")

    def read(self, path: Path) -> Document:
        text, _ = decode_text(read_bounded(path, file_size_limit(MAX_TEXT_BYTES)))
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

        # Each bad part is reported and dropped, and what is left is checked
        # again (dropping a field can uncover a missing required one): valid
        # tables are always checked, whatever is wrong elsewhere in the file.
        validator = _validator_class()(_schema_for(TABLE_KINDS.names()))
        dropped: set[tuple] = set()  # list items left as None: not errors of their own
        for _ in range(4):
            drops: list[tuple] = []
            for where_parts in _numbers_out_of_range(data):
                p = pointer(where_parts)
                problems.append(
                    ReadProblem(
                        Message(
                            f"字段 {p} 的数值超出范围（绝对值应小于 {MAX_MAGNITUDE:,}，有效数字不超过 {MAX_DIGITS} 位）：该字段已忽略",
                            f"field {p}: the number is out of range (its magnitude must be below {MAX_MAGNITUDE:,}, "
                            f"with at most {MAX_DIGITS} significant digits); it was ignored",
                        ),
                        SourceLocation(line=lines.get(p), path=p),
                    )
                )
                drops.append(where_parts)
            if not drops:
                for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
                    path = tuple(error.absolute_path)
                    if any(path[:n] in dropped for n in range(1, len(path) + 1)):
                        continue
                    problem, drop = explain(error, pointer, lines.get)
                    problems.append(problem)
                    drops.append(drop)
            if not drops:
                break
            if () in drops or len(problems) > MAX_SCHEMA_PROBLEMS:
                raise ReadError(problems[:MAX_SCHEMA_PROBLEMS])
            data = without(data, drops)
            dropped.update(drops)
        else:
            raise ReadError(problems[:MAX_SCHEMA_PROBLEMS])
        document = self._build(data, source, where, _comment_suppressions(text, lines))
        return attrs.evolve(document, problems=tuple(problems)) if problems else document

    def _build(self, data: dict, source: str, where, comments: dict[tuple, tuple[str, ...]] | None = None) -> Document:
        comments = comments or {}

        def ignore(node: dict, *key) -> tuple[str, ...]:
            declared = node.get(IGNORE_KEY)
            listed = declared if isinstance(declared, list) else [declared] if isinstance(declared, str) else []
            return tuple(dict.fromkeys([c for item in listed for c in codes_in(str(item))] + list(comments.get(key, ()))))

        meta = data.get("document") or {}
        amount = _Amounts()
        tables = []
        for ti, t in enumerate(data.get("tables") or []):
            if t is None:
                continue  # dropped: its problems are reported
            indicators = []
            columns: set[str] = set()  # the keys its rows have: the table's layout
            for ii, row in enumerate(t.get("indicators") or []):
                if row is None:
                    continue
                columns.update(row)
                weight, raw_weight = _weight(row.get("weight"))
                score, raw_score = _weight(row.get("score"))
                actual = row.get("actual")
                indicators.append(
                    build_indicator(
                        _text(row["name"]) or "",
                        _text(row.get("value")),
                        _text(row.get("level1")) or "",
                        _text(row.get("level2")) or "",
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
                        ignore=ignore(row, "indicator", ti, ii),
                        actual=None if actual is None else str(actual),
                        score=score,
                        raw_score=raw_score,
                        deviation=_text(row.get("deviation")) or None,
                        actual_location=where("tables", ti, "indicators", ii, "actual") if "actual" in row else None,
                        score_location=where("tables", ti, "indicators", ii, "score") if "score" in row else None,
                        deviation_location=where("tables", ti, "indicators", ii, "deviation") if "deviation" in row else None,
                    )
                )
            funds = t.get("funds")
            name = t["name"].strip()
            if funds:
                funds = _funds(funds, amount, name, lambda *key, ti=ti: where("tables", ti, "funds", *key))
            execution = t.get("execution")
            if execution:
                execution = _execution(execution, amount, name, lambda *key, ti=ti: where("tables", ti, "execution", *key))
            total_score, raw_total_score = _weight(t.get("total_score"))
            tables.append(
                Table(
                    name=name,
                    kind=TABLE_KINDS[t.get("kind") or "project"],
                    unit=_text(t.get("unit")),
                    manager=_text(t.get("manager")),
                    funds=funds or None,
                    goal=_text(t.get("goal")),
                    declared=tuple((k, amount(v, k, name, where("tables", ti, "declared", k))) for k, v in (t.get("declared") or {}).items()),
                    indicators=tuple(indicators),
                    location=where("tables", ti),
                    ignore=ignore(t, "table", ti),
                    columns=INDICATOR_COLUMNS.intersection(columns),
                    execution=execution or None,
                    total_score=total_score,
                    raw_total_score=raw_total_score,
                    grade=_text(t.get("grade")) or None,
                    goal_result=_text(t.get("goal_result")) or None,
                    total_score_location=where("tables", ti, "total_score") if "total_score" in t else None,
                    grade_location=where("tables", ti, "grade") if "grade" in t else None,
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
            if p is not None
        )
        allocations = tuple(
            Allocation(
                a["project"].strip(),
                tuple(
                    AllocationItem(item["name"].strip(), amount(item.get("amount"), item["name"].strip(), a["project"].strip(), where("allocations", i, "items", j)))
                    for j, item in enumerate(a.get("items") or [])
                    if item is not None
                ),
                where("allocations", i),
            )
            for i, a in enumerate(data.get("allocations") or [])
            if a is not None
        )
        year = meta.get("year")
        title, unit = _text(meta.get("title")), _text(meta.get("unit"))
        return Document(
            source=source,
            tables=tuple(tables),
            title=title,
            unit=unit,
            year=int(year) if year is not None else None,
            # As the document states it, else as its unit or title names it.
            region=_text(meta.get("region")) or region_of(unit, title),
            projects=projects,
            allocations=allocations,
            counts=tuple(
                StatedCount(subject, int(count), where("document", "counts", subject))
                for subject, count in (meta.get("counts") or {}).items()
            ),
            ignore=ignore(data, "document"),
            ignore_location=where(IGNORE_KEY) if IGNORE_KEY in data else SourceLocation(line=1, path=""),
            repairs=tuple(amount.repairs) + tuple(
                Repair(r["original"], r["repaired"], r["field"], _text(r.get("table")), where("repairs", i))
                for i, r in enumerate(data.get("repairs") or [])
                if r is not None
            ),
            readings=tuple(
                Reading(r["text"], Decimal(str(r["confidence"])), r["field"], _text(r.get("table")), _text(r.get("indicator")), where("readings", i))
                for i, r in enumerate(data.get("readings") or [])
                if r is not None
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
    meta = {k: v for k, v in (("title", doc.title), ("unit", doc.unit), ("year", doc.year), ("region", doc.region)) if v is not None}
    if doc.counts:
        meta["counts"] = {c.subject: c.count for c in doc.counts}
    if meta:
        data["document"] = meta
    tables = []
    for t in doc.tables:
        table: dict[str, Any] = {"kind": t.kind.name, "name": t.name}
        for key in ("unit", "manager"):
            if getattr(t, key):
                table[key] = getattr(t, key)
        if t.funds is not None:
            table["funds"] = _amounts(t.funds)
            if t.funds.columns:
                table["funds"]["columns"] = [{"label": column.label, **_amounts(column)} for column in t.funds.columns]
        if t.goal:
            table["goal"] = t.goal
        if t.goal_result:
            table["goal_result"] = t.goal_result
        if t.execution is not None:
            table["execution"] = _execution_data(t.execution)
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
            if i.raw_actual is not None:
                row["actual"] = i.raw_actual
            if i.raw_score is not None:
                row["score"] = i.raw_score
            if i.deviation is not None:
                row["deviation"] = i.deviation
            rows.append(row)
        table["indicators"] = rows
        if t.raw_total_score is not None:
            table["total_score"] = t.raw_total_score
        if t.grade:
            table["grade"] = t.grade
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
    if doc.readings:
        data["readings"] = [
            {"text": r.text, "confidence": float(r.confidence), "field": r.field, "table": r.table, "indicator": r.indicator,
             **{k: v for k, v in (("page", r.location.page), ("cell", r.location.cell)) if v is not None}}
            for r in doc.readings
        ]
    return data


def _amounts(block) -> dict[str, str]:
    """A funds block's (or a total column's) amounts as exact strings, those it has."""
    return {key: _number_text(getattr(block, key)) for key in FUND_FIELDS if getattr(block, key) is not None}


def _execution_data(execution: Execution) -> dict[str, str]:
    """The funds block as ``execution:`` writes it: amounts and points as exact
    strings, the rate with its sign, a cell that held no number as written."""
    block: dict[str, str] = {}
    for key in EXECUTION_FIELDS:
        number = getattr(execution, key)
        if number is not None:
            block[key] = _number_text(number) + ("%" if key == "rate" else "")
        elif execution.written(key) is not None:
            block[key] = execution.written(key)
    if execution.reason is not None:
        block["reason"] = execution.reason
    return block


def dump_yaml(data: dict) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
