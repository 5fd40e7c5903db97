"""Disclosures as PDF, made in the tests by reportlab from the text layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, run_cli
from pdfmaker import render, render_scan

from perfcheck.readers.pdf import PdfDisclosureReader

CORPUS = REPO / "examples" / "artux-2024" / "artux-natural-resources-2024.txt"
SECOND = FIXTURES / "county-education-2025.txt"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    config = folder / "perfcheck.toml"
    config.write_text('profile = "xinjiang"\n', encoding="utf-8")
    made = {}
    for name, source in (("corpus", CORPUS), ("second", SECOND)):
        pdf = render(source.read_text(encoding="utf-8"), folder / f"{name}.pdf")
        yaml = folder / f"{name}.yaml"
        run_cli("extract", str(source), "-o", str(yaml), check_rc=0)
        made[name] = (pdf, yaml)
    return made, config


def _findings(path: Path, config: Path) -> list[tuple]:
    proc = run_cli("check", str(path), "--format", "json", "--select", "ALL", "--config", str(config))
    assert proc.returncode in (0, 1), proc.stderr
    return sorted((f["code"], f["table"] or "", f["indicator"] or "", f["message"]) for f in json.loads(proc.stdout)["findings"])


@pytest.mark.parametrize("name", ["corpus", "second"])
def test_the_pdf_gives_the_same_findings_as_the_canonical_yaml(pdfs, name):
    made, config = pdfs
    pdf, yaml = made[name]
    from_pdf = _findings(pdf, config)
    assert from_pdf and from_pdf == _findings(yaml, config)


def test_tables_continue_across_pages_and_locations_are_pages(pdfs):
    made, _ = pdfs
    doc = PdfDisclosureReader().read(made["corpus"][0])
    assert len(doc.tables) == 20 and sum(len(t.indicators) for t in doc.tables) == 184
    assert all(sum(i.weight for i in t.indicators) == 90 for t in doc.tables)
    pages_per_table = [{i.location.page for i in t.indicators} for t in doc.tables]
    assert any(len(pages) > 1 for pages in pages_per_table)  # some table runs onto the next page
    assert all(i.location.line is None and i.location.page for t in doc.tables for i in t.indicators)
    assert len(doc.projects) == 17 and len(doc.allocations) == 17


def test_pdf_extract_matches_the_text_extract_but_for_locations(pdfs, tmp_path):
    made, _ = pdfs
    out = tmp_path / "from-pdf.yaml"
    run_cli("extract", str(made["second"][0]), "-o", str(out), check_rc=0)
    import yaml

    def strip(data):
        for r in data.get("repairs", []):
            r.pop("line", None)
            r.pop("page", None)
        return data

    assert strip(yaml.safe_load(out.read_text(encoding="utf-8"))) == strip(yaml.safe_load(made["second"][1].read_text(encoding="utf-8")))


def test_a_pdf_with_no_text_layer_is_read_through_ocr_or_names_it(tmp_path):
    from perfcheck.readers import scan

    pages = render_scan(tmp_path / "scan.pdf", pages=3)
    proc = run_cli("check", str(pages))
    assert proc.returncode == 1
    # Its pages hold no text, drawn or scanned: no table either way (tests/test_scan.py reads real scans).
    assert "E002" in proc.stdout
    if not scan.available():
        assert "OCR" in proc.stdout and "3 页" in proc.stdout and scan.INSTALL in proc.stdout


def test_damaged_and_password_protected_pdfs_are_e001_and_the_batch_goes_on(tmp_path):
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen.canvas import Canvas

    locked = tmp_path / "locked.pdf"
    canvas = Canvas(str(locked), encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    canvas.drawString(100, 100, "hello")
    canvas.save()
    good = tmp_path / "good.txt"
    good.write_text(SECOND.read_text(encoding="utf-8"), encoding="utf-8")
    proc = run_cli("check", str(damaged), str(locked), str(good), "--format", "json")
    by_file = {}
    for f in json.loads(proc.stdout)["findings"]:
        by_file.setdefault(Path(f["file"]).name, []).append(f)
    assert [f["code"] for f in by_file["damaged.pdf"]] == ["E001"]
    assert [f["code"] for f in by_file["locked.pdf"]] == ["E001"] and "密码" in by_file["locked.pdf"][0]["message"]
    assert "C001" in [f["code"] for f in by_file["good.txt"]]
