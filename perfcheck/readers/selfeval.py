"""What a self-evaluation table (绩效自评表) adds to the layouts a reader sees.

The layout recogniser (``perfcheck.readers.layouts``) reads the parts a
自评表 shares with a target table (the header block, the indicator rows);
this module reads the parts only a 自评表 has, by their header text, as the
national template of 财预〔2020〕10号 and the provinces print them:

- the title: 项目支出绩效自评表, 部门（单位）整体支出绩效自评表,
  绩效目标自评表(2022年度);
- the funds block (``ExecutionBlock``): a header row of 年初预算数 /
  全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 (Sichuan 2023: 年初预算 /
  调整后预算数 / 预算执行数 / 预算执行率 / 权重 / 得分 / 原因), then rows
  labelled 年度资金总额 (or 总额), 其中：当年财政拨款, 上年结转资金,
  其他资金;
- the 年度总体目标 as 预期目标 beside 实际完成情况 (``goal_columns``), or a
  row of its own (年度目标完成情况);
- the 总分 (合计) row below the indicators and the 自评等级 (自评结论).

The columns of the indicator rows (实际完成值, 得分, 偏差原因分析及改进措施)
are ``SELF_EVALUATION_COLUMN_RULES``, which ``layouts.COLUMN_RULES`` takes in.
Nothing here knows a file format.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Protocol

import attrs

from perfcheck.model import EXECUTION_FIELDS, FUND_FIELDS, Execution, Funds, Repair, SourceLocation, TableKind, TableKindDef
from perfcheck.readers import repaired_amount
from perfcheck.text import fold, read_amount, squeeze



class Row(Protocol):
    """What is read of a ``layouts.Row`` here (layouts imports this module)."""

    cells: tuple[str, ...] | None
    location: SourceLocation
    number: int | None

    def at(self, index: int | None) -> SourceLocation: ...

# Indicator columns of a 自评表, by their header text. 上年完成值 is a target
# table's last year and is matched before these (layouts.COLUMN_RULES); 全年实际值
# and 未完成原因 are the older central headers, 完成值 and 未完成原因分析 Sichuan's.
SELF_EVALUATION_COLUMN_RULES = (
    ("actual", ("实际完成值", "全年实际值", "全年完成值", "实际值", "完成值")),
    ("score", ("得分",)),
    ("deviation", ("偏差原因", "未完成原因", "原因分析", "改进措施")),
)

# The funds block's columns, by header text; the first rule whose word the
# header holds wins: 年初预算数 is the initial budget before 预算数 means the
# year's, 预算执行率 is the rate before 执行 means what was spent.
EXECUTION_COLUMN_RULES = (
    ("initial", ("年初预算",)),
    ("budget", ("全年预算", "调整后预算", "预算数")),
    ("rate", ("执行率",)),
    ("spent", ("执行数", "实际支出", "支出数")),
    ("weight", ("分值", "权重")),
    ("score", ("得分",)),
    ("reason", ("原因", "偏差")),
)

# The funds block's rows, by their label (whitespace, colons, 其中 and a
# trailing （万元） removed): the model's funds are the year's total and its
# parts, 财政拨款, 上年结转资金 and 其他资金.
EXECUTION_ROWS = {
    "年度资金总额": "total",
    "资金总额": "total",
    "项目资金总额": "total",
    "总额": "total",
    "合计": "total",
    "当年财政拨款": "fiscal",
    "本年财政拨款": "fiscal",
    "财政拨款": "fiscal",
    "财政资金": "fiscal",
    "上年结转资金": "carried",
    "上年结转": "carried",
    "其他资金": "other",
}

# Labels of the header block only a 自评表 has: the unit of a 部门整体 table,
# and 实际完成情况 on a row of its own (Sichuan: 年度目标完成情况).
SELF_EVALUATION_LABELS = {
    "部门（单位）名称": "unit",
    "部门(单位)名称": "unit",
    "年度目标": "goal",
    "实际完成情况": "goal_result",
    "年度目标完成情况": "goal_result",
    "目标完成情况": "goal_result",
    "总体目标完成情况": "goal_result",
}

# The heads of the 年度总体目标 block's two columns.
GOAL_HEADS = {"预期目标": "goal", "年度预期目标": "goal", "实际完成情况": "goal_result", "目标实际完成情况": "goal_result"}

# The row below the indicators that sums them, and the one that grades the table.
TOTAL_LABELS = frozenset(("总分", "合计", "总计", "总得分", "自评总分", "自评得分"))
GRADE_LABELS = frozenset(("自评等级", "自评结论", "评价等级", "绩效等级", "等级", "评价结论"))

_MONEY_TAIL = re.compile(r"[(（]万元[)）]$")
_YEAR_TAIL = re.compile(r"[(（]\d{4}年?度?[)）]$")


@functools.lru_cache(maxsize=2048)  # the same labels head every table, the same cells fill its rows
def row_label(cell: str) -> str:
    """A label as compared: whitespace, colons, a 其中 and a trailing （万元） out."""
    text = squeeze(cell).replace(":", "").replace("：", "")
    if text.endswith(("万元)", "万元）")):
        text = _MONEY_TAIL.sub("", text)
    return text.removeprefix("其中")


def self_evaluation_title(text: str) -> TableKindDef | None:
    """项目支出绩效自评表, 部门（单位）整体支出绩效自评表, 绩效目标自评表(2022年度) …:
    the kind of 自评表 a title names, or None."""
    text = _YEAR_TAIL.sub("", squeeze(text))
    if "自评" not in text or not text.endswith("表") or len(text) > 40:
        return None
    return TableKind.SELF_EVALUATION_UNIT if "整体" in text else TableKind.SELF_EVALUATION


def evaluation_kind(kind: TableKindDef) -> TableKindDef:
    """The 自评表 of a built-in target kind's scope: an untitled table whose
    rows carry actuals and scores, or that has a funds block, evaluates the
    year (a title, where there is one, names the kind)."""
    if kind is TableKind.PROJECT:
        return TableKind.SELF_EVALUATION
    if kind is TableKind.UNIT:
        return TableKind.SELF_EVALUATION_UNIT
    return kind


def _columns(cells: tuple[str, ...], rules) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        text = squeeze(cell)
        key = next((key for key, words in rules if any(w in text for w in words)), None) if text else None
        if key is not None and key not in columns:
            columns[key] = i
    return columns


def execution_columns(cells: tuple[str, ...]) -> dict[str, int] | None:
    """The funds block's header row: the column of each field, or None when
    the row is not one (it needs a budget and what was spent, or the rate)."""
    joined = "".join(cells)
    if "预算" not in joined or "执行" not in joined:
        return None  # most rows
    columns = _columns(cells, EXECUTION_COLUMN_RULES)
    if ("budget" in columns or "initial" in columns) and ("spent" in columns or "rate" in columns):
        return columns
    return None


def goal_columns(cells: tuple[str, ...]) -> dict[str, int] | None:
    """The 年度总体目标 block's head (预期目标 | 实际完成情况): where each stands."""
    if "目标" not in "".join(cells):
        return None  # most rows
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        key = GOAL_HEADS.get(row_label(cell))
        if key is not None and key not in found:
            found[key] = i
    return found if len(found) == 2 else None


def first_label(cells: tuple[str, ...]) -> str:
    """The row's first filled cell, as a label."""
    return next((row_label(c) for c in cells if c.strip()), "")


@attrs.define
class ExecutionBlock:
    """The funds block of a 自评表 being read: its header's ``columns``, then
    its rows (``feed``) until a row that is none of them."""

    columns: dict[str, int]
    rows: dict[str, Row] = attrs.Factory(dict)
    repairs: list[Repair] = attrs.Factory(list)
    # Amounts read, by (row key, field): the total's 全年预算数 is both the
    # execution's budget and the funds' total, and its repair is reported once.
    _amounts: dict[tuple[str, str], Decimal | None] = attrs.Factory(dict)
    closed: bool = False  # a row that is none of the block's ended it

    def feed(self, row: Row) -> bool:
        """Take a row of the block; False, and the block is over, when the row is not one."""
        if self.closed:
            return False
        cells = row.cells or ()
        key = next((EXECUTION_ROWS[label] for c in cells if (label := row_label(c)) in EXECUTION_ROWS), None)
        if key is None and not self.rows and any(read_amount(self._cell(row, f))[0] is not None for f in ("budget", "spent")):
            key = "total"  # a block of one row needs no label (Chongqing: 全年预算数（A） | 全年执行数（B）, the amounts below)
        if key is None:
            self.closed = True
            return False
        self.rows.setdefault(key, row)
        return True

    def _cell(self, row: Row, field: str) -> str:
        at = self.columns.get(field)
        cells = row.cells or ()
        return cells[at].strip() if at is not None and at < len(cells) else ""

    def _amount(self, key: str, field: str) -> Decimal | None:
        if (key, field) not in self._amounts:
            row = self.rows[key]
            amount, repair = repaired_amount(self._cell(row, field), EXECUTION_FIELDS[field], None, row.at(self.columns.get(field)))
            if repair:
                self.repairs.append(repair)
            self._amounts[key, field] = amount
        return self._amounts[key, field]

    def execution(self) -> Execution | None:
        """The 年度资金总额 row as the model holds it; None without that row."""
        row = self.rows.get("total")
        if row is None:
            return None
        values: dict[str, Decimal | None] = {}
        raw: list[tuple[str, str]] = []
        for field in ("initial", "budget", "spent", "weight", "score", "rate"):
            if field not in self.columns:
                continue
            if field in ("initial", "budget", "spent"):
                values[field] = self._amount("total", field)
                continue
            text = self._cell(row, field)
            number = read_amount(text.removesuffix("%").removesuffix("％").strip())[0] if text else None
            values[field] = number
            if number is None and text:
                raw.append((field, text))  # a dash, or words, where a number belongs
        reason = fold(self._cell(row, "reason")) or None if "reason" in self.columns else None
        return Execution(
            **values,
            raw=tuple(raw),
            location=row.location,
            locations=tuple((field, row.at(at)) for field, at in self.columns.items()),
            reason=reason,
        )

    def funds(self) -> Funds | None:
        """The year's money (全年预算数, else 年初预算数) of the total, fiscal, carried and other rows."""
        column = "budget" if "budget" in self.columns else "initial"
        amounts = {key: self._amount(key, column) if key in self.rows else None for key in FUND_FIELDS}
        if all(v is None for v in amounts.values()):
            return None
        return Funds(amounts["total"], amounts["fiscal"], amounts["other"], amounts["carried"])

    @property
    def funds_location(self) -> SourceLocation | None:
        row = self.rows.get("total")
        if row is None or row.number is None:
            return None
        return row.at(self.columns.get("budget", self.columns.get("initial")))
