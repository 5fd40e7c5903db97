"""Disclosures as PDF, made in the tests by reportlab from the text layout."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import hostile
from conftest import FIXTURES, REPO, run_cli
from pdfmaker import render, render_scan

from perfcheck.readers import ReadError
from perfcheck.readers.pdf import PdfDisclosureReader

CORPUS = REPO / "examples" / "artux-2024" / "artux-natural-resources-2024.txt"
SECOND = FIXTURES / "county-education-2025.txt"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    config = folder / "perfcheck.toml"
    config.write_text('profile = "xinjiang"\n', encoding="utf-8")
    made = {}
    for name, source, form in (("corpus", CORPUS, {}), ("second", SECOND, {}), ("corpus-unruled", CORPUS, {"rules": "none"})):
        pdf = render(source.read_text(encoding="utf-8"), folder / f"{name}.pdf", **form)
        yaml = folder / f"{name}.yaml"
        run_cli("extract", str(source), "-o", str(yaml), check_rc=0)
        made[name] = (pdf, yaml)
    return made, config


def _findings(path: Path, config: Path) -> list[tuple]:
    proc = run_cli("check", str(path), "--format", "json", "--select", "ALL", "--config", str(config))
    assert proc.returncode in (0, 1), proc.stderr
    return sorted((f["code"], f["table"] or "", f["indicator"] or "", f["message"]) for f in json.loads(proc.stdout)["findings"])


@pytest.mark.parametrize("name", ["corpus", "second", "corpus-unruled"])
def test_the_pdf_gives_the_same_findings_as_the_canonical_yaml(pdfs, name):
    # The whole disclosure: tables, and the running text between them (the
    # project list, 资金分配情况, the stated counts) that X rules compare them with.
    made, config = pdfs
    pdf, yaml = made[name]
    from_pdf = _findings(pdf, config)
    assert from_pdf and from_pdf == _findings(yaml, config)


@pytest.mark.parametrize("name", ["corpus", "corpus-unruled"])
def test_tables_continue_across_pages_and_locations_are_pages(pdfs, name):
    made, _ = pdfs
    doc = PdfDisclosureReader().read(made[name][0])
    assert len(doc.tables) == 20 and sum(len(t.indicators) for t in doc.tables) == 184
    assert all(sum(i.weight for i in t.indicators) == 90 for t in doc.tables)
    pages_per_table = [{i.location.page for i in t.indicators} for t in doc.tables]
    assert any(len(pages) > 1 for pages in pages_per_table)  # some table runs onto the next page
    assert all(i.location.line is None and i.location.page for t in doc.tables for i in t.indicators)
    assert len(doc.projects) == 17 and len(doc.allocations) == 17
    assert {c.subject: c.count for c in doc.counts} == {"unit_tables": 1, "fiscal_projects": 18, "other_projects": 1}


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


def test_a_page_tree_pdfium_cannot_follow_is_e001_at_its_page(tmp_path):
    for path in hostile.pdf_malformed_trees(tmp_path):
        with pytest.raises(ReadError) as caught:
            PdfDisclosureReader().read(path)
        [problem] = caught.value.problems
        assert caught.value.code == "E001" and "页面结构已损坏" in problem.message.zh, path.name
        assert problem.location.page == 1


def test_a_page_count_the_tree_does_not_hold_is_not_believed(tmp_path, monkeypatch):
    # PDFium counts the pages it finds: one blank page, so no text layer (not a billion pages),
    # which without OCR (its import made to fail) is E002 saying how many pages it has.
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    with pytest.raises(ReadError) as caught:
        PdfDisclosureReader().read(hostile.pdf_page_count_lie(tmp_path / "count.pdf"))
    assert caught.value.code == "E002" and "共 1 页" in caught.value.problems[0].message.zh


def test_a_page_turned_upside_down_by_its_rotate_reads_as_shown(pdfs, tmp_path):
    # (90 and 270 are in the forms test.)
    source = SECOND.read_text(encoding="utf-8")
    upright = PdfDisclosureReader().read(pdfs[0]["second"][0])
    turned = PdfDisclosureReader().read(render(source, tmp_path / "turned.pdf", rotate=180))
    assert [(t.name, [(i.name, i.raw_value) for i in t.indicators]) for t in turned.tables] == [
        (t.name, [(i.name, i.raw_value) for i in t.indicators]) for t in upright.tables
    ]
    assert turned.tables and len(turned.projects) == len(upright.projects)


def _page_rows(path: Path) -> list[tuple[str, ...] | str]:
    """The rows the reader makes of a PDF's first page (cells, or a line's text)."""
    import pypdfium2
    import pypdfium2.raw as raw

    from perfcheck.model import SourceLocation
    from perfcheck.readers.pdf import _Page, page_rows

    document = pypdfium2.PdfDocument(path)
    page = raw.FPDF_LoadPage(document.raw, 0)
    try:
        geometry = _Page(raw, page)
        rows, _ = page_rows(geometry.characters(), *geometry.rulings(), SourceLocation(page=1))
    finally:
        raw.FPDF_ClosePage(page)
        document.close()
    return [r.cells if r.cells is not None else r.text for r in rows]


def test_borders_drawn_as_one_filled_path_of_thin_rectangles_are_rulings(tmp_path):
    # One path, every border a rectangle 0.6 pt thin, filled once: as some
    # budget systems write a table. The middle column's border is left out
    # in the first row: 项目名称's value spans two columns.
    from reportlab.pdfgen.canvas import Canvas

    from pdfmaker import FONT

    path = tmp_path / "path.pdf"
    canvas = Canvas(str(path), pagesize=(600, 400))
    xs, ys, w = (50, 200, 350, 500), (350, 320, 290), 0.6
    borders = canvas.beginPath()
    for y in ys:
        borders.rect(xs[0], y - w / 2, xs[-1] - xs[0], w)
    for x in xs:
        top = ys[1] if x == xs[2] else ys[0]
        borders.rect(x - w / 2, ys[-1], w, top - ys[-1])
    canvas.drawPath(borders, stroke=0, fill=1)
    canvas.setFont(FONT, 10)
    for x, y, text in ((55, 330, "项目名称"), (205, 330, "某某项目"), (55, 300, "一级指标"), (205, 300, "二级指标"), (355, 300, "三级指标")):
        canvas.drawString(x, y, text)
    canvas.drawString(55, 370, "标题在表格之上")
    canvas.save()
    assert _page_rows(path) == ["标题在表格之上", ("项目名称", "某某项目", "某某项目"), ("一级指标", "二级指标", "三级指标")]


# PDFium with no font of the machine to draw with: its font mapper is given
# none, as on a Linux server without a Chinese font. (The mapper is global to
# the process: a process of its own.)
_NO_FONTS = """
import ctypes, json, sys
import pypdfium2.raw as raw
fields = dict(raw.FPDF_SYSFONTINFO._fields_)
info, hooks = raw.FPDF_SYSFONTINFO(), []
info.version = 1
for name, impl in {
    "Release": lambda this: None, "EnumFonts": lambda this, mapper: None,
    "MapFont": lambda this, weight, italic, charset, pitch, face, exact: None, "GetFont": lambda this, face: None,
    "GetFontData": lambda this, font, table, buffer, size: 0, "GetFaceName": lambda this, font, buffer, size: 0,
    "GetFontCharset": lambda this, font: 0, "DeleteFont": lambda this, font: None,
}.items():
    hooks.append(fields[name](impl))
    setattr(info, name, hooks[-1])
raw.FPDF_SetSystemFontInfo(ctypes.byref(info))
from perfcheck.readers.pdf import PdfDisclosureReader
document = PdfDisclosureReader().read(sys.argv[1])
print(json.dumps({"problems": [[p.message.en, p.location.page] for p in document.problems],
                  "units": [i.unit for t in document.tables for i in t.indicators]}, ensure_ascii=False))
"""


def test_text_in_a_font_neither_embedded_nor_on_the_machine_is_e001_naming_it(tmp_path):
    # reportlab names STSong-Light without embedding it, as iText and ReportLab
    # budget systems do. With a Chinese font on the machine (.ci/run installs
    # one) the units read; with none, a one-character unit (台) is lost, and
    # the reader says so instead of checking a table with its units gone.
    import subprocess

    layout = (
        "项目支出绩效目标表\n项目名称\t2024年设备购置项目\n项目资金（万元）\t50\n"
        "一级指标\t二级指标\t三级指标\t指标值\t计量单位\n"
        "产出指标\t数量指标\t配置诊疗设备\t≥120\t台\n产出指标\t质量指标\t设备验收合格率\t≥95\t%\n"
    )
    pdf = render(layout, tmp_path / "unembedded.pdf")
    here = PdfDisclosureReader().read(pdf)
    assert not here.problems and [i.unit for i in here.tables[0].indicators] == ["台", "%"]
    proc = subprocess.run([sys.executable, "-c", _NO_FONTS, str(pdf)], capture_output=True, text=True, check=True)
    bare = json.loads(proc.stdout)
    assert bare["units"] == ["", "%"]  # what PDFium gives without a glyph for 台
    [(message, page)] = bare["problems"]
    assert page == 1 and "STSong-Light" in message and "fonts-noto-cjk" in message
    # The same tables with the font embedded, as Word and WPS write PDFs: read whole, nothing to say, fonts or none.
    embedded = _with_embedded_font(layout, tmp_path / "embedded.pdf")
    proc = subprocess.run([sys.executable, "-c", _NO_FONTS, str(embedded)], capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout) == {"problems": [], "units": ["台", "%"]}


def _with_embedded_font(layout: str, path: Path) -> Path:
    """``render`` with the machine's Chinese font embedded (a subset of it, as producers embed)."""
    import subprocess

    import pdfmaker
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    found = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True).stdout.split()
    if not found:
        pytest.fail("no Chinese font on this machine: install fonts-wqy-microhei (.ci/run does)")
    pdfmetrics.registerFont(TTFont("EmbeddedCJK", found[0].rstrip(":"), subfontIndex=0))
    saved = pdfmaker.TEXT, pdfmaker.CELL
    pdfmaker.TEXT = ParagraphStyle("text", parent=saved[0], fontName="EmbeddedCJK")
    pdfmaker.CELL = ParagraphStyle("cell", parent=saved[1], fontName="EmbeddedCJK")
    try:
        return render(layout, path)
    finally:
        pdfmaker.TEXT, pdfmaker.CELL = saved


def test_text_set_at_no_size_is_not_taken_for_a_missing_font(tmp_path):
    # Some producers hide text at a size of 0 (a search layer, a stamp's
    # caption): it has no height in any font, and says nothing of the fonts.
    from reportlab.pdfgen.canvas import Canvas

    import pdfmaker

    path = tmp_path / "hidden.pdf"
    canvas = Canvas(str(path))
    canvas.setFont(pdfmaker.FONT, 12)
    canvas.drawString(72, 700, "项目支出绩效目标表 2024")
    canvas.setFont(pdfmaker.FONT, 0)
    canvas.drawString(72, 650, "隐藏的文字")
    canvas.save()
    assert PdfDisclosureReader().read(path).problems == ()
