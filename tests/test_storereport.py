"""perfcheck report STORE: a stored run summed up, as text, JSON, CSV and
HTML, and two stores compared."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from conftest import DOC, run_cli


@pytest.fixture
def stored(tmp_path) -> tuple[Path, Path]:
    """A corpus checked into a store: two units, a hostile table name."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.yaml").write_text("document: {unit: 甲单位, year: 2024, region: 新疆维吾尔自治区阿图什市}\n" + DOC, encoding="utf-8")
    (folder / "b.yaml").write_text("document: {unit: 乙单位, year: 2025}\n" + DOC.replace("2024年示例项目", "<script>alert(1)</script>=1+1"), encoding="utf-8")
    store = tmp_path / "s.sqlite"
    run_cli("check", ".", "--store", str(store), cwd=folder, check_rc=1)
    return folder, store


def test_json_counts_by_unit_region_year_and_rule(stored):
    folder, store = stored
    report = json.loads(run_cli("report", str(store), "--format", "json", check_rc=0).stdout)
    checked = json.loads(run_cli("check", ".", "--format", "json", cwd=folder).stdout)
    assert report["summary"]["files"] == 2 and report["summary"]["errors"] == checked["summary"]["errors"]
    assert [(g["unit"], g["files"]) for g in report["by_unit"]] == [("乙单位", 1), ("甲单位", 1)]
    assert [g["year"] for g in report["by_year"]] == [2024, 2025]
    assert [(g["region"], g["files"]) for g in report["by_region"]] == [("新疆维吾尔自治区阿图什市", 1), (None, 1)]
    counts = {r["code"]: r["count"] for r in report["by_rule"]}
    assert counts["V002"] == 2 and counts["W001"] == 2 and sum(counts.values()) == len(checked["findings"])
    assert report["worst_tables"][0]["errors"] >= report["worst_tables"][-1]["errors"]
    assert len(report["runs"]) == 1 and report["runs"][0]["finished"]


def test_text_in_both_languages(stored):
    _, store = stored
    zh = run_cli("report", str(store), check_rc=0).stdout
    assert "按单位" in zh and "甲单位" in zh and "V002 percent-out-of-range" in zh
    assert "按地区" in zh and "新疆维吾尔自治区阿图什市" in zh and "（未注明）" in zh
    en = run_cli("report", str(store), "--lang", "en", check_rc=0).stdout
    assert "By rule" in en and "Tables with the most findings" in en and "By region" in en


def test_csv_is_a_row_per_finding_and_safe_in_a_spreadsheet(stored):
    _, store = stored
    text = run_cli("report", str(store), "--format", "csv", check_rc=0).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["unit"] for r in rows} == {"甲单位", "乙单位"} and all(r["code"] for r in rows)
    assert {(r["unit"], r["region"]) for r in rows} == {("甲单位", "新疆维吾尔自治区阿图什市"), ("乙单位", "")}
    hostile = [r for r in rows if "script" in r["table"]]
    assert hostile and all(r["table"].startswith("<script>") for r in hostile)
    formula = [r for r in rows if r["value"].startswith(("'=", "=", "'>", ">"))]
    assert formula and not any(r["value"].startswith("=") for r in rows)


def test_html_is_one_page_with_everything_escaped(stored, tmp_path):
    _, store = stored
    out = tmp_path / "report.html"
    run_cli("report", str(store), "--format", "html", "-o", str(out), check_rc=0)
    page = out.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched from elsewhere
    assert "class=\"bar" in page and "甲单位" in page
    assert "按地区" in page and "新疆维吾尔自治区阿图什市" in page


def test_two_stores_compared(stored, tmp_path):
    folder, before = stored
    after = tmp_path / "after.sqlite"
    (folder / "a.yaml").write_text((folder / "a.yaml").read_text(encoding="utf-8").replace(">=855", ">=85%"), encoding="utf-8")
    (folder / "b.yaml").write_text((folder / "b.yaml").read_text(encoding="utf-8").replace("培训人数, value: \">=100 人\"", "培训人数, value: \">=100\""), encoding="utf-8")
    run_cli("check", ".", "--store", str(after), cwd=folder)
    report = json.loads(run_cli("report", str(after), "--compare", str(before), "--format", "json", check_rc=0).stdout)
    compared = report["compare"]
    assert ("a.yaml", "V002") in [(Path(f["file"]).name, f["code"]) for f in compared["fixed"]]
    assert ("b.yaml", "V003") in [(Path(f["file"]).name, f["code"]) for f in compared["new"]]
    assert compared["unchanged"] > 0
    text = run_cli("report", str(after), "--compare", str(before), check_rc=0).stdout
    assert f"已修复 {len(compared['fixed'])}" in text and "[已修复] a.yaml: V002" in text
    rows = list(csv.DictReader(io.StringIO(run_cli("report", str(after), "--compare", str(before), "--format", "csv").stdout)))
    assert {r["status"] for r in rows} == {"new", "fixed", "unchanged"}


def test_a_missing_or_damaged_store_is_exit_2(tmp_path):
    proc = run_cli("report", str(tmp_path / "none.sqlite"))
    assert proc.returncode == 2 and "none.sqlite" in proc.stderr and "不存在" in proc.stderr
    assert not (tmp_path / "none.sqlite").exists()  # reading never makes one
    (tmp_path / "bad.sqlite").write_bytes(b"not a database" * 100)
    proc = run_cli("report", str(tmp_path / "bad.sqlite"), "--lang", "en")
    assert proc.returncode == 2 and "bad.sqlite" in proc.stderr and "Traceback" not in proc.stderr
