"""Excel drafts in every province's layout: workbooks built here with openpyxl
(and xlwt for .xls), read as a person sees them, checked like their YAML twins."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import FIXTURES, findings, run_cli
from xlsxmaker import MISMATCHED, write_table, write_workbook

from perfcheck.readers.excel import ExcelReader, display_number

LAYOUTS = FIXTURES / "layouts"
GOLDEN = Path(__file__).parent / "golden" / "artux-natural-resources-2024.yaml"


def twins(tmp_path: Path, layout: str, doc: dict, sheets: dict[str, list[dict]]) -> tuple[Path, Path]:
    """The same tables as a workbook in ``layout`` and as canonical YAML."""
    year = (doc.get("document") or {}).get("year")
    workbook = write_workbook(tmp_path / f"{layout}.xlsx", sheets, layout, declared_in_labels=True, year=year)
    canonical = tmp_path / f"{layout}.yaml"
    tables = [t for ts in sheets.values() for t in ts]
    canonical.write_text(yaml.safe_dump({"perfcheck": 1, "document": {"year": year}, "tables": tables}, allow_unicode=True), encoding="utf-8")
    return workbook, canonical


@pytest.mark.parametrize("layout", ["hunan", "inner-mongolia", "national-old"])
def test_a_workbook_checks_the_same_as_its_canonical_yaml(layout, tmp_path, empty_config):
    doc = yaml.safe_load((LAYOUTS / f"{layout}.yaml").read_text(encoding="utf-8"))
    workbook, canonical = twins(tmp_path, layout, doc, {"绩效目标": doc["tables"]})
    from_workbook = findings(workbook, empty_config)
    assert from_workbook and from_workbook == findings(canonical, empty_config)


def test_xinjiang_layout_twenty_tables_over_two_sheets(tmp_path, empty_config):
    doc = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
    tables = doc["tables"]
    workbook, canonical = twins(tmp_path, "xinjiang", doc, {"单位和前十个项目": tables[:11], "其余项目": tables[11:]})
    read = ExcelReader().read(workbook)
    assert len(read.tables) == 20 and sum(len(t.indicators) for t in read.tables) == 184
    assert {t.indicators[0].location.sheet for t in read.tables} == {"单位和前十个项目", "其余项目"}
    assert findings(workbook, empty_config) == findings(canonical, empty_config)


def test_columns_by_header_text_two_row_headers_and_merged_cells(tmp_path):
    doc = yaml.safe_load((LAYOUTS / "inner-mongolia.yaml").read_text(encoding="utf-8"))
    workbook = write_workbook(tmp_path / "im.xlsx", {"绩效目标": doc["tables"]}, "inner-mongolia", declared_in_labels=True, year=2024)
    farmland = ExcelReader().read(workbook).tables[0]
    first = farmland.indicators[0]
    assert (first.level1, first.level2, first.operator, first.unit, first.direction, first.value_type) == ("产出指标", "数量指标", "≥", "万亩", "正向", "定量")
    assert first.raw_value == "≥2 万亩" and first.weight == 15
    # 产出指标 merged down four rows: every row has it; the declared points come from its label.
    assert [i.level1 for i in farmland.indicators[:4]] == ["产出指标"] * 4
    assert dict(farmland.declared)["产出指标"] == 50
    assert farmland.funds.total == 1200
    # Locations are sheet and cell: the value cell, and the weight cell for weights.
    assert (first.location.sheet, first.location.cell) == ("绩效目标", "G7")
    assert first.weight_location.cell == "I7"


def test_values_are_read_as_excel_shows_them(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "草稿"
    rows = [
        ["项目名称", "2024年测试项目", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "质量指标", "验收合格率", 0.95],  # a fraction formatted as a percentage
        ["产出指标", "时效指标", "完成时间", dt.date(2024, 12, 31)],  # an Excel date
        ["产出指标", "时效指标", "阶段完成时间", 45473],  # a bare serial
        ["产出指标", "数量指标", "培训人数", "≥100人"],  # text
        ["成本指标", "经济成本指标", "培训成本", 12.5],  # a number in a two-decimal format
    ]
    for r in rows:
        ws.append(r)
    ws["D3"].number_format = "0%"
    ws["D4"].number_format = "yyyy-mm-dd"
    ws["D7"].number_format = "0.00"
    path = tmp_path / "draft.xlsx"
    wb.save(path)
    table = ExcelReader().read(path).tables[0]
    assert [i.raw_value for i in table.indicators] == ["95%", "2024年12月31日", "45473", "≥100人", "12.50"]
    v005 = [f for f in findings(path, _empty(tmp_path)) if f[0] == "V005"]
    assert v005 == [("V005", "2024年测试项目", "阶段完成时间", "warning", "2024年6月30日")]


def _empty(tmp_path: Path) -> Path:
    config = tmp_path / "none.toml"
    config.write_text("", encoding="utf-8")
    return config


@pytest.mark.parametrize(
    "value, fmt, shown",
    [(0.955, "0.0%", "95.5%"), (1, "0%", "100%"), (4805.03, "#,##0.00", "4805.03"), (10.8, "General", "10.8"), (12.0, "General", "12"), (3, "0.00", "3.00")],
)
def test_display_number(value, fmt, shown):
    assert display_number(value, fmt) == shown


def test_several_tables_on_one_sheet_without_titles(tmp_path, empty_config):
    doc = yaml.safe_load((LAYOUTS / "hunan.yaml").read_text(encoding="utf-8"))
    wb = openpyxl.Workbook()
    ws = wb.active
    row = 1
    for table in doc["tables"]:
        row = write_table(ws, row, table, "hunan", titled=False)
    path = tmp_path / "untitled.xlsx"
    wb.save(path)
    assert [t.name for t in ExcelReader().read(path).tables] == [t["name"] for t in doc["tables"]]


def test_legacy_xls(tmp_path, empty_config):
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("目标表")
    sheet.write_merge(0, 0, 0, 5, "项目支出绩效目标表")
    sheet.write(1, 0, "项目名称")
    sheet.write_merge(1, 1, 1, 5, "2024年旧版表格项目")
    for c, title in enumerate(["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位"]):
        sheet.write(2, c, title)
    percent = xlwt.easyxf(num_format_str="0%")
    sheet.write_merge(3, 4, 0, 0, "产出指标")
    sheet.write(3, 1, "质量指标"), sheet.write(3, 2, "验收合格率"), sheet.write(3, 3, "定量"), sheet.write(3, 4, 0.95, percent), sheet.write(3, 5, "%")
    sheet.write(4, 1, "数量指标"), sheet.write(4, 2, "培训人数"), sheet.write(4, 3, "定量"), sheet.write(4, 4, 100), sheet.write(4, 5, "人")
    path = tmp_path / "old.xls"
    book.save(str(path))
    table = ExcelReader().read(path).tables[0]
    assert [(i.level1, i.name, i.raw_value) for i in table.indicators] == [("产出指标", "验收合格率", "95%"), ("产出指标", "培训人数", "100 人")]
    assert table.indicators[0].location.cell == "E4"
    codes = [f[0] for f in findings(path, empty_config)]
    assert "V004" in codes  # 100 人 with no comparison


def test_a_workbook_without_a_table_names_the_sheets_it_looked_at(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active["A1"] = "本表为填报说明"
    wb.create_sheet("附件").append(["序号", "名称"])
    path = tmp_path / "notes.xlsx"
    wb.save(path)
    proc = run_cli("check", str(path))
    assert proc.returncode == 1 and "E002" in proc.stdout and "「说明」、「附件」" in proc.stdout


def test_corrupt_and_locked_workbooks_are_e001_and_the_batch_goes_on(tmp_path):
    import msoffcrypto.format.ooxml

    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not really a workbook")
    plain = tmp_path / "plain.xlsx"
    doc = yaml.safe_load((LAYOUTS / "hunan.yaml").read_text(encoding="utf-8"))
    write_workbook(plain, {"绩效目标": doc["tables"]}, "hunan")
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        encrypted = msoffcrypto.format.ooxml.OOXMLFile(source)
        encrypted.encrypt("secret", target)
    proc = run_cli("check", str(corrupt), str(locked), str(plain), "--format", "json")
    by_file: dict[str, list] = {}
    for f in json.loads(proc.stdout)["findings"]:
        by_file.setdefault(Path(f["file"]).name, []).append(f)
    assert [f["code"] for f in by_file["corrupt.xlsx"]] == ["E001"]
    assert [f["code"] for f in by_file["locked.xlsx"]] == ["E001"] and "密码" in by_file["locked.xlsx"][0]["message"]
    assert "V007" in [f["code"] for f in by_file["plain.xlsx"]]


def test_annotated_workbook_has_comments_on_the_right_cells_and_the_input_is_untouched(tmp_path):
    doc = yaml.safe_load((LAYOUTS / "inner-mongolia.yaml").read_text(encoding="utf-8"))
    draft = write_workbook(tmp_path / "draft.xlsx", {"绩效目标": doc["tables"]}, "inner-mongolia", declared_in_labels=True, year=2024)
    before = draft.read_bytes()
    review = tmp_path / "review.xlsx"
    proc = run_cli("check", str(draft), "--format", "xlsx", "-o", str(review))
    assert proc.returncode == 1, proc.stderr
    assert draft.read_bytes() == before
    annotated = openpyxl.load_workbook(review)
    sheet = annotated["绩效目标"]
    reported = json.loads(run_cli("check", str(draft), "--format", "json").stdout)["findings"]
    for f in reported:
        if f["location"].get("cell"):
            comment = sheet[f["location"]["cell"]].comment
            assert comment is not None and f["code"] in comment.text, f
    assert "V005" in sheet["G10"].comment.text and "2024年12月31日" in sheet["G10"].comment.text
    assert "W003" in sheet["I16"].comment.text  # the empty weight cell
    listing = annotated["审查意见"]
    assert [c.value for c in listing[1]] == ["规则", "名称", "严重程度", "表", "指标", "位置", "问题", "建议"]
    assert listing.max_row == len(reported) + 1
    assert sheet["G7"].value == 2 and sheet["G9"].number_format == "0%"  # the data is the draft's own


def test_annotated_output_refuses_to_overwrite_its_input_or_a_batch(tmp_path):
    doc = yaml.safe_load((LAYOUTS / "hunan.yaml").read_text(encoding="utf-8"))
    draft = write_workbook(tmp_path / "draft.xlsx", {"绩效目标": doc["tables"]}, "hunan")
    before = draft.read_bytes()
    same = run_cli("check", str(draft), "--format", "xlsx", "-o", str(draft))
    assert same.returncode == 2 and "-o 写出的是批注后的工作簿副本，写进去会覆盖这个输入文件" in same.stderr and draft.read_bytes() == before
    fixed = run_cli("check", str(draft), "--fix", "-o", str(draft))
    assert fixed.returncode == 2 and "写出的是修复后的工作簿副本" in fixed.stderr and "从不就地修改" in fixed.stderr
    assert draft.read_bytes() == before
    batch = run_cli("check", str(draft), str(LAYOUTS / "hunan.yaml"), "--format", "xlsx", "-o", str(tmp_path / "r.xlsx"))
    assert batch.returncode == 2 and "只能批注一个工作簿" in batch.stderr
    assert run_cli("check", str(draft), "--format", "xlsx").returncode == 2  # no -o


def test_headers_in_other_wording_spacing_line_breaks_and_order(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "2024年表头各异项目"])
    ws.append(["三级\n指标", "一级 指标", "绩效目标值", "二 级 指 标", "分值（权重）", "评分\n标准"])
    ws.append(["培训人数", "产出指标", "≥100人", "数量指标", 60, "按比例计分"])
    ws.append(["学员满意度", "满意度指标", "≥90%", "满意度指标", 40, "满意度计分"])
    path = tmp_path / "varied.xlsx"
    wb.save(path)
    table = ExcelReader().read(path).tables[0]
    assert [(i.level1, i.level2, i.name, i.raw_value, i.weight, i.scoring) for i in table.indicators] == [
        ("产出指标", "数量指标", "培训人数", "≥100人", 60, "按比例计分"),
        ("满意度指标", "满意度指标", "学员满意度", "≥90%", 40, "满意度计分"),
    ]


# ---- merged ranges: found without parsing the cells again, where that is sure
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_X = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_CELLS = '<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row>'
_MERGES = '<mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="B2:B5"/></mergeCells>'


def _sheet(body: str, ns: str = _NS) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {ns}>{body}</worksheet>'.encode()


@pytest.mark.parametrize(
    "xml, quick, merges",
    [
        # as Excel and WPS write it: the merges after the cells
        (_sheet(f"<dimension ref=\"A1:C5\"/><sheetData>{_CELLS.format(text='项目')}</sheetData>{_MERGES}"), True, [(1, 1, 1, 3), (2, 2, 5, 2)]),
        # a writer that prefixes every tag
        (_sheet(f"<x:sheetData>{_CELLS.format(text='a').replace('<', '<x:').replace('<x:/', '</x:')}</x:sheetData>"
                f"{_MERGES.replace('<', '<x:').replace('<x:/', '</x:')}", _X), True, [(1, 1, 1, 3), (2, 2, 5, 2)]),
        # no merges; a damaged ref merges nothing
        (_sheet(f"<sheetData>{_CELLS.format(text='a')}</sheetData>"), True, []),
        (_sheet('<sheetData></sheetData><mergeCells><mergeCell ref="A1:"/><mergeCell ref="D4:E4"/></mergeCells>'), True, [(4, 4, 4, 5)]),
        # a cell that says mergeCell: parsed whole (the answer is the same)
        (_sheet(f"<sheetData>{_CELLS.format(text='mergeCell')}</sheetData>{_MERGES}"), False, [(1, 1, 1, 3), (2, 2, 5, 2)]),
        # a merge commented out, or text that only looks like one: parsed whole
        (_sheet(f'<sheetData></sheetData><!-- <mergeCell ref="A1:Z9"/> -->{_MERGES}'), False, [(1, 1, 1, 3), (2, 2, 5, 2)]),
        (_sheet('<sheetData></sheetData><headerFooter><oddHeader><![CDATA[<mergeCell ref="A1:Z9"/>]]></oddHeader></headerFooter>'), False, []),
        # merges before the cells (out of the schema's order) are still merges
        (_sheet(f"{_MERGES}<sheetData>{_CELLS.format(text='a')}</sheetData>"), True, [(1, 1, 1, 3), (2, 2, 5, 2)]),
        # an empty sheet
        (_sheet("<sheetData/>"), False, []),
    ],
)
def test_merged_ranges_without_the_cells_are_those_of_the_whole_sheet(xml, quick, merges):
    from io import BytesIO

    from perfcheck.readers.excel import _merge_refs, _merged_ranges_in, _outside_sheet_data

    assert (_outside_sheet_data(xml) is not None) is quick
    assert _merged_ranges_in(lambda: BytesIO(xml)) == _merge_refs(BytesIO(xml)) == merges


def test_merged_ranges_of_damaged_xml_fail_as_the_whole_parse_does():
    from io import BytesIO
    from xml.etree.ElementTree import ParseError

    from perfcheck.readers.excel import _merge_refs, _merged_ranges_in

    xml = _sheet(f"<sheetData></sheetData>{_MERGES}<pageMargins left=")
    with pytest.raises(ParseError) as whole:
        _merge_refs(BytesIO(xml))
    with pytest.raises(ParseError) as quick:
        _merged_ranges_in(lambda: BytesIO(xml))
    assert str(quick.value) == str(whole.value)  # the reported error names the same place


def test_a_very_large_sheet_has_its_merges_found_as_a_stream(monkeypatch):
    from io import BytesIO

    from perfcheck.readers import excel

    xml = _sheet(f"<sheetData>{_CELLS.format(text='a') * 50}</sheetData>{_MERGES}")
    monkeypatch.setattr(excel, "_WHOLE_SHEET_BYTES", 100)
    opened = []

    def open_part():
        opened.append(True)
        return BytesIO(xml)

    assert excel._merged_ranges_in(open_part) == [(1, 1, 1, 3), (2, 2, 5, 2)]
    assert len(opened) == 2  # read up to the bound, then streamed from the start


def test_a_row_is_read_to_its_last_written_cell(tmp_path):
    # openpyxl pads each row to the column bound; the reader cuts the padding
    # off by identity and the grid is padded back to the widest text.
    from openpyxl.styles import Font

    from perfcheck.readers.excel import _xlsx_sheets

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "表"
    sheet.cell(1, 1, "项目名称")
    sheet.cell(2, 150, "远处")  # far right, inside the bound
    sheet.cell(2, 160).font = Font(bold=True)  # styled, no value: written, reads as ""
    sheet.cell(3, 2, 0.5).number_format = "0%"
    path = tmp_path / "wide.xlsx"
    workbook.save(path)

    [(name, sheet_grid, _)] = _xlsx_sheets(path)
    grid = sheet_grid.texts
    assert name == "表" and len(grid) == 3 and {len(row) for row in grid} == {150}
    assert grid[0][0] == "项目名称" and grid[1][149] == "远处" and grid[2][1] == "50%"
    assert set(grid[0][1:]) == set(grid[1][:149]) == set(grid[2][2:]) == {""}


def test_table_findings_point_at_the_cells_they_are_about_in_reading_order(tmp_path):
    # A4: 项目资金 | 年度预算总额 | 130 (C4) …; row 5 the header, 指标分值权重 in G5; values from D6, the cap in D10.
    draft = write_workbook(tmp_path / "draft.xlsx", {"绩效目标": [MISMATCHED]}, "xinjiang", year=2024)
    reported = json.loads(run_cli("check", str(draft), "--format", "json").stdout)["findings"]
    cells = [(f["code"], f["location"]["cell"]) for f in reported]
    assert cells == [("S005", "C4"), ("W001", "G5"), ("V002", "D8"), ("C001", "D10"), ("V002", "D13")]
    text = run_cli("check", str(draft)).stdout
    assert [line.split(": ")[0].rsplit("!", 1)[1] for line in text.splitlines() if "绩效目标!" in line] == ["C4", "G5", "D8", "D10", "D13"]
    review = tmp_path / "review.xlsx"
    assert run_cli("check", str(draft), "--format", "xlsx", "-o", str(review)).returncode == 1
    annotated = openpyxl.load_workbook(review)
    sheet = annotated["绩效目标"]
    assert sheet["A1"].comment is None
    assert "S005" in sheet["C4"].comment.text and "W001" in sheet["G5"].comment.text and "C001" in sheet["D10"].comment.text
    assert [row[5].value for row in annotated["审查意见"].iter_rows(min_row=2)] == [f"绩效目标!{c}" for c in ("C4", "G5", "D8", "D10", "D13")]


def test_the_same_table_in_yaml_keeps_its_findings_at_the_table(tmp_path):
    # Only a worksheet names cells: in YAML the table-level findings stay at the table's line.
    doc = tmp_path / "draft.yaml"
    doc.write_text(yaml.safe_dump({"tables": [MISMATCHED]}, allow_unicode=True), encoding="utf-8")
    reported = json.loads(run_cli("check", str(doc), "--format", "json").stdout)["findings"]
    table_level = {f["code"]: f["location"] for f in reported if f["code"] in ("W001", "S005", "C001")}
    assert table_level == {code: {"line": 2, "path": "/tables/0"} for code in ("W001", "S005", "C001")}


def test_cells_sort_in_reading_order():
    from perfcheck.model import cell_order

    assert sorted(["D11", "D8", "AA3", "Z3", "C4", "A1:B2"], key=cell_order) == ["A1:B2", "Z3", "AA3", "C4", "D8", "D11"]
