"""Scanned tables read through OCR: a page's image in, rows and readings out.

A scan is a PDF page with no text layer, or an image file of a table. Its
page is levelled and its ruling lines and text lines found in the pixels
(``perfcheck.readers.raster``); each text line is read by RapidOCR's
recogniser, on onnxruntime, with the PP-OCRv4 models its wheel carries
(nothing is downloaded at run time); the table grid is taken from the
ruling lines and the text's boxes (``perfcheck.readers.ruling``, as a PDF's
ruled tables are); the rows go to the layout recogniser like any reader's.

Each text line is recognised on its own, cut out between the rulings:
the rulings already say where the text is, so RapidOCR's detection model
(a second network over the whole page) and its angle classifier (pages are
levelled here) are not run. That is most of the cost of its defaults: an
A4 page takes 2-3 CPU-s where detection and recognition took 7
(benchmarks/ocr.py, docs/performance.md).

Each value cell keeps the recogniser's confidence as a ``Reading`` of the
document; rule V011 reports the ones read with low confidence.

It needs the ``ocr`` extra, ``pip install 'perfcheck[ocr]'``; without it a
scan is E002 saying so.
"""

from __future__ import annotations

import functools
import os
from decimal import Decimal
from typing import TYPE_CHECKING, Iterable

import attrs

from perfcheck.limits import LimitExceeded
from perfcheck.model import FUND_FIELDS, Document, Message, Reading, SourceLocation
from perfcheck.readers import ReadError, ReadProblem
from perfcheck.readers.layouts import MONEY_LABELS, Grid, Row, field_label
from perfcheck.readers.ruling import Box, find_tables, lines_of, line_text
from perfcheck.text import read_amount

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

INSTALL = "pip install 'perfcheck[ocr]'"
# Pages are read at this resolution: the text of a table (7-10 pt) is then
# 15-20 pixels tall, enough for the recogniser, which scales each line to 48.
DPI = 150
# A page's pixels at most, before it is decoded (an A4 page at 600 dpi is 35
# million): a 40-byte PNG can claim 2^31 x 2^31 (a decompression bomb).
MAX_PIXELS = 50_000_000
# Pages of one scanned PDF or frames of one TIFF read through OCR, at 2-3
# CPU-s each; the file's time limit (--timeout) bounds them too.
MAX_PAGES = 200
# In pixels at DPI: a ruling is a dark run longer than any character's stroke
# (a horizontal one than a few characters' strokes in line, a vertical one
# than a character is tall), and characters of one text line are closer than this.
RULING_LENGTH = 40
RULING_HEIGHT = 24
CHARACTER_GAP = 12
# What is cut out around a text line for the recogniser, in its heights.
MARGIN = 0.15
SIDE_MARGIN = 0.15
# A lone sign read with less confidence than this is read again beside the
# text after it (``_in_context``), with a gap of this many pixels between.
LONE_CONFIDENCE = 0.9
CONTEXT_GAP = 3
# A text line taller than this (in pixels at DPI) is a picture or a stamp, not text.
TALLEST_LINE = 90
# The text of a scan's strokes and boxes: pixels, where a PDF's are points.
SNAP = 4.0

# Value fields by the indicator's location attribute: what a person calls them.
VALUE_FIELDS = (
    ("value_location", "指标值"),
    ("weight_location", "分值"),
    ("actual_location", "实际完成值"),
    ("score_location", "得分"),
)


def missing_extra(what: Message) -> ReadError:
    """E002 for a scan when the ``ocr`` extra is not installed: ``what`` it is, and the command that reads it."""
    return ReadError(
        [
            ReadProblem(
                Message(
                    f"{what.zh}需要先做 OCR（文字识别）才能检查：请安装 OCR 组件（{INSTALL}）后再检查，或提供含文字的原文件",
                    f"{what.en} needs OCR (text recognition) before it can be checked: install the OCR extra ({INSTALL}), or provide the original file with its text",
                ),
                SourceLocation(page=1),
            )
        ],
        code="E002",
    )


def unread_pages(numbers: list[int]) -> ReadProblem:
    """The pages of a PDF with no text layer that were left unread, without the ``ocr`` extra."""
    pages = "、".join(map(str, numbers[:10])) + ("…" if len(numbers) > 10 else "")
    return ReadProblem(
        Message(
            f"第 {pages} 页没有文本层（可能是扫描页），未读取：安装 OCR 组件（{INSTALL}）后可读取",
            f"{'pages' if len(numbers) > 1 else 'page'} {pages.replace('、', ', ')}: no text layer (probably scanned), not read: the OCR extra ({INSTALL}) reads it",
        ),
        SourceLocation(page=numbers[0]),
    )


def _quiet_onnxruntime() -> None:
    """Before onnxruntime is imported: no telemetry. Its Linux wheels write a
    device id under ~/.cache and a session file when imported, and may send
    usage events; a finance bureau's intranet server must do neither."""
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")


def available() -> bool:
    """Whether the ``ocr`` extra is installed and imports."""
    _quiet_onnxruntime()
    try:
        import numpy  # noqa: F401
        import PIL  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@functools.lru_cache(maxsize=1)
def recogniser():
    """One RapidOCR engine per process, its models loaded once: on one thread,
    since perfcheck runs one worker per core (``--jobs``)."""
    _quiet_onnxruntime()
    import onnxruntime
    from rapidocr_onnxruntime import RapidOCR

    onnxruntime.disable_telemetry_events()
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False)


def too_large(what: Message, size: str) -> LimitExceeded:
    return LimitExceeded(
        Message(
            f"{what.zh}的图像过大（{size} 像素，上限 {MAX_PIXELS // 1_000_000} 百万像素），未读取",
            f"{what.en} is too large an image ({size} pixels, the limit is {MAX_PIXELS // 1_000_000} million); not read",
        )
    )


def bounded(image: "Image.Image", what: Message) -> None:
    """Refuse an image whose pixels exceed ``MAX_PIXELS`` before decoding them."""
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise too_large(what, f"{width}×{height}")


def pdf_pages(document, numbers: Iterable[int]):
    """The pages ``numbers`` (1-based) of an open ``pypdfium2.PdfDocument``
    as images to scan: (number, image, dpi), rendered in grey by PDFium at
    ``DPI`` as they are shown (/Rotate applied), or at less where a page is
    so large that ``MAX_PIXELS`` would not hold it. One page at a time."""
    import math

    for number in numbers:
        page = document[number - 1]
        try:
            width, height = page.get_size()  # points
            scale = min(DPI / 72, math.sqrt(MAX_PIXELS / max(width * height, 1.0)))
            image = page.render(scale=scale, grayscale=True).to_pil().copy()  # its own pixels: the bitmap goes with the page
        finally:
            page.close()
        yield number, image, scale * 72


def at_dpi(image: "Image.Image", dpi: float) -> "Image.Image":
    """The page in grey at ``DPI``, from an image at ``dpi``."""
    from PIL import Image

    grey = image.convert("L")
    scale = min(max(DPI / dpi, 0.25), 2.0)
    if abs(scale - 1) < 0.05:
        return grey
    size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
    return grey.resize(size, Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC)


def levelled(page: "Image.Image") -> "np.ndarray":
    """The page's grey pixels, turned level when it lies crooked."""
    import numpy as np
    from PIL import Image

    from perfcheck.readers import raster

    grey = np.asarray(page)
    angle = raster.skew(raster.ink(grey))
    if abs(angle) < 0.05:
        return grey
    return np.asarray(page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255))


def read_lines(grey: "np.ndarray") -> tuple[list, list, list[Box]]:
    """A levelled page's horizontal and vertical rulings and its text lines,
    each read: a ``Box`` whose ``source`` is the recogniser's confidence."""
    from perfcheck.readers import raster

    dark = raster.ink(grey)
    horizontal, vertical, walls = raster.rulings(dark, RULING_LENGTH, RULING_HEIGHT)
    regions = [r for r in raster.text_lines(dark, walls, CHARACTER_GAP) if r.height <= TALLEST_LINE]
    # The recogniser sees the text alone: a ruling at a crop's edge reads as 1 or 丨.
    clean = grey.copy()
    clean[walls] = 255
    read = [_recognise(_crop(clean, region)) for region in regions]
    for i, region in enumerate(regions):
        if _lone(region, *read[i]):
            read[i] = _in_context(clean, regions, read, i)
    return horizontal, vertical, [Box(text, r.left, r.top, r.right + 1, r.bottom + 1, confidence) for r, (text, confidence) in zip(regions, read) if text]


def _crop(clean: "np.ndarray", region, top: int | None = None, bottom: int | None = None) -> "np.ndarray":
    """The region's pixels with a margin; ``top`` and ``bottom`` (inclusive) instead of its own."""
    height, width = clean.shape
    top = region.top if top is None else top
    bottom = region.bottom if bottom is None else bottom
    pad, side = max(2, round(region.height * MARGIN)), max(2, round(region.height * SIDE_MARGIN))
    return clean[max(top - pad, 0) : min(bottom + pad + 1, height), max(region.left - side, 0) : min(region.right + side + 1, width)]


def _recognise(crop: "np.ndarray") -> tuple[str, float]:
    import numpy as np

    found, _ = recogniser()(np.ascontiguousarray(crop), use_det=False, use_cls=False, use_rec=True)
    return (found[0][0].strip(), float(found[0][1])) if found else ("", 0.0)


def _lone(region, text: str, confidence: float) -> bool:
    """A single sign read without confidence: ≥ alone in a 计算符号 cell. The
    recogniser was trained on lines of text and reads a lone ≥ as > or 2."""
    return len(text) <= 1 and confidence < LONE_CONFIDENCE and region.right - region.left + 1 <= 1.5 * region.height


def _in_context(clean: "np.ndarray", regions: list, read: list[tuple[str, float]], i: int) -> tuple[str, float]:
    """A lone sign read again beside the text that follows it on its line (its
    value, in the next cell), as one line: what comes before that text's own
    reading is the sign. Its reading as it was when there is none such."""
    import numpy as np

    sign = regions[i]
    middle = (sign.top + sign.bottom) / 2
    after = [
        j for j, r in enumerate(regions)
        if r.left > sign.right and abs((r.top + r.bottom) / 2 - middle) <= max(r.height, sign.height) / 2 and read[j][0] and read[j][1] >= LONE_CONFIDENCE
    ]
    if not after:
        return read[i]
    j = min(after, key=lambda k: regions[k].left)
    top, bottom = min(sign.top, regions[j].top), max(sign.bottom, regions[j].bottom)
    left, right = _crop(clean, sign, top, bottom), _crop(clean, regions[j], top, bottom)
    gap = np.full((left.shape[0], CONTEXT_GAP), 255, np.uint8)
    text, confidence = _recognise(np.hstack([left, gap, right]))
    following = read[j][0]
    if text.endswith(following) and len(text) > len(following):
        return text[: -len(following)].strip(), confidence
    return read[i]


@attrs.frozen
class _Cell:
    """A table cell as read: its name on the page, its text, the lowest confidence of its lines."""

    name: str
    text: str
    confidence: float


def _row_number(name: str) -> int:
    return int(name.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


@attrs.define
class Scanner:
    """Reads a scan page by page, keeping what each table cell was read
    with, then the readings of a document's value cells from them."""

    # (page, row number) -> the row's filled cells, left to right (a merged cell in every row it spans)
    rows: dict[tuple[int, int], list[_Cell]] = attrs.Factory(dict)
    pages: int = 0

    def page(self, image: "Image.Image", number: int, dpi: float = DPI) -> list[Row]:
        """The rows of one page, top to bottom: each table's rows, and lines of running text between."""
        self.pages += 1
        if self.pages > MAX_PAGES:
            raise LimitExceeded(Message(f"扫描页超过上限（{MAX_PAGES} 页），未读取", f"more than {MAX_PAGES} scanned pages (the limit); not read"))
        horizontal, vertical, boxes = read_lines(levelled(at_dpi(image, dpi)))
        tables, outside = find_tables(horizontal, vertical, boxes, snap=SNAP)
        placed: list[tuple[float, list[Row]]] = []
        first_row = 1
        for table in tables:
            rows = Grid(table.texts(), table.merges, page=number, first_row=first_row).rows()
            for cell in table.cells:  # row by row, left to right
                if cell.boxes:
                    confidence = min(box.source for box in cell.boxes)
                    for r in range(cell.row, cell.row + cell.rowspan):
                        name = rows[r].at(cell.column).cell
                        self.rows.setdefault((number, _row_number(name)), []).append(_Cell(name, cell.text, confidence))
            for number_in_page in range(first_row, first_row + len(rows)):
                # A cell merged down was put in the rows below before their own cells: left to right again.
                self.rows.get((number, number_in_page), []).sort(key=lambda c: (len(c.name), c.name))
            first_row += len(rows)
            placed.append((table.top, rows))
        location = SourceLocation(page=number)
        for line in lines_of(outside):
            placed.append((min(box.top for box in line), [Row(line_text(line), location)]))
        placed.sort(key=lambda item: item[0])
        return [row for _, rows in placed for row in rows]

    def readings(self, document: Document) -> tuple[Reading, ...]:
        """The document's value cells as read, each with its confidence:
        its indicators' values, operators, units, points, actuals and scores,
        and each table's funds (an amount right of 年度预算总额, 财政拨款, 其他资金)."""
        found: list[Reading] = []
        starts = []  # each table's first indicator row, (page, row): the funds above it are its own
        for table in document.tables:
            cells = [i.value_location for i in table.indicators if i.value_location.cell is not None]
            starts.append(min(((c.page, _row_number(c.cell)) for c in cells), default=None))
            for indicator in table.indicators:
                where = indicator.value_location
                if where.cell is None:
                    continue
                row = self.rows.get((where.page, _row_number(where.cell)), [])
                by_name = {c.name: c for c in row}
                for attribute, field in VALUE_FIELDS:
                    at = getattr(indicator, attribute)
                    if at is not None and at.page == where.page and at.cell in by_name:
                        found.append(self._reading(by_name[at.cell], field, table.name, indicator.name, where.page))
                # The split layout's operator and unit: the cells of the value's row that hold them.
                for field, text in (("计算符号", indicator.operator), ("计量单位", indicator.unit)):
                    for cell in row:
                        if text and cell.name != where.cell and cell.text.strip() == text:
                            found.append(self._reading(cell, field, table.name, indicator.name, where.page))
        for (page, number), row in self.rows.items():
            table = next((t for t, start in zip(document.tables, starts) if start is not None and start > (page, number)), None)
            if table is None:
                continue
            for label, amount in zip(row, row[1:]):
                key = field_label(label.text)
                if key in MONEY_LABELS and read_amount(amount.text)[0] is not None:
                    found.append(self._reading(amount, FUND_FIELDS[key], table.name, None, page))
        return tuple(dict.fromkeys(found))

    @staticmethod
    def _reading(cell: _Cell, field: str, table: str, indicator: str | None, page: int) -> Reading:
        return Reading(cell.text, Decimal(f"{cell.confidence:.3f}"), field, table, indicator, SourceLocation(page=page, cell=cell.name))


def pages_read(document: Document, scanner: Scanner) -> Document:
    """The document with the readings of its scanned pages."""
    return attrs.evolve(document, readings=document.readings + scanner.readings(document))


def pages_rows(scanner: Scanner, images: Iterable[tuple[int, "Image.Image", float]]):
    """Each page given as (page number, image, dpi) with its rows: (page number, rows)."""
    for number, image, dpi in images:
        yield number, scanner.page(image, number, dpi)
