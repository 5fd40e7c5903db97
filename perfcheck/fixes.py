"""Applying findings' fixes: ``--fix``, ``--diff``, fixed workbooks, SARIF fixes.

A rule says whether its suggestion is a fix and of which kind (``Rule.fix_field``
and ``Rule.fix_safe``; ``Problem.fix`` for one problem). Safe fixes are
machine-checkable corrections (V002's shifted percent, V006's split number,
V009's standard unit) and are applied by default; hints (V004's guessed
operator, Q002's raised target) only with ``--unsafe-fixes``.

- **Canonical YAML/JSON** is edited where the value stands: the scalar's exact
  span in the text, found from the parser's marks, is replaced in the style it
  was written in (plain, single- or double-quoted). Every other byte — comments,
  key order, quoting, blank lines — stays as it was.
- **Workbooks** get a fixed copy (``-o``): each fixed cell holds the new value
  and a note saying what it was and why; formats, merged cells and other
  sheets are kept. The draft is never written. **Word documents** likewise
  (``perfcheck.wordcopy``), the note a Word comment.
- **Published text and PDF, and web pages** are not fixed:
  ``perfcheck extract`` them to YAML, then fix that.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import yaml

from perfcheck.model import Document, Finding, Quantity
from perfcheck.values import parse_value

_INDICATOR = re.compile(r"^(/tables/\d+/indicators/\d+)")


@attrs.frozen
class Edit:
    """Replace ``text[start:end]`` with ``new``; lines and columns are 1-based, for SARIF."""

    start: int
    end: int
    new: str
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    finding: Finding


def wanted(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (finding.fix.safe or unsafe)


# --------------------------------------------------------------------------
# Canonical documents
# --------------------------------------------------------------------------


def _nodes(text: str) -> dict[str, yaml.Node]:
    """Every node of the document by its JSON pointer."""
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    found: dict[str, yaml.Node] = {}
    stack = [(root, "")]
    while stack:
        node, where = stack.pop()
        if node is None:
            continue
        found[where] = node
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((value, f"{where}/{str(key.value).replace('~', '~0').replace('/', '~1')}"))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((value, f"{where}/{i}") for i, value in enumerate(node.value))
    return found


def _plain_ok(text: str) -> bool:
    try:
        return text != "" and text == text.strip() and yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False


def render_scalar(new: str, node: yaml.ScalarNode, json_syntax: bool) -> str:
    """``new`` written as the old scalar was: the same quotes where they fit."""
    if json_syntax or node.style == '"' or (node.style is None and not _plain_ok(new)):
        return json.dumps(new, ensure_ascii=False)
    if node.style == "'":
        return "'" + new.replace("'", "''") + "'"
    return new


def _pieces(replacement: str) -> dict[str, str] | None:
    """A whole value split the way split layouts hold it: operator, number, unit."""
    value = parse_value(replacement)
    if not isinstance(value, Quantity):
        return None
    return {
        "operator": value.operator.value if value.operator else "",
        "value": format(value.amount, "f"),
        "unit": str(value.unit) if value.unit else "",
    }


def edits_for(finding: Finding, nodes: dict[str, yaml.Node], json_syntax: bool) -> list[Edit] | None:
    """The edits that apply one finding's fix (none if the file already says it),
    or None when its field is not in the file to change."""
    m = _INDICATOR.match(finding.location.path or "")
    if m is None or finding.fix is None:
        return None
    base, fix = m.group(1), finding.fix
    changes = {fix.field: fix.replacement}
    if fix.field == "value" and any(f"{base}/{k}" in nodes for k in ("operator", "unit")):
        pieces = _pieces(fix.replacement)  # a split layout: each piece in its own field
        if pieces is None or any(pieces[k] and f"{base}/{k}" not in nodes for k in ("operator", "unit")):
            return None
        changes = {k: v for k, v in pieces.items() if f"{base}/{k}" in nodes}
    edits = []
    for field, new in changes.items():
        node = nodes.get(f"{base}/{field}")
        if not isinstance(node, yaml.ScalarNode):
            return None
        if node.value != new:
            edits.append(
                Edit(node.start_mark.index, node.end_mark.index, render_scalar(new, node, json_syntax), node.start_mark.line + 1,
                     node.start_mark.column + 1, node.end_mark.line + 1, node.end_mark.column + 1, finding)
            )
    return edits


def document_nodes(text: str) -> dict[str, yaml.Node] | None:
    try:
        return _nodes(text)
    except yaml.YAMLError:
        return None


def plan_canonical(text: str, findings: list[Finding], json_syntax: bool, unsafe: bool) -> tuple[list[Edit], list[Finding]]:
    """The edits that apply the wanted fixes, at most one fix per field (the
    first, in report order), and the findings whose fix cannot be applied here."""
    nodes = document_nodes(text)
    wanted_findings = [f for f in findings if wanted(f, unsafe)]
    if nodes is None:
        return [], wanted_findings
    edits: list[Edit] = []
    taken: set[int] = set()
    unapplied: list[Finding] = []
    for finding in wanted_findings:
        planned = edits_for(finding, nodes, json_syntax)
        if planned is None or any(e.start in taken for e in planned):
            unapplied.append(finding)
            continue
        taken.update(e.start for e in planned)
        edits.extend(planned)
    return sorted(edits, key=lambda e: e.start), unapplied


def apply_edits(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.new + text[edit.end :]
    return text


# --------------------------------------------------------------------------
# Workbooks
# --------------------------------------------------------------------------


def plan_workbook(findings: list[Finding], document: Document | None, unsafe: bool) -> list[Finding]:
    """The findings whose fix a workbook's copy gets, one a cell (the first, in
    report order): value fixes of whole-value cells. Where the layout splits
    operator, number and unit into columns, a new value would not fit one
    cell, and the finding stays a hint."""
    split = set()
    for table in document.tables if document else ():
        for indicator in table.indicators:
            if indicator.operator is not None or indicator.unit is not None:
                split.add((indicator.location.sheet, indicator.location.cell))
    planned, seen = [], set()
    for finding in findings:
        loc = finding.location
        key = (loc.sheet, loc.cell)
        if not wanted(finding, unsafe) or finding.fix.field != "value" or key in split or key in seen or not loc.sheet or not loc.cell:
            continue
        seen.add(key)
        planned.append(finding)
    return planned


def workbook_diff(name: str, findings: list[Finding], document: Document | None, unsafe: bool) -> str:
    """What ``--fix`` would change in a workbook's copy, cell by cell, in the
    shape of a unified diff (a workbook has no text to diff): a hunk a cell,
    named by its place, the value as written and as fixed. "" for none."""
    hunks = [
        f"@@ {f.location.sheet}!{f.location.cell} @@\n-{f.value or ''}\n+{f.fix.replacement}\n"
        for f in plan_workbook(findings, document, unsafe)
    ]
    return f"--- a/{name}\n+++ b/{name}\n" + "".join(hunks) if hunks else ""


def fix_workbook(source: Path, output: Path, findings: list[Finding], document: Document | None, unsafe: bool, lang: str) -> list[Finding]:
    """Write ``output``, a copy of ``source`` with the wanted value fixes applied
    and noted; the findings fixed. Only whole-value cells are fixed: where the
    layout splits operator, number and unit into columns, a new value would not
    fit one cell, and the finding stays a hint."""
    import openpyxl
    from openpyxl.comments import Comment

    from perfcheck.output import atomic_output
    from perfcheck.readers.excel import check_annotatable

    check_annotatable(source)
    workbook = openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    fixed = []
    for finding in plan_workbook(findings, document, unsafe):
        loc = finding.location
        if loc.sheet not in workbook.sheetnames:
            continue
        cell = workbook[loc.sheet][loc.cell]
        old = "" if cell.value is None else str(cell.value)
        cell.value = finding.fix.replacement
        note = (
            f"perfcheck 已修改（{finding.code}）：原值「{old}」改为「{finding.fix.replacement}」。{finding.message.zh}"
            if lang == "zh"
            else f"perfcheck fixed this ({finding.code}): {old!r} became {finding.fix.replacement!r}. {finding.message.en}"
        )
        cell.comment = Comment(note, "perfcheck", width=320, height=120)
        fixed.append(finding)
    with atomic_output(output) as temporary:
        workbook.save(temporary)
    return fixed

