"""Word documents (.docx): target tables as budget units and reviewers pass them around.

Each table of the document becomes a ``Grid`` — horizontal merges
(``w:gridSpan``) and vertical ones (``w:vMerge``) as merged ranges, the
text of every run, hyperlink and field result in a cell (not a field's code,
not deleted text) — and each paragraph between tables a line of running
text; the layout recogniser (``perfcheck.readers.layouts``) reads the
document from them as it reads a workbook. A table nested in a cell is a
grid of its own, read after the table around it; a table broken across
pages, its header row repeated, goes on. Locations are the table, numbered
in document order, and the cell A1-style, as Word's own table formulas name
cells (``表格3!D7``).

The package XML is read with the standard library's ElementTree, not with
python-docx: python-docx needs lxml (a 5 MiB binary wheel) and gives a
table's cells through objects that resolve merges per cell access, while
the grid needs only the spans, which are two attributes of the XML. A
document's XML is bounded before it is parsed: the zip bounds of a workbook
(``limits.check_archive``), and no DTD (no entity expansion).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from perfcheck.limits import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_WORD_BYTES, check_archive, check_size, file_size_limit
from perfcheck.model import Document, Message, SourceLocation
from perfcheck.readers import ReadError, ReadProblem
from perfcheck.readers.layouts import Grid, Row, read_grids

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
TRANSITIONAL = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


_T, _TAB, _BR, _CR = W + "t", W + "tab", W + "br", W + "cr"
_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
_NESTED = (_ALTERNATE, W + "tbl")


def _text(element) -> str:
    """The text a reader sees in a paragraph: runs, hyperlinks, field results,
    inserted text; tabs and breaks as spaces and newlines (deleted text and
    field codes are other tags: w:delText, w:instrText).

    One flat pass over the paragraph, which is most of reading a document;
    a paragraph with alternate content (a text box drawn twice, as the
    drawing and its fallback) or a table inside is walked with ``_walk_text``."""
    parts: list[str] = []
    for node in element.iter():
        tag = node.tag
        if tag == _T:
            parts.append(node.text or "")
        elif tag == _TAB:
            parts.append(" ")
        elif tag == _BR or tag == _CR:
            parts.append("\n")
        elif tag in _NESTED:
            return _walk_text(element)
    return "".join(parts)


def _walk_text(element) -> str:
    """``_text`` skipping what must be skipped: fallback copies, nested tables' text (their own)."""
    parts: list[str] = []

    def walk(node):
        for child in node:
            tag = child.tag
            if tag == _T:
                parts.append(child.text or "")
            elif tag == _TAB:
                parts.append(" ")
            elif tag in (_BR, _CR):
                parts.append("\n")
            elif tag in (W + "tbl", _MC_FALLBACK, W + "del", W + "instrText", W + "delText"):
                continue
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def _cells(row):
    """A row's cells in order, through content controls (``w:sdt``) that wrap some."""
    for child in row:
        if child.tag == W + "tc":
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _cells(content)


def _int_attr(element, name: str, default: int) -> int:
    if element is None:
        return default
    try:
        return max(int(element.get(W + name, default)), 0)
    except ValueError:
        return default  # a damaged value spans nothing


def _grid(table, sheet: str, nested: list) -> Grid:
    """The table as a grid; the tables nested in its cells are appended to ``nested``."""
    texts: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []
    open_down: dict[int, list[int]] = {}  # column -> the vertical merge running down it
    rows = [child for child in table if child.tag == W + "tr"]
    for r, tr in enumerate(rows[:MAX_SHEET_ROWS], 1):
        properties = tr.find(W + "trPr")
        c = 1 + _int_attr(properties.find(W + "gridBefore") if properties is not None else None, "val", 0)
        line = [""] * (c - 1)
        for tc in _cells(tr):
            if c > MAX_SHEET_COLUMNS:
                break
            tc_pr = tc.find(W + "tcPr")
            span = min(_int_attr(tc_pr.find(W + "gridSpan") if tc_pr is not None else None, "val", 1) or 1, MAX_SHEET_COLUMNS - c + 1)
            v_merge = tc_pr.find(W + "vMerge") if tc_pr is not None else None
            last = c + span - 1
            if v_merge is not None and v_merge.get(W + "val", "continue") != "restart" and c in open_down:
                open_down[c][2] = r  # a cell continuing the merge above: its text is the origin's
                line.extend([""] * span)
            else:
                paragraphs = [_text(p) for p in tc if p.tag == W + "p"]
                line.append("\n".join(p for p in paragraphs if p.strip()))
                line.extend([""] * (span - 1))
                ended = open_down.pop(c, None)  # a merge down this column ends above this cell
                if ended is not None:
                    merges.append(tuple(ended))
                if v_merge is not None:
                    open_down[c] = [r, c, r, last]
                elif span > 1:
                    merges.append((r, c, r, last))
            nested.extend(child for child in tc if child.tag == W + "tbl")  # deeper ones are theirs
            c = last + 1
        texts.append(line)
        # A merge is closed once a row passes without continuing it.
        for column, merge in list(open_down.items()):
            if merge[2] < r and merge[0] < r:
                merges.append(tuple(merge))
                del open_down[column]
    merges.extend(tuple(m) for m in open_down.values())
    width = max((len(line) for line in texts), default=0)
    for line in texts:
        line.extend([""] * (width - len(line)))
    return Grid(texts, merges, sheet=sheet)


def _items(body) -> list:
    """The body's paragraphs and tables in reading order, as ``Row``s and ``Grid``s."""
    items: list = []
    count = 0

    def table(element):
        nonlocal count
        count += 1
        nested: list = []
        items.append(_grid(element, f"表格{count}", nested))
        for inner in nested:
            table(inner)

    def walk(node):
        for child in node:
            if child.tag == W + "p":
                items.append(Row(_text(child), SourceLocation(sheet=f"表格{count + 1}")))
            elif child.tag == W + "tbl":
                table(child)
            elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
                walk(child)

    walk(body)
    return items


def _main_part(archive) -> str:
    """The document part the package's relationships name (word/document.xml as Word
    writes it; other producers name it otherwise)."""
    import posixpath

    try:
        data = archive.read("_rels/.rels")
        rels = ElementTree.fromstring(data) if b"<!DOCTYPE" not in data else ()  # no entities, as for the document
    except (KeyError, ElementTree.ParseError):
        return "word/document.xml"
    for relation in rels:
        if relation.get("Type", "").endswith("/officeDocument"):
            return posixpath.normpath(relation.get("Target", "").lstrip("/")) or "word/document.xml"
    return "word/document.xml"


class WordReader:
    name = "word"
    suffixes = (".docx", ".docm")

    def sniff(self, path: Path) -> bool:
        # Lock files Word leaves beside an open document (~$draft.docx) are not documents.
        return not path.name.startswith("~$")

    def read(self, path: Path) -> Document:
        check_size(path, file_size_limit(MAX_WORD_BYTES))
        with open(path, "rb") as f:
            head = f.read(8)
        if head == OLE_MAGIC:
            # An OLE container: an encrypted .docx, or a legacy .doc under a new name.
            if _ENCRYPTED_PACKAGE in path.read_bytes():
                raise ReadError([ReadProblem(Message("Word 文件有密码保护，无法读取：请提供未加密的文件", "the Word document is password-protected: provide an unencrypted copy"))])
            raise self._damaged("这是旧版 .doc 格式的文件，不是 .docx：请改扩展名为 .doc 或另存为 .docx", "an OLE file (a legacy .doc?), not a .docx package: name it .doc or save it as .docx")
        try:
            check_archive(path, Message("Word 文件", "the Word document"))
            with zipfile.ZipFile(path) as archive:
                part = _main_part(archive)
                try:
                    data = archive.read(part)
                except KeyError:
                    raise self._damaged(f"文件包中没有 {part}", f"no {part} in the package") from None
            if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
                raise self._damaged("文档 XML 声明了 DTD（Word 从不写 DTD）", "the document XML declares a DTD, which Word never writes")
            # Word's "Strict Open XML" saves name the same elements in another namespace.
            root = ElementTree.fromstring(data.replace(STRICT, TRANSITIONAL) if STRICT in data[:4096] else data)
        except (ReadError, RecursionError):
            raise
        except (zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError, EOFError, NotImplementedError) as exc:
            detail = f"{type(exc).__name__}: {exc}"
            raise self._damaged(detail, detail) from None
        body = root.find(W + "body")
        items = _items(body) if body is not None else []
        return read_grids(str(path), items, ("Word 文件的 {n} 个表格", "the Word document's {n} tables"))

    @staticmethod
    def _damaged(zh: str, en: str) -> ReadError:
        return ReadError([ReadProblem(Message(f"无法打开 Word 文件（文件可能已损坏）：{zh}", f"cannot open the Word document (is it damaged?): {en}"))])
