"""Annotated and fixed copies of a Word document (``--format docx``, ``--fix
-o``): each finding a comment on its cell, a table's on its first cell; the
document's own comments kept; the fixed values written in; the draft never
written; the copies open in LibreOffice and read back with the same findings."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import run_cli
from docxmaker import write_document
from xlsxmaker import MISMATCHED
from perfcheck.model import Finding, Message, Severity, SourceLocation
from perfcheck.readers.word import W
from perfcheck.wordcopy import CopyError, _Package, annotate_document


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _findings(path: Path) -> list[dict]:
    proc = run_cli("check", str(path), "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)["findings"]


def _comments(path: Path) -> dict[str, str]:
    """Each comment's text by its id."""
    from lxml import etree

    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/comments.xml"))
    return {c.get(W + "id"): "".join(c.itertext()) for c in root.iter(W + "comment")}


def _anchored(path: Path, sheet: str, cell: str | None) -> list[str]:
    """The ids of the comments whose range starts in that table's cell (its first cell without one)."""
    package = _Package(path)
    table = package.tables[int(sheet.removeprefix("表格")) - 1]
    tc = package.cell(table, cell) if cell else next(table.iter(W + "tc"))
    return [e.get(W + "id") for e in tc.iter(W + "commentRangeStart")]


@pytest.fixture
def draft(tmp_path) -> Path:
    return write_document(tmp_path / "草稿.docx", [MISMATCHED], "xinjiang", year=2024)


def test_each_finding_is_a_comment_on_its_cell(draft, tmp_path):
    before = _hash(draft)
    review = tmp_path / "review.docx"
    proc = run_cli("check", str(draft), "--format", "docx", "-o", str(review))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert _hash(draft) == before  # the draft is never written
    found = _findings(draft)
    comments = _comments(review)
    assert {"V002", "W001"} <= {f["code"] for f in found}
    for f in found:
        loc = f["location"]
        ids = _anchored(review, loc["sheet"], loc.get("cell"))
        assert any(f["code"] in comments[i] and f["message"] in comments[i] for i in ids), (f, ids)
    # The findings of one cell share one comment.
    assert len(comments) == len({(f["location"]["sheet"], f["location"].get("cell")) for f in found})
    # Read back, the copy is the same document.
    assert sorted((f["code"], f["location"].get("cell")) for f in _findings(review)) == sorted((f["code"], f["location"].get("cell")) for f in found)
    with zipfile.ZipFile(review) as package:
        assert "/word/comments.xml" in package.read("[Content_Types].xml").decode()
        assert "comments.xml" in package.read("word/_rels/document.xml.rels").decode()


def test_a_finding_on_a_table_goes_on_its_first_cell_and_one_on_the_document_on_its_start(draft, tmp_path):
    def finding(code: str, location: SourceLocation) -> Finding:
        return Finding(code, "示例", Severity.WARNING, Message(f"{code} 的说明", f"{code} explained"), str(draft), location=location)

    review = tmp_path / "review.docx"
    annotate_document(draft, review, [finding("X001", SourceLocation(sheet="表格1")), finding("X002", SourceLocation())], lambda fs: [f.code for f in fs])
    comments = _comments(review)
    [on_table] = _anchored(review, "表格1", None)
    assert comments[on_table] == "X001"
    package = _Package(review)
    first = next(package.body.iter(W + "p"))  # the title above the table
    assert [comments[e.get(W + "id")] for e in first.iter(W + "commentRangeStart")] == ["X002"]


def test_the_documents_own_comments_are_kept(draft, tmp_path):
    # A reviewer's comment already in the document: the comments part, its relationship and content type.
    with zipfile.ZipFile(draft) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    namespace = f'xmlns:w="{W[1:-1]}"'
    parts["word/comments.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {namespace}>'
        '<w:comment w:id="7" w:author="审核人"><w:p><w:r><w:t>请核对资金来源</w:t></w:r></w:p></w:comment></w:comments>'
    ).encode()
    parts["word/_rels/document.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>'
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>'
    )
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body><w:p>", b'<w:body><w:p><w:commentRangeStart w:id="7"/><w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r>', 1
    )
    with zipfile.ZipFile(draft, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    review = tmp_path / "review.docx"
    run_cli("check", str(draft), "--format", "docx", "-o", str(review))
    comments = _comments(review)
    assert comments["7"] == "请核对资金来源" and len(comments) > 1
    assert all(int(i) > 7 for i in comments if i != "7")  # numbered after the reviewer's
    with zipfile.ZipFile(review) as package:
        assert package.read("[Content_Types].xml").count(b"/word/comments.xml") == 1
        assert package.read("word/_rels/document.xml.rels").count(b"comments.xml") == 1
    assert _findings(review) and {f["code"] for f in _findings(review)} == {f["code"] for f in _findings(draft)}


def test_the_fixed_copy_holds_the_fixed_values(draft, tmp_path):
    before = _hash(draft)
    fixed = tmp_path / "fixed.docx"
    proc = run_cli("check", str(draft), "--fix", "-o", str(fixed))
    assert "Traceback" not in proc.stderr and _hash(draft) == before, proc.stderr
    diff = run_cli("check", str(draft), "--diff").stdout
    assert "@@ 表格1!D7 @@\n->=855\n+>=85%" in diff
    left = _findings(fixed)
    assert "V002" in {f["code"] for f in _findings(draft)} and "V002" not in {f["code"] for f in left}
    package = _Package(fixed)
    cell = package.cell(package.tables[0], "D7")
    assert "".join(cell.itertext()) == ">=85%"
    [key] = [e.get(W + "id") for e in cell.iter(W + "commentRangeStart")]
    assert "已修改（V002）" in _comments(fixed)[key] and "原值「>=855」" in _comments(fixed)[key]


def test_copies_are_refused_with_the_reason(draft, tmp_path):
    other = write_document(tmp_path / "other.docx", [MISMATCHED], "xinjiang", year=2024)
    proc = run_cli("check", str(draft), str(other), "--format", "docx", "-o", str(tmp_path / "r.docx"))
    assert proc.returncode == 2 and "一个 Word 文档" in proc.stderr
    strict = tmp_path / "strict.docx"
    with zipfile.ZipFile(draft) as source, zipfile.ZipFile(strict, "w") as target:
        for name in source.namelist():
            target.writestr(name, source.read(name).replace(W[1:-1].encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main"))
    with pytest.raises(CopyError) as raised:
        annotate_document(strict, tmp_path / "r.docx", [], lambda fs: [])
    assert "Strict" in raised.value.message.zh
    assert not (tmp_path / "r.docx").exists()
    before = _hash(draft)
    same = run_cli("check", str(draft), "--format", "docx", "-o", str(draft))
    assert same.returncode == 2 and "批注后的 Word 文档副本" in same.stderr and _hash(draft) == before


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_copies_open_in_libreoffice(draft, tmp_path):
    review, fixed = tmp_path / "review.docx", tmp_path / "fixed.docx"
    run_cli("check", str(draft), "--format", "docx", "-o", str(review))
    run_cli("check", str(draft), "--fix", "-o", str(fixed))
    out = tmp_path / "pdf"
    profile = tmp_path / "profile"
    proc = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(review), str(fixed)],
        capture_output=True, text=True, timeout=240,
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("review.pdf", "fixed.pdf"):
        assert (out / name).stat().st_size > 1000 and (out / name).read_bytes().startswith(b"%PDF"), name
