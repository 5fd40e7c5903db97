"""Published disclosures as PDF.

pdfplumber finds tables from their ruling lines and gives each cell's text;
the running text between tables comes line by line. Both become ``Row``s in
reading order, page by page, and the layout recogniser
(``perfcheck.readers.layouts``) reads them exactly as
it reads the text layout: a table continued on the next page simply goes on,
a row cut by the page end is merged back, page numbers are skipped.
Locations are page numbers.

pdfplumber (on pdfminer.six) is used because it exposes the ruling lines and
cell geometry this layout depends on, is pure Python, and is actively
maintained; PyMuPDF would be faster but is AGPL and a binary wheel.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from perfcheck.limits import MAX_PDF_BYTES, file_size_limit, MAX_PDF_PAGE_CONTENT, MAX_PDF_PAGES, LimitExceeded, check_size, size_text
from perfcheck.model import Document, Message, SourceLocation
from perfcheck.readers import ReadError, ReadProblem, scan
from perfcheck.readers.layouts import LayoutParser, Row

def _cell(text: str | None) -> str:
    # A wrapped cell comes back with newlines; the parser folds the ones between CJK characters.
    return " ".join((text or "").split())


def _rows_of_page(page, number: int) -> list[tuple[float, Row]]:
    location = SourceLocation(page=number)
    placed: list[tuple[float, Row]] = []
    tables = page.find_tables()
    for table in tables:
        for row, cells in zip(table.rows, table.extract()):
            texts = tuple(_cell(c) for c in cells)
            placed.append((row.bbox[1], Row("\t".join(texts), location, texts)))

    def inside_a_table(line) -> bool:
        middle = (line["top"] + line["bottom"]) / 2
        return any(t.bbox[1] <= middle <= t.bbox[3] and t.bbox[0] <= line["x0"] <= t.bbox[2] for t in tables)

    for line in page.extract_text_lines():
        if not inside_a_table(line):
            placed.append((line["top"], Row(line["text"], location)))
    placed.sort(key=lambda item: item[0])
    return placed


def _inflated_size(stream, limit: int) -> int:
    """How far a content stream inflates, counting no further than ``limit`` + 1:
    a flate bomb is measured without being inflated whole."""
    import zlib

    from pdfminer.psparser import LIT

    filters = stream.get_filters() if hasattr(stream, "get_filters") else []
    raw = stream.rawdata if getattr(stream, "rawdata", None) is not None else (stream.data or b"")
    if not filters:
        return len(raw)
    first = filters[0][0]
    if first not in (LIT("FlateDecode"), LIT("Fl")):
        return len(raw)  # other filters are rare in text PDFs; the worker's memory cap covers them
    inflater = zlib.decompressobj()
    try:
        size = len(inflater.decompress(raw, limit + 1))
    except zlib.error:
        return len(raw)  # damaged: pdfminer reports it in its own way
    return size


def _check_structure(document) -> int:
    """Walk the page tree with bounds before pdfminer does: every node once (a
    tree that loops back is cut), at most ``MAX_PDF_PAGES`` pages, each page's
    content inflating to at most ``MAX_PDF_PAGE_CONTENT``. The page count."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import LIT

    catalog = document.catalog
    root = catalog.get("Pages")
    if root is None:
        return 0
    seen: set[int] = set()
    stack = [root]
    pages = 0
    while stack:
        ref = stack.pop()
        key = getattr(ref, "objid", None) or id(ref)
        if key in seen:
            continue
        seen.add(key)
        node = resolve1(ref)
        if not isinstance(node, dict):
            continue
        kind = node.get("Type") or node.get("type")
        if kind is LIT("Pages") or "Kids" in node:
            kids = resolve1(node.get("Kids"))
            if isinstance(kids, list):
                stack.extend(reversed(kids))
            continue
        pages += 1
        if pages > MAX_PDF_PAGES:
            raise LimitExceeded(
                Message(f"PDF 页数超过上限（{MAX_PDF_PAGES} 页），未读取", f"the PDF has more than {MAX_PDF_PAGES} pages (the limit); not read")
            )
        contents = resolve1(node.get("Contents"))
        streams = [resolve1(c) for c in contents] if isinstance(contents, list) else [contents]
        total = 0
        for stream in streams:
            if stream is not None and hasattr(stream, "get_filters"):
                total += _inflated_size(stream, MAX_PDF_PAGE_CONTENT)
            if total > MAX_PDF_PAGE_CONTENT:
                raise LimitExceeded(
                    Message(
                        f"PDF 第 {pages} 页的绘制内容解压后超过 {size_text(MAX_PDF_PAGE_CONTENT)}（正常页面不到 0.1 MiB），疑为压缩炸弹，未读取",
                        f"page {pages} of the PDF inflates to more than {size_text(MAX_PDF_PAGE_CONTENT)} of drawing instructions "
                        "(a real page has under 0.1 MiB), like a zip bomb; not read",
                    ),
                )
    return pages


def _damaged(path: Path, detail: str) -> ReadProblem:
    """A PDF pdfminer could not open (``PSEOF Unexpected EOF``, ``No /Root
    object! - Is this really a PDF?``), said by what the file holds and what
    to do; pdfminer's words are the detail."""
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
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect

        check_size(path, file_size_limit(MAX_PDF_BYTES))
        try:
            pdf = pdfplumber.open(path)
            pages = _check_structure(pdf.doc)
        except LimitExceeded:
            raise
        except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for damaged files
            # pdfplumber wraps pdfminer's errors; the original says what is wrong.
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
            if isinstance(cause, PDFPasswordIncorrect):
                raise ReadError([ReadProblem(Message("PDF 有密码保护，无法读取：请提供未加密的文件", "the PDF is password-protected: provide an unencrypted copy"))]) from None
            raise ReadError([_damaged(path, f"{type(cause).__name__}: {cause}")]) from None
        with pdf:
            # Pages with no text layer are scanned pages: read through OCR when it is installed.
            scanned = [number for number, page in enumerate(pdf.pages, 1) if not page.chars]
            if pages and len(scanned) == len(pdf.pages) and not scan.available():
                raise scan.missing_extra(Message(f"PDF 没有文本层（共 {len(pdf.pages)} 页，可能是扫描件），", f"the PDF has no text layer ({len(pdf.pages)} pages, probably scanned):"))
            scanner = scan.Scanner()
            ocr = bool(scanned) and scan.available()
            read = dict(scan.pages_rows(scanner, scan.pdf_pages(path, scanned))) if ocr else {}
            rows = [row for number, page in enumerate(pdf.pages, 1) for row in (read[number] if number in read else (r for _, r in _rows_of_page(page, number)))]
        document = scan.pages_read(LayoutParser(str(path)).parse(rows), scanner)
        if scanned and not ocr:
            # Some pages scanned among pages of text: the text is checked, and the finding says what the rest needs.
            document = attrs.evolve(document, problems=document.problems + (scan.unread_pages(scanned),))
        return document
