"""Tables without ruling lines, from the alignment of their text
(perfcheck.readers.alignment): pure geometry, as for ruling.py."""

from __future__ import annotations

from perfcheck.readers.alignment import aligned_tables
from perfcheck.readers.ruling import Box, lines_of, line_text

SIZE = 7.0


def line(y: float, *cells: tuple[float, str]) -> list[Box]:
    """A line of 7-point characters at ``y``: each cell's text from its x."""
    return [Box(ch, x + i * SIZE, y, x + (i + 1) * SIZE, y + SIZE) for x, text in cells for i, ch in enumerate(text)]


COLUMNS = (40, 130, 220, 310)  # where each column's text starts


def row(y: float, *texts: str) -> list[Box]:
    return line(y, *((x, t) for x, t in zip(COLUMNS, texts) if t))


def texts(table) -> list[list[str]]:
    return table.texts()


def test_columns_from_the_gaps_and_a_wrapped_cell_kept_with_its_row():
    boxes = (
        row(100, "一级指标", "三级指标", "指标值", "分值")
        + row(115, "产出指标", "培训人员数", "≥500", "10")
        + line(124, (130, "量"))  # the name wrapped: one leading below, inside its column
        + row(139, "", "设备台数", "≥120", "10")
        + row(154, "效益指标", "满意度", "≥90%", "20")
    )
    [table], rest, columns = aligned_tables(lines_of(boxes))
    assert rest == []
    assert texts(table) == [
        ["一级指标", "三级指标", "指标值", "分值"],
        ["产出指标", "培训人员数 量", "≥500", "10"],
        ["", "设备台数", "≥120", "10"],
        ["效益指标", "满意度", "≥90%", "20"],
    ]
    assert len(columns.xs) == 5 and columns.wrap is not None


def test_a_paragraph_across_the_columns_is_running_text_between_two_tables():
    paragraph = line(160, (40, "这是一段说明文字，它跨过了表格的各列，是正文而不是表格中的一行"))
    boxes = (
        row(100, "甲", "乙", "丙", "丁") + row(115, "1", "2", "3", "4") + row(130, "5", "6", "7", "8") + row(145, "9", "10", "11", "12")
        + paragraph
        + row(175, "子", "丑", "寅", "卯") + row(190, "a", "b", "c", "d") + row(205, "e", "f", "g", "h")
    )
    tables, rest, _ = aligned_tables(lines_of(boxes))
    assert [texts(t)[0] for t in tables] == [["甲", "乙", "丙", "丁"], ["子", "丑", "寅", "卯"]]
    assert [line_text(r) for r in rest] == ["这是一段说明文字，它跨过了表格的各列，是正文而不是表格中的一行"]


def test_a_table_of_contents_or_a_title_is_no_table():
    boxes = line(100, (40, "目录")) + line(115, (40, "一、主要职能"), (500, "3")) + line(130, (40, "二、机构设置"), (500, "4")) + line(145, (40, "三、人员情况"), (500, "5"))
    tables, rest, columns = aligned_tables(lines_of(boxes))
    assert tables == [] and len(rest) == 4 and columns is None


def test_a_table_continued_on_the_next_page_keeps_its_empty_columns():
    # Page one has the header: four columns. On page two the third is empty in every row.
    first = row(100, "一级指标", "三级指标", "上年值", "分值") + row(115, "产出", "人数", "12", "10") + row(130, "效益", "满意度", "90", "20")
    _, _, columns = aligned_tables(lines_of(first))
    second = row(40, "成本", "单价", "", "5") + row(55, "满意", "满意度", "", "10") + row(70, "其他", "完成率", "", "5")
    [alone], _, _ = aligned_tables(lines_of(second))
    assert len(alone.xs) - 1 == 3  # on its own, the empty column is not seen
    [table], _, _ = aligned_tables(lines_of(second), columns)
    assert texts(table) == [["成本", "单价", "", "5"], ["满意", "满意度", "", "10"], ["其他", "完成率", "", "5"]]


def test_the_first_row_of_a_table_cut_short_by_the_page_end_is_a_table():
    # One line only, a piece per column: the page ends under it.
    boxes = line(100, (40, "本页末尾")) + row(700, "项目名称", "某某项目", "项目负责人", "张三")
    [table], rest, _ = aligned_tables(lines_of(boxes))
    assert texts(table) == [["项目名称", "某某项目", "项目负责人", "张三"]]
    assert [line_text(r) for r in rest] == ["本页末尾"]


def test_a_short_title_in_a_larger_type_between_two_tables_is_running_text():
    # The title fits inside the first column, but its type is 9 points, the tables' 7.
    title = [Box(ch, 40 + i * 9, 160, 49 + i * 9, 169) for i, ch in enumerate("绩效目标表")]
    boxes = row(100, "甲", "乙", "丙", "丁") + row(115, "1", "2", "3", "4") + row(130, "5", "6", "7", "8") + row(145, "9", "10", "11", "12")
    boxes += title + row(175, "子", "丑", "寅", "卯") + row(190, "a", "b", "c", "d") + row(205, "e", "f", "g", "h")
    tables, rest, _ = aligned_tables(lines_of(boxes))
    assert [len(t.ys) - 1 for t in tables] == [4, 3]
    assert [line_text(r) for r in rest] == ["绩效目标表"]


def test_a_column_edge_where_text_starts_line_after_line_though_a_full_cell_leaves_no_gap():
    # A word processor's table without cell padding: a full cell's text runs
    # up to the next column's, closer than a character, on two lines of five.
    full = "一二三四五六七八九十一二"
    boxes = (
        row(100, "一级指标", "三级指标", "指标值", "分值")
        + row(115, full, "培训人员数", "≥500", "10")
        + row(130, full, "设备台数", "≥120", "10")
        + row(145, "效益指标", "满意度", "≥90%", "20")
        + row(160, "满意度指标", "满意度", "≥95%", "10")
    )
    [table], rest, _ = aligned_tables(lines_of(boxes))
    assert rest == []
    assert [r[:2] for r in texts(table)] == [["一级指标", "三级指标"], [full, "培训人员数"], [full, "设备台数"], ["效益指标", "满意度"], ["满意度指标", "满意度"]]


def test_a_row_cut_by_the_page_end_goes_on_at_the_top_of_the_next_page():
    # No space between rows but the leading: the row's rest is told by its
    # text, which stays in the one column whose cell was full at the page end.
    page = row(100, "一级指标", "三级指标", "指标值", "分值") + row(115, "产出指标", "培训人员数", "≥500", "10") + row(130, "", "设备台数设备台数设备台", "≥120", "10")
    [table], _, columns = aligned_tables(lines_of(page))
    assert not table.goes_on and columns.last_row is not None
    after = line(20, (130, "数")) + row(35, "效益指标", "满意度", "≥90%", "20") + row(50, "", "满意度二", "≥95%", "10")
    [rest], lines, _ = aligned_tables(lines_of(after), columns)
    assert lines == [] and rest.goes_on
    assert texts(rest) == [["", "数", "", ""], ["效益指标", "满意度", "≥90%", "20"], ["", "满意度二", "≥95%", "10"]]
    # A page that starts with a row of its own goes on with none.
    [table], _, _ = aligned_tables(lines_of(after[1:]), columns)
    assert not table.goes_on


def test_a_number_broken_at_its_cells_edge_is_one_number():
    # A word processor breaks a number only where it does not fit, and draws no space there.
    boxes = (
        row(100, "一级指标", "三级指标", "指标值", "分值")
        + row(115, "产出指标", "购买设备成本", "<=1234567.89", "10")
        + line(130, (220, "1 万元"))
        + row(145, "效益指标", "满意度", "=100%", "20")
    )
    [table], _, _ = aligned_tables(lines_of(boxes))
    assert [r[2] for r in texts(table)] == ["指标值", "<=1234567.891 万元", "=100%"]
