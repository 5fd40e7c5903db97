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
    if layout in SELF_EVALUATION_LAYOUTS:
        return write_self_evaluation(ws, row, table, layout, titled=titled, year=year, declared_in_labels=declared_in_labels)
    head1, head2, fields = LAYOUTS[layout]
    width = len(fields)
    unit_table = table.get("kind") == "unit"
    row = _heading(ws, row, table, width, ("单位整体绩效目标表", "单位名称"), titled, year, max(2, width - 2))
    if not unit_table:
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
    _merge_runs(ws, start, row, 1)
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 16
    return row + 1


def _heading(ws, row: int, table: dict, width: int, unit_wide: tuple[str, str], titled: bool, year: int | None, name_end: int) -> int:
    """The title (when ``titled``) and the name row, 项目名称 up to column
    ``name_end``; a unit-wide table has ``unit_wide``'s title and label. Returns the name row."""
    unit_table = table.get("kind") in ("unit", "self-evaluation-unit")
    if titled:
        stage = "自评表" if table.get("kind", "").startswith("self-evaluation") else "目标表"
        title = unit_wide[0] if unit_table else f"项目支出绩效{stage}"
        ws.cell(row, 1, f"{year}年度{title}" if year else title)
        _merge(ws, row, 1, row, width)
        row += 1
    ws.cell(row, 1, unit_wide[1] if unit_table else "项目名称")
    ws.cell(row, 2, (table.get("unit") or table["name"]) if unit_table else table["name"])
    _merge(ws, row, 2, row, width if unit_table else name_end)
    return row


def _merge_runs(ws, start: int, stop: int, first: int) -> None:
    """Level 1 (column ``first``) and level 2 (the next) merged down their runs, rows ``start`` to ``stop - 1``."""
    for c in (first, first + 1):
        r = start
        while r < stop:
            end = r
            while end + 1 < stop and ws.cell(end + 1, c).value == ws.cell(r, c).value and (c == first or ws.cell(end + 1, first).value == ws.cell(r, first).value):
                end += 1
            if end > r:
                for rr in range(r + 1, end + 1):
                    ws.cell(rr, c).value = None
                _merge(ws, r, c, end, c)
            r = end + 1


# Self-evaluation layouts (绩效自评表), the national one and the provinces' seen
# in tests/fixtures/real/: the funds block (its label, its columns by the
# execution field each holds, its rows by the funds field each gives; a row
# labelled None is a block of one unlabelled row), the label left of the
# indicator rows, the indicator columns by the field each shows ("whole": the
# value with its operator and unit), how 年度总体目标 and 实际完成情况 stand
# ("beside": 预期目标 | 实际完成情况 in two rows; else the two row labels), and
# the label of the row below the indicators.
_NATIONAL_FUNDS = [("年初预算数", "initial"), ("全年预算数", "budget"), ("全年执行数", "spent"), ("分值", "weight"), ("执行率", "rate"), ("得分", "score")]
_NATIONAL_ROWS = [("年度资金总额", "total"), ("其中：当年财政拨款", "fiscal"), ("上年结转资金", None), ("其他资金", "other")]
_LEVELS = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name")]
_EVALUATED = [("实际完成值", "actual"), ("分值", "weight"), ("得分", "score"), ("偏差原因分析及改进措施", "deviation")]
SELF_EVALUATION_LAYOUTS = {
    # 财预〔2020〕10号.
    "national-selfeval": {
        "funds": ("项目资金（万元）", _NATIONAL_FUNDS, _NATIONAL_ROWS), "lead": "绩效指标",
        "columns": [*_LEVELS, ("年度指标值", "whole"), *_EVALUATED], "goal": "beside", "total": "总分",
    },
    # Sichuan 2023: 预算执行情况(10分) with its 原因, 绩效指标(90分), 指标性质 holding the sign.
    "sichuan-2023-selfeval": {
        "funds": ("预算执行情况(10分)", [("年初预算", "initial"), ("调整后预算数", "budget"), ("预算执行数", "spent"), ("预算执行率", "rate"),
                                      ("权重", "weight"), ("得分", "score"), ("原因", "reason")],
                  [("总额", "total"), ("其中：财政资金", "fiscal"), ("其他资金", "other")]),
        "lead": "绩效指标(90分)",
        "columns": [*_LEVELS, ("指标性质", "operator"), ("指标值", "value"), ("度量单位", "unit"), ("完成值", "actual"), ("权重", "weight"),
                    ("得分", "score"), ("未完成原因分析", "deviation")],
        "goal": ("年度目标", "年度目标完成情况"), "total": "合计",
    },
    # Sichuan 2022 (财政衔接资金): no 年初预算数, 分值 before the target, 全年实际值.
    "sichuan-2022-selfeval": {
        "funds": ("项目资金（万元）", [("全年预算数（A）", "budget"), ("全年执行数（B）", "spent"), ("分值", "weight"), ("执行率（B/A）", "rate"), ("得分", "score")],
                  [("年度资金总额", "total"), ("其中：财政资金", "fiscal"), ("其他资金", "other")]),
        "lead": "绩效指标",
        "columns": [*_LEVELS, ("分值", "weight"), ("年度指标值", "whole"), ("全年实际值", "actual"), ("得分", "score"),
                    ("未完成原因及拟采取的改进措施", "deviation")],
        "goal": "beside", "total": "总分",
    },
    # Yunnan: 指标性质 holding the sign (≧, ═), 度量单位.
    "yunnan-selfeval": {
        "funds": ("项目资金（万元）", _NATIONAL_FUNDS, _NATIONAL_ROWS), "lead": "绩效指标",
        "columns": [*_LEVELS, ("指标性质", "operator"), ("指标值", "value"), ("度量单位", "unit"), *_EVALUATED], "goal": "beside", "total": "总分",
    },
    # Inner Mongolia: 指标性质 holding 正向/反向, 指标方向 the comparison in words, the unit after the actual.
    "inner-mongolia-selfeval": {
        "funds": ("项目资金（万元）", _NATIONAL_FUNDS, _NATIONAL_ROWS), "lead": "绩效指标",
        "columns": [*_LEVELS, ("指标性质", "direction"), ("指标方向", "operator"), ("年度指标值", "value"), ("实际完成值", "actual"), ("计量单位", "unit"),
                    ("分值", "weight"), ("得分", "score"), ("偏差原因分析及改进措施", "deviation")],
        "goal": "beside", "total": "总分",
    },
    # Chongqing 2021: a one-row block, one category column (指标类型), 指标性质 holding the sign, 全年完成值, no score.
    "chongqing-selfeval": {
        "funds": ("项目预算执行情况（万元）", [("全年预算数（A）", "budget"), ("全年执行数（B）", "spent")], [(None, "total")]), "lead": None,
        "columns": [("指标类型", "level1"), ("指标名称", "name"), ("指标性质", "operator"), ("指标值", "value"), ("计量单位", "unit"),
                    ("指标权重", "weight"), ("全年完成值", "actual"), ("评价标准", "scoring")],
        "goal": ("年度总体目标", "实际完成情况"), "total": "合计",
    },
}


def write_self_evaluation(ws, row: int, table: dict, layout: str, titled: bool = True, year: int | None = None, declared_in_labels: bool = False) -> int:
    """Write one 自评表 from ``row`` in ``layout`` (``SELF_EVALUATION_LAYOUTS``); returns the next free row."""
    spec = SELF_EVALUATION_LAYOUTS[layout]
    lead = 1 if spec["lead"] else 0
    columns = spec["columns"]
    width = lead + len(columns)
    unit_table = table.get("kind") == "self-evaluation-unit"
    row = _heading(ws, row, table, width, ("部门（单位）整体支出绩效自评表", "部门（单位）名称"), titled, year, width)
    if not unit_table:
        row += 1
        ws.cell(row, 1, "主管部门")
        ws.cell(row, 2, table.get("unit"))
        _merge(ws, row, 2, row, 4)
        ws.cell(row, 5, "实施单位")
        ws.cell(row, 6, table.get("unit"))
        _merge(ws, row, 6, row, width)
        if table.get("manager"):
            row += 1
            ws.cell(row, 1, "项目负责人")
            ws.cell(row, 2, table["manager"])
            _merge(ws, row, 2, row, width)
    row += 1
    # The funds block: its label down its rows, a column per field, a row per source.
    label, heads, sources = spec["funds"]
    execution, funds = table.get("execution") or {}, table.get("funds") or {}
    ws.cell(row, 1, "年度部门整体支出预算（万元）" if unit_table else label)
    _merge(ws, row, 1, row + len(sources), 1)
    for c, (head, _) in enumerate(heads, 3):
        ws.cell(row, c, head)
    for source, key in sources:
        row += 1
        ws.cell(row, 2, source)
        for c, (_, field) in enumerate(heads, 3):
            if key == "total":
                value = execution.get(field)
            elif key is not None and field == "budget":
                value = funds.get(key)
            else:
                value = "—" if field in ("weight", "score") else None
            text = "" if value is None else str(value)
            _store(ws.cell(row, c), text.removesuffix("%"), "%" if text.endswith("%") else None)
            if text.endswith("%"):  # 95.00% as the fraction 0.95 shown with its places
                places = len(text.removesuffix("%").partition(".")[2])
                ws.cell(row, c).number_format = "0." + "0" * places + "%" if places else "0%"
    row += 1
    goal, result = table.get("goal"), table.get("goal_result")
    if spec["goal"] == "beside":  # 年度总体目标: 预期目标 | 实际完成情况, then the two texts
        ws.cell(row, 1, "年度总体目标")
        _merge(ws, row, 1, row + 1, 1)
        half = 2 + (width - 2) // 2
        for r, (left, right) in enumerate((("预期目标", "实际完成情况"), (goal, result))):
            ws.cell(row + r, 2, left)
            _merge(ws, row + r, 2, row + r, half - 1)
            ws.cell(row + r, half, right)
            _merge(ws, row + r, half, row + r, width)
        row += 2
    else:
        for label, text in zip(spec["goal"], (goal, result)):
            ws.cell(row, 1, label)
            ws.cell(row, 2, text)
            _merge(ws, row, 2, row, width)
            row += 1
    if lead:
        ws.cell(row, 1, spec["lead"])
    for c, (head, _) in enumerate(columns, 1 + lead):
        ws.cell(row, c, head)
    head_row = row
    row += 1
    start = row
    declared = dict(table.get("declared") or {})
    for indicator in table.get("indicators") or []:
        for c, (_, field) in enumerate(columns, 1 + lead):
            cell = ws.cell(row, c)
            if field == "whole":
                _text(cell, _whole(indicator))
            elif field == "level1" and declared_in_labels and indicator.get("level1") in declared:
                cell.value = f"{indicator['level1']}（{declared[indicator['level1']]}分）"
            elif field in ("value", "actual", "weight", "score"):
                _store(cell, indicator.get(field), indicator.get("unit") if field == "value" else None)
            else:
                _text(cell, indicator.get(field))
        row += 1
    if lead:
        _merge(ws, head_row, 1, row - 1, 1)
    _merge_runs(ws, start, row, 1 + lead)
    # 总分: the points of the rows and the block, the total score, the grade beside it.
    if table.get("total_score") is not None or table.get("grade"):
        at = {field: c for c, (_, field) in enumerate(columns, 1 + lead)}
        ws.cell(row, 1, spec["total"])
        _merge(ws, row, 1, row, min(at.values()) + 2)
        points = sum(float(i["weight"]) for i in table.get("indicators") or [] if i.get("weight") not in (None, "")) + float(execution.get("weight") or 0)
        _store(ws.cell(row, at["weight"]), f"{points:g}")
        if "score" in at:
            _store(ws.cell(row, at["score"]), table.get("total_score"))
        _text(ws.cell(row, width), table.get("grade"))
        row += 1
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
