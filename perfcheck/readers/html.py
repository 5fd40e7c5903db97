"""Web pages (.html, .htm, .shtml, and .mhtml/.mht saved "as a single file"):
target tables as governments publish them, and as Excel saves a workbook
"as a web page".

Each data table of the page becomes a ``Grid`` (``rowspan`` and ``colspan``
laid out as the browser lays them out), and the text between tables —
a title in an ``<h3>`` or a ``<p>`` above its table — lines of running text;
the layout recogniser (``perfcheck.readers.layouts``) reads the page from
them as it reads a Word document. A table that holds other tables is a
layout table: its own cells' text is running text around the tables in it.
Navigation, headers, footers, scripts and styles are not read. Locations are
the line of the row (``<tr>``) or of the text.

The page is parsed with the standard library's ``html.parser``: it takes
the broken markup real pages have (unclosed cells and rows, stray end
tags) without building a tree, needs no binary wheel (lxml is one), and
gives each tag's line. Bounds, before anything is trusted: the file's size,
how deep tables nest, how many a page has, and each table's rows and
columns (``perfcheck.limits``); spans are clipped to those.

The text's encoding: a byte-order mark, else the page's ``<meta charset>``
(GB2312 and GBK read as GB18030, their superset), else as any text file.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

from perfcheck.decoding import decode_text
from perfcheck.limits import (
    MAX_HTML_BYTES,
    MAX_HTML_DEPTH,
    MAX_HTML_TABLES,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    LimitExceeded,
    file_size_limit,
    read_bounded,
)
from perfcheck.model import Document, Message, SourceLocation
from perfcheck.readers import ReadError, ReadProblem
from perfcheck.readers.layouts import Cell, Grid, Row, read_grids

# Elements whose text is not the page's content.
SKIPPED = frozenset({"script", "style", "head", "title", "nav", "header", "footer", "aside", "noscript", "template", "select", "button", "iframe", "object"})
# Elements that end a line of text.
BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article", "blockquote", "pre", "dd", "dt", "hr", "center", "form", "ul", "ol", "dl"})
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Excel's single-file web page (.mht) and a browser's .mhtml: MIME parts.
MHTML_SUFFIXES = (".mhtml", ".mht")


def _span(value: str | None) -> int:
    try:
        return max(int((value or "1").strip().rstrip(";")), 1)
    except ValueError:
        return 1  # a damaged span spans nothing, as browsers read it


class _Table:
    __slots__ = ("rows", "lines", "cell", "layout", "full")

    def __init__(self):
        self.full = False  # rows past the bound: not read
        self.rows: list[list[Cell]] = []
        self.lines: list[int] = []
        self.cell: list[tuple[int, str]] | None = None  # the open cell's text, piece by piece with its line
        self.layout = False  # holds a table: its cells' text is running text


class _PageParser(HTMLParser):
    """Collects the page's data tables as ``Grid``s and its other text as
    ``Row``s, in the order they come."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list = []
        self.tables: list[_Table] = []
        self.count = 0
        self.skipping = 0
        self.text: list[str] = []  # running text of the current line
        self.text_line = 1
        self.text_started = False

    # ---- running text
    def _flush_text(self):
        text = " ".join("".join(self.text).split())
        if text:
            self.items.append(Row(text, SourceLocation(line=self.text_line)))
        self.text, self.text_started = [], False

    def _running(self) -> bool:
        """Whether text now goes to the running text (outside tables, or in a layout table's cell)."""
        return not self.tables or self.tables[-1].layout or self.tables[-1].cell is None

    # ---- cells
    def _close_cell(self, table: _Table):
        if table.cell is not None and not table.layout and table.rows and table.rows[-1]:
            lines = ("".join(piece for _, piece in table.cell)).split("\n")
            table.rows[-1][-1].text = "\n".join(" ".join(line.split()) for line in lines if line.strip())
        table.cell = None

    def _open_row(self, table: _Table):
        self._close_cell(table)
        if len(table.rows) < MAX_SHEET_ROWS:
            table.rows.append([])
            table.lines.append(self.getpos()[0])
        else:
            table.full = True

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.skipping = 0  # the head is over, whether or not it said so (</head> may be left out)
            return
        if tag in SKIPPED:
            self.skipping += 1
            return
        if self.skipping:
            return
        if tag == "table":
            self.count += 1
            if self.count > MAX_HTML_TABLES:
                raise LimitExceeded(Message(f"网页中的表格超过 {MAX_HTML_TABLES} 个（上限），未读取", f"the page has more than {MAX_HTML_TABLES} tables (the limit); not read"))
            if len(self.tables) >= MAX_HTML_DEPTH:
                raise LimitExceeded(Message(f"网页中的表格嵌套超过 {MAX_HTML_DEPTH} 层（上限），未读取", f"the page nests tables more than {MAX_HTML_DEPTH} deep (the limit); not read"))
            if self.tables:
                self._become_layout(self.tables[-1])
            self._flush_text()
            self.tables.append(_Table())
            return
        if not self.tables:
            if tag in BLOCKS:
                self._flush_text()
            return
        table = self.tables[-1]
        if tag == "tr":
            if table.layout:
                self._flush_text()
            self._open_row(table)
        elif tag in ("td", "th"):
            if table.layout:
                self._flush_text()  # each cell of a layout table is text of its own
            self._close_cell(table)
            if not table.rows:
                self._open_row(table)
            row = table.rows[-1] if table.rows else None
            if row is None or table.full or len(row) >= MAX_SHEET_COLUMNS:
                return
            values = dict(attrs)
            row.append(Cell("", _span(values.get("rowspan")), _span(values.get("colspan"))))
            table.cell = []
        elif tag in BLOCKS and table.cell is not None:
            if table.layout:
                self._flush_text()
            else:
                table.cell.append((0, "\n"))

    def _become_layout(self, table: _Table):
        """``table`` holds a table: what it read so far goes out as running text."""
        if table.layout:
            return
        table.layout = True
        current = table.cell
        table.cell = None
        for row in table.rows:
            for cell in row:
                if cell.text.strip():
                    self.items.append(Row(cell.text, SourceLocation(line=table.lines[0] if table.lines else None)))
        table.rows, table.lines = [], []
        for line, piece in current or ():  # the open cell's text so far, line by line (a title above the table)
            if piece == "\n":
                self._flush_text()
            else:
                if not self.text_started and not piece.isspace():
                    self.text_line, self.text_started = line, True
                self.text.append(piece)
        self._flush_text()

    def handle_startendtag(self, tag, attrs):
        if tag in ("br", "hr", "p", "div"):
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
            return
        if self.skipping or not self.tables:
            if tag in BLOCKS and not self.skipping:
                self._flush_text()
            return
        table = self.tables[-1]
        if tag == "table":
            self._close_cell(table)
            self.tables.pop()
            if table.layout:
                self._flush_text()
            elif table.rows:
                self.items.append(Grid.of_cells(table.rows, max_rows=MAX_SHEET_ROWS, max_columns=MAX_SHEET_COLUMNS, lines=table.lines))
        elif tag in ("td", "th"):
            if table.layout:
                self._flush_text()
            self._close_cell(table)
        elif tag == "caption":
            self._flush_text()  # a table's title in its caption: before the table's rows
        elif tag in BLOCKS and table.cell is not None:
            if table.layout:
                self._flush_text()
            else:
                table.cell.append((0, "\n"))

    def handle_data(self, data):
        if self.skipping:
            return
        if self._running():
            if not self.text_started and not data.isspace():  # a line starts at its first word
                self.text_line, self.text_started = self.getpos()[0], True
            self.text.append(data)
        else:
            self.tables[-1].cell.append((self.getpos()[0], data.replace("\n", " ")))

    def close(self):
        super().close()
        while self.tables:  # tables the page never closed
            self.handle_endtag("table")
        self._flush_text()


def _charset(data: bytes) -> str | None:
    """The encoding the page's <meta> declares, as Python names it; GB2312 and GBK as GB18030."""
    m = META_CHARSET.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030"):
        return "gb18030"  # pages declared GB2312 hold GBK characters as often as not
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def page_text(data: bytes) -> str:
    """The page's text: a byte-order mark, else the declared charset, else as any text file."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data)[0]
    declared = _charset(data)
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # declared wrongly (a UTF-8 page saying GB2312): told from the bytes
    return decode_text(data)[0]


def mhtml_pages(data: bytes) -> list[bytes]:
    """The HTML parts of a MIME web archive (.mhtml; Excel's .mht has a part
    per sheet), their transfer encoding undone, each with a <meta charset> of
    its part's charset."""
    from email import message_from_bytes, policy

    pages = []
    for part in message_from_bytes(data, policy=policy.compat32).walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset and not _charset(payload):
                payload = f'<meta charset="{charset}">'.encode("ascii", "replace") + payload
            pages.append(payload)
    if not pages:
        raise ReadError([ReadProblem(Message("网页存档中没有 HTML 部分", "the web archive has no HTML part"))])
    return pages


FILE_LIST = re.compile(rb"""<link[^>]+rel\s*=\s*["']?File-List["']?[^>]*href\s*=\s*["']?([^"' >]+)""", re.IGNORECASE)
SHEET_FILE = re.compile(rb"""HRef\s*=\s*["']?(sheet\d{1,4}\.html?)["']?""", re.IGNORECASE)


def sheet_pages(path: Path, data: bytes, budget: int) -> list[bytes]:
    """The sheets of a workbook Excel saved as a web page: its main page lists
    them in ``<name>.files/filelist.xml`` (one sheetNNN.htm each). Only files
    in that folder, named as Excel names them, within ``budget`` bytes in all."""
    m = FILE_LIST.search(data[:65536])
    if not m:
        return []
    listed = (path.parent / m.group(1).decode("utf-8", "replace").replace("\\", "/")).resolve()
    folder = listed.parent
    if folder.parent != path.parent.resolve() or not listed.is_file():
        return []  # only the folder beside the page, as Excel writes it
    pages = []
    for name in dict.fromkeys(SHEET_FILE.findall(read_bounded(listed, budget))):
        sheet = folder / name.decode("ascii")
        if not sheet.is_file():
            continue
        page = read_bounded(sheet, budget)
        budget -= len(page)
        pages.append(page)
    return pages


_SNIFFED_TITLES = tuple(word.encode(codec) for word in ("绩效目标", "绩效自评") for codec in ("utf-8", "gb18030")) + (b"&#32489;&#25928;",)


class HtmlReader:
    name = "html"
    suffixes = (".html", ".htm", ".shtml", ".xhtml", ".mhtml", ".mht")

    def sniff(self, path: Path) -> bool:
        try:
            data = read_bounded(path, file_size_limit(MAX_HTML_BYTES))
        except LimitExceeded:
            return True  # too large: the check says so
        except OSError:
            return False
        # A target or self-evaluation table's title, in the encodings pages come in.
        return any(title in data for title in _SNIFFED_TITLES) or path.suffix.lower() in MHTML_SUFFIXES

    def read(self, path: Path) -> Document:
        limit = file_size_limit(MAX_HTML_BYTES)
        data = read_bounded(path, limit)
        if path.suffix.lower() in MHTML_SUFFIXES:
            pages = mhtml_pages(data)
        else:
            pages = [data, *sheet_pages(path, data, limit - len(data))]
        items: list = []
        tables = 0
        for page in pages:
            parser = _PageParser()
            parser.count = tables  # the table bound holds for the page and its sheets together
            parser.feed(page_text(page))
            parser.close()
            items.extend(parser.items)
            tables = parser.count
        return read_grids(str(path), items, ("网页的 {n} 个数据表格", "the page's {n} data tables"))
