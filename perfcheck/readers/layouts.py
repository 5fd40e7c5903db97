"""One layout recogniser behind every reader: grids and rows in, ``Table``s out.

Every reader turns its file into rows: a worksheet, a Word table or an HTML
table first into a ``Grid`` (cells with their text, their row and column
span, and where they are), which ``Grid.rows`` lays out as the person sees
it, a merged cell's text in every slot it covers; a PDF's ruled tables and
the text extracted from a disclosure straight into ``Row``s, with lines of
running text between them. ``LayoutParser`` reads a ``Document`` from those
rows, for every template perfcheck knows:

- the Xinjiang layout of the seed (title, header block, 指标值 / 设置依据 /
  上年完成值 / 分值 / 赋分规则 / 佐证资料 columns);
- the national 2021 项目支出绩效目标表: 项目名称 / 主管部门 / 实施单位, the
  资金 rows and 年度总体目标 above the indicator rows, 绩效指标 merged over
  一级 / 二级 / 三级指标 (a two-row header);
- 单位 / 部门整体绩效目标表;
- the older two-level layout (Fujian 2020): 总体目标, or 立项项目名称 and
  概况, above a 绩效目标 block of 指标 | 绩效内容 | 全年绩效目标值 — a
  level-1 column headed just 指标 (投入, 产出, 效益), the name in
  绩效内容 (指标内容), no level 2; a 备注 merged across the table's foot is
  a note, not an indicator; where the 项目名称 cell is blank, the title
  above the table names it (2. 部门专项资金绩效目标表: 部门专项资金), unless
  it is a title every table has (项目支出绩效目标表);
- the Hunan and Inner Mongolia split columns (指标值类型 or 指标性质, 计算符号,
  目标值, 度量 or 计量单位), in one header row or two;
- self-evaluation tables (项目支出绩效自评表, 部门整体支出绩效自评表): the parts
  they add (funds block, 实际完成情况, 实际完成值 / 得分 / 偏差原因 columns,
  总分 and 自评等级) are read by ``perfcheck.readers.selfeval``.

It repairs what a PDF did on the way:

- a cell whose text wrapped shows spaces where it wrapped (``平台日 常运维``):
  removed between CJK characters;
- a number split by whitespace (``20,000 .00``): joined, and kept as a
  ``Repair`` (rule V006) — indicator values keep their text, the grammar
  joins those;
- a row broken by a page end continues on a later line, cell by cell: merged
  back into its row (page-based sources only);
- header rows repeated on a new page: skipped.

Nothing here knows a file format or the corpus document: tables are found by
their titles or header blocks, columns by their header text.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from itertools import zip_longest
from typing import Iterable

import attrs

from perfcheck.model import FUND_FIELDS, FUND_PARTS, INDICATOR_COLUMNS, Allocation, AllocationItem, Document, FundColumn, Funds, ProjectEntry, Repair
from perfcheck.model import Message, SourceLocation, StatedCount, Table, TableKind, TableKindDef
from perfcheck.readers import ReadError, ReadProblem, build_indicator, repaired_amount
from perfcheck.readers.selfeval import GRADE_LABELS, SELF_EVALUATION_COLUMN_RULES, SELF_EVALUATION_LABELS, TOTAL_LABELS
from perfcheck.readers.selfeval import ExecutionBlock, evaluation_kind, execution_columns, first_label, goal_columns
from perfcheck.readers.selfeval import self_evaluation_title
from perfcheck.regions import region_of
from perfcheck.suppression import codes_in
from perfcheck.text import fold, read_amount, squeeze
from perfcheck.valueforms import COMPARISON_WORDS
from perfcheck.values import PLACEHOLDER_CELLS


# Not frozen: a frozen attrs class sets each field through object.__setattr__,
# and a disclosure has thousands of rows. Nothing changes a row once made.
@attrs.define(eq=False)
class Row:
    """A table row (``cells``) or a line of running text (``cells`` is None).

    ``number`` is the row's number where the source names each cell A1-style
    (``E12`` in a worksheet, a Word table); ``at(i)`` is then that cell's
    location, else the row's. (Named when asked: most cells never are.)
    """

    text: str
    location: SourceLocation
    cells: tuple[str, ...] | None = None
    number: int | None = None

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    def at(self, index: int | None) -> SourceLocation:
        if self.number is None or index is None or index >= len(self.cells):
            return self.location
        return _cell_at(self.location.sheet, self.location.page, index + 1, self.number)


@functools.lru_cache(maxsize=4096)
def cell_location(sheet: str | None, page: int | None, cell: str) -> SourceLocation:
    """A named cell's location. One object serves every document's 表格1!A7:
    a location never changes, every grid's rows name the same few cells, and
    making one costs more than finding it (a frozen class sets each field)."""
    return SourceLocation(sheet=sheet, page=page, cell=cell)


@functools.lru_cache(maxsize=4096)
def _cell_at(sheet: str | None, page: int | None, column: int, row: int) -> SourceLocation:
    """``cell_location`` of a cell by its column and row numbers (1-based),
    found without spelling its name: each indicator names two cells."""
    return cell_location(sheet, page, f"{_letters(column)}{row}")


@functools.lru_cache(maxsize=1024)  # every row of every grid names the same few columns
def _letters(column: int) -> str:
    """A1-style column letters of a 1-based column: 1 -> A, 27 -> AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@attrs.define(eq=False)
class Cell:
    """A cell as its source has it: its text and the rows and columns it spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1


@attrs.define(eq=False)
class Grid:
    """A table as a person sees it: ``texts`` holds every slot's text row by
    row (a merged cell's in its top-left slot), ``merges`` the merged ranges
    as (first row, first column, last row, last column), 1-based, inclusive.

    Where it is: ``sheet`` when its cells are named A1-style within it (a
    worksheet; a Word table, whose formulas name cells so), each row then
    located at its cells; ``page`` for a table on a scanned page, its cells
    named A1-style too, its rows numbered from ``first_row`` (the page's
    tables one after another, so that a name is the page's); else
    ``lines``, the line each row starts at (HTML).
    """

    texts: list[list[str]]
    merges: list[tuple[int, int, int, int]] = attrs.Factory(list)
    sheet: str | None = None
    lines: list[int] | None = None
    page: int | None = None
    first_row: int = 1

    @classmethod
    def of_cells(cls, rows: list[list[Cell]], *, max_rows: int, max_columns: int, **where) -> "Grid":
        """A grid from rows of spanning cells (HTML, Word), laid out as the
        HTML table model does: each cell takes the first slot of its row that
        no span from above holds. Spans are clipped to ``max_rows`` and
        ``max_columns``, so a claimed rowspan of 65,534 costs the rows there
        are, not the rows it names."""
        height = min(len(rows), max_rows)
        held: list[set[int]] = [set() for _ in range(height)]  # each row's columns a span holds
        texts: list[list[str]] = []
        merges = []
        for r in range(height):
            taken = held[r]
            line: list[str] = []
            c = 0
            for cell in rows[r]:
                while c in taken:
                    c += 1
                if c >= max_columns:
                    break
                last_column = c
                if cell.rowspan > 1 or cell.colspan > 1:
                    last_row = min(r + cell.rowspan, height) - 1
                    last_column = min(c + cell.colspan, max_columns) - 1
                    if last_row > r or last_column > c:
                        merges.append((r + 1, c + 1, last_row + 1, last_column + 1))
                        for rr in range(r, last_row + 1):
                            held[rr].update(range(c, last_column + 1))
                if len(line) < c:
                    line.extend([""] * (c - len(line)))
                line.append(cell.text)
                c = last_column + 1
            texts.append(line)
        width = max((len(line) for line in texts), default=0)
        width = max(width, max((max(taken) + 1 for taken in held if taken), default=0))
        for line in texts:
            if len(line) < width:
                line.extend([""] * (width - len(line)))
        return cls(texts, merges, **where)

    def rows(self) -> list[Row]:
        """The grid's ``Row``s, every slot of a merged range showing its text."""
        fill_merged(self.texts, self.merges)
        strip = str.strip
        if self.sheet is not None:
            sheet = self.sheet
            return [
                Row("\t".join(cells), _cell_at(sheet, None, 1, r), cells, r)
                for r, cells in enumerate((tuple(map(strip, texts)) for texts in self.texts), 1)
            ]
        if self.page is not None:
            # A scanned page's table: its cells named A1-style from the page's first table row on.
            location, first = SourceLocation(page=self.page), self.first_row
            return [
                Row("\t".join(cells), location, cells, first + r)
                for r, cells in enumerate(tuple(map(strip, texts)) for texts in self.texts)
            ]
        lines = self.lines or ()
        return [
            Row("\t".join(cells), SourceLocation(line=lines[r] if r < len(lines) else None), cells)
            for r, cells in enumerate(tuple(map(strip, texts)) for texts in self.texts)
        ]


def fill_merged(grid: list[list[str]], ranges) -> None:
    """Give every cell of a merged range the value of its top-left cell (1-based, inclusive).

    Ranges are clipped to the grid first: a range over a whole sheet costs
    the cells the grid has, not the 17 billion it names.
    """
    height = len(grid)
    for r1, c1, r2, c2 in ranges:
        if r1 > height or r1 < 1 or c1 < 1:
            continue
        width = len(grid[r1 - 1])
        if c1 > width:
            continue
        value = grid[r1 - 1][c1 - 1]
        for r in range(r1, min(r2, height) + 1):
            row = grid[r - 1]
            for c in range(c1, min(c2, len(row)) + 1):
                row[c - 1] = value



# Indicator columns by their header text (whitespace removed). The first rule
# whose word the header contains wins, so the specific ones come first:
# 指标值设置依据 is a basis, not a value; 指标值计算符号 (a two-row header) an operator.
COLUMN_RULES = (
    # A reviewer's column of accepted findings (perfcheck: ignore[V002], or just V002).
    ("ignore", ("忽略规则", "审查忽略", "perfcheck-ignore")),
    ("value_type", ("指标值类型", "指标性质", "指标类型", "值类型")),
    ("basis", ("设置依据", "设定依据", "依据")),
    ("last_year", ("上年完成值", "上年实际", "上年值", "上一年", "上年度", "历史值")),
    # A monitoring table's forecast (全年预计完成值): no actual, and read into no field.
    ("forecast", ("预计完成", "预计值")),
    *SELF_EVALUATION_COLUMN_RULES,  # 实际完成值, 得分, 偏差原因分析及改进措施
    ("direction", ("指标方向", "方向")),
    ("operator", ("计算符号", "运算符号", "比较符号", "符号")),
    ("unit", ("计量单位", "度量单位", "单位")),
    ("explanation", ("指标解释", "指标说明", "指标内涵")),
    ("scoring", ("赋分规则", "评分标准", "评（扣）分标准", "评(扣)分标准", "扣分标准", "计分方法", "评分规则")),
    ("evidence", ("佐证资料", "佐证材料")),
    ("note", ("备注",)),
    ("weight", ("分值", "权重")),
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    # 绩效内容, 指标内容: the name column of a two-level layout (older Fujian, Hubei).
    ("name", ("三级指标", "指标名称", "绩效内容", "指标内容")),
    ("value", ("目标值", "指标值")),
)
# The words a header row's name column is headed with (one of them in the row, or it is no header).
NAME_HEADS = dict(COLUMN_RULES)["name"]
# A column headed just 指标, left of the name column (指标 | 绩效内容 | 全年绩效目标值):
# the level 1 (投入, 产出, 效益) of a layout without a level 2.
BARE_LEVEL1_HEADS = frozenset({"指标"})
PIECE_FIELDS = ("operator", "unit", "direction", "value_type")


@functools.lru_cache(maxsize=2048)  # headers repeat on every page and every table
def column_key(header: str) -> str | None:
    text = squeeze(header)
    if not text:
        return None
    return next((key for key, words in COLUMN_RULES if any(w in text for w in words)), None)


def recognize_columns(cells: tuple[str, ...]) -> dict[str, int] | None:
    """Column positions of an indicator header row, or None if the row is not one."""
    # A header has a name column (三级指标, 指标名称, 绩效内容): a row without
    # such a word is none, whatever its cells say (most rows are indicators, not headers).
    joined = "".join(cells)
    # 三级指标 has 三 and 级, 指标名称 名 and 称, 绩效内容 and 指标内容 内 and 容,
    # all have 标 (绩效内容 beside its 指标 column): single characters no line
    # wrap can split. An indicator row's 数量指标 has 标, its name may have 级
    # or 名, but seldom both of a pair.
    if "标" not in joined or not (("三" in joined and "级" in joined) or ("名" in joined and "称" in joined) or ("内" in joined and "容" in joined)):
        return None
    joined = squeeze(joined)
    if not any(word in joined for word in NAME_HEADS):
        return None
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        key = column_key(cell)
        if key is not None and key not in columns:
            columns[key] = i
    if "level1" not in columns:
        _category_column(cells, columns)
    if "level1" not in columns and "name" in columns:
        bare = next((i for i, c in enumerate(cells[: columns["name"]]) if squeeze(c) in BARE_LEVEL1_HEADS), None)
        if bare is not None:
            columns["level1"] = bare
    if "name" in columns and ("value" in columns or "level1" in columns):
        return columns
    return None


def _category_column(cells: tuple[str, ...], columns: dict[str, int]) -> None:
    """指标类型 beside 指标性质 with no 一级指标 (Chongqing's 自评表): the type is
    the category (产出类指标, 效益类指标), the 性质 the row's own."""
    kind = next((i for i, c in enumerate(cells) if squeeze(c) in ("指标类型", "指标类别")), None)
    nature = next((i for i, c in enumerate(cells) if "指标性质" in squeeze(c)), None)
    if kind is not None and nature is not None:
        columns["level1"], columns["value_type"] = kind, nature


# What a split layout's cells hold, whatever their header says.
_COMPARISON_SIGNS = frozenset("<>=≥≤≧≦＞＜＝═")
_DIRECTIONS = frozenset(("正向", "反向", "正向指标", "反向指标"))


def _is_comparison(text: str) -> bool:
    return all(ch in _COMPARISON_SIGNS for ch in text) or text in COMPARISON_WORDS


def mislabelled_columns(columns: dict[str, int], records: Iterable[dict]) -> dict[str, str]:
    """Split columns whose cells are other than their header says, as some
    provinces print them: a 指标性质 or 指标方向 column of comparisons only (≧,
    ═, 大于等于; Yunnan, Sichuan 2023, Chongqing, Inner Mongolia 2024) is the
    operator, a 指标性质 of 正向 / 反向 only the direction. Judged on the
    column's filled cells (placeholders such as 无 aside), and only into a
    column the layout lacks: {header's key: the key its cells are}."""
    records = list(records)
    free = {k for k in ("operator", "direction") if k not in columns}
    renamed: dict[str, str] = {}
    for key in ("direction", "value_type"):
        if key not in columns or not free:
            continue
        cells = {r.get(key, "").strip() for r in records} - PLACEHOLDER_CELLS - {""}
        if not cells:
            continue
        to = "operator" if all(map(_is_comparison, cells)) else "direction" if cells <= _DIRECTIONS else None
        if to is not None and to != key and to in free:
            renamed[key] = to
            free.discard(to)
            free.add(key)  # a 指标方向 moved to the operator leaves the direction to take
    return renamed


def row_title(row: "Row") -> str | None:
    """The row's text when it is a single piece (running text, or a title merged across cells)."""
    filled = [c for c in (row.cells or (row.text,)) if c.strip()]
    return filled[0] if filled and len(set(map(squeeze, filled))) == 1 else None


def table_title(text: str) -> TableKindDef | None:
    """项目支出绩效目标表, 2024年度单位整体绩效目标表, 项目支出绩效目标申报表 …
    and the self-evaluation tables (项目支出绩效自评表 …)."""
    text = squeeze(text)
    if "自评" in text:
        return self_evaluation_title(text)
    if "绩效目标" not in text or not text.endswith("表") or len(text) > 30:
        return None
    return TableKind.UNIT if "整体" in text else TableKind.PROJECT


# Header labels (whitespace, colons and a trailing (万元) removed).
LABELS = {
    "预算单位": "unit",
    "单位名称": "unit",
    "单位名称（盖章）": "unit",
    "部门名称": "unit",
    "部门名称（盖章）": "unit",
    "主管部门": "unit",
    "实施单位": "unit",
    "项目单位": "unit",
    "项目名称": "name",
    "立项项目名称": "name",
    "项目负责人": "manager",
    "单位联系人": "manager",
    "联系人": "manager",
    "项目总体目标": "goal",
    "年度绩效目标": "goal",
    "年度总体目标": "goal",
    "总体目标": "goal",
    # The older Fujian template: 立项项目名称, then 概况 where later ones have 总体目标.
    "概况": "goal",
    "年度预算总额": "total",
    "资金总额": "total",
    "年度资金总额": "total",
    "项目资金总额": "total",
    "其中财政拨款": "fiscal",
    "财政拨款": "fiscal",
    "其中财政资金": "fiscal",
    "其他资金": "other",
    "财政资金": "fiscal",
    # The national 2021 template's funds block, with its two totals.
    "年度资金申请总额": "total",
    "中期资金总额": "total",
    "当年财政拨款": "fiscal",
    "其中当年财政拨款": "fiscal",
    "上年结转资金": "carried",
    "其中上年结转资金": "carried",
    "上年结转": "carried",
    "其中其他资金": "other",
}
MONEY_LABELS = {"total", "fiscal", "carried", "other"}

YEAR_LINE = re.compile(r"^[(（](\d{4})年?度?[)）]$")
PAGE_NUMBER = re.compile(r"^(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,3})$")
RULE_LINE = re.compile(r"^[-—–=_\s|]+$")
# The first character of a squeezed YEAR_LINE, PAGE_NUMBER or RULE_LINE, digits aside.
_FURNITURE_STARTS = frozenset("(（-—–第=_|")
# 续表, 续上表, （续）, 续表2: a table broken by a page or a layout goes on below it.
CONTINUED = re.compile(r"^[(（]?续上?表?[\d\-－.]*[)）]?[:：]?$")
NARRATIVE_PROJECT = re.compile(r"^\s*\d+\s*[、.．]\s*项目名称[:：]\s*(?P<name>.+?)\s*$")
ALLOCATION = re.compile(r"资金分配情况[:：]\s*(?P<items>.+)$")
ITEM = re.compile(r"^(?P<name>.*?)\s*(?P<amount>\d[\d,]*(?:\.\d+)?)\s*万元$")
SECTION = re.compile(r"^[一二三四五六七八九十]+、")
# Counts the narrative states: 整体预算绩效目标 1 个，当年财政拨款项目 18 个，当年非财政拨款项目 1 个
STATED_COUNTS = {
    "unit_tables": re.compile(r"整体(?:预算)?绩效目标\s*(\d+)\s*个"),
    "fiscal_projects": re.compile(r"(?<!非)财政拨款项目\s*(\d+)\s*个"),
    "other_projects": re.compile(r"非财政拨款项目\s*(\d+)\s*个"),
}
DECLARED_POINTS = re.compile(r"^(?P<name>.+?)\s*[（(]\s*(?P<points>\d+(?:\.\d+)?)\s*分\s*[）)]$")


def _total_columns(cells: tuple[str, ...], keys: list[str | None]) -> list[tuple[str, int]] | None:
    """A funds block's row that names two totals or more (项目资金总额 beside
    年度资金申请总额): each total's label and the column its amounts are in,
    the cell after the label where that holds the amount, else the label's
    own (the amounts below it). None for any other row. ``keys``: each
    cell's ``field_label``."""
    found: list[tuple[str, int]] = []
    previous = None
    for i, cell in enumerate(cells):
        if cell == previous:
            continue  # a merged label: one
        previous = cell
        if keys[i] != "total":
            continue
        after = next((j for j in range(i + 1, len(cells)) if cells[j] != cell), None)
        found.append((cell, after if after is not None and read_amount(cells[after])[0] is not None else i))
    return found if len({_label(label) for label, _ in found}) >= 2 else None


def _total_or_parts(amounts: dict) -> Decimal | None:
    """A funds block's total as stated, else the sum of the parts it states
    (财政拨款, 上年结转资金, 其他资金); None when it states neither."""
    if amounts.get("total") is not None:
        return amounts["total"]
    parts = [amounts[k] for k in FUND_PARTS if amounts.get(k) is not None]
    return sum(parts, Decimal(0)) if parts else None


def is_field_label(line: str) -> bool:
    """The start of the next field of a narrative item: 资金执行时间：…, 补贴人数：…
    (2 to 12 CJK characters, then a colon). Not a regular expression: a class
    of 20,000 characters takes a millisecond to compile, on every run."""
    count = 0
    for char in line[:13]:
        if not "\u4e00" <= char <= "\u9fff":
            break
        count += 1
    return 2 <= count <= 12 and line[count : count + 1] in (":", "：")


@functools.lru_cache(maxsize=2048)  # the same labels head every table
def _label(cell: str) -> str:
    text = squeeze(cell).replace(":", "").replace("：", "")
    return re.sub(r"[(（]万元[)）]$", "", text)


def field_label(cell: str) -> str | None:
    """The header field a cell labels (unit, name, total, fiscal …): a
    target table's (``LABELS``) or a 自评表's; None for anything else."""
    if not cell:
        return None
    label = _label(cell)
    return LABELS.get(label) or SELF_EVALUATION_LABELS.get(label)


NOTE_STARTS = ("备注", "注:", "注：", "说明:", "说明：", "填表说明", "填报说明")
_NOTE_FIRSTS = tuple({word[0] for word in NOTE_STARTS})


def is_note(cells: tuple[str, ...]) -> bool:
    """A note below a table's indicators (备注：按部门预算批复的绩效目标表填写…),
    one text however many cells it is merged across: not an indicator."""
    first = next((c for c in cells if c.strip()), "").lstrip()
    if not first.startswith(_NOTE_FIRSTS):
        return False  # most rows: an indicator
    filled = {squeeze(c) for c in cells if c.strip()}
    return len(filled) == 1 and next(iter(filled)).startswith(NOTE_STARTS)


# A title's numbering (1. 2、 (二) 三、 附表5： 表3-1) and year (2024年度): not part of the name it gives.
_TITLE_NUMBER = re.compile(r"^(?:(?:(?:附件|附表|表)[\d\-－]*[.、．:：]?|[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[.、．])\s*)+")
_TITLE_YEAR = re.compile(r"^\d{4}年度?")
_TARGET_TABLE = re.compile(r"绩效目标(?:申报)?表$")
# What a title says of every table of its kind: no project's name.
_GENERIC_TITLES = frozenset({"", "项目", "项目支出", "部门项目支出", "单位项目支出", "部门", "单位", "部门预算项目", "预算项目"})


def title_name(title: str | None) -> str | None:
    """The project a table's title names where its 项目名称 cell is blank
    (2. 部门专项资金绩效目标表 → 部门专项资金): the title without its
    numbering and 绩效目标表; None for a title every table has, whatever
    its year (项目支出绩效目标表, 2024年度部门整体绩效目标表)."""
    text = squeeze(_TITLE_NUMBER.sub("", (title or "").strip()))
    if not _TARGET_TABLE.search(text):
        return None
    text = _TARGET_TABLE.sub("", text)
    core = _TITLE_YEAR.sub("", text)
    return None if core in _GENERIC_TITLES or "整体" in core else fold(text)


@attrs.define
class _TableBuilder:
    kind: TableKindDef
    location: SourceLocation
    # Rows broken by a page end are merged back: for page-based sources only.
    merge_continuations: bool = True
    # No title named the kind (a worksheet's table starting at 项目名称): its
    # columns and funds block tell a 自评表 then.
    titled: bool = True
    # The title above the table (its name where the 项目名称 cell is blank).
    title: str | None = None
    fields: dict = attrs.Factory(dict)
    money: dict = attrs.Factory(lambda: {"total": [], "fiscal": [], "carried": [], "other": []})
    money_source: str | None = None  # unit tables list fiscal and other funds over several rows
    columns: dict | None = None
    header: tuple[str, ...] | None = None  # the header row, while a second one may follow
    repeated: bool = False  # that header row repeats the table's header (a new page)
    rows: list = attrs.Factory(list)
    repairs: list = attrs.Factory(list)
    # Cells of a worksheet a table-level finding is put on (Table.weights_cell, funds_cell).
    header_rows: list = attrs.Factory(list)
    funds_cell: SourceLocation | None = None
    # What a self-evaluation table adds (perfcheck.readers.selfeval): its funds
    # block, the 预期目标 | 实际完成情况 head awaiting its row, the 总分 row
    # (after which only a grade is read) and the 自评等级.
    execution: ExecutionBlock | None = None
    goal_heads: dict | None = None
    total: tuple[str, SourceLocation] | None = None
    grade: tuple[str, SourceLocation] | None = None
    # A funds block with two total columns or more: [label, column, amounts by field, the total's cell] each.
    fund_columns: list | None = None

    @property
    def started(self) -> bool:
        return bool(self.rows)

    @property
    def fresh(self) -> bool:
        """Nothing of the table read yet: only its title."""
        return (
            not self.header_rows and not self.fields and self.money_source is None and not any(self.money.values())
            and self.execution is None
        )

    def feed(self, row: Row) -> None:
        cells = row.cells or ()
        if self.header is not None and self._continues_header(cells):
            # A two-row header: 指标值 above 计算符号 / 目标值 / 计量单位.
            if not self.repeated:  # the first header's second row, not a repeat's
                joined = tuple(a + (b if squeeze(b) != squeeze(a) else "") for a, b in zip_longest(self.header, cells))
                self.columns = recognize_columns(joined) or self.columns
                self.header_rows.append(row)
            self.header = None
            return
        self.header = None
        columns = recognize_columns(cells)
        if columns is not None:
            self.repeated = self.columns is not None
            if not self.repeated:
                self.columns = columns
                self.header_rows.append(row)
            # A header repeated on a new page is skipped, and so is its second
            # row (计算符号 / 目标值 under 指标值), which would read as the rest of
            # the row above.
            self.header = cells
            return
        if self.columns is None:
            if not self._evaluation_header(cells, row):
                self._header(cells, row)
        elif is_note(cells):
            return  # 备注：… merged across the table's foot: no indicator
        elif not self._evaluation_footer(cells, row):
            self._indicator(cells, row)

    def _continues_header(self, cells: tuple[str, ...]) -> bool:
        """Every cell repeats the one above (a merged cell) or is a column title, and one is new."""
        new = False
        for above, cell in zip_longest(self.header, cells):
            if not squeeze(cell) or squeeze(cell) == squeeze(above):
                continue
            if column_key(cell) is None:
                return False
            new = True
        return new

    # ---- what a self-evaluation table adds above and below its indicators
    def _evaluation_header(self, cells: tuple[str, ...], row: Row) -> bool:
        """The funds block and the 预期目标 | 实际完成情况 head and row of a
        自评表: True when the row was one of theirs."""
        if self.execution is not None and self.execution.feed(row):
            return True
        if self.goal_heads is not None:
            heads, self.goal_heads = self.goal_heads, None
            for key, at in heads.items():
                if at < len(cells) and cells[at].strip() and key not in self.fields:
                    self.fields[key] = cells[at]
            return True
        if (columns := execution_columns(cells)) is not None:
            self.execution = ExecutionBlock(columns)
            return True
        if (heads := goal_columns(cells)) is not None:
            self.goal_heads = heads
            return True
        return False

    def _evaluation_footer(self, cells: tuple[str, ...], row: Row) -> bool:
        """The 总分 row below a 自评表's indicators and its 自评等级 (in the
        总分 row's last cell, or a row of its own): True when the row was one
        of them, or came after the 总分 (a note, 填表人)."""
        if self.kind.stage != "self-evaluation" and "score" not in self.columns:
            return False
        label = first_label(cells)
        if label not in GRADE_LABELS and label not in TOTAL_LABELS:
            return self.total is not None  # most rows: an indicator, or below the 总分
        filled = [(i, c.strip()) for i, c in enumerate(cells) if c.strip() and first_label((c,)) != label]
        if label in GRADE_LABELS:
            if filled and self.grade is None:
                self.grade = (fold(filled[0][1]), row.at(filled[0][0]))
            return True
        if label in TOTAL_LABELS and self.total is None:
            at = self.columns.get("score")
            score = cells[at].strip() if at is not None and at < len(cells) else ""
            self.total = (score, row.at(at))
            # A grade beside it (总分 100 | 96 | 优): the last filled cell past the score, not a number.
            after = [(i, c) for i, c in filled if at is not None and i > at and read_amount(c)[0] is None]
            if after and self.grade is None:
                self.grade = (fold(after[-1][1]), row.at(after[-1][0]))
            return True
        return self.total is not None

    # ---- the header block
    def _header(self, cells: tuple[str, ...], row: Row) -> None:
        keys = [field_label(cell) for cell in cells]  # what each cell labels, looked up once for the row
        if self.fund_columns is None and (found := _total_columns(cells, keys)) is not None:
            self.fund_columns = [[label, column, {}, None] for label, column in found]
            self._fund_row(cells, row)  # the totals' amounts, where they stand beside their labels
            return
        if self.fund_columns is not None and self._fund_row(cells, row):
            return
        location = row.location
        source_set = False
        for i, key in enumerate(keys):
            if key is None:
                continue
            rest = [c for c in cells[i + 1 :] if c.strip()]
            if key in MONEY_LABELS:
                self.money_source, source_set = key, True
                amount = next((c for c in rest if read_amount(c)[0] is not None), None)
                if amount is not None and field_label(rest[0]) is None:
                    self._money(key, amount, location)
                    if row.number is not None and (key == "total" or self.funds_cell is None):
                        # The amount's own cell: the first filled cell after the label.
                        at = next(j for j in range(i + 1, len(cells)) if cells[j] == amount)
                        self.funds_cell = row.at(at)
                    if key == "total":
                        self.money_source = None
            elif rest and field_label(rest[0]) is None and key not in self.fields:
                self.fields[key] = rest[0]
        if not source_set and self.money_source in ("fiscal", "other"):
            # 上级安排 / 本级安排 rows under 财政资金 carry their amount in the last cell.
            amount = next((c for c in reversed(cells) if read_amount(c)[0] is not None), None)
            if amount is not None:
                self._money(self.money_source, amount, location)

    def _fund_row(self, cells: tuple[str, ...], row: Row) -> bool:
        """A row of a two-total funds block: each column's amount, as the
        nearest money label to its left names it (当年财政拨款 …); whether the
        row held any."""
        taken = False
        for entry in self.fund_columns:
            label, column, amounts, _ = entry
            text = cells[column] if column < len(cells) else ""
            if read_amount(text)[0] is None:
                continue
            key = next((k for j in range(column - 1, -1, -1) if cells[j] != text and (k := field_label(cells[j])) in MONEY_LABELS), None)
            if key is None or key in amounts:
                continue
            location = row.at(column)
            amounts[key], repair = repaired_amount(text, f"{label}：{FUND_FIELDS[key]}" if key != "total" else label, None, location)
            if repair:
                self.repairs.append(repair)
            if key == "total":
                entry[3] = location
            taken = True
        return taken

    def _funds(self) -> tuple[Funds | None, SourceLocation | None]:
        """The table's funds and the cell a finding on them goes on."""
        if self.fund_columns:
            columns = []
            for label, _, amounts, location in self.fund_columns:
                amounts["total"] = _total_or_parts(amounts)
                columns.append(FundColumn(fold(label).rstrip(":： "), *(amounts.get(k) for k in FUND_FIELDS), location=location))
            # The year's total is what the targets answer to: 年度资金申请总额, 年度资金总额.
            year = next((c for c in columns if "年度" in c.label), columns[-1])
            funds = Funds(year.total, year.fiscal, year.other, year.carried, tuple(columns))
            return funds, year.location or self.funds_cell
        amounts = {k: sum(self.money[k], Decimal(0)) if self.money[k] else None for k in FUND_FIELDS}
        amounts["total"] = _total_or_parts(amounts)
        if all(v is None for v in amounts.values()):
            return None, None
        return Funds(amounts["total"], amounts["fiscal"], amounts["other"], amounts["carried"]), self.funds_cell

    def _money(self, key: str, text: str, location: SourceLocation) -> None:
        value, repair = repaired_amount(text, FUND_FIELDS[key], None, location)
        self.money[key].append(value)
        if repair:
            self.repairs.append(repair)

    # ---- indicator rows
    def _indicator(self, cells: tuple[str, ...], row: Row) -> None:
        columns = self.columns
        record = {key: (cells[i] if i < len(cells) else "") for key, i in columns.items()}
        if not any(map(str.strip, record.values())):
            return
        if row.number is None:  # text and PDF rows: every cell is at the row's line
            location = row.location
            weight_location = location if "weight" in columns else None
        else:
            location = row.at(columns.get("value", columns.get("name")))
            weight_location = row.at(columns["weight"]) if "weight" in columns else None
        if self.merge_continuations and self.rows and self._continues(record):
            previous = self.rows[-1][0]
            for key, fragment in record.items():
                if fragment.strip():
                    previous[key] = previous.get(key, "") + fragment.strip()
            return
        if self.rows:
            last = self.rows[-1][0]
            for key in ("level1", "level2"):
                if not record.get(key, "").strip():
                    record[key] = last.get(key, "")
        self.rows.append((record, location, weight_location, row))

    def _continues(self, record: dict) -> bool:
        """A row broken by a page end: no weight and no basis of its own, only fragments."""
        weight, basis = record.get("weight"), record.get("basis")
        if weight is None and basis is None:
            return False  # neither column: nothing tells a continuation
        return not (weight or "").strip() and not (basis or "").strip()

    def _weights_cell(self) -> SourceLocation | None:
        """The 分值 column's header cell, in a worksheet (of a two-row header, the row that names it)."""
        at = (self.columns or {}).get("weight")
        for row in self.header_rows:
            if at is not None and row.number is not None and at < len(row.cells) and column_key(row.cells[at]) == "weight":
                return row.at(at)
        return None

    # ---- result
    def build(self) -> tuple[Table, list[Repair]] | None:
        fields = {k: fold(v) for k, v in self.fields.items()}
        name = fields.get("name") or (fields.get("unit") if self.kind.scope == "unit" else title_name(self.title)) or ""
        if not name or self.columns is None:
            return None  # no indicator header: not a target table
        evaluated = self._evaluated()
        indicators = []
        declared: dict[str, Decimal] = {}
        # What this table's columns give, worked out once for all its rows.
        columns = self.columns
        if renamed := mislabelled_columns(columns, (record for record, *_ in self.rows)):
            columns = {renamed.get(k, k): i for k, i in columns.items()}
            for record, *_ in self.rows:
                for old, new in renamed.items():  # in order: a 指标方向 leaves before a 指标性质 arrives
                    if old in record:
                        record[new] = record.pop(old)
        optional = [k for k in ("basis", "last_year", "scoring", "evidence") if k in columns]
        pieces_absent = {k: None for k in PIECE_FIELDS if k not in columns}
        pieces_present = [k for k in PIECE_FIELDS if k in columns]
        has_weight, has_ignore = "weight" in columns, "ignore" in columns
        labels: dict[str, tuple[str, Decimal | None]] = {}  # a level-1 cell as written -> (label, declared points)
        for record, location, weight_location, row in self.rows:
            written = record.get("level1")
            if written not in labels:
                level1 = fold(written)
                m = DECLARED_POINTS.match(level1)
                # 产出指标（50分）: the label declares the group's points
                labels[written] = (m.group("name"), Decimal(m.group("points"))) if m else (level1, None)
            level1, points = labels[written]
            if points is not None:
                declared.setdefault(level1, points)
            pieces = {k: record.get(k, "").strip() for k in pieces_present}
            pieces.update(pieces_absent)
            if has_weight:
                weight_text = record.get("weight", "")
                weight, _ = read_amount(weight_text)
                raw_weight = weight_text.strip() or None
            else:
                weight = raw_weight = None
            row_name, level2 = fold(record.get("name")), fold(record.get("level2"))
            for k in optional:
                pieces[k] = fold(record.get(k)) or None
            indicators.append(
                build_indicator(
                    row_name,
                    record.get("value", ""),
                    level1,
                    level2,
                    weight=weight,
                    raw_weight=raw_weight,
                    **pieces,
                    location=location,
                    weight_location=weight_location,
                    ignore=codes_in(record.get("ignore")) if has_ignore else (),
                    **(evaluated(record, row) if evaluated else {}),
                )
            )
        funds, funds_cell = self._funds()
        block = self.execution
        if block is not None and funds is None and (funds := block.funds()) is not None:
            funds_cell = block.funds_location
        table = Table(
            name=name,
            kind=self.kind if self.titled or not (evaluated or block is not None) else evaluation_kind(self.kind),
            unit=fields.get("unit"),
            manager=fields.get("manager"),
            funds=funds,
            goal=fields.get("goal"),
            declared=tuple(declared.items()),
            indicators=tuple(indicators),
            location=self.location,
            columns=INDICATOR_COLUMNS.intersection(columns),
            weights_cell=self._weights_cell(),
            funds_cell=funds_cell,
            **self._evaluation(fields),
        )
        repairs = self.repairs + (block.repairs if block is not None else [])
        return table, [attrs.evolve(r, table=name) for r in repairs]

    def _evaluated(self):
        """What a 自评表's columns add to ``build_indicator`` for a row (its
        actual, score and deviation, each at its cell), as a function of the
        row's record and ``Row``; None when the layout has none of them."""
        columns = self.columns
        present = [k for k in ("actual", "score", "deviation") if k in columns]
        if not present:
            return None

        def evaluated(record: dict, row: Row) -> dict:
            found = {}
            if "actual" in columns:
                found["actual"] = record.get("actual", "")
                found["actual_location"] = row.at(columns["actual"])
            if "score" in columns:
                text = record.get("score", "")
                found["score"], found["raw_score"] = read_amount(text)[0], text.strip() or None
                found["score_location"] = row.at(columns["score"])
            if "deviation" in columns:
                found["deviation"] = fold(record.get("deviation")) or None
                found["deviation_location"] = row.at(columns["deviation"])
            return found

        return evaluated

    def _evaluation(self, fields: dict) -> dict:
        """The ``Table`` fields of a 自评表: funds block, 实际完成情况, 总分, 自评等级."""
        found: dict = {}
        if self.execution is not None:
            found["execution"] = self.execution.execution()
        if fields.get("goal_result"):
            found["goal_result"] = fields["goal_result"]
        if self.total is not None:
            text, at = self.total
            found.update(total_score=read_amount(text)[0], raw_total_score=text or None, total_score_location=at)
        if self.grade is not None:
            found["grade"], found["grade_location"] = self.grade
        return found


class LayoutParser:
    """Reads a ``Document`` from the rows of a disclosure, or of a file's grids.

    ``merge_continuations``: rows broken by a page end are merged back (text
    and PDF); a grid (a worksheet, a Word or HTML table) keeps its rows
    whole, and a row without a weight there is a row without a weight.
    ``untitled``: a table may start at its 项目名称 row without a title above
    it (worksheets and Word tables often have none).
    """

    def __init__(self, source: str, *, merge_continuations: bool = True, untitled: bool = False):
        self.source = source
        self.merge_continuations = merge_continuations
        self.untitled = untitled

    def parse(self, rows: Iterable[Row]) -> Document:
        rows = list(rows)
        tables, repairs = self._tables(rows)
        projects, project_repairs = self._project_list(rows)
        title = next((fold(r.text) for r in rows if r.cells is None and not r.is_blank), None)
        unit = next((t.unit for t in tables if t.unit), None)
        return Document(
            source=self.source,
            tables=tuple(tables),
            title=title,
            unit=unit,
            year=self._year(rows),
            region=region_of(unit, title),
            projects=tuple(projects),
            allocations=tuple(self._allocations(rows)),
            repairs=tuple(repairs + project_repairs),
            counts=tuple(self._counts(rows)),
        )

    @staticmethod
    def _counts(rows: list[Row]) -> list[StatedCount]:
        found: dict[str, StatedCount] = {}
        for row in rows:
            if row.cells is not None or "个" not in row.text:  # every count ends in 个
                continue
            for subject, pattern in STATED_COUNTS.items():
                m = pattern.search(row.text)
                if m and subject not in found:
                    found[subject] = StatedCount(subject, int(m.group(1)), row.location)
        return list(found.values())

    # ---- target tables
    def _tables(self, rows: list[Row]) -> tuple[list[Table], list[Repair]]:
        tables: list[Table] = []
        repairs: list[Repair] = []
        current: _TableBuilder | None = None

        def flush():
            if current is not None:
                built = current.build()
                if built:
                    tables.append(built[0])
                    repairs.extend(built[1])

        for row in rows:
            # A title ends in 表: only such rows are looked at as one (most rows are not).
            if "表" in row.text:
                title = row_title(row)
                kind = table_title(title) if title else None
                if kind is not None:
                    flush()
                    current = _TableBuilder(kind, row.location, self.merge_continuations, title=title)
                    continue
            # (项目名称 has the character 名, which no line wrap can split.)
            if (
                row.cells is not None
                and "名" in row.text
                and (current.started if current is not None else self.untitled)
                and (filled := [c for c in row.cells if c.strip()])
                and field_label(filled[0]) == "name"
            ):
                # A table whose title row is missing (a worksheet): its header block starts it.
                flush()
                current = _TableBuilder(TableKind.PROJECT, row.at(0), self.merge_continuations, titled=False)
            if current is None or row.is_blank:
                continue
            # A year line, a page number or a rule starts with one of these (most rows do not).
            first = row.text.lstrip()[:1]
            if (first in _FURNITURE_STARTS or first.isdigit()) and (
                YEAR_LINE.match(text := squeeze(row.text)) or PAGE_NUMBER.match(text) or RULE_LINE.match(row.text)
            ):
                continue
            if row.cells is None:
                if "续" in row.text and CONTINUED.match(squeeze(row.text)):
                    continue  # the table goes on after the break
                if self.untitled and current.fresh:
                    # Between a title and its table in a Word document or a web
                    # page: 填报单位：…, 单位：万元. (A worksheet has no running text.)
                    continue
                flush()  # running text: the table is over
                current = None
                continue
            current.feed(row)
        flush()
        return tables, repairs

    def _year(self, rows: list[Row]) -> int | None:
        for row in rows:
            # (2024 年) starts its row; a table title ends in 表: nothing else is looked at.
            line = row.text
            if "表" not in line:
                if "(" not in line and "（" not in line:
                    continue  # most rows: tested in C, no string made
                if line.lstrip()[:1] not in ("(", "（"):
                    continue
            text = squeeze(row_title(row) or "")
            m = YEAR_LINE.match(text) or (re.search(r"(\d{4})年度?", text) if table_title(text) else None)
            if m:
                return int(m.group(1))
        for row in rows[:200]:
            m = re.search(r"(\d{4})\s*年度?(?:单位|部门)?预算", row.text)
            if m:
                return int(m.group(1))
        return None

    # ---- the project list (表 7)
    def _project_list(self, rows: list[Row]) -> tuple[list[ProjectEntry], list[Repair]]:
        projects: list[ProjectEntry] = []
        repairs: list[Repair] = []
        columns: dict | None = None
        for row in rows:
            if row.cells is None:
                if columns is not None and not row.is_blank and not PAGE_NUMBER.match(squeeze(row.text)):
                    columns = None  # running text ends the list
                continue
            if "名" in row.text and "合" in row.text:  # a header row says 项目名称 and 项目支出合计
                labels = [squeeze(c) for c in row.cells]
                if "项目名称" in labels and any(l.startswith("项目支出合计") for l in labels):
                    columns = {"name": labels.index("项目名称"), "amount": next(i for i, l in enumerate(labels) if l.startswith("项目支出合计"))}
                    continue
            if columns is None:
                continue
            cells = row.cells
            name = fold(cells[columns["name"]]) if columns["name"] < len(cells) else ""
            if not name or "合计" in squeeze(name):
                continue
            raw_amount = cells[columns["amount"]] if columns["amount"] < len(cells) else ""
            amount, repair = repaired_amount(raw_amount, "项目支出合计", name, row.location)
            subject = "".join(squeeze(c) for c in cells[: min(3, columns["name"])] if squeeze(c).isdigit()) or None
            projects.append(ProjectEntry(name, amount, subject, row.location))
            if repair:
                repairs.append(repair)
        return projects, repairs

    # ---- the narrative: 资金分配情况 per project
    def _allocations(self, rows: list[Row]) -> list[Allocation]:
        text_rows = [r for r in rows if r.cells is None and not r.is_blank]
        allocations = []
        name: str | None = None
        for i, row in enumerate(text_rows):
            line = row.text.strip()
            # Each pattern below needs one of these words: most lines have none.
            if "、" not in line and "项目名称" not in line and "资金分配情况" not in line:
                continue
            m = NARRATIVE_PROJECT.match(line)
            if m:
                name = fold(m.group("name"))
                nxt = text_rows[i + 1].text.strip() if i + 1 < len(text_rows) else ""
                # A name the page cut short: "…经费项" + "目".
                if len(nxt) <= 2 and not name.endswith("项目") and (name + nxt).endswith("项目"):
                    name += nxt
                continue
            if SECTION.match(line):
                name = None
                continue
            m = ALLOCATION.search(line)
            if m and name:
                text = m.group("items")
                # A PDF wraps the paragraph: gather its lines up to the next field.
                for following in text_rows[i + 1 :]:
                    nxt = following.text.strip()
                    if NARRATIVE_PROJECT.match(nxt) or SECTION.match(nxt) or is_field_label(nxt) or PAGE_NUMBER.match(squeeze(nxt)):
                        break
                    text += nxt
                allocations.append(Allocation(name, tuple(self._items(text)), row.location))
                name = None
        return allocations

    @staticmethod
    def _items(text: str) -> list[AllocationItem]:
        items = []
        for piece in re.split(r"[，；;。]|,(?!\d)", text):
            piece = fold(piece)
            m = ITEM.match(piece)
            if not m:
                continue
            item = m.group("name").strip()
            if "共计" in item or "合计" in item:
                item = re.split(r"共计|合计", item)[0].strip()
            if not item:
                continue  # the total of the list, not an item
            items.append(AllocationItem(item, Decimal(m.group("amount").replace(",", ""))))
        return items


def read_grids(source: str, items: list["Grid | Row"], looked_in: tuple[str, str]) -> Document:
    """A ``Document`` from a file's grids (Word tables, HTML tables) and the
    lines of text between them (a title above a Word table), read in order
    as one stream of rows: a table broken across two grids (a page break in
    Word) goes on in the next.

    No target table among them is ``ReadError`` E002, saying where it looked:
    ``looked_in`` in Chinese and English, with ``{n}`` for the grids' count.
    """
    rows = (row for item in items for row in (item.rows() if isinstance(item, Grid) else (item,)))
    document = LayoutParser(source, merge_continuations=False, untitled=True).parse(rows)
    if not document.tables:
        n = sum(isinstance(i, Grid) for i in items)
        zh, en = (text.format(n=n) for text in looked_in)
        problem = ReadProblem(
            Message(f"在{zh}中没有找到绩效目标表：没有含“三级指标”“指标值”等列标题的表头", f"no target table in {en}: no header row with columns such as 三级指标 and 指标值")
        )
        raise ReadError([problem], code="E002", no_table=True)
    return document
