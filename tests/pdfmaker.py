"""Makes disclosure PDFs for the tests with a real PDF producer (reportlab).

``render(text_layout, path)`` typesets a disclosure given in the published
text layout (tab-separated table rows, other lines running text) the way
budget disclosures are published: running text as paragraphs, each run of
table rows as a ruled table, cells wrapping their text, long tables broken
across pages, a page number at the foot of every page. The CJK font is
reportlab's built-in STSong-Light, so no font file is needed.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
TEXT = ParagraphStyle("text", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=9, wordWrap="CJK")
PAGE = landscape(A4)
MARGIN = 36


def _footer(canvas, doc):
    canvas.setFont(FONT, 8)
    canvas.drawCentredString(PAGE[0] / 2, 18, f"- {doc.page} -")


def _table(rows: list[list[str]]) -> Table:
    width = max(len(r) for r in rows)
    data = [[Paragraph(escape(c), CELL) for c in r] + [""] * (width - len(r)) for r in rows]
    usable = PAGE[0] - 2 * MARGIN
    table = Table(data, colWidths=[usable / width] * width, repeatRows=0, splitByRow=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def render(text_layout: str, path: Path) -> Path:
    story, block = [], []

    def flush():
        if block:
            story.append(_table(block.copy()))
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
    doc = SimpleDocTemplate(str(path), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN)
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return path


def render_scan(path: Path, pages: int = 2) -> Path:
    """A PDF with no text layer, like a scanned document: only drawn shapes."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=PAGE)
    for _ in range(pages):
        canvas.rect(100, 100, 400, 300, fill=1)
        canvas.showPage()
    canvas.save()
    return path
