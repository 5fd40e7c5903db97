"""Generated indicator values and documents, for fuzzing perfcheck end to end.

``python tests/fuzzing.py --values 1000000`` feeds that many generated
values through ``parse_value``, every rule and every report format, and says
what broke (exit 1) or that nothing did. The test suite runs the same code
on 100,000 values (``tests/test_fuzz.py``); this command is the longer run,
on demand.

Values mix what real tables hold (operators in every spelling, numbers split
by a PDF, full-width digits, units, dates, ranges, qualitative phrases) with
what hostile files hold (control characters, ANSI and OSC escapes, lone
surrogates, markup, 5,000-digit numbers, exponents).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Iterator
from xml.etree import ElementTree

OPERATORS = [">=", "<=", "=", ">", "<", "≥", "≤", "＞", "＜", "＝", "≧", "≦", "=>", "=<", "==", "═", "≥=", "不低于", "不少于", "至少",
             "不高于", "不超过", "控制在", "大于", "小于", "达到", ""]
SUFFIXES = ["", "以上", "以内", "以下", "及以上", "之内"]
UNITS = ["", "%", "％", "‰", "万元", "元", "元/人/月", "元/座", "万元/人", "人次", "个", "座", "亩", "万亩", "M", "百分比", "人/次", "km²",
         "天", "个月", "年", "月", "日", "次/年", "万"]
QUALITATIVE = ["有效提高", "效果显著", "明显", "有效保障", "质量提升", "优良", "显著提升", "良好", "合格", "按月安排", "及时"]
HOSTILE = ["\x1b[31m", "\x1b]0;pwned\x07", "\x00", "\x0b", "\x7f", "\x85", "\ud800", "\udfff", "\ufffe", "\u202e", "<script>", "&amp;",
           "]]>", "\"'", "\\", "\n", "\t", "\r", "🙂", "𠮷", "\u3000", " "]
NAMES = ["培训人数", "项目完成率", "资金到位率", "满意度", "服务对象满意度", "设备采购成本", "工程验收合格率", "完成时间", "惠及人口",
         "森林火灾受害率", "经济成本指标", "人均补助标准"]


def _number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.5:
        return str(rng.choice([0, 1, 2, 5, 10, 12, 30, 85, 90, 95, 98, 99, 100, 357, 855, 2100, 4500, 2024, 44561]))
    if kind < 0.7:
        return f"{rng.uniform(0, 100000):,.{rng.randint(0, 3)}f}"
    if kind < 0.8:  # split by a PDF
        digits = str(rng.randint(10, 999999))
        cut = rng.randint(1, len(digits) - 1)
        return digits[:cut] + rng.choice([" ", "  ", ". ", " ."]) + digits[cut:]
    if kind < 0.85:  # full-width
        return str(rng.randint(0, 9999)).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if kind < 0.92:  # absurd
        return rng.choice(["9" * rng.randint(20, 5000), "1e999999999", "1.0e+999999999", "0." + "0" * 40 + "1", "-" + "9" * 30])
    return str(rng.randint(-1000, 1000))


def _date(rng: random.Random) -> str:
    year = rng.choice(["2023", "2024", "2025", "0", "9" * rng.randint(5, 4400)])
    month = rng.choice(["1", "6", "12", "13", "0", "9" * rng.randint(3, 4400)])
    form = rng.randint(0, 5)
    return [f"{year}年{month}月", f"{year}年{month}月31日前", f"{month}月底前", f"{year}-{month}-31", f"{year}.07-{year}.12", f"{year}年底"][form]


def value(rng: random.Random) -> str:
    """One generated indicator value."""
    kind = rng.random()
    if kind < 0.45:
        text = rng.choice(OPERATORS) + rng.choice(["", " "]) + _number(rng) + rng.choice(["", " "]) + rng.choice(UNITS) + rng.choice(SUFFIXES)
    elif kind < 0.55:
        unit = rng.choice(UNITS)
        text = f"{_number(rng)}{unit}{rng.choice(['-', '~', '至'])}{_number(rng)}{unit}"
    elif kind < 0.7:
        text = rng.choice(["", "≤", "不晚于"]) + _date(rng)
    elif kind < 0.8:
        text = rng.choice(OPERATORS[:5] + [""]) + rng.choice(QUALITATIVE)
    elif kind < 0.9:
        text = "".join(rng.choice(HOSTILE + OPERATORS + UNITS + ["1", "2", "."]) for _ in range(rng.randint(1, 8)))
    else:
        text = "".join(chr(rng.randint(0, 0x2FFFF)) for _ in range(rng.randint(0, 12)))
    if rng.random() < 0.1:
        position = rng.randint(0, len(text))
        text = text[:position] + rng.choice(HOSTILE) + text[position:]
    return text


def values(seed: int, count: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield value(rng)


def document(rng: random.Random, raw_values: list[str], source: str):
    """A document whose tables hold ``raw_values``, parsed, with generated names and weights."""
    from perfcheck.model import Document, Funds, Indicator, SourceLocation, Table
    from perfcheck.values import parse_value

    levels = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("成本指标", "经济成本指标"),
              ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标"), (rng.choice(HOSTILE) + "指标", "")]
    tables = []
    per_table = 10
    for t in range(0, len(raw_values), per_table):
        indicators = []
        for i, raw in enumerate(raw_values[t : t + per_table]):
            level1, level2 = rng.choice(levels)
            name = rng.choice(NAMES) + (rng.choice(HOSTILE) if rng.random() < 0.2 else "")
            weight = rng.choice([None, Decimal(0), Decimal(10), Decimal(90), Decimal("12.5"), Decimal(-5)])
            line = t + i + 1
            indicators.append(
                Indicator(
                    name=name, value=parse_value(raw), raw_value=raw, level1=level1, level2=level2,
                    weight=weight, raw_weight=None if weight is None else str(weight),
                    scoring=rng.choice([None, "按照正常比例赋分", "按评判等级赋分"]),
                    location=SourceLocation(line=line), value_location=SourceLocation(line=line),
                )
            )
        total = rng.choice([None, Decimal(0), Decimal("10.80"), Decimal("99999999999")])
        tables.append(
            Table(
                name=f"2024年{rng.choice(HOSTILE)}项目{t}", funds=Funds(total, total, Decimal(0)) if total is not None else None,
                goal=rng.choice([None, "", "用于聘用安保人员2人" + rng.choice(HOSTILE)]), indicators=tuple(indicators),
                location=SourceLocation(line=t + 1),
            )
        )
    return Document(source=source, tables=tuple(tables), year=2024)


def check_reports(run, host, lang: str, workbook: Path | None = None, scratch: Path | None = None) -> list[str]:
    """Render ``run`` in every format; the problems found (empty: all well-formed)."""
    from perfcheck.reporters import ReportOptions

    problems = []
    options = ReportOptions(rules=tuple(host.sorted_rules()), statistics=False)
    for name in ("text", "json", "sarif", "junit", "github", "html"):
        try:
            out = host.reporters[name].render(run, lang, options)
            out.encode("utf-8")  # strict: no lone surrogate survives
            if re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", out):
                problems.append(f"{name}: a control character in the output")
            if name in ("json", "sarif"):
                json.loads(out)
            elif name == "junit":
                ElementTree.fromstring(out.encode("utf-8"))
            elif name == "html":
                # The page's own script is the only one; a value's "<script>" is escaped.
                if out.count("<script") != 1:
                    problems.append("html: unescaped markup from a value")
        except Exception as exc:  # noqa: BLE001 - what the fuzz run reports
            problems.append(f"{name}: {type(exc).__name__}: {exc}")
    if workbook is not None and scratch is not None:
        try:
            host.reporters["xlsx"].write(run, lang, scratch)
            import openpyxl

            openpyxl.load_workbook(scratch).close()
        except Exception as exc:  # noqa: BLE001
            problems.append(f"xlsx: {type(exc).__name__}: {exc}")
    return problems


def fuzz(count: int, seed: int = 0, chunk: int = 2000, xlsx_every: int = 10, scratch_dir: Path | None = None, log=None) -> list[str]:
    """Run ``count`` generated values through parsing, the rules and every report; the problems."""
    import tempfile

    import attrs
    import openpyxl

    from perfcheck.config import Resolver
    from perfcheck.engine import Linter
    from perfcheck.results import FileResult, RunResult
    from perfcheck.model import ParsedValue
    from perfcheck.plugins import PluginHost
    from perfcheck.values import parse_value

    host = PluginHost()
    settings = Resolver(host).resolve([])
    linter = Linter(host)
    rng = random.Random(seed)
    problems: list[str] = []
    scratch_dir = scratch_dir or Path(tempfile.mkdtemp(prefix="perfcheck-fuzz-"))
    workbook = scratch_dir / "draft.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "绩效目标"
    book.save(workbook)
    generated = values(seed, count)
    done = 0
    for number in range((count + chunk - 1) // chunk):
        raw_values = [next(generated) for _ in range(min(chunk, count - done))]
        done += len(raw_values)
        for raw in raw_values:
            try:
                parsed = parse_value(raw)
                assert isinstance(parsed, ParsedValue.__args__), type(parsed)
                str(parsed)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"parse_value({raw!r}): {type(exc).__name__}: {exc}")
        source = str(workbook) if number % xlsx_every == 0 else f"fuzz-{number}.yaml"
        doc = document(rng, raw_values, source)
        findings = list(linter.check_document(doc, settings))
        problems.extend(f"rule crashed on generated values: {f.message.en}" for f in findings if f.code == "E003")
        if source == str(workbook):  # put some findings on cells, as a workbook's would be
            findings = [attrs.evolve(f, location=attrs.evolve(f.location, sheet="绩效目标", cell=f"B{i % 50 + 1}")) for i, f in enumerate(findings)]
        result = FileResult(source, tuple(findings), len(doc.tables), len(raw_values), doc)
        run = RunResult((result,), "zh")
        lang = ("zh", "en")[number % 2]  # both languages, each on half the values
        problems.extend(check_reports(run, host, lang, workbook if source == str(workbook) else None, scratch_dir / "review.xlsx"))
        if log:
            log(done, count, len(problems))
        if len(problems) > 50:
            break
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tests/fuzzing.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--values", type=int, default=1_000_000, help="how many values (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    start = time.process_time()

    def log(done, total, found):
        print(f"\r{done:,}/{total:,} values, {found} problems, {time.process_time() - start:.0f} CPU s", end="", file=sys.stderr)

    problems = fuzz(args.values, args.seed, log=log)
    print(file=sys.stderr)
    for problem in problems:
        print(problem)
    print(f"{args.values:,} values: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
