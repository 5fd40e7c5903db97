"""Where a disclosure comes from: the administrative divisions its unit's
name (or its title) starts with.

A budget unit is usually named after its place: 阿图什市自然资源局,
固原市原州区自然资源局, 新疆维吾尔自治区克孜勒苏柯尔克孜自治州阿图什市….
``region_of`` reads the divisions at the start of such a name, by the way
division names end (省, 自治区, 市, 自治州, 州, 地区, 盟, 县, 区, 旗), down to
the county level, and gives them as written: "固原市原州区". A findings
store counts a province's run by them.

It is meant to be conservative: a name is read as a division only when its
part before the ending is of a division name's length (two to four
characters; up to ten before 自治区/自治州/自治县/自治旗, whose minority
names are long), is not a placeholder (某县) and does not end like a zone
that is not a division (开发区, 高新区, 工业园区). Anything else, and a unit
named without its place (区林业局, 南岳镇政府), gives None: no region is
better than a wrong one. There is no gazetteer: a name of the right shape
is taken as written.
"""

from __future__ import annotations

import re

# Longest first: 自治州 before 州, 地区 before 区.
_ENDINGS = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "省", "地区", "市", "州", "盟", "县", "区", "旗")
# Endings only a province-level division has: only at the start of a name.
_PROVINCIAL = ("特别行政区", "自治区", "省")
# After these the county level is reached: nothing below is a region.
_COUNTY = ("县", "区", "旗", "自治县", "自治旗")
# How long the part before the ending may be.
_SHORT, _LONG = (2, 4), (2, 10)
# Zones and places whose names end like a division but are not one.
_NOT_DIVISIONS = ("开发", "高新", "工业", "化工", "园", "保税", "示范", "试验", "景", "社", "小", "片", "辖", "校", "库", "矿")
# Prefixes that are not part of the place: 中共宁德市委 is 宁德市's, 政协福建省平潭县委员会 平潭县's.
_PREFIXES = ("中国共产党", "中共", "中国人民政治协商会议", "政协", "共青团")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
# A title may open with its year (2024年阿图什市…), a unit with its budget code (820001-井研县…).
_LEADING = re.compile(r"^\s*(?:\d{4}\s*年度?|\d+\s*[-－_])\s*")


def region_of(*names: str | None) -> str | None:
    """The divisions the first of ``names`` that starts with one starts with,
    as written ("新疆维吾尔自治区克孜勒苏柯尔克孜自治州阿图什市"), or None."""
    for name in names:
        if name:
            found = _divisions(name)
            if found:
                return found
    return None


def _divisions(name: str) -> str | None:
    text = _LEADING.sub("", name)
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    han = _HAN.match(text)
    if han is None:
        return None
    text = han.group()
    parts: list[str] = []
    while len(parts) < 3:
        part = _division_at(text, first=not parts)
        if part is None:
            break
        parts.append(part)
        text = text[len(part):]
        if part.endswith(_COUNTY) and not part.endswith(("地区", "自治区")):
            break
    return "".join(parts) or None


def _division_at(text: str, *, first: bool) -> str | None:
    """The shortest division name at the start of ``text``, or None."""
    for end in range(_SHORT[0] + 1, min(len(text), _LONG[1] + len("特别行政区")) + 1):
        head = text[:end]
        for ending in _ENDINGS:
            if not head.endswith(ending) or (ending in _PROVINCIAL and not first):
                continue
            stem = head[: -len(ending)]
            low, high = _LONG if ending.startswith("自治") or ending == "特别行政区" else _SHORT
            if low <= len(stem) <= high and not stem.startswith("某") and not stem.endswith(_NOT_DIVISIONS):
                return head
    return None
