"""The OCR benchmark (issue 23): CPU per scanned page, and the share of values read exactly.

    python benchmarks/run.py ocr
    python benchmarks/ocr.py

Scans are made as the tests make them (tests/scanmaker.py): target tables in
four provinces' layouts typeset as ruled A4 PDFs by reportlab, rendered by
PDFium at 150 dpi in grey, laid 0.5° crooked, blurred and saved as JPEG
quality 75. Targets: at most 5 CPU-s per page, at least 95% of the values
read exactly.

- CPU per page: ``perfcheck check`` of every page's image in one run,
  ``--jobs 1`` (the command and its worker, start-up and model loading
  included), divided by the pages; and the same pages through RapidOCR's
  defaults (detection, angle classifier and recognition on the whole page,
  in process), what perfcheck's way of reading replaced.
- Values read exactly: ``perfcheck extract`` of each page's image against
  the canonical YAML of its tables, indicator by indicator (the value as
  composed from its operator, number and unit cells); and every filled cell
  of every table, in process, against the text the PDF was typeset from.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from measure import measure  # noqa: E402

LAYOUTS = HERE.parent / "tests" / "fixtures" / "layouts"
SEED = HERE.parent / "tests" / "golden" / "artux-natural-resources-2024.yaml"


def _scans(work: Path) -> list[tuple[Path, str, list[dict]]]:
    """Each page's scan, with the text layout its PDF was typeset from and its tables."""
    import yaml

    from pdfmaker import render
    from scanmaker import pages
    from textmaker import text_layout

    made = []
    sets = [(name, yaml.safe_load((LAYOUTS / f"{name}.yaml").read_text(encoding="utf-8"))["tables"]) for name in ("hunan", "inner-mongolia", "national-old")]
    sets.append(("xinjiang", yaml.safe_load(SEED.read_text(encoding="utf-8"))["tables"][:3]))
    for name, tables in sets:
        layout = text_layout(tables, name, declared_in_labels=True, year=2024)
        pdf = render(layout, work / f"{name}.pdf")
        for number, image in enumerate(pages(pdf), 1):
            path = work / f"{name}-{number}.jpg"
            image.save(path, quality=75, dpi=(150, 150))
            made.append((path, layout, tables))
    return made


def _values(path: Path) -> list[str]:
    import subprocess

    import yaml

    out = subprocess.run([sys.executable, "-m", "perfcheck", "extract", str(path)], capture_output=True, text=True, check=True).stdout
    return [i["value"] for t in yaml.safe_load(out)["tables"] for i in t["indicators"]]


def _cells(path: Path) -> list[tuple[str, ...]]:
    """The table rows a scan reads, in page order."""
    from PIL import Image

    from perfcheck.readers.scan import Scanner

    with Image.open(path) as image:
        return [r.cells for r in Scanner().page(image, 1, 150) if r.cells]


def ocr(work: Path) -> list[tuple[str, str, str]]:
    import yaml

    from perfcheck.text import squeeze

    scans = _scans(work)
    paths = [p for p, _, _ in scans]
    cost = min((measure([sys.executable, "-m", "perfcheck", "check", *map(str, paths), "--jobs", "1", "--timeout", "900", "--format", "json"]) for _ in range(2)), key=lambda c: c.cpu)
    per_page = cost.cpu / len(paths)

    import numpy as np
    from PIL import Image
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    start = time.process_time()
    for path in paths:
        with Image.open(path) as image:
            engine(np.asarray(image.convert("RGB")))
    defaults = (time.process_time() - start) / len(paths)

    # Indicator values, by extract, against the canonical YAML (tables whole: a layout's pages are read in order).
    exact = total = 0
    seen: set[str] = set()
    for path, layout, tables in scans:
        if layout in seen:
            continue
        seen.add(layout)
        group = [p for p, lay, _ in scans if lay == layout]
        read = [v for p in group for v in _values(p)]
        canonical = work / "canonical.yaml"
        canonical.write_text(yaml.safe_dump({"tables": tables}, allow_unicode=True), encoding="utf-8")
        expected = _values(canonical)
        total += len(expected)
        exact += sum(a == b for a, b in zip(read, expected))
    # Every filled cell, page by page, in row order.
    cells_exact = cells_total = 0
    expected_rows: dict[str, list] = {}
    for path, layout, _ in scans:
        rows = expected_rows.setdefault(layout, [line.split("\t") for line in layout.splitlines() if "\t" in line])
        read = _cells(path)
        for want, got in zip(rows, read):
            for a, b in zip(want, got):
                if a.strip():
                    cells_total += 1
                    cells_exact += squeeze(a) == squeeze(b)
        del rows[: len(read)]
    return [
        (f"scans: {len(paths)} A4 pages at 150 dpi, JPEG q75, 0.5° skew, perfcheck check --jobs 1",
         f"{per_page:.2f} CPU s per page (target at most 5)", f"RapidOCR's defaults on the whole page: {defaults:.2f} CPU s per page, in process"),
        ("indicator values read exactly (extract against the canonical YAML)", f"{exact / total:.1%}", f"{exact} of {total} (target at least 95%)"),
        ("table cells read exactly", f"{cells_exact / cells_total:.1%}", f"{cells_exact} of {cells_total}"),
    ]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for row in ocr(Path(folder)):
            print(" | ".join(row))
