"""Copies of a Word document: annotated (each finding a Word comment on its
cell) and fixed (each fixed value written into its cell, with a comment
saying what it was). The checked document itself is never written.

A copy is the same package, part for part and byte for byte, except:

- the main document part, with each comment anchored on its cell's first
  paragraph (``w:commentRangeStart`` / ``w:commentRangeEnd`` around it, a
  ``w:commentReference`` run after it) and, in a fixed copy, the new values;
- the comments part (``word/comments.xml``), made, or merged with the one the
  document has: the reviewers' own comments stay, new ones are numbered after
  theirs;
- the content types and the document's relationships, where the comments
  part is new.

A finding is found where the reader put it: the table numbered as the reader
numbers them (``表格3``) and the cell A1-style in the table's grid, merged
cells counted as their columns (``gridBefore``, ``gridSpan``). A finding on a
table as a whole (no cell) goes on the table's first cell, one on the
document (no table) on its first paragraph.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from perfcheck.limits import LimitExceeded, check_archive
from perfcheck.model import Finding, Message
from perfcheck.readers.word import STRICT, W, count_attribute, declares_dtd, main_part, numbered_tables, own_children, parse_part, row_cells

COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
EMPTY_RELS = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
EMPTY_COMMENTS = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="{W[1:-1]}"/>'.encode()
AUTHOR = "perfcheck"
_CELL = re.compile(r"^([A-Z]{1,3})(\d{1,6})$")


class CopyError(Exception):
    """The document cannot be copied with comments or fixes; ``message`` says why."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.message = message


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _xml(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class _Package:
    """A .docx opened for a copy: its parts as bytes, the main part as a tree."""

    def __init__(self, source: Path):
        from lxml import etree

        try:
            check_archive(source, Message("Word 文件", "the Word document"))
            with zipfile.ZipFile(source) as archive:
                self.infos = archive.infolist()
                self.parts = {info.filename: archive.read(info) for info in self.infos}
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise CopyError(Message(f"无法打开 Word 文件：{exc}", f"cannot open the Word document: {exc}")) from None
        except LimitExceeded as exc:
            raise CopyError(exc.message) from None
        self.main = main_part(self.parts.get("_rels/.rels"))
        data = self.parts.get(self.main)
        if data is None:
            raise CopyError(Message(f"文件包中没有 {self.main}", f"no {self.main} in the package"))
        if STRICT in data[:4096]:
            raise CopyError(Message(
                "这是 Strict Open XML 格式的文档：请在 Word 中另存为“Word 文档 (*.docx)”后再批注或修复",
                "a Strict Open XML document: save it as a Word Document (*.docx) in Word, then annotate or fix that",
            ))
        if declares_dtd(data):
            raise CopyError(Message("文档 XML 声明了 DTD（Word 从不写 DTD）", "the document XML declares a DTD, which Word never writes"))
        try:
            self.root = parse_part(data)
        except etree.XMLSyntaxError as exc:
            raise CopyError(Message(f"无法读取文档 XML：{exc}", f"cannot read the document XML: {exc}")) from None
        body = next(self.root.iterchildren(W + "body"), None)
        if body is None:
            raise CopyError(Message("文档没有正文", "the document has no body"))
        self.body = body
        self.tables = numbered_tables(body)
        self.comments: list[tuple[object, list[str]]] = []  # (paragraph, lines) to add

    # ---- where a finding goes
    def paragraph_for(self, finding: Finding):
        """The paragraph a finding's comment is anchored on, or None (a table the document does not have)."""
        loc = finding.location
        if not loc.sheet:
            return next(self.body.iter(W + "p"), None)
        m = re.fullmatch(r"表格(\d+)", loc.sheet)
        if m is None or not 1 <= int(m.group(1)) <= len(self.tables):
            return None
        table = self.tables[int(m.group(1)) - 1]
        cell = self.cell(table, loc.cell) if loc.cell else None
        if cell is None:  # the table as a whole, or a cell past its edge: its first cell
            cell = next((tc for tr in self.rows(table) for tc in row_cells(tr)), None)
            if cell is None:
                return None
        return _first_paragraph(cell)

    @staticmethod
    def rows(table) -> list:
        """The table's own rows (through content controls; not a nested table's), numbered as the reader numbers them."""
        return list(own_children(table, W + "tr"))

    def cell(self, table, ref: str):
        """The ``w:tc`` covering cell ``ref`` (``D7``) of the table's grid, or None."""
        m = _CELL.match(ref)
        if m is None:
            return None
        column, row = _column(m.group(1)), int(m.group(2))
        rows = self.rows(table)
        if not 1 <= row <= len(rows):
            return None
        tr = rows[row - 1]
        before = tr.find(f"{W}trPr/{W}gridBefore")
        c = 1 + (count_attribute(before.get(W + "val"), 0) if before is not None else 0)
        for tc in row_cells(tr):
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            last = c + (count_attribute(span.get(W + "val"), 1) or 1 if span is not None else 1) - 1
            if c <= column <= last:
                return tc
            c = last + 1
        return None

    # ---- what a copy changes
    def comment(self, paragraph, lines: list[str]) -> None:
        self.comments.append((paragraph, lines))

    def save(self, output: Path) -> None:
        from perfcheck.output import atomic_output

        if self.comments:
            self._add_comments()
        self.parts[self.main] = _xml(self.root)
        names = {info.filename for info in self.infos}
        with atomic_output(output) as temporary, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for info in self.infos:
                archive.writestr(info, self.parts[info.filename])
            for name, data in self.parts.items():
                if name not in names:
                    archive.writestr(name, data, zipfile.ZIP_DEFLATED)

    def _add_comments(self) -> None:
        """Each comment into the comments part (made, or merged with the
        document's) and anchored on its paragraph."""
        rels_name = posixpath.join(posixpath.dirname(self.main), "_rels", posixpath.basename(self.main) + ".rels")
        rels = parse_part(self.parts.get(rels_name, EMPTY_RELS))
        target = next((r.get("Target") for r in rels.iterchildren(RELATIONSHIPS + "Relationship") if r.get("Type") == COMMENTS_RELATION), None)
        if target is None:
            target = "comments.xml"
            used = {r.get("Id") for r in rels.iterchildren(RELATIONSHIPS + "Relationship")}
            new_id = next(f"rId{n}" for n in range(len(used) + 1, len(used) + 1000) if f"rId{n}" not in used)
            rels.append(rels.makeelement(RELATIONSHIPS + "Relationship", {"Id": new_id, "Type": COMMENTS_RELATION, "Target": target}))
            self.parts[rels_name] = _xml(rels)
        name = posixpath.normpath(posixpath.join(posixpath.dirname(self.main), target)) if not target.startswith("/") else target.lstrip("/")
        comments = parse_part(self.parts.get(name, EMPTY_COMMENTS))
        taken = [count_attribute(c.get(W + "id"), 0) for c in comments.iterchildren(W + "comment")]
        # Ids of ranges in the document too: a comment part out of step with it must not clash.
        taken += [count_attribute(e.get(W + "id"), 0) for e in self.root.iter(W + "commentRangeStart", W + "commentReference")]
        next_id = max(taken, default=-1) + 1
        date = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        for paragraph, lines in self.comments:
            key = str(next_id)
            next_id += 1
            comment = _sub(comments, "comment", {"id": key, "author": AUTHOR, "date": date, "initials": "PC"})
            for line in lines:
                _run(_sub(comment, "p"), line)
            _anchor(paragraph, key)
        self.parts[name] = _xml(comments)
        if name not in {info.filename for info in self.infos}:
            self._declare(name)

    def _declare(self, name: str) -> None:
        """The new comments part in [Content_Types].xml."""
        types = parse_part(self.parts.get("[Content_Types].xml", b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'))
        part_name = "/" + name
        if not any(o.get("PartName") == part_name for o in types.iterchildren(CONTENT_TYPES + "Override")):
            types.append(types.makeelement(CONTENT_TYPES + "Override", {"PartName": part_name, "ContentType": COMMENTS_TYPE}))
        self.parts["[Content_Types].xml"] = _xml(types)


def _sub(parent, tag: str, attributes: dict[str, str] | None = None):
    element = parent.makeelement(W + tag, {W + k: v for k, v in (attributes or {}).items()})
    parent.append(element)
    return element


def _run(paragraph, text: str):
    run = _sub(paragraph, "r")
    t = _sub(run, "t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _first_paragraph(cell):
    paragraph = next(cell.iterchildren(W + "p"), None)
    return paragraph if paragraph is not None else _sub(cell, "p")  # a cell must hold a paragraph anyway


def _anchor(paragraph, key: str) -> None:
    """Comment ``key`` over the paragraph's content: the range after its
    properties, the reference in a run of its own at its end."""
    start = paragraph.makeelement(W + "commentRangeStart", {W + "id": key})
    properties = next(paragraph.iterchildren(W + "pPr"), None)
    paragraph.insert(paragraph.index(properties) + 1 if properties is not None else 0, start)
    _sub(paragraph, "commentRangeEnd", {"id": key})
    reference = _sub(paragraph, "r")
    _sub(reference, "commentReference", {"id": key})


def _set_text(cell, text: str) -> str:
    """Write ``text`` into the cell in its first run's formatting; the old text."""
    from perfcheck.readers.word import cell_text

    old = cell_text(cell)
    paragraphs = list(cell.iterchildren(W + "p")) or [_sub(cell, "p")]
    for extra in paragraphs[1:]:
        cell.remove(extra)
    paragraph = paragraphs[0]
    runs = list(paragraph.iter(W + "r"))
    if not runs:
        _run(paragraph, text)
        return old
    keep = runs[0]
    for run in runs[1:]:
        run.getparent().remove(run)
    for child in list(keep):
        if child.tag != W + "rPr":
            keep.remove(child)
    t = _sub(keep, "t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return old


def annotate_document(source: Path, output: Path, findings: list[Finding], lines_of) -> int:
    """Write ``output``, a copy of ``source`` with each finding a comment on
    its cell (findings on one cell in one comment: ``lines_of(findings)``
    gives its lines); the number of comments."""
    package = _Package(source)
    anchored: dict[int, tuple[object, list[Finding]]] = {}
    for finding in sorted(findings, key=lambda f: f.sort_key()):
        # A table the document does not have (a finding of a plugin's): the document's start.
        paragraph = package.paragraph_for(finding)
        if paragraph is None:
            paragraph = next(package.body.iter(W + "p"), None)
        if paragraph is not None:
            anchored.setdefault(id(paragraph), (paragraph, []))[1].append(finding)
    for paragraph, on_it in anchored.values():
        package.comment(paragraph, lines_of(on_it))
    package.save(output)
    return len(anchored)


def fix_document(source: Path, output: Path, planned: list[Finding], lang: str) -> list[Finding]:
    """Write ``output``, a copy of ``source`` with each planned finding's value
    written into its cell and a comment saying what it was and why; the
    findings fixed."""
    package = _Package(source)
    fixed = []
    for finding in planned:
        m = re.fullmatch(r"表格(\d+)", finding.location.sheet or "")
        if m is None or not 1 <= int(m.group(1)) <= len(package.tables):
            continue
        cell = package.cell(package.tables[int(m.group(1)) - 1], finding.location.cell or "")
        if cell is None:
            continue
        old = _set_text(cell, finding.fix.replacement)
        note = (
            f"perfcheck 已修改（{finding.code}）：原值「{old}」改为「{finding.fix.replacement}」。{finding.message.zh}"
            if lang == "zh"
            else f"perfcheck fixed this ({finding.code}): {old!r} became {finding.fix.replacement!r}. {finding.message.en}"
        )
        package.comment(_first_paragraph(cell), [note])
        fixed.append(finding)
    package.save(output)
    return fixed
