"""What unit symbols mean: their dimension and their size in its base unit.

The value grammar keeps units as written (``万元``, ``个月``, ``元/人/月``);
rules ask this registry whether two symbols measure the same thing and how
to convert between them. Plugins add units through the ``perfcheck_units``
hook.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

import attrs

from perfcheck.model import Unit

MONEY = "money"  # base 元
PERCENT = "percent"
MONTHS = "months"  # base 月: 年 = 12 月; calendar days are a dimension of their own
DAYS = "days"
AREA = "area"  # base 亩
LENGTH = "length"  # base 米
VOLUME = "volume"  # base 立方米
MASS = "mass"  # base 千克


def count_of(thing: str) -> str:
    """Counts of different things never mix: 人 is not 座."""
    return f"count:{thing}"


@attrs.frozen
class UnitDef:
    """One unit symbol. ``standard`` names the preferred spelling of a non-standard one."""

    symbol: str
    dimension: str
    factor: Decimal = Decimal(1)
    aliases: tuple[str, ...] = ()
    standard: str | None = None

    @property
    def symbols(self) -> tuple[str, ...]:
        return (self.symbol, *self.aliases)


def _counts(*groups: str) -> list[UnitDef]:
    defs = []
    for group in groups:
        symbol, *aliases = group.split("|")
        defs.append(UnitDef(symbol, count_of(symbol), aliases=tuple(aliases)))
    return defs


BUILTIN_UNITS: tuple[UnitDef, ...] = (
    UnitDef("元", MONEY, Decimal(1)),
    UnitDef("千元", MONEY, Decimal(1000)),
    UnitDef("万元", MONEY, Decimal(10000)),
    UnitDef("亿元", MONEY, Decimal(100000000)),
    UnitDef("%", PERCENT),
    UnitDef("百分比", PERCENT, standard="%"),
    UnitDef("月", MONTHS, aliases=("个月",)),
    UnitDef("季度", MONTHS, Decimal(3), aliases=("个季度",)),
    UnitDef("年", MONTHS, Decimal(12)),
    UnitDef("天", DAYS, aliases=("日", "工作日", "个工作日")),
    UnitDef("周", DAYS, Decimal(7)),
    UnitDef("小时", DAYS, Decimal(1) / Decimal(24), aliases=("个小时",)),
    UnitDef("分钟", DAYS, Decimal(1) / Decimal(1440)),
    UnitDef("亩", AREA),
    UnitDef("万亩", AREA, Decimal(10000)),
    UnitDef("公顷", AREA, Decimal(15)),
    UnitDef("平方米", AREA, Decimal("0.0015"), aliases=("㎡", "m²")),
    UnitDef("平方公里", AREA, Decimal(1500), aliases=("km²",)),
    UnitDef("米", LENGTH),
    UnitDef("M", LENGTH, aliases=("m",), standard="米"),
    UnitDef("公里", LENGTH, Decimal(1000), aliases=("千米", "km")),
    UnitDef("立方米", VOLUME, aliases=("m³", "㎥")),
    UnitDef("方", VOLUME, standard="立方米"),  # 土方: earthworks' cubic metres
    UnitDef("万立方米", VOLUME, Decimal(10000)),
    UnitDef("千克", MASS, aliases=("公斤", "kg")),
    UnitDef("克", MASS, Decimal("0.001")),
    UnitDef("斤", MASS, Decimal("0.5")),
    UnitDef("吨", MASS, Decimal(1000)),
    UnitDef("万吨", MASS, Decimal(10000000)),
    UnitDef("万人", count_of("人"), Decimal(10000)),
    UnitDef("万人次", count_of("人次"), Decimal(10000)),
    *_counts(
        "人|名|位", "人次", "个", "座", "套", "批", "家", "户", "台", "次", "件", "项", "辆",
        "所", "处", "份", "册", "本", "场", "期", "篇", "张", "宗", "条", "块", "株", "棵",
        "只", "头", "间", "栋", "幢", "公里段", "口", "眼", "村", "镇", "乡", "校", "班", "课时",
    ),
)


class UnknownUnit(KeyError):
    pass


class UnitRegistry:
    """Symbol → ``UnitDef``. Later additions (plugins) override built-ins."""

    def __init__(self, defs: Iterable[UnitDef] = BUILTIN_UNITS):
        self._by_symbol: dict[str, UnitDef] = {}
        for d in defs:
            self.add(d)

    def add(self, unit: UnitDef) -> None:
        for symbol in unit.symbols:
            self._by_symbol[symbol] = unit

    def get(self, symbol: str) -> UnitDef | None:
        return self._by_symbol.get(symbol)

    def __contains__(self, symbol: str) -> bool:
        return symbol in self._by_symbol

    def dimension(self, symbol: str) -> str | None:
        d = self.get(symbol)
        return d.dimension if d else None

    def is_money(self, unit: Unit | None) -> bool:
        return unit is not None and self.dimension(unit.numerator) == MONEY

    def same_dimension(self, a: str, b: str) -> bool:
        da, db = self.get(a), self.get(b)
        if da is None or db is None:
            return a == b
        return da.dimension == db.dimension

    def convert(self, amount: Decimal, source: str, target: str) -> Decimal:
        """Convert ``amount`` from one symbol to another of the same dimension."""
        s, t = self.get(source), self.get(target)
        if s is None or t is None:
            raise UnknownUnit(source if s is None else target)
        if s.dimension != t.dimension:
            raise ValueError(f"cannot convert {source} ({s.dimension}) to {target} ({t.dimension})")
        return amount * s.factor / t.factor
