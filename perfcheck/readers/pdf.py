"""Published disclosures as PDF, read with PDFium.

Each page gives its characters with their boxes and its ruling lines: the
strokes of its path objects, and thin filled rectangles, which WPS and some
budget systems draw table borders with. ``perfcheck.readers.ruling`` finds
the ruled tables among them; the text outside them is searched for tables
by its alignment (``perfcheck.readers.alignment``), which need none. Table
rows and the lines of running text between tables become ``Row``s in
reading order, page by page, and the layout recogniser
(``perfcheck.readers.layouts``) reads them as it reads the text layout: a
table continued on the next page goes on, a row cut by the page end is
merged back, a header repeated on a new page and page numbers are skipped.
Locations are page numbers.

A page turned by /Rotate (a landscape table on a portrait page) is read as
it is shown: every point is turned with it before the geometry is looked at.

PDFium (pypdfium2) because it is the PDF engine of Chrome: fast (the seed's
34 pages give their characters and paths in a tenth of a CPU-second, where
pdfplumber on pdfminer took two), robust to the files real producers write,
and a small binary wheel under a permissive licence (PyMuPDF is AGPL). It is
C and cannot be interrupted, so what it would inflate is bounded first
(``perfcheck.readers.pdfbounds``), and a page it cannot load ends the file
with E001 rather than a wait for the worker's timeout.
"""

from __future__ import annotations

import ctypes
import threading
from pathlib import Path
from typing import Iterator

import attrs

from perfcheck.limits import MAX_PDF_BYTES, MAX_PDF_PAGES, LimitExceeded, check_size, file_size_limit
from perfcheck.model import Document, Message, SourceLocation
from perfcheck.readers import ReadError, ReadProblem, scan
from perfcheck.readers.alignment import Columns, aligned_tables
from perfcheck.readers.layouts import LayoutParser, Row, fill_merged
from perfcheck.readers.ruling import Box, Segment, Table, find_tables, line_text, lines_of

# PDFium keeps global state and is not thread-safe: one document at a time
# per process (the server may read in threads; workers are processes).
_PDFIUM = threading.Lock()

# A filled rectangle this thin (points) and at least this many times as long is a ruling line.
THIN_RECTANGLE = 2.5
# How far (points) two strokes may lie apart and be one line, or a stroke from true.
SNAP = 2.0


# ---------------------------------------------------------------- geometry of a page


class _Page:
    """One loaded page's characters and strokes, turned as the page is shown
    (its /Rotate applied), in points from its top-left corner."""

    def __init__(self, raw, page) -> None:
        self.raw = raw
        self.page = page
        self.glyphless: set[str] = set()  # fonts on this page PDFium has no glyphs for (_check_glyphs)
        self._bounds = tuple(ctypes.c_float() for _ in range(4))
        self._textpage = None  # PDFium's text of the page, loaded once (characters, and the odd text object)
        box = raw.FS_RECTF()
        raw.FPDF_GetPageBoundingBox(page, box)
        left, bottom, right, top = box.left, box.bottom, box.right, box.top
        rotation = raw.FPDFPage_GetRotation(page) % 4
        # (x, y) of PDF user space, y upwards -> (x, y) as shown, y downwards.
        self.turn = (
            lambda x, y: (x - left, top - y),
            lambda x, y: (y - bottom, x - left),
            lambda x, y: (right - x, y - bottom),
            lambda x, y: (top - y, right - x),
        )[rotation]
        # A box of user space (left, top, right, bottom) as shown (x0, top, x1, bottom).
        self.box = (
            lambda l, t, r, b: (l - left, top - t, r - left, top - b),
            lambda l, t, r, b: (b - bottom, l - left, t - bottom, r - left),
            lambda l, t, r, b: (right - r, b - bottom, right - l, t - bottom),
            lambda l, t, r, b: (top - t, right - r, top - b, right - l),
        )[rotation]

    def characters(self) -> list[Box]:
        """Every character PDFium finds, but the line breaks and spaces it adds
        itself (gaps are read from the geometry): boxes from the font's ascent
        to its descent, so that the characters of a line share a top and bottom."""
        raw = self.raw
        textpage = self.textpage()
        if not textpage:
            return []
        count = raw.FPDFText_CountChars(textpage)
        if count <= 0:
            return []
        buffer = ctypes.create_string_buffer((count + 1) * 2)
        raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
        text = buffer.raw[: count * 2].decode("utf-16-le", "replace")
        rect = raw.FS_RECTF()
        loose_box, generated, turned = raw.FPDFText_GetLooseCharBox, raw.FPDFText_IsGenerated, self.box
        boxes = []
        for i, char in enumerate(text):
            if char <= " " and (char != " " or generated(textpage, i)):
                continue
            if loose_box(textpage, i, rect):
                boxes.append(Box(char, *turned(rect.left, rect.top, rect.right, rect.bottom)))
        return boxes

    def textpage(self):
        """PDFium's text of the page (a null handle when it has none), loaded on first asking."""
        if self._textpage is None:
            self._textpage = self.raw.FPDFText_LoadPage(self.page)
        return self._textpage

    def close(self) -> None:
        """Let go of the page's text, before the page itself is closed."""
        if self._textpage:
            self.raw.FPDFText_ClosePage(self._textpage)
        self._textpage = None

    def rulings(self) -> tuple[list[Segment], list[Segment]]:
        """Horizontal and vertical ruling lines: straight strokes, and thin
        filled rectangles (each subpath on its own: one path may draw every
        border of a table as its rectangles)."""
        horizontals: list[Segment] = []
        verticals: list[Segment] = []
        raw = self.raw
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        for obj, matrix in self._paths():
            raw.FPDFPath_GetDrawMode(obj, fill, stroke)
            for points in self._subpaths(obj, matrix):
                if stroke.value:
                    for (x0, y0), (x1, y1) in zip(points, points[1:]):
                        self._add(horizontals, verticals, x0, y0, x1, y1)
                elif fill.value:
                    xs, ys = [x for x, _ in points], [y for _, y in points]
                    left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
                    thin, long = min(right - left, bottom - top), max(right - left, bottom - top)
                    if thin <= THIN_RECTANGLE and long >= 2 * THIN_RECTANGLE and long >= 4 * thin:
                        if right - left >= bottom - top:
                            horizontals.append(Segment((top + bottom) / 2, left, right))
                        else:
                            verticals.append(Segment((left + right) / 2, top, bottom))
        return horizontals, verticals

    @staticmethod
    def _add(horizontals: list, verticals: list, x0: float, y0: float, x1: float, y1: float) -> None:
        if abs(y1 - y0) <= SNAP / 2 and abs(x1 - x0) > SNAP:
            horizontals.append(Segment((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= SNAP / 2 and abs(y1 - y0) > SNAP:
            verticals.append(Segment((x0 + x1) / 2, min(y0, y1), max(y0, y1)))

    def _paths(self) -> Iterator[tuple[object, tuple]]:
        """Path objects with the matrix to page space, those inside form XObjects too."""
        raw = self.raw
        identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        count = raw.FPDFPage_CountObjects(self.page)
        stack = [(raw.FPDFPage_GetObject(self.page, i), identity) for i in reversed(range(count))]
        m = raw.FS_MATRIX()
        while stack:
            obj, outer = stack.pop()
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                raw.FPDFPageObj_GetMatrix(obj, m)
                yield obj, _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
            elif kind == raw.FPDF_PAGEOBJ_TEXT and not self.glyphless:
                self._check_glyphs(obj)
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                raw.FPDFPageObj_GetMatrix(obj, m)
                inner = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
                n = raw.FPDFFormObj_CountObjects(obj)
                stack.extend((raw.FPDFFormObj_GetObject(obj, i), inner) for i in reversed(range(n)))

    def _check_glyphs(self, obj) -> None:
        """Whether the text object is in a font PDFium has no glyphs for
        (``glyphless`` then names it). A font not embedded in the file is
        drawn with one of this machine's; with no Chinese font installed, its
        Chinese characters have no glyphs, and PDFium places them as points:
        text of one character (a unit, 个) is dropped, and the gaps between
        the rest are not to be trusted. (Its Latin letters and digits are
        drawn: the same font draws some text and not other.)"""
        raw = self.raw
        left, bottom, right, top = self._bounds
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top) or top.value > bottom.value:
            return  # it draws (most text: one call)
        handle = raw.FPDFTextObj_GetFont(obj)
        if not handle or raw.FPDFFont_GetIsEmbedded(handle):
            return
        size = ctypes.c_float()
        if not raw.FPDFTextObj_GetFontSize(obj, size) or abs(size.value) < 0.01:
            return  # text set at no size (hidden so on purpose) has no height in any font
        # No height: no glyphs, or only spaces (which no font gives an
        # outline). PDFium drops the text of one character it has no glyph for.
        text = self._object_text(obj)
        if not text or text.strip():
            self.glyphless.add(_font_name(raw, handle))

    def _object_text(self, obj) -> str:
        """The text PDFium reads from one text object."""
        raw = self.raw
        textpage = self.textpage()
        if not textpage:
            return ""
        size = raw.FPDFTextObj_GetText(obj, textpage, None, 0)  # bytes, its UTF-16 terminator included
        if size <= 2:
            return ""
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFTextObj_GetText(obj, textpage, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
        return buffer.raw[: size - 2].decode("utf-16-le", "replace")

    def _subpaths(self, obj, matrix: tuple) -> list[list[tuple[float, float]]]:
        """A path's subpaths as shown, each the points its straight pieces
        join (a closed one ends at its start again). A curve ends the run of
        straight pieces it interrupts."""
        raw = self.raw
        a, b, c, d, e, f = matrix
        x, y = ctypes.c_float(), ctypes.c_float()
        subpaths: list[list[tuple[float, float]]] = []
        current: list[tuple[float, float]] = []
        for i in range(raw.FPDFPath_CountSegments(obj)):
            segment = raw.FPDFPath_GetPathSegment(obj, i)
            raw.FPDFPathSegment_GetPoint(segment, x, y)
            point = self.turn(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = raw.FPDFPathSegment_GetType(segment)
            if kind == raw.FPDF_SEGMENT_LINETO and current:
                current.append(point)
            else:  # a move, or a curve: a new run of straight pieces starts here
                if len(current) > 1:
                    subpaths.append(current)
                current = [point]
            if raw.FPDFPathSegment_GetClose(segment) and len(current) > 1:
                current.append(current[0])
                subpaths.append(current)
                current = []
        if len(current) > 1:
            subpaths.append(current)
        return subpaths


def _font_name(raw, font) -> str:
    """A font's name as the PDF gives it (STSong-Light), its subset tag left out."""
    get = getattr(raw, "FPDFFont_GetBaseFontName", None) or raw.FPDFFont_GetFontName  # the latter before PDFium 6900
    size = get(font, None, 0)
    if size <= 0:
        return "?"
    buffer = ctypes.create_string_buffer(size)
    get(font, buffer, size)
    name = buffer.value.decode("latin-1", "replace")
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name


def _compose(inner: tuple, outer: tuple) -> tuple:
    """The matrix applying ``inner`` then ``outer`` (PDF's [a b c d e f])."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


# ---------------------------------------------------------------- rows


def _table_rows(table: Table, location: SourceLocation) -> list[tuple[float, Row]]:
    """A table's rows, each at its top, a merged cell's text in every slot it covers."""
    texts = table.texts()
    fill_merged(texts, table.merges)
    placed = []
    for top, row in zip(table.ys, texts):
        cells = tuple(row)
        placed.append((top, Row("\t".join(cells), location, cells)))
    return placed


def _merged_back(before: list[Row], rest: Row) -> bool:
    """Whether the rest of a row cut by the page end went back into the last
    row of the page before (a table row as wide), each cell's text going on
    as a wrapped cell's does."""
    cut = before[-1]
    if cut.cells is None or rest.cells is None or len(cut.cells) != len(rest.cells):
        return False
    cells = tuple(" ".join(filter(None, pair)) for pair in zip(cut.cells, rest.cells))
    before[-1] = Row("\t".join(cells), cut.location, cells)
    return True


def page_rows(
    boxes: list[Box],
    horizontals: list[Segment],
    verticals: list[Segment],
    location: SourceLocation,
    columns: Columns | None = None,
    before: list[Row] | None = None,
) -> tuple[list[Row], Columns | None]:
    """A page's rows in reading order: its tables' rows and its lines of
    running text, from characters and ruling lines in one space (y downwards).
    Without ruling lines, tables are looked for in the text's alignment;
    ``columns`` tells of such a table on the page before (its columns), and
    the last such table's are given back for the page after. ``before``: the
    rows of the page before; a row its end cut, going on at the top of this
    page, is merged back into its last row there (a layout without a weight
    or a basis column has nothing else to tell such a rest by)."""
    tables, outside = find_tables(horizontals, verticals, boxes, snap=SNAP)
    placed: list[tuple[float, Row]] = []
    for table in tables:
        placed.extend(_table_rows(table, location))
    aligned, lines, columns = aligned_tables(lines_of(outside), columns)
    for table in aligned:
        rows = _table_rows(table, location)
        if table.goes_on and before and _merged_back(before, rows[0][1]):
            rows = rows[1:]
        placed.extend(rows)
    for line in lines:
        placed.append((min(b.top for b in line), Row(line_text(line), location)))
    placed.sort(key=lambda item: item[0])
    return [row for _, row in placed], columns


# ---------------------------------------------------------------- problems


def _damaged(path: Path, detail: str) -> ReadProblem:
    """A PDF PDFium could not open, said by what the file holds and what to
    do; PDFium's words are the detail."""
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError:
        head = b"?"
    if not head:
        message = Message(
            "文件为空（0 字节），里面没有 PDF 内容：请重新下载，或从原文件重新导出 PDF",
            "the file is empty (0 bytes): download it again, or export the PDF again from its source",
        )
    elif b"%PDF" not in head:
        message = Message(
            "这不是 PDF 文件（文件开头没有 PDF 标记，可能只是改了扩展名）：请确认文件类型，或重新导出 PDF",
            "this is not a PDF (it does not start as one; was it only renamed?): check what it is, or export the PDF again",
        )
    else:
        message = Message(
            "PDF 文件已损坏或不完整（多半是下载或复制时被截断了）：请重新下载，或从原文件重新导出 PDF",
            "the PDF is damaged or incomplete (most often cut short while downloading or copying): download it again, or export it again from its source",
        )
    return ReadProblem(message, detail=detail)


def _missing_fonts(pages: dict[int, set[str]]) -> ReadProblem:
    """Text in fonts neither embedded in the PDF nor standing in on this
    machine: what is lost, and what to install. (Budget systems that write
    PDFs with iText or ReportLab often refer to STSong-Light or SimSun
    without embedding it; a Linux server or CI runner often has no Chinese
    font.)"""
    numbers = sorted(pages)
    listed = "、".join(map(str, numbers[:10])) + ("…" if len(numbers) > 10 else "")
    names = ", ".join(sorted(set().union(*pages.values())))
    return ReadProblem(
        Message(
            f"第 {listed} 页的文字用了未嵌入 PDF 的字体（{names}），本机没有可替代的中文字体：只有一个字的单元格（如计量单位“个”）读不出，"
            f"其余文字的间距也不可靠。请安装中文字体（Debian/Ubuntu：apt install fonts-noto-cjk）后重新检查",
            f"{'pages' if len(numbers) > 1 else 'page'} {listed.replace('、', ', ')}: the text is in fonts not embedded in the PDF ({names}) "
            "and no Chinese font on this machine stands in: cells of one character (a unit such as 个) are not read, and the spacing of the "
            "rest is unreliable. Install a Chinese font (Debian/Ubuntu: apt install fonts-noto-cjk) and check again",
        ),
        SourceLocation(page=numbers[0]),
    )


def _broken_page(number: int, total: int) -> ReadError:
    """A page PDFium cannot load: its page tree loops or points at nothing."""
    return ReadError(
        [
            ReadProblem(
                Message(
                    f"PDF 的页面结构已损坏：第 {number} 页（共 {total} 页）无法载入（页面树循环引用或指向不存在的对象）：请从原文件重新导出 PDF",
                    f"the PDF's page structure is damaged: page {number} of {total} cannot be loaded "
                    "(its page tree loops or points at nothing): export the PDF again from its source",
                ),
                SourceLocation(page=number),
            )
        ]
    )


def pages_without_text(document, numbers: list[int], total: int, scanner: scan.Scanner) -> dict[int, list[Row]]:
    """The rows of the pages that have no text layer (scans), by page number
    (1-based): ``numbers`` of the ``total`` pages of ``document``, the open
    ``pypdfium2.PdfDocument`` (the PDFium lock is held), read through OCR by
    ``scanner`` (``perfcheck.readers.scan``, the ``ocr`` extra).

    Without the extra, a PDF none of whose pages has text is E002 naming the
    command that installs it; such pages among pages with text are left out
    (the reader says which).
    """
    if not scan.available():
        if len(numbers) == total:
            raise scan.missing_extra(Message(f"PDF 没有文本层（共 {total} 页，可能是扫描件），", f"the PDF has no text layer ({total} pages, probably scanned):"))
        return {}
    return dict(scan.pages_rows(scanner, scan.pdf_pages(document, numbers)))


# ---------------------------------------------------------------- the reader


class PdfDisclosureReader:
    name = "disclosure-pdf"
    suffixes = (".pdf",)

    def sniff(self, path: Path) -> bool:
        """Any PDF: whether it holds a target table is known only by reading it,
        which happens in a worker with its bounds (one that reads fine and
        holds none is then left out of the report)."""
        try:
            with open(path, "rb") as f:
                return b"%PDF" in f.read(1024)
        except OSError:
            return False

    def read(self, path: Path) -> Document:
        from perfcheck.readers.pdfbounds import check_drawing_streams

        check_size(path, file_size_limit(MAX_PDF_BYTES))
        check_drawing_streams(path)
        scanner = scan.Scanner()
        with _PDFIUM:
            rows, textless, glyphless = self._rows(path, scanner)
        document = scan.pages_read(LayoutParser(str(path)).parse(rows), scanner)
        problems = []
        if textless and not scanner.pages:
            # Scanned pages among pages of text, without OCR: the text is checked, and a finding says what the rest needs.
            problems.append(scan.unread_pages(textless))
        if glyphless:
            problems.append(_missing_fonts(glyphless))
        if problems:
            document = attrs.evolve(document, problems=document.problems + tuple(problems))
        return document

    def _rows(self, path: Path, scanner: scan.Scanner) -> tuple[list[Row], list[int], dict[int, set[str]]]:
        """The rows of every page, the numbers of the pages without a text
        layer, and the pages whose text is in fonts without glyphs here (with
        those fonts' names)."""
        import pypdfium2
        import pypdfium2.raw as raw

        try:
            pdf = pypdfium2.PdfDocument(path)
        except pypdfium2.PdfiumError as exc:
            if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
                raise ReadError([ReadProblem(Message("PDF 有密码保护，无法读取：请提供未加密的文件", "the PDF is password-protected: provide an unencrypted copy"))]) from None
            raise ReadError([_damaged(path, f"{type(exc).__name__}: {exc}")]) from None
        try:
            # PDFium counts the pages walking the tree once, a loop cut.
            total = raw.FPDF_GetPageCount(pdf.raw)
            if total > MAX_PDF_PAGES:
                raise LimitExceeded(
                    Message(f"PDF 页数超过上限（{MAX_PDF_PAGES} 页），未读取", f"the PDF has more than {MAX_PDF_PAGES} pages (the limit); not read")
                )
            if total <= 0:
                raise ReadError([_damaged(path, "PDFium: the document has no pages")])
            by_page: list[list[Row]] = []
            textless: list[int] = []
            glyphless: dict[int, set[str]] = {}
            columns = None  # of the last table found by its text's alignment
            for index in range(total):
                # One page at a time, closed before the next: memory stays that of a page.
                page = raw.FPDF_LoadPage(pdf.raw, index)
                if not page:
                    raise _broken_page(index + 1, total)
                geometry = None
                try:
                    geometry = _Page(raw, page)
                    boxes = geometry.characters()
                    if not boxes:
                        textless.append(index + 1)
                        by_page.append([])
                        continue
                    horizontals, verticals = geometry.rulings()
                    if geometry.glyphless:
                        glyphless[index + 1] = geometry.glyphless
                finally:
                    if geometry is not None:
                        geometry.close()
                    raw.FPDF_ClosePage(page)
                rows, columns = page_rows(boxes, horizontals, verticals, SourceLocation(page=index + 1), columns, by_page[-1] if by_page else None)
                by_page.append(rows)
            scanned = pages_without_text(pdf, textless, total, scanner) if textless else {}
            for number, rows in scanned.items():
                by_page[number - 1] = rows
            return [row for rows in by_page for row in rows], textless, glyphless
        finally:
            pdf.close()
