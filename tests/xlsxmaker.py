"""Builds target-table workbooks for the tests, in each province's layout, from
canonical documents: a title, a header block with merged cells, an indicator
header (two rows where the layout has them), level-1 and level-2 cells merged
down their rows, and values stored the way Excel exports store them — numbers
as numbers, percentages as fractions formatted ``0%``, dates as dates, and
whatever is text as text.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

# (header row 1, header row 2 or None, the field each column shows)
LAYOUTS = {
    "xinjiang": (
        ["一级指标", "二级指标", "三级指标", "指标值", "指标值设置依据", "上年完成值", "指标分值权重", "指标赋分规则", "佐证资料"],
        None,
        ["level1", "level2", "name", "whole", "basis", "last_year", "weight", "scoring", "evidence"],
    ),
    "hunan": (
        ["一级指标", "二级指标", "三级指标", "指标值类型", "指标值", "计量单位", "指标解释", "评（扣）分标准", "备注"],
        None,
        ["level1", "level2", "name", "value_type", "operator+value", "unit", "explanation", "scoring", "note"],
    ),
    "inner-mongolia": (
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标方向", "指标值", "指标值", "指标值", "分值"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标方向", "计算符号", "目标值", "计量单位", "分值"],
        ["level1", "level2", "name", "value_type", "direction", "operator", "value", "unit", "weight"],
    ),
    "national-old": (
        ["一级指标", "二级指标", "三级指标", "指标值"],
        None,
        ["level1", "level2", "name", "whole"],
    ),
}
FULL_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _text(cell, text):
    """Text as text, even "=100": an export stores a typed formula-looking value as a string."""
    cell.value = text if text not in (None, "") else None
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"
        cell.quotePrefix = True


def _store(cell, text, unit=None):
    """Write a value the way an export would store it."""
    text = "" if text is None else str(text)
    m = FULL_DATE.match(text)
    if m:
        cell.value = dt.date(*map(int, m.groups()))
        cell.number_format = "yyyy/m/d"
    elif NUMBER.match(text) and unit in ("%", "％"):
        cell.value = float(text) / 100
        cell.number_format = "0%"
    elif NUMBER.match(text):
        cell.value = int(text) if "." not in text else float(text)
        cell.number_format = "General" if "." not in text else "0." + "0" * len(text.split(".")[1])
    else:
        _text(cell, text)


def _merge(ws, r1, c1, r2, c2):
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


# The rows of a funds block with two total columns, as the national 2021 template has them.
FUND_ROWS = [("资金总额", "total"), ("其中：当年财政拨款", "fiscal"), ("上年结转资金", "carried"), ("其他资金", "other")]


def _total_columns(ws, row: int, columns: list[dict]) -> int:
    """项目资金（万元） merged down the block; a column per total (项目资金总额,
    年度资金申请总额 …) with its label on top and its breakdown under it; the
    next free row."""
    keys = [(label, key) for label, key in FUND_ROWS if any(column.get(key) is not None for column in columns)]
    ws.cell(row, 1, "项目资金（万元）")
    _merge(ws, row, 1, row + len(keys), 1)
    for c, column in enumerate(columns, 3):
        ws.cell(row, c, column["label"])
    for r, (label, key) in enumerate(keys, row + 1):
        ws.cell(r, 2, label)
        for c, column in enumerate(columns, 3):
            if column.get(key) is not None:
                amount = ws.cell(r, c)
                amount.value, amount.number_format = float(str(column[key])), "#,##0.00"
    return row + len(keys) + 1


def write_table(ws, row: int, table: dict, layout: str, titled: bool = True, declared_in_labels: bool = False, year: int | None = None) -> int:
    """Write one table from ``row``; returns the next free row."""
    head1, head2, fields = LAYOUTS[layout]
    width = len(fields)
    unit_table = table.get("kind") == "unit"
    if titled:
        title = "单位整体绩效目标表" if unit_table else "项目支出绩效目标表"
        ws.cell(row, 1, f"{year}年度{title}" if year else title)
        _merge(ws, row, 1, row, width)
        row += 1
    if unit_table:
        ws.cell(row, 1, "单位名称")
        ws.cell(row, 2, table.get("unit") or table["name"])
        _merge(ws, row, 2, row, width)
    else:
        ws.cell(row, 1, "项目名称")
        ws.cell(row, 2, table["name"])
        _merge(ws, row, 2, row, max(2, width - 2))
        if table.get("manager") and width >= 4:
            ws.cell(row, width - 1, "项目负责人")
            ws.cell(row, width, table["manager"])
        row += 1
        ws.cell(row, 1, "主管部门")
        ws.cell(row, 2, table.get("unit"))
        _merge(ws, row, 2, row, width)
    row += 1
    funds = table.get("funds") or {}
    if funds.get("columns"):
        row = _total_columns(ws, row, funds["columns"])
    elif funds:
        labels = [("年度预算总额", "total"), ("财政拨款", "fiscal"), ("其他资金", "other")]
        if unit_table:
            labels = [("财政资金", "fiscal"), ("其他资金", "other")]
        ws.cell(row, 1, "项目资金（万元）")
        col = 2
        for label, key in labels:
            if funds.get(key) is None:
                continue
            ws.cell(row, col, label)
            amount = ws.cell(row, col + 1)
            text = str(funds[key]).replace(",", "")
            if NUMBER.match(text):
                amount.value, amount.number_format = float(text), "#,##0.00"
            else:
                amount.value = str(funds[key])  # a split number stays text
            col += 2
        row += 1
    if table.get("goal"):
        ws.cell(row, 1, "年度总体目标")
        ws.cell(row, 2, table["goal"])
        _merge(ws, row, 2, row, width)
        row += 1
    for c, title in enumerate(head1, 1):
        ws.cell(row, c, title)
    if head2:
        for c, title in enumerate(head2, 1):
            ws.cell(row + 1, c, title)
        c = 1
        while c <= width:  # 指标值 over its three columns; the others down two rows
            run = c
            while run < width and head1[run] == head1[c - 1]:
                run += 1
            if run > c:
                _merge(ws, row, c, row, run)
            elif head1[c - 1] == head2[c - 1]:
                _merge(ws, row, c, row + 1, c)
            c = run + 1
        row += 1
    row += 1
    declared = dict(table.get("declared") or {})
    start = row
    for indicator in table.get("indicators") or []:
        for c, field in enumerate(fields, 1):
            cell = ws.cell(row, c)
            if field == "whole":
                _text(cell, _whole(indicator))
            elif field == "operator+value":
                _text(cell, f"{indicator.get('operator') or ''}{indicator.get('value') or ''}")
            elif field == "value":
                _store(cell, indicator.get("value"), indicator.get("unit"))
            elif field == "weight":
                _store(cell, indicator.get("weight"))
            elif field == "level1" and declared_in_labels and indicator.get("level1") in declared:
                cell.value = f"{indicator['level1']}（{declared[indicator['level1']]}分）"
            else:
                value = indicator.get(field)
                cell.value = None if value in (None, "") else str(value)
        row += 1
    for c, field in enumerate(fields[:2], 1):  # level 1 and level 2 merged down their runs
        r = start
        while r < row:
            end = r
            while end + 1 < row and ws.cell(end + 1, c).value == ws.cell(r, c).value and (c == 1 or ws.cell(end + 1, 1).value == ws.cell(r, 1).value):
                end += 1
            if end > r:
                for rr in range(r + 1, end + 1):
                    ws.cell(rr, c).value = None
                _merge(ws, r, c, end, c)
            r = end + 1
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 16
    return row + 1


def _whole(indicator: dict) -> str | None:
    parts = [(indicator.get("operator") or "") + str(indicator.get("value") or "")]
    if indicator.get("unit"):
        parts.append(str(indicator["unit"]))
    text = " ".join(p for p in parts if p)
    return text or None


def write_workbook(path: Path, tables_per_sheet: dict[str, list[dict]], layout: str, **options) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet, tables in tables_per_sheet.items():
        ws = workbook.create_sheet(sheet)
        row = 1
        for table in tables:
            row = write_table(ws, row, table, layout, **options)
    workbook.save(path)
    return path


# A table whose money, points and caps are all wrong, with values at D8 and D13 (issue 28).
MISMATCHED = {
    "name": "2024年示例培训项目", "unit": "某县教育局", "funds": {"total": "130.00", "fiscal": "100.00", "other": "20.00"},
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "培训人数", "value": ">=100 人", "weight": 20},
        {"level1": "产出指标", "level2": "数量指标", "name": "培训场次", "value": ">=4 场", "weight": 10},
        {"level1": "产出指标", "level2": "质量指标", "name": "培训合格率", "value": ">=855", "weight": 10},
        {"level1": "产出指标", "level2": "时效指标", "name": "完成时间", "value": "2024年12月底前", "weight": 10},
        {"level1": "成本指标", "level2": "经济成本指标", "name": "培训成本", "value": "<=30 万元", "weight": 10},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "业务水平", "value": "有效提高", "weight": 10},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "服务能力", "value": "有效提高", "weight": 10},
        {"level1": "满意度指标", "level2": "满意度指标", "name": "学员满意度", "value": ">=955", "weight": 5},
    ],
}


class _Slot:
    """A cell of ``_GridSheet``: what write_table sets on an openpyxl cell."""

    def __init__(self):
        self.value = None
        self.number_format = "General"
        self.data_type = None
        self.quotePrefix = False

    def text(self) -> str:
        from perfcheck.readers.excel import _cell_text

        return _cell_text(self.value, self.number_format)


class _GridSheet:
    """Takes write_table's cells and merges as a worksheet would, so that the
    Word and HTML makers lay the tables out exactly as the workbooks are."""

    def __init__(self):
        self.slots: dict[tuple[int, int], _Slot] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.column_dimensions = _Dimensions()

    def cell(self, row, column, value=None):
        slot = self.slots.setdefault((row, column), _Slot())
        if value is not None:
            slot.value = value
        return slot

    def merge_cells(self, start_row, start_column, end_row, end_column):
        self.merges.append((start_row, start_column, end_row, end_column))


class _Dimensions(dict):
    def __missing__(self, key):
        return _Slot()


def table_grids(tables: list[dict], layout: str, **options) -> list[tuple[str | None, list[list[str]], list[tuple[int, int, int, int]]]]:
    """Each table as (its title, the text of every slot of the rest, the merged
    ranges of the rest, 1-based): the grid a workbook made by write_table shows,
    with the title taken out, as a Word document or a web page has it above
    its table."""
    grids = []
    titled = options.get("titled", True)
    for table in tables:
        sheet = _GridSheet()
        end = write_table(sheet, 1, table, layout, **options)
        width = max(c for _, c in sheet.slots)
        first = 2 if titled else 1
        texts = [[sheet.slots[r, c].text() if (r, c) in sheet.slots else "" for c in range(1, width + 1)] for r in range(first, end - 1)]
        merges = [(r1 - first + 1, c1, r2 - first + 1, c2) for r1, c1, r2, c2 in sheet.merges if r1 >= first]
        grids.append((sheet.slots[1, 1].value if titled else None, texts, merges))
    return grids
