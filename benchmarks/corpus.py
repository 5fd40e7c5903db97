"""Inputs for the benchmarks, made from the seed disclosure in examples/.

A batch of copies of one file would flatter every cache (each value and label
seen once, then free), so each copy here is varied: another place name
throughout, and every count or amount after a comparison sign (``>=50 个``,
``<=75 万元``) shifted by the copy's number, so that no two copies share those
values. Percentages, months and years are left alone: the copies stay as
plausible, and as full of findings, as the seed. Every copy reads as a
disclosure of the same layout and size.
"""

from __future__ import annotations

import re
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "examples" / "artux-2024" / "artux-natural-resources-2024.txt"
_PLACE = "阿图什市"
_AFTER_SIGN = re.compile(r"(?<=[≥≤=<>])(\s*)(\d+)(?=\s*[^\d\s%.,年月日个])")


def varied(text: str, copy: int) -> str:
    """The seed as another county might have published it: copy 0 is the seed itself."""
    if copy == 0:
        return text
    shift = copy
    text = text.replace(_PLACE, f"样例{copy:04}县")
    return _AFTER_SIGN.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + shift}", text)


def write_batch(folder: Path, copies: int) -> list[Path]:
    seed = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(copies):
        path = folder / f"disclosure-{i:04}.txt"
        path.write_text(varied(seed, i), encoding="utf-8")
        paths.append(path)
    return paths


_PROJECT_NAME = re.compile(r"^(项目名称\s+)(\S)", re.M)


def many_projects(times: int) -> str:
    """One disclosure with ``times`` as many project target tables: the seed's
    tables repeated, each copy's projects renamed (第2批…) and its numbers
    shifted, so no two tables are the same."""
    seed = SEED.read_text(encoding="utf-8")
    start = seed.index("项目支出绩效目标表")
    end = seed.index("第四部分 名词解释", start)
    block = seed[start:end]
    copies = [block] + [
        _PROJECT_NAME.sub(lambda m: f"{m.group(1)}第{i + 1}批{m.group(2)}", varied(block, i))
        for i in range(1, times)
    ]
    return seed[:start] + "".join(copies) + seed[end:]
