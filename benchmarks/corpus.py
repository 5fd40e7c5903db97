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


def big_canonical(indicators: int, per_table: int = 100) -> str:
    """A canonical YAML document of ``indicators`` rows, ``per_table`` to a table,
    each row in the block style ``perfcheck extract`` writes."""
    out = ["perfcheck: 1", "document: {title: 大文档基准, year: 2024}", "tables:"]
    kinds = [
        ("产出指标", "数量指标", "培训人数{}", ">={} 人"),
        ("产出指标", "质量指标", "验收合格率{}", ">=9{}%"),
        ("产出指标", "时效指标", "完成时间{}", "2024年12月"),
        ("成本指标", "经济成本指标", "培训成本{}", "<={} 万元"),
        ("效益指标", "社会效益指标", "服务水平{}", "有效提高"),
        ("满意度指标", "服务对象满意度指标", "学员满意度{}", ">=9{}%"),
    ]
    for t in range(max(1, indicators // per_table)):
        out += [f"  - name: 2024年基准项目{t}", "    kind: project", f"    funds: {{total: \"{t % 900 + 100}\", fiscal: \"{t % 900 + 100}\"}}", "    indicators:"]
        for i in range(per_table):
            level1, level2, name, value = kinds[i % len(kinds)]
            digit = i % 10
            out += [
                f"      - level1: {level1}",
                f"        level2: {level2}",
                f"        name: {name.format(i)}",
                f"        value: \"{value.format(digit if '%' in value else i + 1)}\"",
                f"        weight: {1 if i % 10 else 10}",
            ]
    return "\n".join(out) + "\n"
