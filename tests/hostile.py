"""Hostile files, made small on disk by the tests that use them.

Each maker writes one file that once hung perfcheck, ate gigabytes or lost
a batch (issue 9), and returns its path.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import openpyxl


# ---------------------------------------------------------------- Excel


def _workbook_bytes(cells: dict[str, str]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "绩效目标"
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite_member(data: bytes, member: str, change) -> bytes:
    """A copy of the zip ``data`` with ``member`` passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == member:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def xlsx_far_cell(path: Path) -> Path:
    """One cell at XFD1048576: the sheet claims 17 billion cells."""
    path.write_bytes(_workbook_bytes({"A1": "项目名称", "XFD1048576": "x"}))
    return path


def xlsx_whole_sheet_merge(path: Path) -> Path:
    """A merged range over the whole sheet (written by hand: openpyxl would build it cell by cell)."""
    data = _workbook_bytes({"A1": "项目名称"})
    merge = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    path.write_bytes(_rewrite_member(data, SHEET, lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + merge)))
    return path


def xlsx_million_empty_rows(path: Path) -> Path:
    rows = b"".join(b'<row r="%d"/>' % r for r in range(2, 1_000_001))
    data = _workbook_bytes({"A1": "项目名称"})
    path.write_bytes(_rewrite_member(data, SHEET, lambda xml: xml.replace(b"</row></sheetData>", b"</row>" + rows + b"</sheetData>")))
    return path


def xlsx_shared_strings_bomb(path: Path, inflated: int = 256 * 1024 * 1024) -> Path:
    """sharedStrings.xml that inflates a thousandfold (256 MiB from about 250 KiB)."""
    data = _workbook_bytes({"A1": "项目名称"})
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        info = zipfile.ZipInfo("xl/sharedStrings.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w", force_zip64=True) as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
    path.write_bytes(out.getvalue())
    return path


# ---------------------------------------------------------------- PDF


def pdf_bytes(objects: dict[int, bytes]) -> bytes:
    """A PDF from its numbered objects (object 1 is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets.get(i, 0) for i in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _stream(content: bytes, compress: bool = True) -> bytes:
    if compress:
        content = zlib.compress(content, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _one_page(content: bytes, compress: bool = True) -> bytes:
    return pdf_bytes(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            4: _stream(content, compress),
            5: _FONT,
        }
    )


def pdf_page_tree_loop(path: Path) -> Path:
    """The page tree's Kids point back at its root."""
    path.write_bytes(
        pdf_bytes(
            {
                1: b"<< /Type /Catalog /Pages 2 0 R >>",
                2: b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
                3: b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>",
            }
        )
    )
    return path


def _tree(pages: bytes, *extra: tuple[int, bytes]) -> bytes:
    return pdf_bytes({1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: pages, **dict(extra)})


_BLANK_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def pdf_malformed_trees(folder: Path) -> list[Path]:
    """Page trees PDFium must not follow: a kid that is not there, a node
    that is its own kid three times, a tree 3,000 levels deep."""
    made = {
        "missing-kid.pdf": _tree(b"<< /Type /Pages /Kids [9 0 R 3 0 R] /Count 2 >>", (3, _BLANK_PAGE)),
        "own-kid.pdf": _tree(b"<< /Type /Pages /Kids [2 0 R 2 0 R 2 0 R] /Count 3 >>"),
        "deep-tree.pdf": pdf_bytes(
            {
                1: b"<< /Type /Catalog /Pages 2 0 R >>",
                **{n: b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (n + 1) for n in range(2, 3000)},
                3000: _BLANK_PAGE,
            }
        ),
    }
    for name, data in made.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in made]


def pdf_page_count_lie(path: Path) -> Path:
    """One page, and a /Count of a billion."""
    path.write_bytes(_tree(b"<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>", (3, _BLANK_PAGE)))
    return path


def pdf_glyph_bomb(path: Path, glyphs: int = 20_000_000) -> Path:
    """20 million glyphs in one text-showing operator, compressed to a few KB."""
    path.write_bytes(_one_page(b"BT /F1 1 Tf 10 10 Td (" + b"A" * glyphs + b") Tj ET"))
    return path


def pdf_flate_bomb(path: Path, inflated: int = 512 * 1024 * 1024) -> Path:
    """A content stream inflating to 512 MiB of spaces."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    data = b"".join(compressor.compress(chunk) for _ in range(inflated // len(chunk))) + compressor.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    path.write_bytes(
        pdf_bytes(
            {
                1: b"<< /Type /Catalog /Pages 2 0 R >>",
                2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                4: stream,
            }
        )
    )
    return path


def pdf_without_text(path: Path) -> Path:
    """A page with a ruled box and no text: what a scan looks like to a text extractor."""
    path.write_bytes(_one_page(b"10 10 200 100 re S", compress=False))
    return path


def pdf_truncated(path: Path) -> Path:
    whole = _one_page(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET", compress=False)
    path.write_bytes(whole[: len(whole) // 3])
    return path


# ---------------------------------------------------------------- YAML


def yaml_alias_bomb(path: Path, levels: int = 9) -> Path:
    """A 'billion laughs': each level nine aliases of the one before."""
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    lines.append(f"tables: *a{levels}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
