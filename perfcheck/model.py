"""The data model: documents, tables, indicators, parsed values and findings.

Every class is a frozen, slotted attrs class (``TableKindDef`` is written out
by hand, for start-up's sake). Readers validate their input at
the edge and build these objects; rules and reporters trust them. Money and
every other number is a ``Decimal``, never a float.
"""

from __future__ import annotations

import enum
import numbers
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Union

import attrs

from perfcheck.safetext import printable

# --------------------------------------------------------------------------
# Where something is in its source
# --------------------------------------------------------------------------


@attrs.frozen
class SourceLocation:
    """A place in a source file: whatever the source format can name.

    ``line`` for text and YAML, ``page`` for PDF, ``sheet`` + ``cell`` for
    Excel, ``path`` (a JSON pointer) for the canonical format.
    """

    line: int | None = None
    column: int | None = None
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None
    path: str | None = None

    def to_json(self) -> dict:
        # Every finding of a report is serialised: the fields read directly, not through attrs.asdict.
        return {k: v for k in _LOCATION_FIELDS if (v := getattr(self, k)) is not None}

    def describe(self, lang: str = "zh") -> str:
        """The place in words, for messages: 第 16 行 / line 16, 第 3 页 / page 3, Sheet1!E12."""
        if self.line is not None:
            return f"第 {self.line} 行" if lang == "zh" else f"line {self.line}"
        if self.page is not None and self.sheet is None:
            return f"第 {self.page} 页" if lang == "zh" else f"page {self.page}"
        return self.short()

    def short(self) -> str:
        """The compact form used in text output: ``12``, ``p3``, ``Sheet1!E12``, ``/tables/0``."""
        if self.line is not None:
            return f"{self.line}" + (f":{self.column}" if self.column is not None else "")
        if self.sheet is not None:
            return f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        if self.page is not None:
            return f"p{self.page}"
        return self.path or ""


_LOCATION_FIELDS = tuple(f.name for f in attrs.fields(SourceLocation))


# --------------------------------------------------------------------------
# Parsed indicator values (built by the value grammar's Transformer)
# --------------------------------------------------------------------------


class Bound(enum.Enum):
    """What a comparison says about the target."""

    LOWER = "lower"  # >=, >, 不低于, 以上: the result must reach at least this
    UPPER = "upper"  # <=, <, 不超过, 以内: a cap
    EXACT = "exact"  # =


class Operator(enum.Enum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="

    # Set once per member, not a property: rules ask for it hundreds of times
    # a document, and an enum's property costs half a microsecond a read.
    bound: Bound

    def __init__(self, sign: str):
        self.bound = Bound.LOWER if sign in (">=", ">") else Bound.UPPER if sign in ("<=", "<") else Bound.EXACT


@attrs.frozen
class Unit:
    """A unit as written, split into a numerator and its denominators.

    ``元/人/月`` is ``Unit("元", ("人", "月"))``: yuan per person per month.
    Symbols are kept as written (``个月``, ``万元``); the unit registry knows
    what they mean.
    """

    numerator: str
    denominators: tuple[str, ...] = ()

    @property
    def is_percent(self) -> bool:
        """A rate: per cent (%, 百分比) or per mille (‰, 森林火灾受害率 <=0.9‰)."""
        return self.numerator in ("%", "百分比", "‰") and not self.denominators

    @property
    def is_compound(self) -> bool:
        return bool(self.denominators)

    def __str__(self) -> str:
        return "/".join((self.numerator, *self.denominators))


@attrs.frozen
class Quantity:
    """A number with an optional comparison and unit: ``>=357 座``, ``≤75 万元``, ``10``."""

    amount: Decimal
    operator: Operator | None = None
    unit: Unit | None = None
    # The number as it stood in the source when whitespace had split it
    # (``210 0``); rules report the repair.
    split_from: str | None = None
    # The value as written when its comparison sign was damaged and read as
    # the one meant (``═100%``, ``≥=90%``, OCR's ``二100%``); V010 reports it.
    repaired_from: str | None = None
    # The unit as written when the reader read it as another: ``万`` in a money
    # row is 万元, ``/株`` under a name saying (≤**元/株) is 元/株; V009 reports it.
    unit_written: str | None = None
    # The unit, and the comparison if the value had none, came from the
    # template hint in the indicator's name (85 under 成活率(≥**%) is >=85%);
    # V003 asks for them to be written into the value.
    from_name: bool = False
    # ±: the number bounds a deviation either way (``±2%以内``, ``误差不超过±5%``);
    # ``operator`` then bounds the deviation's size (<= for both of those).
    tolerance: bool = False
    # The value as a sentence around one number (``群众生活改善度不低于85%``,
    # ``至少全年完成2次宣传``): read as the bound it states; these are its words.
    phrase: str | None = None

    @property
    def is_percent(self) -> bool:
        return self.unit is not None and self.unit.is_percent

    @property
    def bound(self) -> Bound | None:
        return self.operator.bound if self.operator else None

    def __str__(self) -> str:
        op = self.operator.value if self.operator else ""
        amount = f"±{self.amount}" if self.tolerance else f"{self.amount}"
        if self.unit is None:
            return f"{op}{amount}"
        sep = "" if self.is_percent else " "
        return f"{op}{amount}{sep}{self.unit}"


@attrs.frozen
class QuantityRange:
    """``80%-90%``, ``80~90%``: both ends share the unit if only one gives it."""

    low: Decimal
    high: Decimal
    unit: Unit | None = None

    @property
    def is_percent(self) -> bool:
        return self.unit is not None and self.unit.is_percent

    def __str__(self) -> str:
        u = "" if self.unit is None else ("%" if self.is_percent else f" {self.unit}")
        return f"{self.low}-{self.high}{u}"


@attrs.frozen
class DateValue:
    """A calendar date or deadline: ``2024 年 12 月``, ``2024年12月31日前``, ``12月底前``.

    ``year`` is None when the text leaves it to the budget year. ``deadline``
    is True for "by" forms (前, 底前, 以前, 之前).
    """

    year: int | None
    month: int | None = None
    day: int | None = None
    deadline: bool = False
    operator: Operator | None = None

    def __str__(self) -> str:
        parts = []
        if self.year is not None:
            parts.append(f"{self.year}年")
        if self.month is not None:
            parts.append(f"{self.month}月")
        if self.day is not None:
            parts.append(f"{self.day}日")
        return "".join(parts) + ("前" if self.deadline else "")


@attrs.frozen
class DateRange:
    """``2023.07-2024.01``, ``2024年1月-2024年12月``."""

    start: DateValue
    end: DateValue

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"


@attrs.frozen
class Qualitative:
    """A target with no number (定性): ``有效提高``, ``效果显著``, ``≥良好``."""

    text: str
    operator: Operator | None = None

    def __str__(self) -> str:
        return (self.operator.value if self.operator else "") + self.text


@attrs.frozen
class Unparsed:
    """A value the grammar could not read. Rules report it (V001); nothing raises."""

    text: str
    reason: Message
    column: int | None = None

    def __str__(self) -> str:
        return self.text


@attrs.frozen
class Empty:
    """An empty value cell."""

    def __str__(self) -> str:
        return ""


ParsedValue = Union[Quantity, QuantityRange, DateValue, DateRange, Qualitative, Unparsed, Empty]


# --------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------


# What a kind of table is for: a target table (绩效目标表) is set before the
# budget year, a self-evaluation table (绩效自评表) scores the year after it.
TABLE_STAGES = ("target", "self-evaluation")
# Whose table it is: one project's (项目支出), or the unit's or department's as a whole (单位/部门整体).
TABLE_SCOPES = ("project", "unit")
def _is_kind_name(name: object) -> bool:
    """Kebab-case: lowercase ASCII letters and digits in words joined by ``-``,
    starting with a letter (``project``, ``self-evaluation-unit``)."""
    return isinstance(name, str) and name[:1].isalpha() and all(
        word.isascii() and word.isalnum() and word == word.lower() for word in name.split("-")
    )


class TableKindDef:
    """A kind of table, as data: the built-ins are ``TableKind.PROJECT`` and
    ``TableKind.UNIT``; plugins add others through ``perfcheck_table_kinds``.

    ``name`` is what the canonical format writes (``kind: project``) and what
    rules declare in ``Rule.table_kinds``; ``stage`` is one of
    ``TABLE_STAGES``, ``scope`` one of ``TABLE_SCOPES``. Registered kinds are
    single objects, so ``table.kind is TableKind.UNIT`` holds, and holds after
    pickling too (``__reduce__``).

    A frozen value like the attrs classes here, written out: attrs would
    build its methods from source on every start-up, 0.8 ms (4 M
    instructions, 0.75% of a run's start-up) for five strings.
    """

    __slots__ = ("name", "label_zh", "label_en", "stage", "scope")
    name: str
    label_zh: str
    label_en: str
    stage: str
    scope: str

    def __init__(self, name: str, label_zh: str, label_en: str, stage: str = "target", scope: str = "project"):
        if not _is_kind_name(name):
            raise ValueError(f"table kind name {name!r} is not kebab-case (e.g. project, self-evaluation-unit)")
        if stage not in TABLE_STAGES:
            raise ValueError(f"table kind {name!r}: stage {stage!r} is not one of {', '.join(TABLE_STAGES)}")
        if scope not in TABLE_SCOPES:
            raise ValueError(f"table kind {name!r}: scope {scope!r} is not one of {', '.join(TABLE_SCOPES)}")
        for field, value in zip(TableKindDef.__slots__, (name, label_zh, label_en, stage, scope)):
            object.__setattr__(self, field, value)

    def astuple(self) -> tuple[str, str, str, str, str]:
        """(name, label_zh, label_en, stage, scope)."""
        return (self.name, self.label_zh, self.label_en, self.stage, self.scope)

    def label(self, lang: str = "zh") -> str:
        return self.label_en if lang == "en" else self.label_zh

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not TableKindDef:
            return NotImplemented
        return self is other or self.astuple() == other.astuple()

    def __hash__(self) -> int:
        return hash(self.astuple())

    def __repr__(self) -> str:
        return "TableKindDef(" + ", ".join(f"{k}={v!r}" for k, v in zip(TableKindDef.__slots__, self.astuple())) + ")"

    def __str__(self) -> str:
        return self.name

    def __reduce__(self):
        # A worker's document comes back to the parent as the parent's own kind object.
        return _registered_kind, self.astuple()


class TableKinds:
    """The kinds of table perfcheck knows, by name: the built-ins, then the
    ones plugins add (``PluginHost`` registers them in ``TABLE_KINDS``, which
    the readers consult)."""

    def __init__(self, kinds: tuple[TableKindDef, ...] = ()):
        self._by_name: dict[str, TableKindDef] = {}
        for kind in kinds:
            self.add(kind)

    def add(self, kind: TableKindDef) -> TableKindDef:
        """Register ``kind`` and return the registered object. The same kind
        again is no change; another kind under a name already taken raises
        ``ValueError``."""
        taken = self._by_name.get(kind.name)
        if taken is not None and taken != kind:
            raise ValueError(f"table kind {kind.name!r} is already defined ({taken.label_en})")
        return self._by_name.setdefault(kind.name, kind)

    def get(self, name: str) -> TableKindDef | None:
        return self._by_name.get(name)

    def __getitem__(self, name: str) -> TableKindDef:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self):
        return iter(tuple(self._by_name.values()))

    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)


class TableKind:
    """The built-in kinds, as constants (``table.kind is TableKind.PROJECT``)."""

    PROJECT = TableKindDef("project", "项目支出绩效目标表", "project target table")
    UNIT = TableKindDef("unit", "单位整体绩效目标表", "unit-wide target table", scope="unit")
    SELF_EVALUATION = TableKindDef(
        "self-evaluation", "项目支出绩效自评表", "project self-evaluation table", stage="self-evaluation"
    )
    SELF_EVALUATION_UNIT = TableKindDef(
        "self-evaluation-unit", "部门（单位）整体支出绩效自评表", "unit-wide self-evaluation table",
        stage="self-evaluation", scope="unit",
    )


BUILTIN_TABLE_KINDS = (TableKind.PROJECT, TableKind.UNIT, TableKind.SELF_EVALUATION, TableKind.SELF_EVALUATION_UNIT)
# Every kind this process knows: the built-ins and those its plugins added.
TABLE_KINDS = TableKinds(BUILTIN_TABLE_KINDS)
# The built-in target tables (stage "target"), of both scopes.
TARGET_KINDS = tuple(k.name for k in BUILTIN_TABLE_KINDS if k.stage == "target")
# The built-in self-evaluation tables (stage "self-evaluation"), of both scopes:
# what the A rules check.
SELF_EVALUATION_KINDS = tuple(k.name for k in BUILTIN_TABLE_KINDS if k.stage == "self-evaluation")
# The kinds a rule checks unless it says otherwise: every built-in table that
# states targets, of both scopes. A self-evaluation table states its targets
# (年度指标值) as a target table does, so the target rules check them there too.
TARGETED_KINDS = TARGET_KINDS + SELF_EVALUATION_KINDS


def _registered_kind(name: str, label_zh: str, label_en: str, stage: str, scope: str) -> TableKindDef:
    kind = TableKindDef(name, label_zh, label_en, stage, scope)
    known = TABLE_KINDS.get(name)
    return known if known == kind else kind


# The names the tables give the parts of 项目资金.
FUND_FIELDS = {"total": "年度预算总额", "fiscal": "财政拨款", "carried": "上年结转资金", "other": "其他资金"}
# What a total breaks into: 其中 财政拨款 / 上年结转资金 / 其他资金.
FUND_PARTS = ("fiscal", "carried", "other")


@attrs.frozen
class FundColumn:
    """One total of a funds block with two total columns and what it breaks
    into (项目资金总额 beside 年度资金申请总额, or 中期资金总额 beside
    年度资金总额, each with 其中 当年财政拨款 / 上年结转资金 / 其他资金 under
    it). ``label`` is the total as the table names it; ``location`` its amount's cell."""

    label: str
    total: Decimal | None = None
    fiscal: Decimal | None = None
    carried: Decimal | None = None
    other: Decimal | None = None
    location: SourceLocation | None = attrs.field(default=None, eq=False)

    def parts(self) -> list[tuple[str, Decimal]]:
        """The breakdown as given: (field, amount) for each part the block has."""
        return [(key, getattr(self, key)) for key in FUND_PARTS if getattr(self, key) is not None]


@attrs.frozen
class Funds:
    """项目资金, in 万元. Any part may be missing from a layout.

    ``total`` and its parts are the year's (年度预算总额, 年度资金申请总额);
    ``columns`` every total with its own breakdown, where the block has more
    than one (the year's among them)."""

    total: Decimal | None = None
    fiscal: Decimal | None = None
    other: Decimal | None = None
    carried: Decimal | None = None  # 上年结转资金 (the national 2021 template)
    columns: tuple[FundColumn, ...] = ()


# The columns an indicator row may have, by the ``Indicator`` field each fills:
# what ``Table.columns`` lists and ``Rule.requires`` names.
INDICATOR_COLUMNS = frozenset(
    ("level1", "level2", "name", "value", "operator", "unit", "direction", "value_type",
     "weight", "scoring", "basis", "last_year", "evidence", "actual", "score", "deviation")
)


@attrs.frozen
class Indicator:
    """One row of a target table: a 三级指标 under its level-1 and level-2."""

    name: str
    value: ParsedValue
    raw_value: str
    level1: str = ""
    level2: str = ""
    # The separate columns of split layouts, as written (None: not in the layout).
    operator: str | None = None
    unit: str | None = None
    direction: str | None = attrs.field(default=None, converter=lambda d: d.removesuffix("指标") if d else d)  # 正向 / 反向 (正向指标)
    value_type: str | None = None  # 定量 / 定性
    # ``weight`` is None when the layout has no weight or the cell is not a
    # number; ``raw_weight`` keeps what the cell held.
    weight: Decimal | None = None
    raw_weight: str | None = None
    scoring: str | None = None
    basis: str | None = None
    last_year: str | None = None
    evidence: str | None = None
    location: SourceLocation = SourceLocation()
    value_location: SourceLocation | None = None
    weight_location: SourceLocation | None = None
    # Rule codes or prefixes a reviewer accepted on this row (x-perfcheck-ignore,
    # a "# perfcheck: ignore[V002]" comment, an Excel note or column).
    ignore: tuple[str, ...] = ()
    # What a self-evaluation table (绩效自评表) adds to the row; None: not in
    # the layout, or the cell is empty. ``actual`` is 实际完成值 (全年实际值)
    # parsed with the value grammar, no comparison required (``raw_actual``
    # as written); ``score`` is 得分 (``raw_score`` as written, kept when it is
    # not a number); ``deviation`` is 偏差原因分析及改进措施 (未完成原因).
    actual: ParsedValue | None = None
    raw_actual: str | None = None
    score: Decimal | None = None
    raw_score: str | None = None
    deviation: str | None = None
    actual_location: SourceLocation | None = None
    score_location: SourceLocation | None = None
    deviation_location: SourceLocation | None = None

    @property
    def value_cell(self) -> SourceLocation | None:
        """The value's cell, in a source that names cells (a worksheet); else None."""
        where = self.value_location
        return where if where is not None and where.cell is not None else None

    @property
    def is_cost(self) -> bool:
        """成本指标: level 1 since 财预〔2021〕101号, a level-2 under 产出 in older templates."""
        return "成本" in self.level1 or "成本" in self.level2


# The fields of a self-evaluation table's funds block, by the column each is.
EXECUTION_FIELDS = {
    "initial": "年初预算数", "budget": "全年预算数", "spent": "全年执行数",
    "weight": "分值", "rate": "执行率", "score": "得分",
}


@attrs.frozen
class Execution:
    """预算执行情况: the 年度资金总额 row of a self-evaluation table's funds block.

    Amounts (``initial`` 年初预算数, ``budget`` 全年预算数, ``spent`` 全年执行数)
    are in 万元; ``weight`` (分值, usually 10) and ``score`` (得分) are
    points; ``rate`` (执行率) is in per cent (98.5 for 98.5%); ``reason``
    is the block's own 原因 (why the rate fell short, as Sichuan's 2023
    layout asks below 90%). Any may be missing. ``raw`` keeps what a cell
    held when it was not a number (``("rate", "—")``); ``locations`` where
    each field stands, by name.
    """

    initial: Decimal | None = None
    budget: Decimal | None = None
    spent: Decimal | None = None
    weight: Decimal | None = None
    rate: Decimal | None = None
    score: Decimal | None = None
    raw: tuple[tuple[str, str], ...] = ()
    location: SourceLocation = SourceLocation()
    locations: tuple[tuple[str, SourceLocation], ...] = ()
    reason: str | None = None

    def where(self, field: str) -> SourceLocation:
        """Where ``field`` stands, or the block's own place."""
        return next((loc for name, loc in self.locations if name == field), self.location)

    def written(self, field: str) -> str | None:
        """What the cell of ``field`` held as written, when it was not a number."""
        return next((text for name, text in self.raw if name == field), None)


@attrs.frozen
class Table:
    """A table of one ``kind``: a 项目支出绩效目标表, a 单位整体绩效目标表, or a kind a plugin registered."""

    name: str
    kind: TableKindDef = TableKind.PROJECT
    unit: str | None = None
    manager: str | None = None
    funds: Funds | None = None
    goal: str | None = None
    # A split declared in a header ("产出指标(50分)"), as (level-1, points) pairs.
    declared: tuple[tuple[str, Decimal], ...] = ()
    indicators: tuple[Indicator, ...] = ()
    location: SourceLocation = SourceLocation()
    ignore: tuple[str, ...] = ()  # as Indicator.ignore, for the whole table
    # The indicator columns its layout has (names from INDICATOR_COLUMNS): a rule
    # that requires another is not run on it. None: not known (a table a plugin
    # built), and every rule of its kind runs. Not compared: the same table read
    # from two layouts is the same table.
    columns: frozenset[str] | None = attrs.field(default=None, eq=False)
    # Where a finding about the whole table's points or money belongs, in a
    # source that names cells (a worksheet): the 分值 column's header and the
    # 年度预算总额 amount. A comment on the title cell A1 sends a clerk looking;
    # None elsewhere, where such findings stay at the table's own place.
    weights_cell: SourceLocation | None = None
    funds_cell: SourceLocation | None = None
    # A self-evaluation table's funds block, 总分 (``raw_total_score`` as
    # written), 自评等级 (or 自评结论) and the 实际完成情况 beside the 年度总体目标
    # (``goal``). None: not a self-evaluation table, or not in the layout.
    execution: Execution | None = None
    total_score: Decimal | None = None
    raw_total_score: str | None = None
    grade: str | None = None
    goal_result: str | None = None
    total_score_location: SourceLocation | None = None
    grade_location: SourceLocation | None = None


@attrs.frozen
class ProjectEntry:
    """A row of the project list (表 7)."""

    name: str
    amount: Decimal | None = None
    subject: str | None = None
    location: SourceLocation = SourceLocation()


@attrs.frozen
class AllocationItem:
    name: str
    amount: Decimal | None = None


@attrs.frozen
class Allocation:
    """资金分配情况 of one project, from the narrative section."""

    project: str
    items: tuple[AllocationItem, ...] = ()
    location: SourceLocation = SourceLocation()


@attrs.frozen
class Repair:
    """Something a reader had to mend to read a number: ``20,000 .00`` → ``20000.00``.

    Indicator values keep their text (the grammar joins split numbers and says
    so in ``Quantity.split_from``); repairs cover the other fields (funds,
    project-list amounts). Rule V006 reports both.
    """

    original: str
    repaired: str
    field: str  # what the number is: 年度预算总额, 项目支出合计 …
    table: str | None = None
    location: SourceLocation = SourceLocation()


@attrs.frozen
class Reading:
    """A value read from a scan by OCR, with how sure the recogniser was of
    it: ``confidence`` from 0 to 1 (the mean of its characters' scores).

    A reader of scans records one for each value cell it read (an
    indicator's value, operator, unit, points; the budget total), so that
    rule V011 can report those read with little confidence, with what was
    read, instead of the rules trusting them silently.
    """

    text: str
    confidence: Decimal
    field: str  # what the cell is: 指标值, 分值, 年度预算总额 …
    table: str | None = None
    indicator: str | None = None
    location: SourceLocation = SourceLocation()


@attrs.frozen
class StatedCount:
    """A count the document states in words: 当年财政拨款项目 18 个.

    ``subject`` is ``fiscal_projects``, ``other_projects`` or ``unit_tables``.
    """

    subject: str
    count: int
    location: SourceLocation = SourceLocation()


@attrs.frozen
class Document:
    """Everything read from one file."""

    source: str
    tables: tuple[Table, ...] = ()
    title: str | None = None
    unit: str | None = None
    year: int | None = None
    # The administrative divisions the document is from, as its unit's name or
    # its title gives them ("固原市原州区"; ``perfcheck.regions``); None when it does not say.
    region: str | None = None
    projects: tuple[ProjectEntry, ...] = ()
    allocations: tuple[Allocation, ...] = ()
    repairs: tuple[Repair, ...] = ()
    counts: tuple[StatedCount, ...] = ()
    readings: tuple[Reading, ...] = ()  # values a scan's OCR read, with its confidence
    # What the reader found wrong and left out, reading the rest
    # (readers.ReadProblem: a message and a place); each is an E001 finding.
    problems: tuple = ()
    ignore: tuple[str, ...] = ()  # as Indicator.ignore, for the whole file
    ignore_location: SourceLocation = SourceLocation()


# --------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    rank: int  # 0 for an error: set per member, as Operator.bound is

    def __init__(self, value: str):
        self.rank = ("error", "warning", "info").index(value)


@attrs.frozen
class Message:
    """A user-facing message in Chinese (the default) and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@attrs.frozen
class Fix:
    """What a finding's suggestion changes: the indicator's ``field`` (value,
    level1, level2, scoring, value_type) becomes ``replacement``. ``safe``: a
    machine-checkable correction applied by ``--fix`` unattended; otherwise a
    hint a person must confirm (``--unsafe-fixes``)."""

    field: str
    # Escaped as every finding's text is: a suggestion made from a hostile value
    # reaches the reports (and --fix) through here too.
    replacement: str = attrs.field(converter=printable)
    safe: bool = False


class FindingData(Mapping):
    """A finding's ``data``: the numbers behind its message, for programs to read.

    A small read-only mapping from names to JSON-safe scalars (``str``,
    ``int``, ``bool``, None, ``Decimal``) and lists of them (kept as tuples).
    Hashable, equal to a mapping with the same items, and picklable, as a
    finding must be: findings cross from the workers.

    ``FindingData.of`` builds one from whatever a rule gave, and never
    refuses: a rule's data is converted, not trusted. Keys become ``str``;
    a float becomes the ``Decimal`` its text reads as (``0.1`` is
    ``Decimal("0.1")``, never the float's binary expansion); a NaN or an
    infinity (float or ``Decimal``) becomes its text; a list or tuple
    becomes a tuple of scalars converted the same way; anything else (an
    object, a mapping, a set, a list inside a list) becomes its ``str``.
    Text is made printable (``safetext.printable``) like all finding text.
    """

    __slots__ = ("_items",)

    def __init__(self, items: dict):
        # Items already converted: build one with FindingData.of.
        object.__setattr__(self, "_items", items)

    @classmethod
    def of(cls, data) -> "FindingData | None":
        """``data`` (a mapping, or None) converted; None when it holds nothing."""
        if data is None or type(data) is cls:
            return data or None
        if not isinstance(data, Mapping):
            raise TypeError(f"a finding's data must be a mapping (a dict), not {type(data).__name__}")
        items = {
            (printable(key) if type(key) is str else printable(str(key))): _data_value(value, True)
            for key, value in data.items()
        }
        return cls(items) if items else None

    def __getitem__(self, key: str):
        return self._items[key]

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError("FindingData is read-only")

    def __reduce__(self):
        return (FindingData, (self._items,))

    def __repr__(self) -> str:
        return f"FindingData({self._items!r})"

    def to_json(self) -> dict:
        """The data as reports write it: a ``Decimal`` as its digits in a string
        (``"110.00"``, never a JSON number a reader would take for a float), a
        tuple as a list."""
        return {key: _json_value(value) for key, value in self._items.items()}


def _data_value(value, nested: bool):
    """One value of a finding's data, converted (see ``FindingData``); ``nested``:
    a list may hold scalars here, so a list becomes a tuple."""
    kind = type(value)
    if value is None or kind is bool or kind is int:
        return value
    if kind is str:
        return printable(value)
    if isinstance(value, (Decimal, float)):
        number = value if kind is Decimal else Decimal(str(value))
        return number if number.is_finite() else str(number)
    if isinstance(value, numbers.Integral):  # an IntEnum, a numpy integer
        return int(value)
    if isinstance(value, str):
        return printable(str(value))
    if nested and isinstance(value, (list, tuple)):
        return tuple(_data_value(item, False) for item in value)
    return printable(str(value))


def _json_value(value):
    if type(value) is Decimal:
        # Its digits without an exponent (1E+2 is "100"), unless the exponent
        # is absurd: a plugin's Decimal("1E+999999999") is not written out.
        return format(value, "f") if -64 <= value.as_tuple().exponent <= 64 else str(value)
    if type(value) is tuple:
        return [_json_value(item) for item in value]
    return value


@attrs.frozen
class Problem:
    """What a rule yields: the engine turns it into a ``Finding``.

    ``indicator`` is None for a problem about the whole table (or document).
    ``table`` names the table when a document-scope rule reports on one.
    ``severity`` overrides the rule's default for this one problem (C001
    says error when caps exceed the budget, warning when they fall short);
    a user's severity override still wins over both.
    """

    message: Message
    indicator: Indicator | None = None
    suggestion: str | None = None
    severity: Severity | None = None
    location: SourceLocation | None = None
    table: Table | None = None
    # Overrides the fix the engine derives from ``suggestion`` and the rule's
    # ``fix_field``/``fix_safe`` (``Fix.field`` names the field; None: no fix).
    fix: Fix | None = None
    # The numbers behind the message, by name, for programs (the JSON report's
    # ``data``): any mapping of str, int, bool, None, Decimal and lists of them,
    # made read-only here (``FindingData``). W001: weight_sum, expected_total …
    data: FindingData | None = attrs.field(default=None, converter=FindingData.of)


def _printable_message(message: Message) -> Message:
    zh, en = printable(message.zh), printable(message.en)
    return message if (zh, en) == (message.zh, message.en) else Message(zh, en)


def _printable_location(location: SourceLocation) -> SourceLocation:
    sheet, path = printable(location.sheet), printable(location.path)
    return location if (sheet, path) == (location.sheet, location.path) else attrs.evolve(location, sheet=sheet, path=path)


@attrs.frozen
class Finding:
    """One finding, as every report shows it. Its text comes from files and
    plugins, so control characters and lone surrogates are escaped here, once,
    for every format (see ``safetext.printable``)."""

    code: str = attrs.field(converter=printable)
    name: str = attrs.field(converter=printable)
    severity: Severity
    message: Message = attrs.field(converter=_printable_message)
    file: str = attrs.field(converter=printable)
    table: str | None = attrs.field(default=None, converter=printable)
    indicator: str | None = attrs.field(default=None, converter=printable)
    location: SourceLocation = attrs.field(default=SourceLocation(), converter=_printable_location)
    suggestion: str | None = attrs.field(default=None, converter=printable)
    value: str | None = attrs.field(default=None, converter=printable)
    fix: Fix | None = None
    data: FindingData | None = attrs.field(default=None, converter=FindingData.of)  # Problem.data, read-only

    def sort_key(self) -> tuple:
        loc = self.location
        return (
            self.file,
            loc.line if loc.line is not None else -1,
            loc.page or 0,
            loc.sheet or "",
            cell_order(loc.cell),
            loc.path or "",
            self.code,
        )


_CELL = re.compile(r"([A-Za-z]{1,3})([0-9]+)")


def cell_order(cell: str | None) -> tuple[int, int, str]:
    """A cell reference's place in reading order, row by row: D8 before D11
    (as text, "D11" < "D8"), and Z3 before AA3. A reference that is not one
    (a range, a name) sorts first, by its text."""
    m = _CELL.fullmatch(cell or "")
    if m is None:
        return (0, 0, cell or "")
    column = 0
    for letter in m.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return (int(m.group(2)), column, "")
