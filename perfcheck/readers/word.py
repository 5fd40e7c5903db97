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

The package XML is parsed with lxml, not with python-docx (built on lxml,
it gives a table's cells through objects that resolve merges per cell
access, where the grid needs only the spans, two attributes of the XML), nor
with the standard library's ElementTree: libxml2 builds a document's tree in
C in less than half of ElementTree's time (8 against 20 ms for a 650 KB
document.xml as LibreOffice writes it), and ``Element.iter`` with tag names
hands Python only the elements a table's text and shape are in, not the
run and paragraph properties that are most of a real document's XML. A
document's XML is bounded before it is parsed: the zip bounds of a workbook
(``limits.check_archive``), no DTD (no entity expansion, nothing fetched),
and libxml2's own bounds on nesting (256) and on a text node's size.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from perfcheck.limits import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_WORD_BYTES, check_archive, check_size, file_size_limit
from perfcheck.model import Document, Message, SourceLocation
from perfcheck.readers import ReadError, ReadProblem
from perfcheck.readers.layouts import Grid, Row, read_grids

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
TRANSITIONAL = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

_P, _T, _TAB, _BR, _CR = W + "p", W + "t", W + "tab", W + "br", W + "cr"
_TBL, _TR, _TC, _SDT = W + "tbl", W + "tr", W + "tc", W + "sdt"
_GRID_SPAN, _V_MERGE, _GRID_BEFORE, _VAL = W + "gridSpan", W + "vMerge", W + "gridBefore", W + "val"
_SYM = W + "sym"
# Elements that read as a fixed text: a tab as a space, a line break as a new
# line, Word's non-breaking hyphen (Ctrl+Shift+-, in dates such as
# 2024-12-31) as a hyphen, an optional hyphen as nothing.
_FIXED_TEXT = {_TAB: " ", _BR: "\n", _CR: "\n", W + "ptab": " ", W + "noBreakHyphen": "-", W + "softHyphen": ""}
# What Insert > Symbol puts in a run with a symbol font chosen: w:sym, the
# character a code of the font's own (F0B3, ≥ in Symbol), not text.
_SYMBOL_FONTS = {
    "symbol": {
        0x25: "%", 0x2B: "+", 0x2D: "−", 0x3C: "<", 0x3D: "=", 0x3E: ">", 0xA3: "≤", 0xB3: "≥", 0xB1: "±", 0xB4: "×",
        0xB8: "÷", 0xB9: "≠", 0xBB: "≈", 0xB0: "°", 0xBA: "≡", 0xA5: "∞", 0xD6: "√", 0xBC: "…", 0xB7: "•", 0xD7: "·",
    },
    "wingdings": {0xFC: "✓", 0xFB: "✗", 0xFE: "☑", 0xFD: "☒", 0xA8: "☐"},
}
# A table in a cell, a text box (its own paragraphs; drawn twice, as the
# drawing and its fallback): read with care, cell by cell.
# Text moved with changes tracked (w:moveFrom: where it was, in w:t as the
# text where it went) and a ruby's guide (w:rt, pinyin over its base): read
# with care too, and left out.
_CAREFUL = frozenset({_MC + "AlternateContent", W + "txbxContent", _TBL, W + "moveFrom", W + "rt"})
# What a reader does not see: a table's own text, a text box's fallback copy, deleted text, field codes.
_SKIPPED = frozenset({_TBL, _MC + "Fallback", W + "del", W + "instrText", W + "delText", W + "moveFrom", W + "rt"})
# The elements a paragraph's text is in (deleted text and field codes are
# other tags: w:delText, w:instrText), and what needs care.
_TEXT_TAGS = (_T, *_FIXED_TEXT, _SYM, *_CAREFUL)
# Content controls and custom XML wrap tables, rows, cells and paragraphs without being part of the table's shape.
_WRAPPERS = frozenset({_SDT, W + "sdtContent", W + "customXml"})
# A tracked change of a cell's or a row's properties: the old ones, last in
# w:tcPr / w:trPr, which the cell or row no longer has.
_PROPERTY_CHANGES = (W + "tcPrChange", W + "trPrChange")
# The elements a table's shape and text are in (not its paragraphs: see _grid_in_one_pass).
_SHAPE_TAGS = (_TC, _TR, _GRID_SPAN, _V_MERGE, _GRID_BEFORE, *_PROPERTY_CHANGES, *_TEXT_TAGS)


def parse_part(data: bytes):
    """A package part's XML as lxml's tree, bounded: no DTD loaded, no entity
    expanded, nothing fetched; libxml2 refuses nesting deeper than 256 and
    text nodes past 10 MB (``huge_tree`` off)."""
    from lxml import etree  # Word's and HTML's alone: a run on text or YAML never imports it

    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, collect_ids=False))


def declares_dtd(data: bytes) -> bool:
    """Whether a part's XML declares a DTD or an entity, which Word never writes (refused, not parsed)."""
    return b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data


def symbol(sym) -> str:
    """The character a ``w:sym`` shows: a code of a symbol font (Symbol's
    F0B3, ≥) as Unicode has it, a code outside the font's private range as
    itself; one perfcheck does not know reads as nothing, as before it."""
    try:
        code = int(sym.get(W + "char", ""), 16)
    except ValueError:
        return ""
    if not 0xF000 <= code <= 0xF0FF:
        return chr(code) if 0x20 <= code < 0xD800 or 0xE000 <= code <= 0xFFFD else ""
    return _SYMBOL_FONTS.get((sym.get(W + "font") or "").strip().lower(), {}).get(code - 0xF000, "")


def _text(paragraph) -> str:
    """The text a reader sees in a paragraph: runs, hyperlinks, field results,
    inserted text, symbols; tabs and breaks as spaces and newlines. A
    paragraph with a text box or a table inside is walked with ``_walk_text``."""
    parts: list[str] = []
    for node in paragraph.iter(*_TEXT_TAGS):
        tag = node.tag
        if tag == _T:
            parts.append(node.text or "")
        elif tag in _FIXED_TEXT:
            parts.append(_FIXED_TEXT[tag])
        elif tag == _SYM:
            parts.append(symbol(node))
        else:
            return _walk_text(paragraph)
    return "".join(parts)


def _walk_text(element) -> str:
    """``_text`` skipping what must be skipped: fallback copies, nested tables' text (their own)."""
    parts: list[str] = []

    def walk(node):
        for child in node:
            tag = child.tag
            if tag == _T:
                parts.append(child.text or "")
            elif tag in _FIXED_TEXT:
                parts.append(_FIXED_TEXT[tag])
            elif tag == _SYM:
                parts.append(symbol(child))
            elif tag not in _SKIPPED:
                walk(child)

    walk(element)
    return "".join(parts)


def own_children(element, tag: str):
    """The element's children of ``tag`` in order, through the content
    controls (``w:sdt``) and custom XML that wrap some: a table's rows, a
    row's cells, a cell's paragraphs (not a nested table's)."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from own_children(child, tag)


def row_cells(row):
    """A row's cells in order, through content controls that wrap some."""
    return own_children(row, _TC)


def count_attribute(value: str | None, default: int) -> int:
    """A span or a count of columns as an attribute gives it; a damaged or negative one counts as ``default`` or 0."""
    try:
        return max(int(value), 0) if value is not None else default
    except ValueError:
        return default  # a damaged value spans nothing


def cell_text(tc) -> str:
    """A cell's text as the reader sees it: its paragraphs (those in content
    controls too, not a nested table's), one a line, blank ones left out."""
    texts = (_text(p) for p in own_children(tc, _P))
    return "\n".join(text for text in texts if text.strip())


class _Slots:
    """A Word table's cells laid into a grid's slots, row by row, as Word lays
    them: a row starts after its ``w:gridBefore`` empty columns, a cell takes
    ``w:gridSpan`` columns, and a cell marked ``w:vMerge`` (but not
    ``restart``) continues the merge above it in its column, its own text
    unread. Rows past ``MAX_SHEET_ROWS`` and columns past
    ``MAX_SHEET_COLUMNS`` are left out, whatever the spans claim."""

    __slots__ = ("texts", "merges", "open_down", "touched", "line", "row_number", "column")

    def __init__(self):
        self.texts: list[list[str]] = []
        self.merges: list[tuple[int, int, int, int]] = []
        self.open_down: dict[int, list[int]] = {}  # column -> the vertical merge running down it
        self.touched = 0  # how many of them this row has started or continued
        self.line: list[str] | None = None  # the row being laid out; None past the last row read
        self.row_number = 0
        self.column = 1  # where the next cell goes, 1-based

    def row(self) -> None:
        self._end_row()
        if self.row_number >= MAX_SHEET_ROWS:
            self.line = None
            return
        self.row_number += 1
        self.line = []
        self.texts.append(self.line)
        self.column = 1
        self.touched = 0

    def skip(self, before: str | None) -> None:
        """The row's ``w:gridBefore``: columns left empty before its first cell."""
        if self.line is not None and self.column == 1:
            empty = min(count_attribute(before, 0), MAX_SHEET_COLUMNS)
            self.line.extend([""] * empty)
            self.column = 1 + empty

    def cell(self, text: str, span: str | None, v_merge: str | None) -> None:
        line, c = self.line, self.column
        if line is None or c > MAX_SHEET_COLUMNS:
            return
        span = 1 if span is None else min(count_attribute(span, 1) or 1, MAX_SHEET_COLUMNS - c + 1)
        last = c + span - 1
        open_down = self.open_down
        if v_merge is not None and v_merge != "restart" and c in open_down:
            open_down[c][2] = self.row_number  # a cell continuing the merge above: its text is the origin's
            self.touched += 1
            line.extend([""] * span)
        else:
            r = self.row_number
            line.append(text)
            if span > 1:
                line.extend([""] * (span - 1))
                if v_merge is None:
                    self.merges.append((r, c, r, last))
            if c in open_down:  # a merge down this column ends above this cell
                self.merges.append(tuple(open_down.pop(c)))
            if v_merge is not None:
                open_down[c] = [r, c, r, last]
                self.touched += 1
        self.column = last + 1

    def _end_row(self) -> None:
        # A merge is closed once a row passes without continuing it; in most
        # rows every merge still open was started or continued in the row.
        if self.line is None or len(self.open_down) == self.touched:
            return
        r = self.row_number
        for column, merge in list(self.open_down.items()):
            if merge[2] < r and merge[0] < r:
                self.merges.append(tuple(merge))
                del self.open_down[column]

    def grid(self, sheet: str) -> Grid:
        self._end_row()
        self.line = None
        merges = self.merges
        merges.extend(tuple(m) for m in self.open_down.values())
        texts = self.texts
        width = max((len(line) for line in texts), default=0)
        for line in texts:
            if len(line) < width:
                line.extend([""] * (width - len(line)))
        return Grid(texts, merges, sheet=sheet)


def _grid_in_one_pass(table, sheet: str) -> Grid | None:
    """The table as a grid, read in one pass over its elements in document
    order, which is most of reading a document: a row's properties come
    before its cells, a cell's (``w:tcPr``) before its text. Only the
    elements of the table's shape and text reach Python, and not a cell's
    paragraphs: a cell of one piece of text (most cells) is that text, one of
    more pieces is read again paragraph by paragraph. None when the table
    holds what needs ``_grid_cell_by_cell``: a table or a text box in a cell.

    A cell that neither spans nor merges (most cells) is laid into the row
    here, as ``_Slots.cell`` would lay it; the rest go through it. The row
    and the column are kept in locals and handed back to ``slots`` when it
    places a cell or a row, as they are read once per element."""
    slots = _Slots()
    open_down, merges = slots.open_down, slots.merges
    line, column = None, 1  # slots.line and slots.column while this loop holds them
    tc = None  # the cell being read; text outside any cell (which Word never writes) is not read
    text, pieces, span, v_merge = "", 0, None, None
    changed = False  # past a w:tcPrChange or w:trPrChange: the properties seen are the old ones
    for node in table.iter(*_SHAPE_TAGS):
        tag = node.tag
        if tag == _T:
            pieces += 1
            text = node.text or ""
            continue
        if tag == _TC or tag == _TR:
            if tc is not None:
                if pieces > 1:
                    text = cell_text(tc)
                if span is None and v_merge is None and line is not None and column <= MAX_SHEET_COLUMNS:
                    line.append(text)
                    if column in open_down:  # a merge down this column ends above this cell
                        merges.append(tuple(open_down.pop(column)))
                    column += 1
                else:
                    slots.column = column
                    slots.cell(text, span, v_merge)
                    column = slots.column
            changed = False
            if tag == _TC:
                tc, text, pieces, span, v_merge = node, "", 0, None, None
            else:
                tc = None
                slots.row()
                line, column = slots.line, 1
        elif tag in _FIXED_TEXT or tag == _SYM:
            pieces += 2  # a tab, a break, a symbol: the cell is read paragraph by paragraph
        elif changed:
            continue
        elif tag == _GRID_SPAN:
            span = node.get(_VAL)
        elif tag == _V_MERGE:
            v_merge = node.get(_VAL, "continue")
        elif tag == _GRID_BEFORE:
            if tc is None:
                slots.column = column
                slots.skip(node.get(_VAL, "0"))
                column = slots.column
        elif tag in _PROPERTY_CHANGES:
            changed = True
        elif node is not table:  # a table or a text box inside
            return None
    if tc is not None:
        slots.column = column
        slots.cell(text if pieces < 2 else cell_text(tc), span, v_merge)
    return slots.grid(sheet)


def _grid_cell_by_cell(table, sheet: str) -> Grid:
    """``_grid_in_one_pass`` for a table with tables or text boxes in its cells:
    each cell's own paragraphs (``_text``), a nested table's text left to it."""
    slots = _Slots()
    for tr in own_children(table, _TR):
        slots.row()
        before = tr.find(f"{W}trPr/{_GRID_BEFORE}")
        if before is not None:
            slots.skip(before.get(_VAL, "0"))
        for tc in row_cells(tr):
            span, v_merge = tc.find(f"{W}tcPr/{_GRID_SPAN}"), tc.find(f"{W}tcPr/{_V_MERGE}")
            slots.cell(cell_text(tc), span.get(_VAL) if span is not None else None, v_merge.get(_VAL, "continue") if v_merge is not None else None)
    return slots.grid(sheet)


def _grid(table, sheet: str) -> Grid:
    """The table as a grid (the tables nested in its cells are grids of their own)."""
    grid = _grid_in_one_pass(table, sheet)
    return grid if grid is not None else _grid_cell_by_cell(table, sheet)


def _reading_order(body):
    """The body's paragraphs and tables in reading order, through content
    controls; a table's nested tables right after it, as the reader numbers
    tables (``表格1`` the first)."""
    for child in body:
        tag = child.tag
        if tag == _P:
            yield child
        elif tag == _TBL:
            yield from _table_and_nested(child)
        elif tag in _WRAPPERS:
            yield from _reading_order(child)


def _table_and_nested(table):
    yield table
    # Most tables hold none: libxml2 looks for one without Python touching every row and cell.
    if next(table.iterdescendants(_TBL), None) is None:
        return
    for tr in own_children(table, _TR):
        for tc in row_cells(tr):
            for inner in own_children(tc, _TBL):  # deeper ones are theirs
                yield from _table_and_nested(inner)


def numbered_tables(body) -> list:
    """The document's tables, ``表格N`` the Nth."""
    return [element for element in _reading_order(body) if element.tag == _TBL]


def _items(body) -> list:
    """The body's paragraphs and tables in reading order, as ``Row``s and ``Grid``s."""
    items: list = []
    count = 0
    for element in _reading_order(body):
        if element.tag == _P:
            items.append(Row(_text(element), SourceLocation(sheet=f"表格{count + 1}")))
        else:
            count += 1
            items.append(_grid(element, f"表格{count}"))
    return items


def main_part(rels: bytes | None) -> str:
    """The document part the package's relationships (``_rels/.rels``) name:
    word/document.xml as Word writes it; other producers name it otherwise."""
    import posixpath

    from lxml import etree

    if rels is None:
        return "word/document.xml"
    try:
        root = parse_part(rels)
    except etree.XMLSyntaxError:
        return "word/document.xml"
    for relation in root.iterchildren(etree.Element):
        if relation.get("Type", "").endswith("/officeDocument"):
            return posixpath.normpath(relation.get("Target", "").lstrip("/")) or "word/document.xml"
    return "word/document.xml"


class WordReader:
    name = "word"
    suffixes = (".docx", ".docm")
    fixer = None  # what writes fixes back (perfcheck.writeback): given where the reader is registered

    def __init__(self, fixer=None):
        self.fixer = fixer

    def sniff(self, path: Path) -> bool:
        # Lock files Word leaves beside an open document (~$draft.docx) are not documents.
        return not path.name.startswith("~$")

    def read(self, path: Path) -> Document:
        from lxml import etree

        check_size(path, file_size_limit(MAX_WORD_BYTES))
        with open(path, "rb") as f:
            head = f.read(8)
        if head == OLE_MAGIC:
            # An OLE container: an encrypted .docx, or a legacy .doc under a new name.
            if _ENCRYPTED_PACKAGE in path.read_bytes():
                raise ReadError([ReadProblem(Message("Word 文件有密码保护，无法读取：请提供未加密的文件", "the Word document is password-protected: provide an unencrypted copy"))])
            raise self._damaged("这是旧版 .doc 格式的文件，不是 .docx：请改扩展名为 .doc 或另存为 .docx", "an OLE file (a legacy .doc?), not a .docx package: name it .doc or save it as .docx")
        try:
            with zipfile.ZipFile(path) as archive:
                check_archive(archive, Message("Word 文件", "the Word document"))
                part = main_part(archive.read("_rels/.rels") if "_rels/.rels" in archive.NameToInfo else None)
                try:
                    data = archive.read(part)
                except KeyError:
                    raise self._damaged(f"文件包中没有 {part}", f"no {part} in the package") from None
            if declares_dtd(data):
                raise self._damaged("文档 XML 声明了 DTD（Word 从不写 DTD）", "the document XML declares a DTD, which Word never writes")
            # Word's "Strict Open XML" saves name the same elements in another namespace.
            if STRICT in data[:4096]:
                data = data.replace(STRICT, TRANSITIONAL)
            # Word marks a run's text xml:space="preserve" when it has spaces at its
            # ends, and other producers mark every run: the reader keeps every
            # space anyway, and an attribute costs the parser a dict per run
            # (a sixth of parsing a document).
            root = parse_part(data.replace(b' xml:space="preserve"', b""))
        except (ReadError, RecursionError):
            raise
        except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError, EOFError, NotImplementedError) as exc:
            detail = f"{type(exc).__name__}: {exc}"
            raise self._damaged(detail, detail) from None
        body = next(root.iterchildren(W + "body"), None)
        items = _items(body) if body is not None else []
        return read_grids(str(path), items, ("Word 文件的 {n} 个表格", "the Word document's {n} tables"))

    @staticmethod
    def _damaged(zh: str, en: str) -> ReadError:
        return ReadError([ReadProblem(Message(f"无法打开 Word 文件（文件可能已损坏）：{zh}", f"cannot open the Word document (is it damaged?): {en}"))])
