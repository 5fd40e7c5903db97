"""The forms test (issue 22): the same tables as a workbook, as the text
extracted from a disclosure, as a ruled PDF, as a Word document and as a web
page give the same tables, indicators and findings, apart from what belongs
to a form (V006: a number a PDF split). One layout recogniser reads them all;
a difference here is a reader that lost or invented something."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, run_cli
from docxmaker import write_document
from htmlmaker import write_page
from pdfmaker import render
from textmaker import text_layout, write_text
from xlsxmaker import MISMATCHED, write_workbook

LAYOUTS = FIXTURES / "layouts"
GOLDEN = Path(__file__).parent / "golden" / "artux-natural-resources-2024.yaml"
FORM_CODES = {"V006"}  # what a form itself causes


def without_weightless_rows(tables: list[dict]) -> list[dict]:
    """The tables without their rows that give no points where the layout has
    a points column. In text extracted from a PDF such a row is taken for the
    rest of the row above, cut by a page end (the seed has dozens of those):
    the one difference of form the text layout cannot avoid."""
    return [{**t, "indicators": [i for i in t["indicators"] if str(i.get("weight", "")).strip()]} for t in tables]


def forms(folder: Path, tables: list[dict], layout: str, pdf: bool) -> list[Path]:
    if layout in ("inner-mongolia", "xinjiang"):
        tables = without_weightless_rows(tables)
    options = {"declared_in_labels": True, "year": 2024}
    made = [
        write_workbook(folder / "tables.xlsx", {"绩效目标": tables}, layout, **options),
        write_text(folder / "tables.txt", tables, layout, **options),
        write_document(folder / "tables.docx", tables, layout, **options),
        write_page(folder / "tables.html", tables, layout, **options),
        write_page(folder / "wrapped.htm", tables, layout, charset="gbk", wrapped=True, **options),
    ]
    if pdf:
        made.append(render(text_layout(tables, layout, **options), folder / "tables.pdf"))
    return made


def report(paths: list[Path], config: Path) -> dict[str, tuple]:
    """Per file: its findings, without their locations (a message may name one)."""
    proc = run_cli("check", *map(str, paths), "--format", "json", "--select", "ALL", "--config", str(config))
    assert proc.returncode in (0, 1), proc.stderr
    out: dict[str, list] = {p.name: [] for p in paths}
    for f in json.loads(proc.stdout)["findings"]:
        if f["code"] not in FORM_CODES:
            out[Path(f["file"]).name].append((f["code"], f["table"], f["indicator"], f["severity"], f["suggestion"]))
    return {name: tuple(sorted(found)) for name, found in out.items()}


def extracted(path: Path) -> list:
    proc = run_cli("extract", str(path))
    assert proc.returncode == 0, proc.stderr
    tables = yaml.safe_load(proc.stdout)["tables"]
    return [(t["name"], t.get("kind"), t.get("funds"), [(i.get("level1"), i.get("level2"), i["name"], i["value"], i.get("weight")) for i in t["indicators"]]) for t in tables]


@pytest.mark.parametrize("layout", ["hunan", "inner-mongolia", "national-old"])
def test_every_form_of_a_layout_gives_the_same_findings(layout, tmp_path, empty_config):
    tables = yaml.safe_load((LAYOUTS / f"{layout}.yaml").read_text(encoding="utf-8"))["tables"]
    paths = forms(tmp_path, tables, layout, pdf=layout == "hunan")
    found = report(paths, empty_config)
    workbook = found.pop("tables.xlsx")
    assert workbook
    for name, findings in found.items():
        assert findings == workbook, name


def test_the_seed_tables_in_every_form_read_and_check_the_same(tmp_path, empty_config):
    tables = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))["tables"]
    paths = forms(tmp_path, tables, "xinjiang", pdf=False)
    found = report(paths, empty_config)
    workbook = found.pop("tables.xlsx")
    assert len(workbook) > 20
    for name, findings in found.items():
        assert findings == workbook, name
    first = extracted(paths[0])
    assert len(first) == 20
    for path in paths[1:]:
        assert extracted(path) == first, path.name


def test_a_funds_block_with_two_total_columns_in_every_form(tmp_path, empty_config):
    # The national 2021 template: 项目资金总额 beside 年度资金申请总额, 其中 当年财政拨款 /
    # 上年结转资金 / 其他资金 under each. Every breakdown is kept; S005 checks each
    # against its own total (the project's does not add up, the year's does).
    table = dict(MISMATCHED, funds={"columns": [
        {"label": "项目资金总额", "total": "300.00", "fiscal": "250.00", "carried": "30.00", "other": "10.00"},
        {"label": "年度资金申请总额", "total": "130.00", "fiscal": "100.00", "other": "30.00"},
    ]})
    paths = forms(tmp_path, [table], "xinjiang", pdf=False)
    found = report(paths, empty_config)
    workbook = found.pop("tables.xlsx")
    [s005] = [f for f in workbook if f[0] == "S005"]
    assert s005[1] == "2024年示例培训项目"
    for name, findings in found.items():
        assert findings == workbook, name
    proc = run_cli("check", str(paths[0]), "--select", "S005", "--format", "json")
    [finding] = json.loads(proc.stdout)["findings"]
    assert "= 290.00 万元，与项目资金总额 300.00 万元不符" in finding["message"] and finding["location"]["cell"] == "C5"
    for path in paths:
        [(_, _, funds, _)] = extracted(path)
        assert funds == {"total": "130.00", "fiscal": "100.00", "other": "30.00", "columns": table["funds"]["columns"]}, path.name
