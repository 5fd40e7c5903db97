"""Excel drafts and exports of target tables: .xlsx (openpyxl) and .xls (xlrd).

Every sheet becomes a grid of the text a person sees in Excel — numbers in
their number format (0.95 formatted as ``0%`` reads ``95%``), dates as dates,
merged cells as the value of every cell they cover — and then ``Row``s for
``DisclosureParser``, which finds the tables by their titles or header
blocks and the columns by their header text, whatever the province's layout.
Several tables per sheet and per workbook are read. Locations are sheet and
cell (``绩效目标!E12``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from perfcheck.model import Document, Message, SourceLocation
from perfcheck.readers import ReadError, ReadProblem
from perfcheck.readers.disclosure import DisclosureParser, Row

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xlsx in an OLE container is an encrypted one


def display_number(value: float | int, number_format: str | None) -> str:
    """A number as Excel shows it: percentages times 100, the format's decimals, no exponent."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    fmt = (number_format or "General").split(";")[0]
    decimals = None
    m = re.search(r"\.([0#]+)", fmt)
    if m:
        decimals = len(m.group(1))
    elif re.search(r"[0#]", fmt):
        decimals = 0
    if "%" in fmt:
        number *= 100
        return (f"{number:.{decimals}f}" if decimals is not None else format(number.normalize(), "f")) + "%"
    if decimals is None:  # General: the shortest exact form
        return format(number.normalize(), "f") if number != number.to_integral_value() else str(int(number))
    return f"{number:.{decimals}f}"


def display_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _grid_rows(sheet_name: str, grid: list[list[str]]) -> list[Row]:
    from openpyxl.utils import get_column_letter

    rows = []
    for r, cells in enumerate(grid, 1):
        cells = tuple(c.strip() for c in cells)
        refs = tuple(f"{get_column_letter(c)}{r}" for c in range(1, len(cells) + 1))
        rows.append(Row("\t".join(cells), SourceLocation(sheet=sheet_name, cell=f"A{r}"), cells, refs))
    return rows


def _fill_merged(grid: list[list[str]], ranges) -> None:
    """Give every cell of a merged range the value of its top-left cell (1-based, inclusive)."""
    for r1, c1, r2, c2 in ranges:
        value = grid[r1 - 1][c1 - 1]
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                    grid[r - 1][c - 1] = value


def _xlsx_sheets(path: Path) -> list[tuple[str, list[list[str]]]]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, data_only=True)  # formulas: the values Excel last computed
    sheets = []
    for ws in workbook.worksheets:
        grid = []
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
            texts = []
            for cell in row:
                value = cell.value
                if value is None:
                    texts.append("")
                elif isinstance(value, (dt.datetime, dt.date)):
                    texts.append(display_date(value))
                elif isinstance(value, bool):
                    texts.append(str(value))
                elif isinstance(value, (int, float)):
                    texts.append(display_number(value, cell.number_format))
                else:
                    texts.append(str(value))
            grid.append(texts)
        _fill_merged(grid, [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges])
        sheets.append((ws.title, grid))
    return sheets


def _xls_sheets(path: Path) -> list[tuple[str, list[list[str]]]]:
    import xlrd

    book = xlrd.open_workbook(str(path), formatting_info=True)
    sheets = []
    for sheet in book.sheets():
        grid = []
        for r in range(sheet.nrows):
            texts = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    texts.append("")
                elif cell.ctype == xlrd.XL_CELL_DATE:
                    texts.append(display_date(xlrd.xldate_as_datetime(cell.value, book.datemode)))
                elif cell.ctype == xlrd.XL_CELL_NUMBER:
                    xf = book.xf_list[sheet.cell_xf_index(r, c)]
                    fmt = book.format_map[xf.format_key].format_str
                    texts.append(display_number(cell.value, fmt))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    texts.append(str(bool(cell.value)))
                else:
                    texts.append(str(cell.value))
            grid.append(texts)
        # xlrd's ranges are 0-based, half-open.
        _fill_merged(grid, [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in sheet.merged_cells])
        sheets.append((sheet.name, grid))
    return sheets


class ExcelReader:
    name = "excel"
    suffixes = (".xlsx", ".xlsm", ".xls")

    def sniff(self, path: Path) -> bool:
        # Lock files Excel leaves beside an open workbook (~$draft.xlsx) are not workbooks.
        return not path.name.startswith("~$")

    def read(self, path: Path) -> Document:
        sheets = self._sheets(path)
        tables, repairs, projects = [], [], []
        year = None
        for name, grid in sheets:
            parsed = DisclosureParser(str(path), merge_continuations=False, untitled=True).parse(_grid_rows(name, grid))
            tables.extend(parsed.tables)
            repairs.extend(parsed.repairs)
            projects.extend(parsed.projects)
            year = year or parsed.year
        if not tables:
            looked = "、".join(f"「{n}」" for n, _ in sheets) or "（没有工作表）"
            looked_en = ", ".join(repr(n) for n, _ in sheets) or "(no sheets)"
            raise ReadError(
                [
                    ReadProblem(
                        Message(
                            f"在工作表 {looked} 中没有找到绩效目标表：没有含“三级指标”“指标值”等列标题的表头",
                            f"no target table in the sheets {looked_en}: no header row with columns such as 三级指标 and 指标值",
                        ),
                        SourceLocation(sheet=sheets[0][0]) if sheets else SourceLocation(),
                    )
                ],
                code="E002",
            )
        unit = next((t.unit for t in tables if t.unit), None)
        return Document(source=str(path), tables=tuple(tables), unit=unit, year=year, projects=tuple(projects), repairs=tuple(repairs))

    def _sheets(self, path: Path) -> list[tuple[str, list[list[str]]]]:
        head = path.read_bytes()[:8]
        if path.suffix.lower() == ".xls":
            import xlrd

            try:
                return _xls_sheets(path)
            except xlrd.XLRDError as exc:
                if "encrypt" in str(exc).lower():
                    raise self._locked() from None
                raise self._damaged(exc) from None
            except Exception as exc:  # noqa: BLE001 - xlrd raises many kinds for damaged files
                raise self._damaged(exc) from None
        if head == OLE_MAGIC:
            raise self._locked()
        try:
            return _xlsx_sheets(path)
        except Exception as exc:  # noqa: BLE001 - zipfile, XML and openpyxl errors alike mean a damaged file
            raise self._damaged(exc) from None

    @staticmethod
    def _locked() -> ReadError:
        return ReadError([ReadProblem(Message("Excel 文件有密码保护，无法读取：请提供未加密的文件", "the workbook is password-protected: provide an unencrypted copy"))])

    @staticmethod
    def _damaged(exc: Exception) -> ReadError:
        detail = f"{type(exc).__name__}: {exc}"
        return ReadError([ReadProblem(Message(f"无法打开 Excel 文件（文件可能已损坏）：{detail}", f"cannot open the workbook (is it damaged?): {detail}"))])
