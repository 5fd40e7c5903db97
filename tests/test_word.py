"""Word documents (.docx): merges across and down, nested tables, text in runs
and fields, tables broken across pages, several projects a document, the
national 2021 template; damaged, locked and hostile documents end in E001."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, findings, run_cli
from docxmaker import table_xml, write_docx, write_document
from xlsxmaker import write_workbook
from perfcheck.readers import ReadError
from perfcheck.readers.word import WordReader

LAYOUTS = FIXTURES / "layouts"
GOLDEN = Path(__file__).parent / "golden" / "artux-natural-resources-2024.yaml"


@pytest.mark.parametrize("layout", ["hunan", "inner-mongolia", "national-old"])
def test_a_word_document_checks_as_the_same_workbook(layout, tmp_path, empty_config):
    tables = yaml.safe_load((LAYOUTS / f"{layout}.yaml").read_text(encoding="utf-8"))["tables"]
    workbook = write_workbook(tmp_path / "draft.xlsx", {"绩效目标": tables}, layout, declared_in_labels=True, year=2024)
    document = write_document(tmp_path / "draft.docx", tables, layout, declared_in_labels=True, year=2024)
    from_word = findings(document, empty_config)
    assert from_word and from_word == findings(workbook, empty_config)


def test_twenty_projects_in_one_document_with_their_cells(tmp_path):
    tables = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))["tables"]
    read = WordReader().read(write_document(tmp_path / "seed.docx", tables, "xinjiang", year=2024))
    assert len(read.tables) == 20 and sum(len(t.indicators) for t in read.tables) == 184
    third = read.tables[2]
    assert third.location.sheet == "表格3"  # the title above the third table
    assert third.indicators[0].location.sheet == "表格3" and third.indicators[0].location.cell.startswith("D")
    assert third.weights_cell is not None and third.weights_cell.sheet == "表格3"


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def cell(*content: str, span: int = 1, v: str | None = None) -> str:
    props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (f'<w:vMerge w:val="{v}"/>' if v == "restart" else "<w:vMerge/>" if v else "")
    body = "".join(content) or "<w:p/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"


def p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def tr(*cells: str) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def tbl(*rows: str) -> str:
    return "<w:tbl><w:tblPr/>" + "".join(rows) + "</w:tbl>"


# The national 2021 项目支出绩效目标表 (财预〔2021〕101号), as a unit types it in Word:
# a header block of label cells, 项目资金 merged down its three rows, 年度总体目标,
# 绩效指标 merged down every indicator row beside 一级 / 二级 / 三级指标 / 指标值.
NATIONAL_2021 = tbl(
    tr(cell(p(run("项目名称"))), cell(p(run("2024年乡村道路养护项目")), span=4)),
    tr(cell(p(run("主管部门"))), cell(p(run("某县交通运输局")), span=2), cell(p(run("实施单位"))), cell(p(run("某县公路段")))),
    tr(cell(p(run("项目资金（万元）")), v="restart"), cell(p(run("年度资金总额")), span=2), cell(p(run("120.00")), span=2)),
    tr(cell(v="continue"), cell(p(run("其中：财政拨款")), span=2), cell(p(run("100.00")), span=2)),
    tr(cell(v="continue"), cell(p(run("其他资金")), span=2), cell(p(run("20.00")), span=2)),
    tr(cell(p(run("年度总体目标"))), cell(p(run("养护农村公路 120 公里，")), p(run("路况优良率不低于 85%。")), span=4)),
    tr(cell(p(run("绩效指标")), v="restart"), cell(p(run("一级指标"))), cell(p(run("二级指标"))), cell(p(run("三级指标"))), cell(p(run("指标值")))),
    tr(cell(v="continue"), cell(p(run("产出指标")), v="restart"), cell(p(run("数量指标"))), cell(p(run("养护里程"))), cell(p(run("≥120公里")))),
    tr(cell(v="continue"), cell(v="continue"), cell(p(run("质量指标"))), cell(p(run("路况优良率"))), cell(p(run(">=855")))),
    tr(cell(v="continue"), cell(p(run("成本指标"))), cell(p(run("经济成本指标"))), cell(p(run("养护成本"))), cell(p(run("≤1万元/公里")))),
    tr(cell(v="continue"), cell(p(run("效益指标"))), cell(p(run("社会效益指标"))), cell(p(run("群众出行条件"))), cell(p(run("有效改善")))),
    tr(cell(v="continue"), cell(p(run("满意度指标"))), cell(p(run("服务对象满意度指标"))), cell(p(run("沿线群众满意度"))), cell(p(run("≥90%")))),
)


def test_the_national_2021_template_with_its_header_block_and_merged_columns(tmp_path):
    path = write_docx(tmp_path / "national.docx", p(run("项目支出绩效目标表")) + p(run("（2024年度）")) + p(run("填报单位：某县公路段")) + NATIONAL_2021)
    [table] = WordReader().read(path).tables
    assert table.name == "2024年乡村道路养护项目" and table.unit == "某县交通运输局"
    assert (table.funds.total, table.funds.fiscal, table.funds.other) == (120, 100, 20)
    assert table.goal.startswith("养护农村公路") and table.goal.endswith("路况优良率不低于 85%。")  # both paragraphs
    assert [(i.level1, i.level2, i.name, i.raw_value) for i in table.indicators] == [
        ("产出指标", "数量指标", "养护里程", "≥120公里"),
        ("产出指标", "质量指标", "路况优良率", ">=855"),
        ("成本指标", "经济成本指标", "养护成本", "≤1万元/公里"),
        ("效益指标", "社会效益指标", "群众出行条件", "有效改善"),
        ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%"),
    ]
    assert table.indicators[1].location.short() == "表格1!E9"
    codes = {f["code"] for f in json.loads(run_cli("check", str(path), "--format", "json").stdout)["findings"]}
    assert "V002" in codes  # >=855


def test_runs_fields_hyperlinks_and_revisions_read_as_the_page_shows_them(tmp_path):
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> MERGEFIELD 项目 </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("道路养护") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    name = p(run("2024年乡村"), field, '<w:hyperlink r:id="x" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' + run("项目") + "</w:hyperlink>")
    value = p('<w:fldSimple w:instr=" =1+1 ">' + run("≥") + "</w:fldSimple>", '<w:del w:id="1"><w:r><w:delText>100</w:delText></w:r></w:del>', '<w:ins w:id="2">' + run("120") + "</w:ins>", run("公里"))
    body = p(run("项目支出绩效目标表")) + tbl(
        tr(cell(p(run("项目名称"))), cell(name, span=3)),
        tr(cell(p(run("一级指标"))), cell(p(run("二级指标"))), cell(p(run("三级指标"))), cell(p(run("指标值")))),
        tr(cell(p(run("产出指标"))), cell(p(run("数量指标"))), cell(p(run("养护"), run("里程"))), cell(value)),
    )
    [table] = WordReader().read(write_docx(tmp_path / "runs.docx", body)).tables
    assert table.name == "2024年乡村道路养护项目"
    assert [(i.name, i.raw_value) for i in table.indicators] == [("养护里程", "≥120公里")]


def test_a_table_nested_in_a_layout_table_and_one_broken_across_pages(tmp_path):
    header = tr(cell(p(run("一级指标"))), cell(p(run("二级指标"))), cell(p(run("三级指标"))), cell(p(run("指标值"))))
    first = tbl(
        tr(cell(p(run("项目名称"))), cell(p(run("2024年甲项目")), span=3)),
        header,
        tr(cell(p(run("产出指标"))), cell(p(run("数量指标"))), cell(p(run("培训人数"))), cell(p(run("≥100人")))),
    )
    # Word users break a long table at a page, with an empty paragraph and 续表, and repeat its header.
    rest = tbl(header, tr(cell(p(run("满意度指标"))), cell(p(run("满意度指标"))), cell(p(run("学员满意度"))), cell(p(run("≥90%")))))
    outer = tbl(tr(cell(p(run("附件 2")), p(run("项目支出绩效目标表")), first, p(), p(run("（续表）")), rest)))
    second = p(run("项目支出绩效目标表")) + tbl(
        tr(cell(p(run("项目名称"))), cell(p(run("2024年乙项目")), span=3)),
        header,
        tr(cell(p(run("产出指标"))), cell(p(run("数量指标"))), cell(p(run("培训场次"))), cell(p(run("≥4场")))),
    )
    read = WordReader().read(write_docx(tmp_path / "nested.docx", outer + second))
    assert [t.name for t in read.tables] == ["2024年甲项目", "2024年乙项目"]
    assert [i.name for i in read.tables[0].indicators] == ["培训人数", "学员满意度"]


def test_a_document_without_a_target_table_is_e002(tmp_path):
    path = write_docx(tmp_path / "letter.docx", p(run("关于报送预算的函")) + table_xml([["甲", "乙"], ["1", "2"]], []))
    with pytest.raises(ReadError) as raised:
        WordReader().read(path)
    assert raised.value.code == "E002" and raised.value.no_table and "1 个表格" in raised.value.problems[0].message.zh


def _bomb(path: Path) -> Path:
    """word/document.xml inflating a thousandfold (256 MiB from about 250 KiB)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            for _ in range(256):
                member.write(b" " * (1024 * 1024))
    return path


def test_damaged_locked_and_hostile_documents_are_e001_with_the_reason(tmp_path):
    import msoffcrypto.format.ooxml

    tables = yaml.safe_load((LAYOUTS / "hunan.yaml").read_text(encoding="utf-8"))["tables"]
    plain = write_document(tmp_path / "plain.docx", tables, "hunan")
    with plain.open("rb") as source, (tmp_path / "locked.docx").open("wb") as target:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("secret", target)
    (tmp_path / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not really a document")
    write_docx(tmp_path / "entities.docx", "")
    laughs = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="x">&b;</w:document>'
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("word/document.xml", laughs)
    (tmp_path / "entities.docx").write_bytes(data.getvalue())
    with zipfile.ZipFile(tmp_path / "empty.docx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    _bomb(tmp_path / "bomb.docx")
    deep = write_docx(tmp_path / "deep.docx", "<w:tbl><w:tr><w:tc>" * 2000 + "</w:tc></w:tr></w:tbl>" * 2000)
    names = ["corrupt.docx", "locked.docx", "entities.docx", "empty.docx", "bomb.docx", deep.name, "plain.docx"]
    proc = run_cli("check", *names, "--format", "json", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    found: dict[str, list] = {}
    for f in json.loads(proc.stdout)["findings"]:
        found.setdefault(Path(f["file"]).name, []).append(f)
    expected = {"corrupt.docx": "损坏", "locked.docx": "密码", "entities.docx": "DTD", "empty.docx": "document.xml", "bomb.docx": "压缩炸弹", "deep.docx": ""}
    for name, words in expected.items():
        assert [f["code"] for f in found[name]] in (["E001"], ["E002"]) if name == "deep.docx" else [f["code"] for f in found[name]] == ["E001"], (name, found.get(name))
        assert words in found[name][0]["message"], (name, found[name][0]["message"])
    assert "V007" in {f["code"] for f in found["plain.docx"]}


def test_a_merge_down_ends_where_the_next_one_starts(tmp_path):
    # 产出指标 merged over two rows, 效益指标 starting right below it: each row keeps its own level 1.
    from perfcheck.readers.word import W, _grid, parse_part

    xml = tbl(
        tr(cell(p(run("产出指标")), v="restart"), cell(p(run("甲")))),
        tr(cell(v="continue"), cell(p(run("乙")))),
        tr(cell(p(run("效益指标")), v="restart"), cell(p(run("丙")))),
        tr(cell(v="continue"), cell(p(run("丁")))),
        tr(cell(p(run("满意度指标"))), cell(p(run("戊")))),
    )
    table = parse_part(f'<w:document xmlns:w="{W[1:-1]}">{xml}</w:document>'.encode())[0]
    rows = _grid(table, "表格1").rows()
    assert [r.cells for r in rows] == [("产出指标", "甲"), ("产出指标", "乙"), ("效益指标", "丙"), ("效益指标", "丁"), ("满意度指标", "戊")]


def test_a_text_box_drawn_twice_reads_once():
    # Word writes a text box as the drawing (mc:Choice) and again as VML (mc:Fallback).
    from perfcheck.readers.word import W, _text, parse_part

    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    xml = (
        f'<w:p xmlns:w="{W[1:-1]}" xmlns:mc="{mc}"><w:r><w:t>附件</w:t></w:r><w:r><mc:AlternateContent>'
        "<mc:Choice><w:txbxContent><w:p><w:r><w:t>2</w:t></w:r></w:p></w:txbxContent></mc:Choice>"
        "<mc:Fallback><w:txbxContent><w:p><w:r><w:t>2</w:t></w:r></w:p></w:txbxContent></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    assert _text(parse_part(xml.encode())) == "附件2"


def test_strict_open_xml_and_a_main_part_of_another_name(tmp_path):
    # Word's "Strict Open XML" namespace; a producer that names its main part otherwise.
    body = p(run("项目支出绩效目标表")) + tbl(
        tr(cell(p(run("项目名称"))), cell(p(run("2024年己项目")), span=2)),
        tr(cell(p(run("一级指标"))), cell(p(run("三级指标"))), cell(p(run("指标值")))),
        tr(cell(p(run("产出指标"))), cell(p(run("培训人数"))), cell(p(run(">=100 人")))),
    )
    strict = write_docx(tmp_path / "strict.docx", body)
    with zipfile.ZipFile(strict) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", b"http://purl.oclc.org/ooxml/wordprocessingml/main")
    parts["doc/main.xml"] = parts.pop("word/document.xml")
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"word/document.xml", b"doc/main.xml")
    with zipfile.ZipFile(strict, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    [table] = WordReader().read(strict).tables
    assert table.name == "2024年己项目" and [i.name for i in table.indicators] == ["培训人数"]


def test_a_mid_term_funds_block_keeps_both_totals(tmp_path):
    # 中期资金总额 and 年度资金总额 side by side, each amount beside its label, 其中 财政拨款 / 其他资金 under each.
    body = p(run("项目支出绩效目标表")) + tbl(
        tr(cell(p(run("项目名称"))), cell(p(run("2024年乡村道路养护项目")), span=4)),
        tr(cell(p(run("项目资金（万元）")), v="restart"), cell(p(run("中期资金总额："))), cell(p(run("500.00"))), cell(p(run("年度资金总额："))), cell(p(run("120.00")))),
        tr(cell(v="continue"), cell(p(run("其中：财政拨款"))), cell(p(run("400.00"))), cell(p(run("其中：财政拨款"))), cell(p(run("100.00")))),
        tr(cell(v="continue"), cell(p(run("其他资金"))), cell(p(run("90.00"))), cell(p(run("其他资金"))), cell(p(run("20.00")))),
        tr(cell(p(run("一级指标"))), cell(p(run("二级指标"))), cell(p(run("三级指标"))), cell(p(run("指标值")), span=2)),
        tr(cell(p(run("产出指标"))), cell(p(run("数量指标"))), cell(p(run("养护里程"))), cell(p(run("≥120公里")), span=2)),
    )
    path = write_docx(tmp_path / "mid-term.docx", body)
    [table] = WordReader().read(path).tables
    assert (table.funds.total, table.funds.fiscal, table.funds.other) == (120, 100, 20)  # the year's
    assert [(c.label, c.total, c.fiscal, c.other, c.location.short()) for c in table.funds.columns] == [
        ("中期资金总额", 500, 400, 90, "表格1!C2"),
        ("年度资金总额", 120, 100, 20, "表格1!E2"),
    ]
    found = json.loads(run_cli("check", str(path), "--select", "S005", "--format", "json").stdout)["findings"]
    assert [(f["location"]["cell"], f["message"]) for f in found] == [("C2", "财政拨款 400.00 + 其他资金 90.00 = 490.00 万元，与中期资金总额 500.00 万元不符")]


def test_a_row_claiming_a_billion_empty_columns_before_it_costs_the_columns_read():
    # w:gridBefore is the row's word: clipped to the columns a grid may have, like a span.
    from perfcheck.limits import MAX_SHEET_COLUMNS
    from perfcheck.readers.word import W, _grid, parse_part

    before = '<w:tr><w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>' + cell(p(run("甲"))) + "</w:tr>"
    nested = tbl(tr(cell(p(run("丙")))))
    # Read in one pass, and cell by cell (a table in a cell, whose text is its own).
    for xml, below in ((tbl(before, tr(cell(p(run("乙"))))), "乙"), (tbl(before, tr(cell(nested, p(run("乙"))))), "乙")):
        table = parse_part(f'<w:document xmlns:w="{W[1:-1]}">{xml}</w:document>'.encode())[0]
        texts = _grid(table, "表格1").texts
        assert [len(line) for line in texts] == [MAX_SHEET_COLUMNS, MAX_SHEET_COLUMNS]
        assert texts[1][0] == below and not any(texts[0])


def _random_table(rng) -> str:
    """A table as producers write them, without tables or text boxes in its
    cells: spans, merges down, empty columns before a row, runs split
    anywhere, tabs and breaks, field codes, deleted and inserted text,
    hyperlinks, symbols, Word's hyphens, content controls around cells and rows, and tracked changes
    of a cell's or a row's properties (the old ones after the new)."""
    words = ["产出指标", "数量指标", "培训人数", "≥100", "人次", " ", "", "满意度 ", "90%"]

    def text() -> str:
        return rng.choice(words)

    def piece() -> str:
        kind = rng.randrange(10)
        if kind == 0:
            return "<w:r><w:tab/></w:r>"
        if kind == 1:
            return "<w:r><w:br/></w:r>"
        if kind == 2:
            return f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>{text()}</w:t></w:r>'
        if kind == 3:
            return f"<w:del><w:r><w:delText>{text()}</w:delText></w:r></w:del>"
        if kind == 4:
            return f"<w:ins><w:r><w:t>{text()}</w:t></w:r></w:ins>"
        if kind == 5:
            return f"<w:hyperlink><w:r><w:t>{text()}</w:t></w:r></w:hyperlink>"
        if kind == 6:
            return rng.choice(['<w:r><w:sym w:font="Symbol" w:char="F0B3"/></w:r>', "<w:r><w:noBreakHyphen/></w:r>", "<w:r><w:softHyphen/></w:r>"])
        return f'<w:r><w:t xml:space="preserve">{text()}</w:t></w:r>'

    def paragraph() -> str:
        return "<w:p>" + "".join(piece() for _ in range(rng.choice([0, 1, 1, 1, 2, 3]))) + "</w:p>"

    def table_cell() -> str:
        props = ""
        if rng.random() < 0.2:
            props += f'<w:gridSpan w:val="{rng.choice(["2", "3", "0", "x"])}"/>'
        if rng.random() < 0.3:
            props += rng.choice(['<w:vMerge w:val="restart"/>', "<w:vMerge/>", '<w:vMerge w:val="continue"/>'])
        if rng.random() < 0.1:  # a tracked change: the properties before it, which the cell no longer has
            props += '<w:tcPrChange w:id="1" w:author="a"><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr></w:tcPrChange>'
        content = "".join(paragraph() for _ in range(rng.choice([1, 1, 1, 2])))
        if rng.random() < 0.1:
            content = f"<w:sdt><w:sdtContent>{content}</w:sdtContent></w:sdt>"
        made = f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"
        return f"<w:sdt><w:sdtContent>{made}</w:sdtContent></w:sdt>" if rng.random() < 0.05 else made

    def row() -> str:
        props = ""
        if rng.random() < 0.15:
            props += f'<w:gridBefore w:val="{rng.choice(["1", "2", "0"])}"/>'
        if rng.random() < 0.1:
            props += '<w:trPrChange w:id="2" w:author="a"><w:trPr><w:gridBefore w:val="3"/></w:trPr></w:trPrChange>'
        made = f"<w:tr><w:trPr>{props}</w:trPr>" + "".join(table_cell() for _ in range(rng.randrange(1, 6))) + "</w:tr>"
        return f"<w:sdt><w:sdtContent>{made}</w:sdtContent></w:sdt>" if rng.random() < 0.05 else made

    return "<w:tbl><w:tblPr/>" + "".join(row() for _ in range(rng.randrange(1, 8))) + "</w:tbl>"


def test_a_table_read_in_one_pass_gives_the_grid_read_cell_by_cell():
    # The one pass lays most cells itself; the cell-by-cell reading (used for
    # tables with tables in their cells) is the plain statement of the layout.
    import random

    from perfcheck.readers.word import W, _grid_cell_by_cell, _grid_in_one_pass, parse_part

    rng = random.Random(22)
    for _ in range(1500):
        xml = _random_table(rng)
        table = parse_part(f'<w:document xmlns:w="{W[1:-1]}">{xml}</w:document>'.encode())[0]
        one_pass, by_cell = _grid_in_one_pass(table, "表格1"), _grid_cell_by_cell(table, "表格1")
        assert [r.cells for r in one_pass.rows()] == [r.cells for r in by_cell.rows()], xml
        assert sorted(one_pass.merges) == sorted(by_cell.merges), xml


def test_symbols_and_word_hyphens_read_as_the_page_shows_them(tmp_path):
    # Insert > Symbol with the Symbol font puts ≥ in as w:sym F0B3, not as
    # text; Ctrl+Shift+- types a non-breaking hyphen (w:noBreakHyphen).
    sym = '<w:r><w:sym w:font="Symbol" w:char="F0B3"/></w:r>'
    body = p(run("项目支出绩效目标表")) + tbl(
        tr(cell(p(run("项目名称"))), cell(p(run("2024年设备购置项目")), span=3)),
        tr(cell(p(run("一级指标"))), cell(p(run("二级指标"))), cell(p(run("三级指标"))), cell(p(run("指标值")))),
        tr(cell(p(run("产出指标"))), cell(p(run("质量指标"))), cell(p(run("设备验收合格率"))), cell(p(sym + run("95%")))),
        tr(cell(p(run("产出指标"))), cell(p(run("时效指标"))), cell(p(run("完成时间"))), cell(p(run("2024"), "<w:r><w:noBreakHyphen/></w:r>", run("12月")))),
        tr(cell(p(run("满意度指标"))), cell(p(run("服务对象满意度指标"))), cell(p(run("使用人员满意度"))), cell(p('<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>', '<w:r><w:sym w:font="Cambria Math" w:char="2265"/></w:r>', run("90%")))),
    )
    [table] = WordReader().read(write_docx(tmp_path / "symbols.docx", body)).tables
    assert [i.raw_value for i in table.indicators] == ["≥95%", "2024-12月", "✓≥90%"]
    from perfcheck.readers.word import W, parse_part, symbol

    unknown = parse_part(f'<w:sym xmlns:w="{W[1:-1]}" w:font="Webdings" w:char="F021"/>'.encode())
    broken = parse_part(f'<w:sym xmlns:w="{W[1:-1]}" w:font="Symbol" w:char="zz"/>'.encode())
    assert symbol(unknown) == "" and symbol(broken) == ""


def test_moved_text_and_ruby_guides_read_once(tmp_path):
    # A draft reviewed with changes tracked: 合格率 moved from one row's name
    # to another's (w:moveFrom keeps it in w:t where it was); pinyin set over
    # a name as a ruby (w:rt) is a guide, not the name.
    moved = '<w:moveFrom w:id="3" w:author="财政局">' + run("合格率") + "</w:moveFrom>"
    ruby = '<w:r><w:ruby><w:rt>' + run("shān") + "</w:rt><w:rubyBase>" + run("杉") + "</w:rubyBase></w:ruby></w:r>"
    body = p(run("项目支出绩效目标表")) + tbl(
        tr(cell(p(run("项目名称"))), cell(p(run("2024年造林项目")), span=3)),
        tr(cell(p(run("一级指标"))), cell(p(run("二级指标"))), cell(p(run("三级指标"))), cell(p(run("指标值")))),
        tr(cell(p(run("产出指标"))), cell(p(run("数量指标"))), cell(p(run("造林面积"), moved)), cell(p(run("≥500亩")))),
        tr(cell(p(run("产出指标"))), cell(p(run("质量指标"))), cell(p(ruby, run("树苗成活"), '<w:moveTo w:id="4" w:author="财政局">' + run("率") + "</w:moveTo>")), cell(p(run("≥85%")))),
    )
    [table] = WordReader().read(write_docx(tmp_path / "tracked.docx", body)).tables
    assert [(i.name, i.raw_value) for i in table.indicators] == [("造林面积", "≥500亩"), ("杉树苗成活率", "≥85%")]
