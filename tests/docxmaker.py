"""Builds Word documents (.docx) of target tables for the tests: each table's
title as a paragraph above it, as units type them, and the table as
xlsxmaker lays it out, its merges as Word writes them: ``w:gridSpan`` across,
``w:vMerge`` down (the first cell ``restart``, the ones below it empty).
Written as package XML with the standard library: no Word library needed.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from xlsxmaker import table_grids

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>' if text else "<w:p/>"


def table_xml(texts: list[list[str]], merges: list[tuple[int, int, int, int]]) -> str:
    """A w:tbl of the grid: each merged range one cell across (gridSpan), continued down (vMerge)."""
    origin = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in merges}
    covered = {}
    for r1, c1, r2, c2 in merges:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    covered[r, c] = (r1, c1, r2, c2)
    width = max((len(row) for row in texts), default=0)
    rows = []
    for r, line in enumerate(texts, 1):
        cells = []
        c = 1
        while c <= width:
            if (r, c) in origin:
                r2, c2 = origin[r, c]
                props = (f'<w:gridSpan w:val="{c2 - c + 1}"/>' if c2 > c else "") + ('<w:vMerge w:val="restart"/>' if r2 > r else "")
                cells.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraph(line[c - 1])}</w:tc>")
                c = c2 + 1
            elif (r, c) in covered:
                r1, c1, _, c2 = covered[r, c]
                if c == c1 and r > r1:  # the first column of a range continued down
                    span = f'<w:gridSpan w:val="{c2 - c1 + 1}"/>' if c2 > c1 else ""
                    cells.append(f"<w:tc><w:tcPr>{span}<w:vMerge/></w:tcPr><w:p/></w:tc>")
                    c = c2 + 1
                else:
                    c += 1
            else:
                cells.append(f"<w:tc>{paragraph(line[c - 1])}</w:tc>")
                c += 1
        rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
    grid = "".join('<w:gridCol w:w="1200"/>' for _ in range(width))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>" + "".join(rows) + "</w:tbl>"


def write_docx(path: Path, body: str) -> Path:
    """A .docx whose body is the given WordprocessingML."""
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document)
    return path


def write_document(path: Path, tables: list[dict], layout: str, **options) -> Path:
    """Every table of ``tables`` in ``layout`` (xlsxmaker's), one after another,
    each titled by a paragraph and followed by an empty one."""
    body = []
    for title, texts, merges in table_grids(tables, layout, **options):
        if title:
            body.append(paragraph(title))
        body.append(table_xml(texts, merges))
        body.append(paragraph(""))
    return write_docx(path, "".join(body))
