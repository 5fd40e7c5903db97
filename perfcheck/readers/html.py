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

The page is parsed with lxml's HTML parser (libxml2): it takes the broken
markup real pages have (unclosed cells and rows, stray end tags, an
unclosed head), gives each element's line, and builds the tree in C, about
twenty times faster than the standard library's ``html.parser`` calls
Python for every tag and piece of text (most of reading a page was spent
there). Bounds, before anything is trusted: the file's size, how deep
tables nest, how many a page has, and each table's rows and columns
(``perfcheck.limits``); spans are clipped to those. libxml2 itself stops
at elements nested 256 deep.

The text's encoding: a byte-order mark, else the page's ``<meta charset>``
(GB2312 and GBK read as GB18030, their superset), else as any text file.
"""

from __future__ import annotations

import codecs
import re
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

# Elements whose text is not the page's content (rt, rp: a ruby's pinyin guide and its brackets).
SKIPPED = frozenset({"script", "style", "head", "title", "nav", "header", "footer", "aside", "noscript", "template", "select", "button", "iframe", "object", "rt", "rp"})
# Text a browser does not show: Word's web pages keep hidden text (a field's
# code, text formatted hidden) in elements styled so.
_HIDDEN = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all", re.IGNORECASE)
# Elements that end a line of text.
BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article", "blockquote", "pre", "dd", "dt", "hr", "center", "form", "ul", "ol", "dl", "caption"})
# In a layout table, each cell is a line of its own too.
LAYOUT_BLOCKS = BLOCKS | {"td", "th"}
ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
CELLS = frozenset({"td", "th"})
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Excel's single-file web page (.mht) and a browser's .mhtml: MIME parts.
MHTML_SUFFIXES = (".mhtml", ".mht")


def _shown(element) -> bool:
    """Whether an element's text is the page's content as a browser shows it:
    an element (a comment's tag is no string), not one of ``SKIPPED``, not
    styled hidden."""
    tag = element.tag
    if not isinstance(tag, str) or tag in SKIPPED:
        return False
    style = element.get("style")
    if style is None:
        return True
    # Most styles say neither word (CSS in any case): looked for as plain text first.
    lowered = style.lower()
    return not (("none" in lowered or "hide" in lowered) and _HIDDEN.search(lowered))


def _span(value: str | None) -> int:
    if value is None:  # most cells
        return 1
    try:
        return max(int(value.strip().rstrip(";")), 1)
    except ValueError:
        return 1  # a damaged span spans nothing, as browsers read it


def _cell(td) -> Cell:
    return Cell(_cell_text(td), _span(td.get("rowspan")), _span(td.get("colspan")))


def _cell_text(cell) -> str:
    """A data cell's text: a line per block inside it (``<br>``, ``<p>``),
    whitespace squeezed (a line break in the source is a space), blank lines
    left out."""
    if not len(cell):  # most cells: text alone
        return " ".join((cell.text or "").split())
    parts: list[str] = [cell.text or ""]

    def walk(element):
        for child in element:
            if _shown(child):
                block = child.tag in BLOCKS
                if block:
                    parts.append(_BREAK)
                parts.append(child.text or "")
                walk(child)
                if block:
                    parts.append(_BREAK)
            parts.append(child.tail or "")

    walk(cell)
    lines = "".join(parts).split(_BREAK)
    return "\n".join(squeezed for line in lines if (squeezed := " ".join(line.split())))


# Where a block inside a cell ends a line: a character no page's text holds (a noncharacter).
_BREAK = "\uffff"


class _Page:
    """Walks a page's tree: its data tables as ``Grid``s, its other text as
    ``Row``s, in the order they come. ``count`` is the tables seen so far
    (the bound holds for a workbook's sheets together)."""

    def __init__(self, count: int = 0):
        self.items: list = []
        self.count = count
        self.depth = 0  # tables open around the element walked
        self.text: list[str] = []  # running text of the current line
        self.text_line: int | None = None

    # ---- running text
    def _add(self, text: str | None, line: int | None):
        if text:
            if self.text_line is None and not text.isspace():  # a line starts at its first word
                self.text_line = line
            self.text.append(text)

    def _flush(self):
        text = " ".join("".join(self.text).split())
        if text:
            self.items.append(Row(text, SourceLocation(line=self.text_line)))
        self.text, self.text_line = [], None

    def walk(self, element, blocks=BLOCKS):
        """``element``'s content as running text, its tables as tables."""
        self._add(element.text, element.sourceline)
        for child in element:
            if _shown(child):
                tag = child.tag
                if tag == "table":
                    self.table(child)
                else:
                    block = tag in blocks
                    if block:
                        self._flush()
                    self.walk(child, blocks)
                    if block:
                        self._flush()
            self._add(child.tail, child.sourceline)

    def table(self, table):
        self.count += 1
        if self.count > MAX_HTML_TABLES:
            raise LimitExceeded(Message(f"网页中的表格超过 {MAX_HTML_TABLES} 个（上限），未读取", f"the page has more than {MAX_HTML_TABLES} tables (the limit); not read"))
        if self.depth >= MAX_HTML_DEPTH:
            raise LimitExceeded(Message(f"网页中的表格嵌套超过 {MAX_HTML_DEPTH} 层（上限），未读取", f"the page nests tables more than {MAX_HTML_DEPTH} deep (the limit); not read"))
        self._flush()
        self.depth += 1
        if next(table.iterdescendants("table"), None) is not None:
            # A layout table: its cells' text is running text, a line a cell, around the tables in it.
            self.walk(table, LAYOUT_BLOCKS)
        else:
            self._data(table)
        self.depth -= 1
        self._flush()

    def _data(self, table):
        rows: list[list[Cell]] = []
        lines: list[int] = []
        for child in table:
            tag = child.tag
            if tag == "caption":
                self.walk(child)  # a table's title: before the table's rows
                self._flush()
            elif tag == "tr" or tag in ROW_GROUPS:
                for tr in (child,) if tag == "tr" else child.iterchildren("tr"):
                    if len(rows) >= MAX_SHEET_ROWS:
                        break
                    rows.append([_cell(td) for td in tr if td.tag in CELLS][:MAX_SHEET_COLUMNS])
                    lines.append(tr.sourceline)
        if rows:
            self.items.append(Grid.of_cells(rows, max_rows=MAX_SHEET_ROWS, max_columns=MAX_SHEET_COLUMNS, lines=lines))


def _read_page(text: str, count: int) -> tuple[list, int]:
    """The items of one page (a ``Grid`` per data table, a ``Row`` per line of
    other text) and the count of tables read so far with it."""
    from lxml import etree  # Word's and HTML's alone: a run on text or YAML never imports it

    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, default_doctype=False)
    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), parser)
    except etree.XMLSyntaxError:
        root = None  # nothing the parser could read (an empty page)
    if root is None:
        return [], count
    page = _Page(count)
    page.walk(root)
    page._flush()
    return page.items, page.count


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
            # The table bound holds for the page and its sheets together.
            found, tables = _read_page(page_text(page), tables)
            items.extend(found)
        return read_grids(str(path), items, ("网页的 {n} 个数据表格", "the page's {n} data tables"))
