"""Web pages: rowspan and colspan, layout tables around the data tables, the
page's navigation and footer left out, several tables a page, GBK / GB2312 /
UTF-8 from the <meta> or a byte-order mark, Excel's "save as web page"
markup, single-file web archives; hostile pages end in a finding."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, findings, run_cli
from htmlmaker import page, table_html, write_page
from xlsxmaker import write_workbook
from perfcheck.readers import ReadError
from perfcheck.readers.html import HtmlReader

LAYOUTS = FIXTURES / "layouts"
GOLDEN = Path(__file__).parent / "golden" / "artux-natural-resources-2024.yaml"


@pytest.mark.parametrize("layout,charset,wrapped", [("hunan", "utf-8", False), ("inner-mongolia", "gbk", True), ("national-old", "gb2312", False)])
def test_a_web_page_checks_as_the_same_workbook(layout, charset, wrapped, tmp_path, empty_config):
    tables = yaml.safe_load((LAYOUTS / f"{layout}.yaml").read_text(encoding="utf-8"))["tables"]
    workbook = write_workbook(tmp_path / "draft.xlsx", {"绩效目标": tables}, layout, declared_in_labels=True, year=2024)
    html = write_page(tmp_path / "page.html", tables, layout, charset=charset, wrapped=wrapped, declared_in_labels=True, year=2024)
    from_page = findings(html, empty_config)
    assert from_page and from_page == findings(workbook, empty_config)


def test_twenty_projects_on_one_page_located_by_line(tmp_path):
    tables = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))["tables"]
    path = write_page(tmp_path / "seed.shtml", tables, "xinjiang", wrapped=True, year=2024)
    read = HtmlReader().read(path)
    assert len(read.tables) == 20 and sum(len(t.indicators) for t in read.tables) == 184
    lines = path.read_text(encoding="utf-8").splitlines()
    first = read.tables[0].indicators[0]
    assert first.name in lines[first.location.line - 1]  # the line of its row
    assert "绩效目标表" in lines[read.tables[3].location.line - 1]  # the line of its title


def test_navigation_scripts_and_footer_are_not_read(tmp_path):
    body = (
        "<h3>项目支出绩效目标表</h3>"
        + table_html(
            [["项目名称", "2024年甲项目", ""], ["一级指标", "三级指标", "指标值"], ["产出指标", "培训人数", ">=100 人"]],
            [(1, 2, 1, 3)],
        )
        + "<footer><table><tr><td>三级指标</td><td>指标值</td></tr><tr><td>网站地图</td><td>联系我们</td></tr></table></footer>"
    )
    path = tmp_path / "p.htm"
    path.write_text(page(body), encoding="utf-8")
    [table] = HtmlReader().read(path).tables
    assert [(i.level1, i.name, i.raw_value) for i in table.indicators] == [("产出指标", "培训人数", ">=100 人")]


def test_encodings_from_the_meta_or_a_byte_order_mark(tmp_path):
    body = "<p>项目支出绩效目标表</p>" + table_html([["项目名称", "2024年乙项目"], ["三级指标", "指标值"], ["学员满意度", "≥90%"]], [])
    for name, data in {
        "gbk.html": page(body, "gbk").encode("gbk"),
        "gb2312.html": page(body, "GB2312").encode("gb18030"),
        "bom.html": codecs.BOM_UTF8 + page(body, "gbk").encode("utf-8"),  # the mark wins over a wrong <meta>
        "wrong.html": page(body, "gb2312").encode("utf-8"),  # declared wrongly: told from the bytes
        "utf16.html": codecs.BOM_UTF16_LE + page(body).encode("utf-16-le"),
    }.items():
        (tmp_path / name).write_bytes(data)
        [table] = HtmlReader().read(tmp_path / name).tables
        assert table.name == "2024年乙项目" and table.indicators[0].raw_value == "≥90%", name


# What Excel writes for a sheet saved as a web page: conditional comments,
# classes, x:num attributes, &nbsp; for empty cells, unclosed tags, a spanning title.
EXCEL_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv=Content-Type content="text/html; charset=gb2312">
<style><!--table {mso-displayed-decimal-separator:"\\.";} .xl65 {mso-number-format:"0%";} --></style>
<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet><x:Name>绩效目标</x:Name></x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->
</head>
<body link=blue vlink=purple>
<table border=0 cellpadding=0 cellspacing=0 width=800 style='border-collapse:collapse;table-layout:fixed'>
 <col width=100 span=5>
 <tr height=30><td colspan=5 height=30 class=xl66 width=500>项目支出绩效目标表</td></tr>
 <tr><td class=xl67>项目名称</td><td colspan=4 class=xl67>2024年丙项目</td></tr>
 <tr><td rowspan=3 class=xl67>项目资金（万元）</td><td class=xl67>年度预算总额</td><td class=xl68 x:num="30">30.00</td><td>&nbsp;</td><td>&nbsp;</td></tr>
 <tr><td>财政拨款</td><td x:num="30">30.00</td><td>&nbsp;</td><td>&nbsp;</td></tr>
 <tr><td>其他资金</td><td x:num="0">0.00</td><td>&nbsp;</td><td>&nbsp;</td></tr>
 <tr><td>一级指标<td>二级指标<td>三级指标<td>指标值<td>分值
 <tr><td rowspan=2 class=xl69>产出指标<td>数量指标<td>培训人数<td>≥100人<td x:num>50
 <tr><td>质量指标<td>培训合格率<td class=xl65 x:num="0.95">95%<td x:num>40
 <![if supportMisalignedColumns]><tr height=0 style='display:none'><td width=100></td></tr><![endif]>
</table>
</body></html>"""


def test_excel_saved_as_a_web_page(tmp_path):
    path = tmp_path / "sheet001.htm"
    path.write_bytes(EXCEL_PAGE.encode("gb18030"))
    [table] = HtmlReader().read(path).tables
    assert table.name == "2024年丙项目" and (table.funds.total, table.funds.fiscal, table.funds.other) == (30, 30, 0)
    assert [(i.level1, i.level2, i.name, i.raw_value, i.weight) for i in table.indicators] == [
        ("产出指标", "数量指标", "培训人数", "≥100人", 50),
        ("产出指标", "质量指标", "培训合格率", "95%", 40),
    ]


def test_a_single_file_web_archive(tmp_path):
    import quopri

    html = EXCEL_PAGE.replace("charset=gb2312", "charset=utf-8").encode("utf-8")
    archive = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n'
        b"------=_NextPart_01\r\nContent-Location: file:///C:/sheet.htm\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        b'Content-Type: text/html; charset="utf-8"\r\n\r\n' + quopri.encodestring(html) + b"\r\n------=_NextPart_01--\r\n"
    )
    (tmp_path / "page.mht").write_bytes(archive)
    [table] = HtmlReader().read(tmp_path / "page.mht").tables
    assert table.name == "2024年丙项目" and len(table.indicators) == 2


def test_a_page_without_a_target_table_is_e002(tmp_path):
    path = tmp_path / "news.html"
    path.write_text(page("<p>绩效目标管理工作通知</p>" + table_html([["日期", "标题"]], [])), encoding="utf-8")
    with pytest.raises(ReadError) as raised:
        HtmlReader().read(path)
    assert raised.value.code == "E002" and "1 个数据表格" in raised.value.problems[0].message.zh


def test_hostile_pages_end_in_a_finding_within_bounds(tmp_path):
    header = "<p>项目支出绩效目标表</p><table><tr><td>项目名称</td><td>甲</td></tr><tr><td>三级指标</td><td>指标值</td></tr>"
    pages = {
        "spans.html": header + '<tr><td rowspan="2147483647" colspan="99999999">培训人数</td><td rowspan="-3" colspan="x">1</td></tr></table>',
        "deep.html": "<table><tr><td>" * 5000,
        "many.html": "<table></table>" * 6000,
        "unclosed.html": header + "<tr><td>培训人数<td>>=100 人<tr><td>" + "<div>" * 100_000,
        "huge.html": "",
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with open(tmp_path / "huge.html", "wb") as f:  # sparse: nothing on disk
        f.truncate(64 * 1024 * 1024)
    proc = run_cli("check", *pages, "--format", "json", "--timeout", "60", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    found: dict[str, list] = {}
    for f in json.loads(proc.stdout)["findings"]:
        found.setdefault(Path(f["file"]).name, []).append(f)
    assert [f["code"] for f in found["deep.html"]] == ["E001"] and "嵌套" in found["deep.html"][0]["message"]
    assert [f["code"] for f in found["many.html"]] == ["E001"] and "表格超过" in found["many.html"][0]["message"]
    assert [f["code"] for f in found["huge.html"]] == ["E001"] and "文件过大" in found["huge.html"][0]["message"]
    assert "E001" not in {f["code"] for f in found.get("spans.html", []) + found.get("unclosed.html", [])}
    assert "E003" not in {f["code"] for fs in found.values() for f in fs}


def test_a_department_wide_table(tmp_path):
    # 部门整体绩效目标表: 部门名称 names it; funds by source over rows; 履职效能 … as level 1.
    body = "<h2>2024年部门整体绩效目标表</h2>" + table_html(
        [
            ["部门名称", "某县农业农村局", "", ""],
            ["年度预算（万元）", "资金来源", "财政资金", "320.00"],
            ["", "", "其他资金", "0.00"],
            ["年度绩效目标", "保障全局正常运转，完成高标准农田建设任务", "", ""],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["履职效能", "重点工作完成", "高标准农田建设面积", "≥1.2万亩"],
            ["服务对象满意度", "满意度", "农户满意度", "≥90%"],
        ],
        [(1, 2, 1, 4), (2, 1, 3, 1), (2, 2, 3, 2), (4, 2, 4, 4)],
    )
    path = tmp_path / "dept.html"
    path.write_text(page(body), encoding="utf-8")
    [table] = HtmlReader().read(path).tables
    assert table.kind.name == "unit" and table.name == "某县农业农村局" and table.funds.fiscal == 320
    assert [i.name for i in table.indicators] == ["高标准农田建设面积", "农户满意度"]


def test_a_workbook_of_several_sheets_saved_as_a_web_page(tmp_path):
    # Excel writes 预算.htm (a frameset) and 预算.files/ with filelist.xml and a sheetNNN.htm per sheet.
    (tmp_path / "预算.htm").write_text(
        '<html><head><meta name=ProgId content=Excel.Sheet><link rel=File-List href="预算.files/filelist.xml">'
        '<script>var c_rgszSh=new Array(2);c_rgszSh[0]="甲";c_rgszSh[1]="乙";</script></head>'
        '<frameset rows="*,39"><frame src="预算.files/sheet001.htm" name="frSheet"><frame src="预算.files/tabstrip.htm"></frameset></html>',
        encoding="utf-8",
    )
    files = tmp_path / "预算.files"
    files.mkdir()
    (files / "filelist.xml").write_text(
        '<xml xmlns:o="urn:schemas-microsoft-com:office:office"><o:MainFile HRef="../预算.htm"/>'
        '<o:File HRef="sheet001.htm"/><o:File HRef="sheet002.htm"/><o:File HRef="tabstrip.htm"/><o:File HRef="../../secret.htm"/></xml>',
        encoding="utf-8",
    )
    (files / "sheet001.htm").write_bytes(EXCEL_PAGE.encode("gb18030"))
    (files / "sheet002.htm").write_bytes(EXCEL_PAGE.replace("2024年丙项目", "2024年丁项目").encode("gb18030"))
    (files / "tabstrip.htm").write_text("<html><body><table><tr><td>甲</td><td>乙</td></tr></table></body></html>", encoding="utf-8")
    read = HtmlReader().read(tmp_path / "预算.htm")
    assert [t.name for t in read.tables] == ["2024年丙项目", "2024年丁项目"]


def test_a_web_archive_of_several_sheets(tmp_path):
    import quopri

    def part(html: str) -> bytes:
        return (
            b"------=_NextPart_01\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=\"utf-8\"\r\n\r\n"
            + quopri.encodestring(html.replace("charset=gb2312", "charset=utf-8").encode("utf-8"))
            + b"\r\n"
        )

    archive = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n'
        + part("<html><frameset><frame src=sheet001.htm></frameset></html>")
        + part(EXCEL_PAGE)
        + part(EXCEL_PAGE.replace("2024年丙项目", "2024年丁项目"))
        + b"------=_NextPart_01--\r\n"
    )
    (tmp_path / "book.mht").write_bytes(archive)
    assert [t.name for t in HtmlReader().read(tmp_path / "book.mht").tables] == ["2024年丙项目", "2024年丁项目"]


def test_an_unclosed_head_and_a_title_in_a_cell_of_its_own(tmp_path):
    # </head> may be left out; a layout table's cells are separate lines of text,
    # so the title in the cell beside 栏目导航 is still a title.
    table = table_html([["项目名称", "2024年戊项目"], ["三级指标", "指标值"], ["培训人数", ">=100 人"]], [])
    path = tmp_path / "old.htm"
    path.write_text(
        f"<html><head><title>预算公开</title><meta charset=utf-8>\n<body><table><tr><td>栏目导航</td><td>项目支出绩效目标表</td></tr>"
        f"<tr><td></td><td>{table}</td></tr></table>",
        encoding="utf-8",
    )
    [read] = HtmlReader().read(path).tables
    assert read.name == "2024年戊项目" and read.location.line == 2 and [i.name for i in read.indicators] == ["培训人数"]


def test_a_title_in_the_tables_caption(tmp_path):
    # The caption names a unit-wide table: without it, the table would read as a project's.
    rows = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in [("单位名称", "某县林业局"), ("三级指标", "指标值"), ("林地巡护面积", "≥5万亩")])
    path = tmp_path / "caption.html"
    path.write_text(page(f"<table><caption>2024年单位整体绩效目标表</caption>{rows}</table>"), encoding="utf-8")
    [table] = HtmlReader().read(path).tables
    assert table.kind.name == "unit" and table.name == "某县林业局"


# The older two-level layout's indicator rows: level 1, 绩效内容, 全年绩效目标值.
OLDER_ROWS = [("投入", "目标1：50万元", "资金全部到位"), ("产出", "目标1：防治面积", ">=2 万亩"), ("产出", "……", ""), ("效益", "目标1：农户满意度", ">=90%")]


def test_the_older_two_level_layout_of_indicator_and_content(tmp_path):
    # 立项项目名称 / 概况 above a 绩效目标 block of 指标 | 绩效内容 | 全年绩效目标值:
    # 指标 holds the level 1 (投入, 产出, 效益), 绩效内容 the name, no level 2;
    # a 备注 merged across the foot is a note, and a title names the table
    # whose 立项项目名称 is blank.
    def grid(name: str, goal_label: str) -> str:
        block = [("指标", "绩效内容", "全年绩效目标值"), *OLDER_ROWS]
        texts = [
            ["立项项目名称", name, name, name],
            [goal_label, "2023年安排资金50万元，用于病虫害统防统治。", "", ""],
            *(["绩效目标", *cells] for cells in block),
            ["备注：按批复的绩效目标填写。", "", "", ""],
        ]
        merges = [(1, 2, 1, 4), (2, 2, 2, 4), (3, 1, 7, 1), (8, 1, 8, 4)]
        return table_html(texts, merges)

    body = "<p>一、病虫害防治绩效目标表</p>" + grid("病虫害统防统治", "概况") + "<p>（二）2023年度农机补贴项目绩效目标表</p>" + grid("", "总体目标")
    path = tmp_path / "older.html"
    path.write_text(page(body), encoding="utf-8")
    first, second = HtmlReader().read(path).tables
    assert (first.name, second.name) == ("病虫害统防统治", "2023年度农机补贴项目")
    assert first.goal == second.goal == "2023年安排资金50万元，用于病虫害统防统治。"
    assert [(i.level1, i.level2, i.name, i.raw_value) for i in second.indicators] == [(l1, "", n, v) for l1, n, v in OLDER_ROWS]


def test_a_generic_title_names_no_table(tmp_path):
    # 项目支出绩效目标表 is every project's title: a table with a blank 项目名称 under it has no name.
    texts = [["项目名称", "", ""], ["一级指标", "三级指标", "指标值"], ["产出指标", "培训人数", ">=100 人"]]
    path = tmp_path / "generic.html"
    path.write_text(page("<h3>2024年度项目支出绩效目标表</h3>" + table_html(texts, [])), encoding="utf-8")
    with pytest.raises(ReadError):
        HtmlReader().read(path)


def test_the_older_fujian_page_reads_as_its_transcription():
    # The publisher's markup (pasted from Word, mso- markup) and the hand
    # transcription beside it: the same tables, names, goals and rows.
    from perfcheck.readers.canonical import CanonicalReader

    real = FIXTURES / "real" / "fujian-pingtan-2020-agriculture"

    def tables(document):
        return [
            (t.name, t.kind.name, t.goal, [(i.level1, i.level2, i.name, i.raw_value) for i in t.indicators])
            for t in document.tables
        ]

    page_tables = tables(HtmlReader().read(real.with_suffix(".html")))
    assert len(page_tables) == 2 and page_tables == tables(CanonicalReader().read(real.with_suffix(".yaml")))


def test_hidden_text_and_ruby_guides_are_not_read(tmp_path):
    # Word's web page keeps text formatted hidden (and a field's code) in
    # elements styled display:none or mso-hide:all; a ruby's pinyin (rt, rp)
    # is a guide. A browser shows none of it as the cell's text.
    rows = [
        '<td>项目名称</td><td colspan="3">2024年造林项目</td>',
        "<td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td>",
        '<td>产出指标</td><td>数量指标</td><td><p>造林面积<span style="display: none">（旧：500亩）</span></p></td><td>≥600亩</td>',
        "<td>产出指标</td><td>质量指标</td><td><p><ruby>杉<rp>(</rp><rt>shān</rt><rp>)</rp></ruby>树苗成活率</p></td>"
        "<td><p><span style='mso-hide:all'>PAGE </span>≥85%</p></td>",
    ]
    body = (
        '<h2><span style="DISPLAY: NONE">旧稿 </span>2024年项目支出绩效目标表</h2><table border=1>'
        + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"
    )
    path = tmp_path / "hidden.html"
    path.write_text(page(body), encoding="utf-8")
    document = HtmlReader().read(path)
    assert document.title == "2024年项目支出绩效目标表"  # hidden outside a table too
    [table] = document.tables
    assert [(i.name, i.raw_value) for i in table.indicators] == [("造林面积", "≥600亩"), ("杉树苗成活率", "≥85%")]
