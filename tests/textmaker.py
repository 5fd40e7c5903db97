"""Writes target tables in the published text layout, as text extracted from
a disclosure PDF has them (and as pdfmaker typesets them): each title on a
line of its own, each table row a line of tab-separated cells, a merged
cell's text once, in its first cell, the cells it covers empty. The tables
are laid out by xlsxmaker, as a workbook of them is.
"""

from __future__ import annotations

from pathlib import Path

from xlsxmaker import table_grids


def text_layout(tables: list[dict], layout: str, **options) -> str:
    lines = []
    for title, texts, merges in table_grids(tables, layout, **options):
        covered = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1) for r1, c1, _, _ in merges}
        if title:
            lines.append(title)
        for r, row in enumerate(texts, 1):
            lines.append("\t".join("" if (r, c) in covered else " ".join(text.split()) for c, text in enumerate(row, 1)))
        lines.append("")
    return "\n".join(lines) + "\n"


def write_text(path: Path, tables: list[dict], layout: str, **options) -> Path:
    path.write_text(text_layout(tables, layout, **options), encoding="utf-8")
    return path
