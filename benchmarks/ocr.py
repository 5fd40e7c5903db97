"""The OCR benchmark (issue 23): CPU per scanned page, and the share of values read exactly.

    python benchmarks/run.py ocr
    python benchmarks/ocr.py

Scans are made as the tests make them (tests/scanmaker.py): target tables in
four provinces' layouts typeset as ruled A4 PDFs by reportlab, rendered by
PDFium at 150 dpi in grey, laid 0.5° crooked, blurred and saved as JPEG
quality 75. Targets: at most 5 CPU-s per page, at least 95% of the values
read exactly.

- CPU per page: ``perfcheck check`` of every scanned PDF in one run,
  ``--jobs 1`` (the command and its worker, start-up and model loading
  included), divided by the pages; and the same pages through RapidOCR's
  defaults (detection, angle classifier and recognition on the whole page,
  in process), what perfcheck's way of reading replaced.
- Values read exactly: ``perfcheck extract`` of each scanned PDF against
  the canonical YAML of its tables, indicator by indicator (the value as
  composed from its operator, number and unit cells), whitespace aside.
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


def _scans(work: Path) -> list[tuple[Path, list, list[dict]]]:
    """Each layout's scanned PDF, with its pages as images, and its tables."""
    import yaml

    from pdfmaker import render
    from scanmaker import pages, scan_pdf
    from test_forms import without_weightless_rows
    from textmaker import text_layout

    sets = [(name, yaml.safe_load((LAYOUTS / f"{name}.yaml").read_text(encoding="utf-8"))["tables"]) for name in ("hunan", "inner-mongolia", "national-old")]
    sets.append(("xinjiang", yaml.safe_load(SEED.read_text(encoding="utf-8"))["tables"][:3]))
    made = []
    for name, tables in sets:
        if name in ("inner-mongolia", "xinjiang"):
            tables = without_weightless_rows(tables)  # as tests/test_forms.py: a PDF's rows without points continue the row above
        pdf = render(text_layout(tables, name, declared_in_labels=True, year=2024), work / f"{name}.pdf")
        made.append((scan_pdf(pdf, work / f"{name}-scan.pdf"), list(pages(pdf)), tables))
    return made


def _values(path: Path) -> list[str]:
    import subprocess

    import yaml

    out = subprocess.run([sys.executable, "-m", "perfcheck", "extract", str(path)], capture_output=True, text=True, check=True).stdout
    return [i["value"] for t in yaml.safe_load(out)["tables"] for i in t["indicators"]]


def ocr(work: Path) -> list[tuple[str, str, str]]:
    import numpy as np
    import yaml
    from rapidocr_onnxruntime import RapidOCR

    from perfcheck.text import squeeze

    scans = _scans(work)
    paths = [path for path, _, _ in scans]
    pages = sum(len(images) for _, images, _ in scans)
    cost = min((measure([sys.executable, "-m", "perfcheck", "check", *map(str, paths), "--jobs", "1", "--timeout", "900", "--format", "json"]) for _ in range(2)), key=lambda c: c.cpu)

    # In process, reading alone: perfcheck's way, then RapidOCR's defaults, on the same pages.
    from perfcheck.readers.scan import Scanner, recogniser

    recogniser()
    start = time.process_time()
    for _, images, _ in scans:
        for number, image in enumerate(images, 1):
            Scanner().page(image, number)
    ours = (time.process_time() - start) / pages
    engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    start = time.process_time()
    for _, images, _ in scans:
        for image in images:
            engine(np.asarray(image.convert("RGB")))
    defaults = (time.process_time() - start) / pages

    exact = total = 0
    missed = []
    for path, _, tables in scans:
        canonical = work / "canonical.yaml"
        canonical.write_text(yaml.safe_dump({"perfcheck": 1, "tables": tables}, allow_unicode=True), encoding="utf-8")
        expected, read = _values(canonical), _values(path)
        total += len(expected)
        # Whitespace aside: the recogniser gives ≥45 个 as ≥45个, the same value to the grammar.
        exact += sum(squeeze(a) == squeeze(b) for a, b in zip(expected, read))
        missed += [f"{a} read as {b}" for a, b in zip(expected, read) if squeeze(a) != squeeze(b)] + [f"{a} not read" for a in expected[len(read) :]]
    return [
        (f"scans: {pages} A4 pages at 150 dpi, JPEG q75, 0.5° skew (4 layouts), perfcheck check --jobs 1",
         f"{cost.cpu / pages:.2f} CPU s per page (target at most 5)", f"peak {cost.peak_mib:.0f} MiB; reading alone, in process: {ours:.2f} CPU s per page, RapidOCR's defaults on the whole page {defaults:.2f}"),
        ("indicator values read exactly, whitespace aside (extract against the canonical YAML)", f"{exact / total:.1%} (target at least 95%)", f"{exact} of {total}; " + ("; ".join(missed) or "none missed")),
    ]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for row in ocr(Path(folder)):
            print(" | ".join(row))
