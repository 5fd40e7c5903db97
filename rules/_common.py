"""Helpers the built-in rules share: recognising kinds of indicators, formatting numbers."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from perfcheck.model import Empty, Indicator, Quantity, QuantityRange
from perfcheck.text import squeeze

_RATE_NAME = re.compile(r"率\s*(?:[（(][^）)]*[）)])?\s*$")
_NOT_A_RATE = ("效率",)  # efficiency: 提高工作效率 is not a percentage


def is_rate(indicator: Indicator) -> bool:
    """An indicator named …率 (覆盖率, 合格率), which is a percentage."""
    return _rate_name(indicator.name)


@functools.lru_cache(maxsize=4096)  # a dozen rules ask it of every row
def _rate_name(name: str) -> bool:
    name = name.strip()
    return bool(_RATE_NAME.search(name)) and not any(name.endswith(w) for w in _NOT_A_RATE)


def in_satisfaction_category(indicator: Indicator) -> bool:
    """Filed under a satisfaction category: the 满意度指标 level 1, or the older
    template's 社会公众或服务对象满意度指标 level 2 under 效益指标, or, in an
    older two-level layout with no level 2 (投入 / 产出 / 效益, as Fujian's
    2020 template has it), a satisfaction row under 效益 itself: that
    template has no satisfaction category of its own and files it there."""
    if "满意" in indicator.level1 or "满意" in indicator.level2:
        return True
    return not indicator.level2.strip() and "满意" in indicator.name and level1_kind(indicator.level1) == "effect"


def is_satisfaction(indicator: Indicator) -> bool:
    """满意度 / 满意程度 in the name, or filed under a 满意度 category."""
    return "满意" in indicator.name or "满意度" in indicator.level1 or "满意度" in indicator.level2


def plain(number: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 90, 4500, 0.41."""
    text = format(number.normalize(), "f")
    return text


_CENT = Decimal("0.01")


def cents(number: Decimal) -> Decimal:
    """An amount in 万元 to the cent, as budget tables state it (a finding's data)."""
    return number.quantize(_CENT)


def money(number: Decimal) -> str:
    """An amount in 万元 the way budget tables print it: 74.97, 130.00."""
    return f"{cents(number):,.2f}"


def is_quantitative(value) -> bool:
    """A number to be reached (not a date, a phrase or nothing)."""
    return isinstance(value, (Quantity, QuantityRange))


PROPORTIONAL_WORDS = ("正常比例", "按比例", "比例赋分", "比例计分")
GRADED_WORDS = ("评判等级", "等级赋分", "分档", "分级")


@functools.lru_cache(maxsize=1 << 12)  # a handful of wordings, on every row of every table
def scoring_kind(scoring: str | None) -> str | None:
    """"proportional" (按照正常比例赋分), "graded" (按评判等级赋分) or None (满意度赋分, other, absent)."""
    if not scoring:
        return None
    if any(w in scoring for w in PROPORTIONAL_WORDS):
        return "proportional"
    if any(w in scoring for w in GRADED_WORDS):
        return "graded"
    return None


# The category words of the four level-1 groups (产出指标, 成本指标, 效益指标, 满意度指标).
LEVEL1_WORDS = {"output": "产出", "cost": "成本", "effect": "效益", "satisfaction": "满意度"}
LEVEL1_NAMES = {"output": "产出指标", "cost": "成本指标", "effect": "效益指标", "satisfaction": "满意度指标"}
# Level 2 allowed under each level 1 (domain.md); 成本 under 产出 is the older national template.
# The effects a project names where they fit (101号: 效益 "根据实际"): templates
# print them all, and a blank row under one is left as printed.
EFFECT_LEVEL2 = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
# So are the social and environmental costs (101号: 成本 "根据项目实际", the
# economic cost the one every project has): a blank 生态环境成本指标 row is the
# template's too.
OPTIONAL_LEVEL2 = (*EFFECT_LEVEL2, "社会成本指标", "生态环境成本指标", "生态成本指标")
LEVEL2_ALLOWED = {
    "output": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "cost": ("经济成本指标", "社会成本指标", "生态环境成本指标", "生态成本指标"),
    # 社会公众或服务对象满意度指标: the older national template (before 101号)
    # files satisfaction as a level 2 under 效益指标.
    "effect": (*EFFECT_LEVEL2, "社会公众或服务对象满意度指标"),
    "satisfaction": ("服务对象满意度指标", "满意度指标"),
}
# Names that are categories, not indicators: every level name above plus unit-table ones.
CATEGORY_NAMES = frozenset(
    [*LEVEL1_NAMES.values(), *(n for names in LEVEL2_ALLOWED.values() for n in names)]
    + ["履职效能", "管理效率", "社会效应", "服务对象满意度", "可持续发展能力", "经济成本", "社会成本", "生态环境成本"]
)


# Short and older forms of a 101号 effect label, as provinces print them
# (可持续性 for 可持续影响指标), after the 指标 that category_label adds.
EFFECT_SHORT_FORMS = {
    "可持续性指标": "可持续影响指标",
    "可持续指标": "可持续影响指标",
    "可持续影响力指标": "可持续影响指标",
    "可持续发展指标": "可持续影响指标",
    "生态环境效益指标": "生态效益指标",
    "经济效益性指标": "经济效益指标",
}

# Template notes printed after a category (数量指标(必填硬性指标), 经济效益指标（选填）,
# 产出指标(50分)) and words that trail it (服务对象满意度指标等).
_NOTE = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_TRAILING = re.compile(r"(?:等|类)$")


@functools.lru_cache(maxsize=1024)  # the same few labels, asked by every rule that looks at categories
def category_label(label: str, level1: str | None = None) -> str:
    """A level-1 or level-2 label as the 101号 templates name it.

    Whitespace a PDF wrap left (经济效益 指标), notes in brackets
    (数量指标(必填硬性指标), 经济效益指标（选填）, 产出指标(50分)), a trailing
    等/类, 目标 for 指标 (社会效益目标), the level-1 word repeated before a
    level 2 (产出数量指标 under 产出) and a missing 指标 (数量) are set
    aside, and a short form of an effect label is read as its 101号 name
    (可持续性 is 可持续影响指标): every rule that looks at categories reads
    them through this.
    """
    text = _NOTE.sub("", squeeze(label))
    text = _TRAILING.sub("", text)
    if text.endswith("目标"):
        text = text[: -len("目标")] + "指标"
    if text and not text.endswith("指标"):
        text += "指标"
    kind = level1_kind(level1) if level1 else None
    if kind is not None:
        word = LEVEL1_WORDS[kind]
        rest = text.removeprefix(word)
        if rest != text and rest in LEVEL2_ALLOWED[kind]:
            text = rest
    if kind in (None, "effect"):
        text = EFFECT_SHORT_FORMS.get(text, text)
    return text if text != "指标" else ""


# The template's "more rows here" line: an ellipsis where a name would be (……, …, ..., 。。。).
_ELLIPSIS = re.compile(r"^(?:[…⋯]+|[.．。·]{2,})$")


def is_ellipsis(name: str) -> bool:
    """A name that is only an ellipsis (……, …, ..., 。。。): no indicator's name."""
    return bool(_ELLIPSIS.match(squeeze(name)))


def is_template_placeholder(indicator: Indicator) -> bool:
    """A line the template printed and the project left as printed: a blank
    row under an optional category (经济效益指标, 生态环境成本指标 with
    nothing in it), or a "……" row with no value (the template's "more rows
    here", under any category). Not a row that lost its name, value or weight."""
    if not (
        isinstance(indicator.value, Empty)
        and indicator.weight is None
        and not indicator.raw_weight
        and not (indicator.scoring or "").strip()
    ):
        return False
    if is_ellipsis(indicator.name):
        return True
    return not indicator.name.strip() and category_label(indicator.level2, indicator.level1) in OPTIONAL_LEVEL2


@functools.lru_cache(maxsize=1024)  # the same few labels, on every row, for several rules
def level1_kind(level1: str) -> str | None:
    """Which of the four groups a level-1 name is (产出指标 → "output"), or None."""
    # 满意度 first: "服务对象满意度指标" must not fall under another word.
    for kind in ("satisfaction", "cost", "output", "effect"):
        if LEVEL1_WORDS[kind] in level1:
            return kind
    return None


def is_timeliness(indicator: Indicator) -> bool:
    return "时效" in indicator.level2


def group_points(table, group: str) -> tuple[Decimal, int]:
    """(points, weighted rows) of a level-1 group, matched by its word: 产出 for 产出指标."""
    word = group.removesuffix("指标")
    rows = [i for i in table.indicators if word in i.level1 and i.weight is not None]
    return sum((i.weight for i in rows), Decimal(0)), len(rows)
