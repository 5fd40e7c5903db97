"""Makes disclosure PDFs for the tests with a real PDF producer (reportlab).

``render(text_layout, path)`` typesets a disclosure given in the published
text layout (tab-separated table rows, other lines running text) the way
budget disclosures are published: running text as paragraphs, each run of
table rows as a ruled table, cells wrapping their text, long tables broken
across pages, a page number at the foot of every page. The CJK font is
reportlab's built-in STSong-Light, so no font file is needed.

Its options give the forms producers use: ``rules`` "lines" (stroked, as
most), "rectangles" (thin filled rectangles, as WPS and some budget systems
draw borders) or "none" (columns only in the text's alignment);
``header_apart`` puts a page break between each table's header and its
rows; ``page_height`` short pages, so tables run over several, with
``repeat_header`` (the indicator header again on each page) and
``split_rows`` (a row cut by the page end, its rest on the next page);
``rotate`` 90 or 270 turns every page's content onto a portrait page shown
in landscape through /Rotate, as a landscape table in a portrait document is
(180 turns it upside down, shown upright); done with PDFium, which places
each page as a form XObject.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
TEXT = ParagraphStyle("text", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=9, wordWrap="CJK")
PAGE = landscape(A4)
MARGIN = 36


def _footer(canvas, doc):
    canvas.setFont(FONT, 8)
    canvas.drawCentredString(doc.pagesize[0] / 2, 18, f"- {doc.page} -")


class _RectangleRuled(Table):
    """A table whose borders are thin filled rectangles, not strokes."""

    def _drawLines(self):
        xs, ys, w = self._colpositions, self._rowpositions, 0.6
        for y in ys:
            self.canv.rect(xs[0] - w / 2, y - w / 2, xs[-1] - xs[0] + w, w, stroke=0, fill=1)
        for x in xs:
            self.canv.rect(x - w / 2, ys[-1] - w / 2, w, ys[0] - ys[-1] + w, stroke=0, fill=1)


def _is_indicator_header(row: list[str]) -> bool:
    return any("三级指标" in c or "指标名称" in c for c in row)


def _table(rows: list[list[str]], width: int, rules: str, repeat: int = 0, split_rows: bool = False) -> Table:
    data = [[Paragraph(escape(c), CELL) for c in r] + [""] * (width - len(r)) for r in rows]
    usable = PAGE[0] - 2 * MARGIN
    kind = _RectangleRuled if rules == "rectangles" else Table
    table = kind(data, colWidths=[usable / width] * width, repeatRows=repeat, splitByRow=1, splitInRow=int(split_rows))
    style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if rules == "lines":
        style.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
    elif rules == "rectangles":
        style.append(("GRID", (0, 0), (-1, -1), 0.5, "white"))  # no strokes that show: _drawLines draws rectangles
    table.setStyle(TableStyle(style))
    return table


def _tables(block: list[list[str]], rules: str, header_apart: bool, repeat_header: bool, split_rows: bool) -> list:
    """A run of table rows as flowables: one table, or the header block and
    the indicator rows as two (a page break between them, or the indicator
    header repeated on every page)."""
    width = max(len(r) for r in block)
    at = next((i for i, r in enumerate(block) if _is_indicator_header(r)), None)
    if at is None or not (header_apart or repeat_header):
        return [_table(block, width, rules, split_rows=split_rows)]
    # A two-row header: the row under it names no indicator (cells empty or column titles only).
    rows = 2 if at + 1 < len(block) and not block[at + 1][0].strip() and not block[at + 1][2].strip() else 1
    if header_apart:
        head, rest = block[: at + rows], block[at + rows :]
        return [_table(head, width, rules), PageBreak(), _table(rest, width, rules, split_rows=split_rows)]
    parts = [_table(block[:at], width, rules, split_rows=split_rows)] if at else []
    return parts + [_table(block[at:], width, rules, repeat=rows if repeat_header else 0, split_rows=split_rows)]


def render(
    text_layout: str,
    path: Path,
    *,
    rules: str = "lines",
    header_apart: bool = False,
    repeat_header: bool = False,
    split_rows: bool = False,
    page_height: float | None = None,
    rotate: int = 0,
) -> Path:
    story, block = [], []

    def flush():
        if block:
            story.extend(_tables(block.copy(), rules, header_apart, repeat_header, split_rows))
            story.append(Spacer(1, 4))
            block.clear()

    for line in text_layout.splitlines():
        if "\t" in line:
            block.append(line.split("\t"))
            continue
        flush()
        if line.strip():
            story.append(Paragraph(escape(line), TEXT))
    flush()
    size = (PAGE[0], page_height or PAGE[1])
    target = path.with_suffix(".landscape.pdf") if rotate else path
    doc = SimpleDocTemplate(str(target), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN)
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    if rotate:
        _turned(target, path, rotate)
        target.unlink()
    return path


def _turned(source: Path, path: Path, rotate: int) -> None:
    """Each landscape page of ``source`` drawn turned on a portrait page that
    /Rotate shows upright: the file a portrait document with a landscape
    table is."""
    import pypdfium2 as pdfium

    landscape_pdf = pdfium.PdfDocument(source)
    out = pdfium.PdfDocument.new()
    for index in range(len(landscape_pdf)):
        width, height = landscape_pdf[index].get_size()
        form = landscape_pdf.page_as_xobject(index, out)
        placed = form.as_pageobject()
        # Content at (X, Y) goes where the turn shows it at X across, Y up.
        if rotate == 90:
            placed.transform(pdfium.PdfMatrix(0, 1, -1, 0, height, 0))
        elif rotate == 180:
            placed.transform(pdfium.PdfMatrix(-1, 0, 0, -1, width, height))
        else:
            placed.transform(pdfium.PdfMatrix(0, -1, 1, 0, 0, width))
        page = out.new_page(*((width, height) if rotate == 180 else (height, width)))
        page.insert_obj(placed)
        page.gen_content()
        page.set_rotation(rotate)
    out.save(path)
    out.close()
    landscape_pdf.close()


def render_scan(path: Path, pages: int = 2) -> Path:
    """A PDF with no text layer, like a scanned document: only drawn shapes."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=PAGE)
    for _ in range(pages):
        canvas.rect(100, 100, 400, 300, fill=1)
        canvas.showPage()
    canvas.save()
    return path
