"""Ruled tables from strokes and text boxes (perfcheck.readers.ruling): pure
geometry, the same for a PDF's points and a scanned image's pixels."""

from __future__ import annotations

from perfcheck.readers.ruling import Box, Segment, find_tables, join_segments, lines_of, text_of


def grid(xs, ys, *, missing=()):
    """The strokes of a full grid, each slot's border drawn on its own (as
    producers draw them), less the borders named in ``missing``: ("v", x, y0)
    leaves out the vertical stroke at x from y0 down to the next row line."""
    hs = [Segment(y, a, b) for y in ys for a, b in zip(xs, xs[1:]) if ("h", y, a) not in missing]
    vs = [Segment(x, a, b) for x in xs for a, b in zip(ys, ys[1:]) if ("v", x, a) not in missing]
    return hs, vs


def word(text, x, y, size=10.0):
    """A word of ``size``-point characters, its top-left at (x, y)."""
    return [Box(ch, x + i * size, y, x + (i + 1) * size, y + size) for i, ch in enumerate(text)]


def test_a_grid_gives_each_cell_its_text_and_leaves_the_text_outside():
    hs, vs = grid([0, 100, 200, 300], [50, 70, 90])
    boxes = word("标题", 10, 20) + word("名称", 5, 55) + word("数值", 105, 55) + word("12", 205, 75) + word("页脚", 10, 120)
    tables, outside = find_tables(hs, vs, boxes)
    assert len(tables) == 1
    [table] = tables
    assert table.texts() == [["名称", "数值", ""], ["", "", "12"]]
    assert table.merges == [] and (table.top, table.bottom) == (50, 90)
    assert [b.text for b in outside] == ["标", "题", "页", "脚"]


def test_a_missing_inner_stroke_merges_the_slots_it_would_part():
    # No vertical stroke at x=100 in the first row: one cell over two columns.
    # No horizontal stroke at y=70 under the third column: one cell over two rows.
    hs, vs = grid([0, 100, 200, 300], [50, 70, 90], missing={("v", 100, 50), ("h", 70, 200)})
    boxes = word("项目名称", 5, 55) + word("一级", 205, 55)
    [table], _ = find_tables(hs, vs, boxes)
    spans = [(c.row, c.column, c.rowspan, c.colspan) for c in table.cells]
    assert spans == [(0, 0, 1, 2), (0, 2, 2, 1), (1, 0, 1, 1), (1, 1, 1, 1)]
    assert table.merges == [(1, 1, 1, 2), (1, 3, 2, 3)]
    assert table.texts() == [["项目名称", "", "一级"], ["", "", ""]]


def test_an_open_sided_table_keeps_its_first_and_last_columns():
    # Left and right borders left out, as many published tables are drawn.
    hs = [Segment(y, 0, 300) for y in (50, 70, 90)]
    vs = [Segment(x, 50, 90) for x in (100, 200)]
    boxes = word("左", 5, 55) + word("中", 105, 55) + word("右", 205, 75)
    [table], _ = find_tables(hs, vs, boxes)
    assert table.xs == [0, 100, 200, 300]
    assert table.texts() == [["左", "中", ""], ["", "", "右"]]


def test_the_rest_of_a_row_drawn_open_at_the_top_of_a_page_is_a_table():
    # Only the bottom line and the columns' strokes: the top is the strokes' start.
    hs = [Segment(192, 36, 300)]
    vs = [Segment(x, 42, 192) for x in (36, 122, 207, 300)]
    boxes = word("调查", 130, 50)
    [table], outside = find_tables(hs, vs, boxes)
    assert table.ys == [42, 192] and table.texts() == [["", "调查", ""]] and outside == []


def test_wrapped_text_is_joined_by_a_space_and_words_keep_theirs():
    boxes = word("平台日", 0, 0) + word("常运维", 0, 12) + word("ab", 0, 30) + word("cd", 30, 30)
    assert text_of(boxes) == "平台日 常运维 ab cd"
    assert [len(line) for line in lines_of(boxes)] == [3, 3, 4]


def test_strokes_drawn_in_pieces_or_slightly_apart_are_one_line():
    lines = join_segments([Segment(10, 0, 50), Segment(10.5, 50, 120), Segment(9.8, 200, 300), Segment(40, 0, 10)], snap=2)
    assert [(round(line.at, 1), line.spans) for line in lines] == [(10.1, [(0, 120), (200, 300)]), (40, [(0, 10)])]
    # The gap between 120 and 200 is a missing border; a crossing stroke's gap is not.
    assert not lines[0].covers(120, 200) and lines[0].covers(0, 130)


def test_an_underline_or_a_lone_rule_is_no_table():
    boxes = word("正文", 0, 0)
    tables, outside = find_tables([Segment(11, 0, 20), Segment(40, 0, 500)], [Segment(250, 100, 300)], boxes)
    assert tables == [] and outside == boxes


def test_two_tables_on_a_page_come_top_to_bottom():
    upper_h, upper_v = grid([0, 100, 200], [300, 320])
    lower_h, lower_v = grid([0, 150, 300], [50, 70, 90])
    boxes = word("下", 5, 55) + word("上", 5, 305)
    tables, _ = find_tables(upper_h + lower_h, upper_v + lower_v, boxes)
    assert [t.texts()[0][0] for t in tables] == ["下", "上"]
    assert [len(t.xs) - 1 for t in tables] == [2, 2]


def test_pixel_space_takes_its_own_snap():
    # A scan at 150 dpi: strokes a few pixels apart are one line.
    hs = [Segment(100, 0, 600), Segment(104, 600, 1200), Segment(300, 0, 1200)]
    vs = [Segment(x, 100, 300) for x in (0, 598, 1203)]
    boxes = [Box("甲", 20, 150, 60, 190, source="ocr-1"), Box("乙", 650, 150, 690, 190, source="ocr-2")]
    [table], _ = find_tables(hs, vs, boxes, snap=6)
    assert table.texts() == [["甲", "乙"]]
    assert [b.source for c in table.cells for b in c.boxes] == ["ocr-1", "ocr-2"]
