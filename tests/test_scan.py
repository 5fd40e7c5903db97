"""Scans (issue 23): image files and PDF pages with no text layer, read through OCR.

The scans are made as a scanner makes them (tests/scanmaker.py): a ruled PDF
typeset by reportlab, rendered by PDFium at 150 dpi in grey, laid half a
degree crooked, blurred and saved as a JPEG. Read through OCR they give the
values and the findings their canonical YAML gives. OCR costs seconds a
page on a shared machine: one page per layout, two layouts.

Without the ``ocr`` extra (its import made to fail) a scan is E002 naming
the command that installs it.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, run_cli
from pdfmaker import render, render_scan
from scanmaker import scan_image, scan_pdf
from test_forms import without_weightless_rows
from textmaker import text_layout

from perfcheck.limits import LimitExceeded
from perfcheck.readers import ReadError, scan
from perfcheck.readers.images import ImageReader
from perfcheck.readers.pdf import PdfDisclosureReader

LAYOUTS = FIXTURES / "layouts"
FORM_CODES = {"V006", "V011"}  # what a form causes: a split number, a value read by OCR


@pytest.fixture(scope="module")
def ocr():
    if not scan.available():  # pragma: no cover - CI installs the extra
        if os.environ.get("CI"):
            pytest.fail("the ocr extra is needed: .ci/run installs '.[test,dask,ocr]'", pytrace=False)
        pytest.skip("the ocr extra is not installed: pip install -e '.[ocr]'")


@pytest.fixture(scope="module")
def scans(tmp_path_factory, ocr) -> dict[str, tuple[Path, Path]]:
    """Per layout, a scan and the canonical YAML of its tables: the Hunan tables
    as a JPEG, the Inner Mongolia ones (a 计算符号 column: ≥ alone in its cell) as
    a scanner's PDF. One page each."""
    folder = tmp_path_factory.mktemp("scans")
    made = {}
    for layout, form in (("hunan", scan_image), ("inner-mongolia", scan_pdf)):
        tables = yaml.safe_load((LAYOUTS / f"{layout}.yaml").read_text(encoding="utf-8"))["tables"]
        if layout == "inner-mongolia":
            tables = without_weightless_rows(tables)  # as tests/test_forms.py does for a PDF
        canonical = folder / f"{layout}.yaml"
        canonical.write_text(yaml.safe_dump({"perfcheck": 1, "tables": tables}, allow_unicode=True), encoding="utf-8")
        ruled = render(text_layout(tables, layout, declared_in_labels=True, year=2024), folder / f"{layout}.pdf")
        made[layout] = (form(ruled, folder / f"{layout}-scan{'.jpg' if form is scan_image else '.pdf'}"), canonical)
    return made


def values(path: Path) -> tuple[list[str], list[dict]]:
    proc = run_cli("extract", str(path))
    assert proc.returncode == 0, proc.stderr
    data = yaml.safe_load(proc.stdout)
    # The value as composed from its cells (the YAML has its operator apart, the page in its own cell).
    return [i["value"] for t in data["tables"] for i in t["indicators"]], data.get("readings", [])


@pytest.mark.parametrize("layout", ["hunan", "inner-mongolia"])
def test_a_scan_reads_every_value_of_its_tables(scans, layout):
    scanned, canonical = scans[layout]
    expected, _ = values(canonical)
    read, readings = values(scanned)
    assert read == expected
    # Every value cell keeps what OCR read and its confidence, with its place.
    assert {r["field"] for r in readings} >= {"指标值", "年度预算总额"}
    assert all(0 < r["confidence"] <= 1 and r["page"] == 1 and r["cell"] for r in readings)
    assert sum(r["field"] == "指标值" for r in readings) == sum(1 for v in expected if v)


def test_scans_give_the_findings_of_their_canonical_yaml(scans, tmp_path):
    # V011 at a threshold of 1: every value OCR was not wholly sure of is reported.
    config = tmp_path / "perfcheck.toml"
    config.write_text("[rules.V011]\nthreshold = 1\n", encoding="utf-8")
    paths = [path for pair in scans.values() for path in pair]
    home = tmp_path / "home"
    home.mkdir()
    proc = run_cli("check", *map(str, paths), "--format", "json", "--select", "ALL", "--config", str(config), cwd=home, env_extra={"HOME": str(home)})
    assert proc.returncode == 1, proc.stderr
    # onnxruntime's telemetry is off: no device id under ~/.cache/Microsoft, no session file.
    assert [p.name for p in home.rglob("*") if "Microsoft" in p.parts or p.suffix == ".ses" or p.name == ".ses"] == []
    found: dict[str, list] = {p.name: [] for p in paths}
    unsure: dict[str, list] = {p.name: [] for p in paths}
    for f in json.loads(proc.stdout)["findings"]:
        name = Path(f["file"]).name
        if f["code"] == "V011":
            unsure[name].append(f)
        elif f["code"] not in FORM_CODES:
            # Names may be misread where a value is not: findings are compared by what they say of the values.
            found[name].append((f["code"], f["severity"], f.get("value"), f.get("suggestion")))
    for scanned, canonical in scans.values():
        assert len(found[canonical.name]) > 5
        assert sorted(found[scanned.name]) == sorted(found[canonical.name]), scanned.name
        assert unsure[canonical.name] == []
        assert unsure[scanned.name], scanned.name
        for f in unsure[scanned.name]:
            assert f["location"]["page"] == 1 and Decimal(f["data"]["confidence"]) < 1 and f["data"]["text"] in f["message"]


def test_the_page_geometry_is_found(ocr, scans):
    from PIL import Image

    from perfcheck.readers import raster

    with Image.open(scans["hunan"][0]) as image:
        grey = __import__("numpy").asarray(image.convert("L"))
    dark = raster.ink(grey)
    assert abs(raster.skew(dark) - -0.5) <= 0.06
    levelled = scan.levelled(Image.fromarray(grey))
    horizontal, vertical, _ = raster.rulings(raster.ink(levelled), scan.RULING_LENGTH, scan.RULING_HEIGHT)
    # Two tables: 15 and 12 rows, 9 columns; a vertical ruling is broken between them.
    assert len([s for s in horizontal if s.end - s.start > 1500]) == 16 + 13
    assert len(vertical) == 2 * 10


def _block_ocr(monkeypatch):
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import now raises ImportError
    assert not scan.available()


def test_without_the_extra_an_image_names_the_install_command(monkeypatch, tmp_path):
    from PIL import Image

    path = tmp_path / "table.png"
    Image.new("L", (800, 600), 255).save(path)
    _block_ocr(monkeypatch)
    reader = ImageReader()
    assert not reader.sniff(path)  # a directory walk passes images over
    with pytest.raises(ReadError) as raised:
        reader.read(path)
    [problem] = raised.value.problems
    assert raised.value.code == "E002"
    assert scan.INSTALL in problem.message.zh and "OCR" in problem.message.zh
    assert scan.INSTALL in problem.message.en and "needs OCR" in problem.message.en


def test_without_the_extra_a_scanned_pdf_names_the_install_command(monkeypatch, tmp_path):
    path = render_scan(tmp_path / "scan.pdf", pages=3)
    _block_ocr(monkeypatch)
    with pytest.raises(ReadError) as raised:
        PdfDisclosureReader().read(path)
    [problem] = raised.value.problems
    assert raised.value.code == "E002"
    assert "3 页" in problem.message.zh and "没有文本层" in problem.message.zh and scan.INSTALL in problem.message.zh
    assert "no text layer" in problem.message.en and scan.INSTALL in problem.message.en


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels and holds one row."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * (width + 1))) + chunk(b"IEND", b"")


@pytest.mark.parametrize("width, height", [(8000, 8000), (100_000, 100_000)])
def test_an_image_claiming_too_many_pixels_is_refused_before_it_is_decoded(ocr, tmp_path, width, height):
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header(width, height))
    with pytest.raises(LimitExceeded) as raised:
        ImageReader().read(path)
    assert "百万像素" in raised.value.message.zh and "million" in raised.value.message.en


def test_without_the_extra_the_text_pages_of_a_pdf_are_checked_and_its_scanned_pages_named(monkeypatch, tmp_path):
    import pypdfium2

    tables = yaml.safe_load((LAYOUTS / "hunan.yaml").read_text(encoding="utf-8"))["tables"]
    text_pdf = render(text_layout(tables[:1], "hunan", year=2024), tmp_path / "text.pdf")
    scanned = render_scan(tmp_path / "scanned.pdf", pages=2)
    mixed = pypdfium2.PdfDocument.new()
    for part in (text_pdf, scanned):
        source = pypdfium2.PdfDocument(str(part))
        mixed.import_pages(source)
        source.close()
    mixed.save(str(tmp_path / "mixed.pdf"))
    mixed.close()
    _block_ocr(monkeypatch)
    document = PdfDisclosureReader().read(tmp_path / "mixed.pdf")
    assert [t.name for t in document.tables] == [tables[0]["name"]]
    [problem] = document.problems
    assert "第 2、3 页没有文本层" in problem.message.zh and scan.INSTALL in problem.message.zh
    assert problem.message.en.startswith("pages 2, 3: no text layer") and problem.location.page == 2
