"""What a PDF's drawing may cost, checked on its bytes before PDFium parses it.

PDFium inflates a page's content stream whole when it loads the page: a
few hundred kilobytes of zeros compressed can ask for 512 MiB (a flate
bomb), a few kilobytes for 20 million glyphs. It has no bound of its own
to set, and a C call cannot be interrupted, so the streams that hold
drawing instructions are measured first, each inflated no further than its
bound plus one byte.

Which streams: every stream of the file is found by its ``stream`` keyword
(a stream is never inside an object stream, so none is hidden), and those
that are drawing instructions kept: a page's contents and form XObjects,
not images, fonts, colour profiles or metadata, which PDFium decodes only
when it renders and the worker's memory cap bounds.
"""

from __future__ import annotations

import mmap
import os
import re
import zlib
from pathlib import Path

from perfcheck.limits import MAX_PDF_PAGE_CONTENT, LimitExceeded, size_text
from perfcheck.model import Message

_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_OBJECT = re.compile(rb"(\d+)\s+\d+\s+obj\b")
# The first filter only: a chain starting otherwise (ASCII85) is rare in text PDFs.
_FLATE_FIRST = re.compile(rb"/Filter\s*\[?\s*/(?:FlateDecode|Fl)\b")
# A dictionary with one of these is not drawing instructions.
_NOT_DRAWING = re.compile(rb"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType|XML)\b|/Length[123]\b|/Type\s*/(?:XRef|ObjStm|Metadata|EmbeddedFile)\b|/N\s+[134]\b")
# How far back from ``stream`` its object's number may lie: a stream dictionary is short.
_DICTIONARY_REACH = 4096


def check_drawing_streams(path: Path, limit: int = MAX_PDF_PAGE_CONTENT) -> None:
    """``LimitExceeded`` for the first drawing stream inflating beyond ``limit``.
    The file is mapped, not read: a 200 MiB scan costs no 200 MiB of memory."""
    with open(path, "rb") as f:
        if not os.fstat(f.fileno()).st_size:
            return
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            _check(data, limit)


def _check(data, limit: int) -> None:
    for match in _STREAM.finditer(data):
        start = match.start()
        head = data[max(0, start - _DICTIONARY_REACH) : start]
        objects = list(_OBJECT.finditer(head))
        dictionary = head[objects[-1].end() :] if objects else head
        if not _FLATE_FIRST.search(dictionary) or _NOT_DRAWING.search(dictionary):
            continue
        end = data.find(b"endstream", match.end())
        raw = data[match.end() : end if end >= 0 else len(data)]
        try:
            size = len(zlib.decompressobj().decompress(raw, limit + 1))
        except zlib.error:
            continue  # damaged or encrypted: PDFium says what is wrong
        if size > limit:
            number = objects[-1].group(1).decode() if objects else "?"
            raise LimitExceeded(
                Message(
                    f"PDF 的绘制内容（对象 {number}）解压后超过 {size_text(limit)}（正常页面不到 0.1 MiB），疑为压缩炸弹，未读取",
                    f"the PDF's drawing instructions (object {number}) inflate to more than {size_text(limit)} "
                    "(a real page has under 0.1 MiB), like a zip bomb; not read",
                )
            )
