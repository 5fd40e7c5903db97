"""The forms test (issue 22): the same tables as a workbook, as the text
extracted from a disclosure, as a ruled PDF, as a Word document and as a web
page give the same tables, indicators and findings, apart from what belongs
to a form (V006: a number a PDF split). One layout recogniser reads them all;
a difference here is a reader that lost or invented something.

The PDF forms (issue 23) are each compared with the canonical YAML of the
same tables: ruled, unruled, ruled with filled rectangles, a page break
between header and rows, short pages (header repeated, rows cut by the page
end) and pages turned by /Rotate 90 and 270."""

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


def forms(folder: Path, tables: list[dict], layout: str, pdf: bool, year: int = 2024) -> list[Path]:
    if layout in ("inner-mongolia", "xinjiang"):
        tables = without_weightless_rows(tables)
    options = {"declared_in_labels": True, "year": year}
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


# The PDFs producers make of the same tables (tests/pdfmaker.py's options).
PDF_FORMS = {
    "ruled.pdf": {},
    "unruled.pdf": {"rules": "none"},
    "rectangles.pdf": {"rules": "rectangles"},
    "header-apart.pdf": {"header_apart": True},
    "page-split.pdf": {"repeat_header": True, "split_rows": True, "page_height": 300},
    "rotated-90.pdf": {"rotate": 90},
    "rotated-270.pdf": {"rotate": 270, "rules": "none"},
}


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


def evaluated(path: Path) -> list:
    """What ``perfcheck extract`` reads of each 自评表: everything but the
    document's own header (a form has no document title), with free text
    compared without its whitespace (a PDF wraps a goal between 于 and 95%)."""
    proc = run_cli("extract", str(path))
    assert proc.returncode == 0, proc.stderr
    tables = yaml.safe_load(proc.stdout)["tables"]
    for table in tables:
        for key in ("goal", "goal_result"):
            table[key] = "".join(table.get(key, "").split())
        for row in table["indicators"]:
            if "deviation" in row:
                row["deviation"] = "".join(row["deviation"].split())
    return tables


def test_a_national_self_evaluation_reads_and_checks_the_same_in_every_form(tmp_path, empty_config):
    # 财预〔2020〕10号's layout: the funds block, 预期目标 | 实际完成情况, the rows'
    # actuals, scores and deviations, 总分 and the grade, as the canonical YAML has them.
    canonical = LAYOUTS / "national-selfeval.yaml"
    tables = yaml.safe_load(canonical.read_text(encoding="utf-8"))["tables"]
    paths = forms(tmp_path, tables, "national-selfeval", pdf=True, year=2023)
    expected = evaluated(canonical)
    assert [t["kind"] for t in expected] == ["self-evaluation", "self-evaluation-unit"]
    for path in paths:
        assert evaluated(path) == expected, path.name
    found = report([canonical, *paths], empty_config)
    wanted = found.pop(canonical.name)
    assert {code for code, *_ in wanted} >= {"A001", "A003", "A004", "A005", "A007", "A008", "A009", "A010", "A011"}
    for name, findings in found.items():
        assert findings == wanted, name
    # A directory walk takes every form for one (each reader sniffs a 自评表's title).
    walked = run_cli("check", str(tmp_path), "--format", "json", "--config", str(empty_config))
    assert {Path(f["file"]).name for f in json.loads(walked.stdout)["findings"]} == {p.name for p in paths}


# The real 自评表 (tests/fixtures/real/) and the provincial layout each was printed in.
REAL_SELF_EVALUATIONS = {
    "anhui-guichi-tangxi-2022-selfeval": "national-selfeval",
    "anhui-jinzhai-2023-unit-selfeval": "national-selfeval",
    "hebei-langfang-2019-selfeval": "national-selfeval",
    "inner-mongolia-bayannur-2024-selfeval": "inner-mongolia-selfeval",
    "sichuan-qingshen-2023-selfeval": "sichuan-2023-selfeval",
    "sichuan-zhongjiang-2022-selfeval": "sichuan-2022-selfeval",
    "yunnan-yongde-2022-selfeval": "yunnan-selfeval",
    "chongqing-yuzhong-2021-selfeval": "chongqing-selfeval",
}


def as_read(tables: list[dict]) -> list[dict]:
    """Extracted tables compared as a layout gives them: a cell left empty is
    no field (the canonical file may write ``score: ""``), labels without the
    space a wrap left in them (kept in the transcriptions, folded by the
    readers), the table's unit aside (a layout prints 主管部门 and 实施单位),
    no template placeholder rows, and no level-1 points declared for rows
    the source cut off."""
    for table in tables:
        table.pop("unit", None)
        rows = [{k: ("".join(v.split()) if k in ("level1", "level2", "name") else v) for k, v in row.items() if v != ""} for row in table["indicators"] if row.get("name")]
        table["indicators"] = rows
        if "declared" in table:
            table["declared"] = {k: v for k, v in table["declared"].items() if any(r.get("level1") == k for r in rows)}
    return tables


@pytest.mark.parametrize("name", sorted(REAL_SELF_EVALUATIONS))
def test_every_real_self_evaluation_layout_reads_as_transcribed(name, tmp_path, empty_config):
    # Each published 自评表, laid out as its province prints it, as a workbook
    # and as extracted text: the same tables, actuals, scores and funds block,
    # and the same findings (an indicator's name without the space a wrap left).
    source = FIXTURES / "real" / f"{name}.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    layout = REAL_SELF_EVALUATIONS[name]
    options = {"declared_in_labels": True, "year": data["document"]["year"]}
    expected = as_read(evaluated(source))
    text = write_text(tmp_path / "t.txt", without_weightless_rows(data["tables"]), layout, **options)
    paths = [write_workbook(tmp_path / "t.xlsx", {"自评": data["tables"]}, layout, **options), text]
    for path in paths:
        assert as_read(evaluated(path)) == expected, path.name
    found = {name: sorted((code, table, "".join((indicator or "").split()), *rest) for code, table, indicator, *rest in findings)
             for name, findings in report([source, *paths], empty_config).items()}
    wanted = found.pop(source.name)
    assert wanted and all(findings == wanted for findings in found.values()), found
@pytest.mark.parametrize("layout", ["hunan", "inner-mongolia", "national-old", "xinjiang"])
def test_every_pdf_form_reads_and_checks_as_the_canonical_yaml(layout, tmp_path, empty_config):
    source = GOLDEN if layout == "xinjiang" else LAYOUTS / f"{layout}.yaml"
    tables = yaml.safe_load(source.read_text(encoding="utf-8"))["tables"]
    if layout in ("inner-mongolia", "xinjiang"):
        tables = without_weightless_rows(tables)
    options = {"declared_in_labels": True, "year": 2024}
    canonical = tmp_path / "tables.yaml"
    canonical.write_text(yaml.safe_dump({"perfcheck": 1, "document": {"year": 2024}, "tables": tables}, allow_unicode=True), encoding="utf-8")
    workbook = write_workbook(tmp_path / "tables.xlsx", {"绩效目标": tables}, layout, **options)  # a second witness
    text = text_layout(tables, layout, **options)
    pdfs = [render(text, tmp_path / name, **form) for name, form in PDF_FORMS.items()]
    found = report([canonical, workbook, *pdfs], empty_config)
    expected = found.pop("tables.yaml")
    assert expected
    for name, findings in found.items():
        assert findings == expected, name
    tables_read = extracted(canonical)
    assert len(tables_read) == len(tables)
    for pdf in pdfs:
        assert extracted(pdf) == tables_read, pdf.name
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
