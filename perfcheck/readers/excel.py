"""Excel drafts and exports of target tables: .xlsx (openpyxl) and .xls (xlrd).

Every sheet becomes a grid of the text a person sees in Excel — numbers in
their number format (0.95 formatted as ``0%`` reads ``95%``), dates as dates,
merged cells as their ranges — a ``Grid`` for the layout recogniser
(``perfcheck.readers.layouts``), which finds the tables by their titles or
header blocks and the columns by their header text, whatever the province's
layout.
Several tables per sheet and per workbook are read. Locations are sheet and
cell (``绩效目标!E12``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import attrs

from perfcheck.limits import (
    MAX_EXCEL_BYTES,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MIB,
    LimitExceeded,
    check_archive,
    check_size,
    file_size_limit,
)
from perfcheck.model import Document, Message, SourceLocation
from perfcheck.suppression import MARKER, codes_in
from perfcheck.readers import ReadError, ReadProblem
from perfcheck.readers.layouts import Grid, LayoutParser
from perfcheck.regions import region_of

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


def _inflate_bound(path: Path) -> None:
    """Refuse an archive whose members would inflate past the bounds, before inflating any."""
    import zipfile

    try:
        check_archive(path, Message("Excel 文件", "the workbook"))
    except zipfile.BadZipFile as exc:
        raise ExcelReader._damaged(exc, path) from None


def _merged_ranges(workbook, ws) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a read-only sheet, from its XML (read-only mode skips them)."""
    return _merged_ranges_in(lambda: workbook._archive.open(ws._worksheet_path))


# A sheet part up to this size is read whole to find its merged ranges
# outside <sheetData> (where the schema puts them) without parsing every cell
# again; a larger one is parsed as a stream.
_WHOLE_SHEET_BYTES = 8 * MIB
_SHEET_DATA_START = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData[\s>]")
_SHEET_DATA_END = re.compile(rb"</((?:[A-Za-z_][\w.-]*:)?)sheetData\s*>")


def _merged_ranges_in(open_part) -> list[tuple[int, int, int, int]]:
    """The ranges of every ``mergeCell`` in the sheet XML ``open_part()`` opens,
    in document order, as (first row, first column, last row, last column).

    The cells were parsed once already (openpyxl's rows): parsing them all
    again to find the few merges after them was about an eighth of reading a
    workbook. A sheet read whole is parsed without its <sheetData> when that
    gives the same answer for certain: nothing between its tags says
    ``mergeCell``, and no comment or CDATA section outside them could hide or
    fake a tag. Anything else, or XML the cut-down parse finds wrong, is
    parsed whole as before (its error is then the one reported).
    """
    from io import BytesIO
    from xml.etree.ElementTree import ParseError

    with open_part() as source:
        data = source.read(_WHOLE_SHEET_BYTES + 1)
    if len(data) > _WHOLE_SHEET_BYTES:
        with open_part() as source:  # a very large sheet: streamed from its start
            return _merge_refs(source)
    outside = _outside_sheet_data(data)
    if outside is not None:
        try:
            return _merge_refs(BytesIO(outside))
        except ParseError:
            pass
    return _merge_refs(BytesIO(data))


def _outside_sheet_data(data: bytes) -> bytes | None:
    """The sheet XML without its <sheetData> element, or None where cutting it
    out might change which merges the XML holds."""
    start = _SHEET_DATA_START.search(data)
    close_tag = data.rfind(b"<", 0, data.rfind(b"sheetData"))  # the last </sheetData>, if it is one
    if start is None or close_tag < 0:
        return None
    end = _SHEET_DATA_END.match(data, close_tag)
    if end is None or end.end() <= start.end() or end.group(1) != start.group(1):
        return None
    if data.find(b"mergeCell", start.start(), end.end()) >= 0:
        return None
    outside = data[: start.start()] + data[end.end() :]
    if b"<!--" in outside or b"<![CDATA[" in outside:
        return None
    return outside


def _merge_refs(source) -> list[tuple[int, int, int, int]]:
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import range_boundaries

    ranges = []
    for _, element in iterparse(source):
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "mergeCell":
            try:
                c1, r1, c2, r2 = range_boundaries(element.get("ref", ""))
            except (ValueError, TypeError):
                continue  # a damaged ref merges nothing
            if None not in (c1, r1, c2, r2):
                ranges.append((r1, c1, r2, c2))
        elif tag in ("c", "row"):
            element.clear()  # cells are read by openpyxl; keep memory flat
    return ranges


# openpyxl's full mode (which the annotated copy needs) makes an object for
# every cell a merged range covers: more than this many is refused.
MAX_MERGED_CELLS = 200_000


def check_annotatable(path: Path) -> None:
    """``LimitExceeded`` unless openpyxl can load ``path`` in full mode within bounds."""
    import openpyxl

    _inflate_bound(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        covered = sum((r2 - r1 + 1) * (c2 - c1 + 1) for ws in workbook.worksheets for r1, c1, r2, c2 in _merged_ranges(workbook, ws))
    finally:
        workbook.close()
    if covered > MAX_MERGED_CELLS:
        raise LimitExceeded(
            Message(
                f"工作簿的合并单元格共覆盖 {covered:,} 个单元格（上限 {MAX_MERGED_CELLS:,}），无法写出批注副本",
                f"the workbook's merged ranges cover {covered:,} cells (the limit is {MAX_MERGED_CELLS:,}); no annotated copy can be written",
            )
        )


def _note_markers(workbook, ws) -> dict[int, tuple[str, ...]]:
    """Rows whose cell notes say ``perfcheck: ignore[…]``, with the codes, from
    the sheet's comments part (read-only mode does not load notes)."""
    import posixpath
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import coordinate_from_string

    folder, name = posixpath.split(ws._worksheet_path)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    archive = workbook._archive
    if rels not in archive.namelist():
        return {}
    targets = []
    with archive.open(rels) as source:
        for _, element in iterparse(source):
            if element.get("Type", "").endswith("/comments"):
                targets.append(posixpath.normpath(posixpath.join(folder, element.get("Target", ""))).lstrip("/"))
    markers: dict[int, tuple[str, ...]] = {}
    for target in targets:
        if target not in archive.namelist():
            continue
        with archive.open(target) as source:
            for _, element in iterparse(source):
                if element.tag.rsplit("}", 1)[-1] != "comment":
                    continue
                text, ref = "".join(element.itertext()), element.get("ref", "")
                element.clear()
                if MARKER.search(text):
                    try:
                        row = coordinate_from_string(ref)[1]
                    except Exception:  # noqa: BLE001 - a damaged ref marks nothing
                        continue
                    markers[row] = tuple(dict.fromkeys(markers.get(row, ()) + codes_in(text)))
    return markers


def _row_of(location: SourceLocation) -> int | None:
    m = re.search(r"(\d+)$", location.cell or "")
    return int(m.group(1)) if m else None


def _with_notes(tables, sheet: str, markers: dict[int, tuple[str, ...]]):
    """Tables with the suppressions noted on their rows: a note on an indicator's
    row ignores for that row, one on the table's first row for the table."""
    if not markers:
        return tables
    marked = []
    for table in tables:
        indicators = tuple(
            attrs.evolve(i, ignore=tuple(dict.fromkeys(i.ignore + markers.get(_row_of(i.location), ()))))
            if i.location.sheet == sheet and _row_of(i.location) in markers else i
            for i in table.indicators
        )
        own = markers.get(_row_of(table.location), ()) if table.location.sheet == sheet else ()
        marked.append(attrs.evolve(table, indicators=indicators, ignore=tuple(dict.fromkeys(table.ignore + own))))
    return marked


def _cell_text(value, number_format: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return display_date(value)
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return display_number(value, number_format)
    return str(value)


def _written(row: tuple, padding) -> tuple:
    """The row up to its last cell the sheet's XML has.

    openpyxl pads every row to MAX_SHEET_COLUMNS with its one empty cell,
    ``padding`` (a table uses ten columns or so): an identity test per
    padding cell is cheaper than reading each one's value. What is cut off
    would read as "", which ``_trimmed`` restores.
    """
    end = len(row)
    while end and row[end - 1] is padding:
        end -= 1
    return row[:end]


def _trimmed(grid: list[list[str]]) -> list[list[str]]:
    """Rows cut to the rightmost column that has text anywhere, and no trailing blank rows."""
    width = max((max((i + 1 for i, t in enumerate(row) if t), default=0) for row in grid), default=0)
    while grid and not any(grid[-1]):
        grid.pop()
    return [(row + [""] * (width - len(row)))[:width] for row in grid]


def _xlsx_sheets(path: Path) -> list[tuple[str, Grid, dict[int, tuple[str, ...]]]]:
    import openpyxl
    from openpyxl.cell.read_only import EMPTY_CELL

    _inflate_bound(path)
    # Read-only mode streams each sheet's XML: a claimed XFD1048576 or a million
    # empty rows cost nothing past the bounds below. data_only: formulas read as
    # the values Excel last computed.
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = []
        for ws in workbook.worksheets:
            grid = [
                ["" if cell.value is None else _cell_text(cell.value, getattr(cell, "number_format", None)) for cell in _written(row, EMPTY_CELL)]
                for row in ws.iter_rows(max_row=MAX_SHEET_ROWS, max_col=MAX_SHEET_COLUMNS)
            ]
            grid = Grid(_trimmed(grid), _merged_ranges(workbook, ws), sheet=ws.title)
            try:
                notes = _note_markers(workbook, ws)
            except Exception:  # noqa: BLE001 - damaged notes suppress nothing; the cells still read
                notes = {}
            sheets.append((ws.title, grid, notes))
        return sheets
    finally:
        workbook.close()


def _xls_sheets(path: Path) -> list[tuple[str, Grid, dict[int, tuple[str, ...]]]]:
    import xlrd

    book = xlrd.open_workbook(str(path), formatting_info=True)
    sheets = []
    for sheet in book.sheets():
        grid = []
        for r in range(min(sheet.nrows, MAX_SHEET_ROWS)):
            texts = []
            for c in range(min(sheet.ncols, MAX_SHEET_COLUMNS)):
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
        grid = Grid(grid, [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in sheet.merged_cells], sheet=sheet.name)
        notes: dict[int, tuple[str, ...]] = {}
        for (r, _c), note in getattr(sheet, "cell_note_map", {}).items():
            if MARKER.search(note.text or ""):
                notes[r + 1] = tuple(dict.fromkeys(notes.get(r + 1, ()) + codes_in(note.text)))
        sheets.append((sheet.name, grid, notes))
    return sheets


class ExcelReader:
    name = "excel"
    suffixes = (".xlsx", ".xlsm", ".xls")
    fixer = None  # what writes fixes back (perfcheck.writeback): given where the reader is registered

    def __init__(self, fixer=None):
        self.fixer = fixer

    def sniff(self, path: Path) -> bool:
        # Lock files Excel leaves beside an open workbook (~$draft.xlsx) are not workbooks.
        return not path.name.startswith("~$")

    def read(self, path: Path) -> Document:
        sheets = self._sheets(path)
        tables, repairs, projects = [], [], []
        year = None
        for name, grid, notes in sheets:
            parsed = LayoutParser(str(path), merge_continuations=False, untitled=True).parse(grid.rows())
            tables.extend(_with_notes(parsed.tables, name, notes))
            repairs.extend(parsed.repairs)
            projects.extend(parsed.projects)
            year = year or parsed.year
        if not tables:
            looked = "、".join(f"「{n}」" for n, *_ in sheets) or "（没有工作表）"
            looked_en = ", ".join(repr(n) for n, *_ in sheets) or "(no sheets)"
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
                no_table=True,
            )
        unit = next((t.unit for t in tables if t.unit), None)
        return Document(
            source=str(path), tables=tuple(tables), unit=unit, year=year, region=region_of(unit),
            projects=tuple(projects), repairs=tuple(repairs),
        )

    def _sheets(self, path: Path) -> list[tuple[str, Grid, dict[int, tuple[str, ...]]]]:
        check_size(path, file_size_limit(MAX_EXCEL_BYTES))
        with open(path, "rb") as f:
            head = f.read(8)
        if path.suffix.lower() == ".xls":
            import xlrd

            try:
                return _xls_sheets(path)
            except xlrd.XLRDError as exc:
                if "encrypt" in str(exc).lower():
                    raise self._locked() from None
                raise self._damaged(exc, path) from None
            except Exception as exc:  # noqa: BLE001 - xlrd raises many kinds for damaged files
                raise self._damaged(exc, path) from None
        if head == OLE_MAGIC:
            raise self._locked()
        try:
            return _xlsx_sheets(path)
        except (LimitExceeded, ReadError):
            raise
        except Exception as exc:  # noqa: BLE001 - zipfile, XML and openpyxl errors alike mean a damaged file
            raise self._damaged(exc, path) from None

    @staticmethod
    def _locked() -> ReadError:
        return ReadError([ReadProblem(Message("Excel 文件有密码保护，无法读取：请提供未加密的文件", "the workbook is password-protected: provide an unencrypted copy"))])

    @staticmethod
    def _damaged(exc: Exception, path: Path) -> ReadError:
        """A workbook the libraries could not open, said by what the file
        holds (nothing, a PDF, a web page saved as .xls, no workbook at all,
        a damaged one) and what to do; the library's words are the detail."""
        detail = f"{type(exc).__name__}: {exc}"
        try:
            with open(path, "rb") as f:
                head = f.read(512)
        except OSError:
            head = b"?"
        suffix = path.suffix.lower() or ".xlsx"
        again = "请用 Excel 打开原稿，另存为 .xlsx 后再检查"
        again_en = "open the original in Excel and save it as .xlsx, then check that"
        if not head:
            message = Message(f"文件为空（0 字节），里面没有工作簿：{again}", f"the file is empty (0 bytes): there is no workbook in it; {again_en}")
        elif head.lstrip().startswith(b"%PDF"):
            message = Message(
                f"这其实是一个 PDF 文件，只是扩展名为 {suffix}：请把扩展名改为 .pdf 再检查",
                f"this is a PDF file named {suffix}: rename it to .pdf and check it again",
            )
        elif head.lstrip()[:1] == b"<" and any(tag in head.lower() for tag in (b"<html", b"<table", b"<!doctype", b"<?xml")):
            message = Message(
                f"这其实是一个网页（HTML/XML）文件，只是扩展名为 {suffix}（有些系统这样“导出 Excel”）：请用 Excel 打开它，另存为 .xlsx 后再检查",
                f"this is a web page (HTML/XML) named {suffix}, as some systems 'export to Excel': open it in Excel, save it as .xlsx, then check that",
            )
        elif suffix == ".xls" and head.startswith(b"PK"):
            message = Message(
                "这其实是一个 .xlsx 工作簿，只是扩展名为 .xls：请把扩展名改为 .xlsx 再检查",
                "this is an .xlsx workbook named .xls: rename it to .xlsx and check it again",
            )
        elif not head.startswith((b"PK", OLE_MAGIC)):
            message = Message(
                f"这不是 Excel 工作簿（文件内容不是 {suffix} 格式，可能只是改了扩展名）：{again}",
                f"this is not an Excel workbook (its content is not {suffix}; was it only renamed?): {again_en}",
            )
        else:
            message = Message(
                f"工作簿已损坏，无法读取（文件不完整，或保存时出了错）：{again}；Excel 也打不开的，请向报送单位索取原稿",
                f"the workbook is damaged and cannot be read (incomplete, or badly saved): {again_en}; if Excel cannot open it either, ask its sender for the original",
            )
        return ReadError([ReadProblem(message, detail=detail)])
