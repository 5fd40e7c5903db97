"""perfcheck's benchmarks, run on demand (not part of the tests).

    python benchmarks/run.py                 # every benchmark, a table for the README
    python benchmarks/run.py batch --against /path/to/old/bin/perfcheck
    python benchmarks/run.py pdf --against /path/to/old/bin/perfcheck
    python benchmarks/run.py startup

Each figure is CPU seconds (user + system, the process and every worker it
waited for) or peak resident memory, measured with public means (``wait4``'s
rusage; ``time``/``/usr/bin/time -v`` give the same), and each is given as a
ratio measured in the same run: to a bare ``python -c pass``, to the smaller
input, or to the previous release (``--against``). Ratios stay meaningful on
a shared, noisy machine; single wall times do not.

Inputs are made on the fly from the seed disclosure (``corpus.py``): varied
copies for batches, one document with 16 times the projects, a canonical
YAML of 200,000 indicators, a 200-sheet workbook.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # xlsxmaker: workbooks in every province's layout

import corpus  # noqa: E402
from measure import Cost, bare_python, measure  # noqa: E402

PERFCHECK = [sys.executable, "-m", "perfcheck"]


def _check(target: Path, *extra: str, perfcheck: list[str] = PERFCHECK) -> tuple[Cost, dict]:
    # The per-file time limit is raised for the big inputs; an older release has no such option.
    limit = ("--timeout", "900") if perfcheck is PERFCHECK else ()
    cost = measure([*perfcheck, "check", str(target), "--format", "json", *limit, *extra])
    return cost, json.loads(cost.stdout)


def _best(runs: int, fn):
    """The least CPU of ``runs`` runs: noise on a shared machine only ever adds."""
    results = [fn() for _ in range(runs)]
    return min(results, key=lambda r: r[0].cpu)


def batch(work: Path, files: int = 200, jobs: int = 1, against: str | None = None) -> list[tuple[str, str, str]]:
    folder = work / f"batch{files}"
    folder.mkdir(exist_ok=True)
    corpus.write_batch(folder, files)
    rows = []
    cost, report = _best(2, lambda: _check(folder, "--jobs", str(jobs)))
    n = report["summary"]["indicators"]
    rows.append((f"batch: {files} varied seed disclosures, --jobs {jobs}", f"{n / cost.cpu:,.0f} indicators per CPU-second", f"{cost.cpu:.2f} CPU s"))
    # The HTML report shows every table: each worker renders its files' sections.
    page = work / "batch.html"
    html = min((measure([*PERFCHECK, "check", str(folder), "--format", "html", "-o", str(page), "--jobs", str(jobs)]) for _ in range(2)), key=lambda c: c.cpu)
    rows.append(("  the same batch, --format html", f"{n / html.cpu:,.0f} indicators per CPU-second", f"{html.cpu / cost.cpu:.2f}x the CPU of JSON"))
    if against:
        old, old_report = _best(2, lambda: _check(folder, perfcheck=[against]))
        assert old_report["summary"]["indicators"] == n
        rows.append(("  the same batch, previous release", f"{n / old.cpu:,.0f} indicators per CPU-second", f"{old.cpu / cost.cpu:.1f}x the CPU of this one"))
    return rows


def jobs(work: Path, files: int = 120) -> list[tuple[str, str, str]]:
    folder = work / f"batch{files}"
    folder.mkdir(exist_ok=True)
    corpus.write_batch(folder, files)
    one, one_report = _best(2, lambda: _check(folder, "--jobs", "1"))
    two, two_report = _best(2, lambda: _check(folder, "--jobs", "2"))
    assert one.stdout == two.stdout, "--jobs 2 must report exactly what --jobs 1 does"
    return [(f"--jobs 2 against --jobs 1 ({files} files, same output)", f"{two.cpu / one.cpu:.2f}x the CPU", "target at most 1.2x")]


def memory(work: Path) -> list[tuple[str, str, str]]:
    rows = []
    for fmt in ("text", "json", "html"):  # each made file by file; HTML shows every table too
        peaks = {}
        for files in (60, 240):
            folder = work / f"memory{files}"
            folder.mkdir(exist_ok=True)
            corpus.write_batch(folder, files)
            report = work / f"report.{fmt}"
            peaks[files] = min(measure([*PERFCHECK, "check", str(folder), "--format", fmt, "-o", str(report)]).peak_mib for _ in range(2))
        rows.append((f"peak memory, 240 files against 60 (--format {fmt})", f"{peaks[240] / peaks[60]:.2f}x", f"{peaks[60]:.0f} -> {peaks[240]:.0f} MiB (target at most 1.3x)"))
    return rows


def projects(work: Path) -> list[tuple[str, str, str]]:
    """CPU per indicator of checking one document with 16 times the projects,
    against the seed: in process, so that start-up does not flatter the big one."""
    from perfcheck.config import Overrides, SettingsCache
    from perfcheck.engine import Linter
    from perfcheck.plugins import PluginHost

    host = PluginHost()
    cache = SettingsCache(host, Overrides())
    linter = Linter(host)
    per_indicator = {}
    for times in (1, 16):
        path = work / f"projects{times}.txt"
        path.write_text(corpus.many_projects(times), encoding="utf-8")
        settings = cache.for_path(path)
        linter.check_file(path, settings)  # warm: the grammar, the plugins
        best = min(_cpu_of(lambda: linter.check_file(path, settings)) for _ in range(3))
        per_indicator[times] = best / linter.check_file(path, settings).indicators
    ratio = per_indicator[16] / per_indicator[1]
    return [("one document, 16x the projects", f"{ratio:.2f}x the CPU per indicator", f"{per_indicator[1] * 1e6:.0f} -> {per_indicator[16] * 1e6:.0f} µs (target at most 1.5x)")]


def yaml_document(work: Path, indicators: int = 200_000) -> list[tuple[str, str, str]]:
    path = work / f"big{indicators}.yaml"
    path.write_text(corpus.big_canonical(indicators), encoding="utf-8")
    cost, report = _check(path)
    read = report["summary"]["indicators"] == indicators
    return [(f"canonical YAML of {indicators:,} indicators ({path.stat().st_size / 2**20:.0f} MiB)", f"{cost.peak_mib:.0f} MiB peak", f"{cost.cpu:.1f} CPU s, {'read whole' if read else 'NOT read'} (target within 800 MiB)")]


def startup(work: Path) -> list[tuple[str, str, str]]:
    base = bare_python()
    version = min(measure([*PERFCHECK, "--version"]).cpu for _ in range(5))
    seed = min(measure([*PERFCHECK, "check", str(corpus.SEED), "--format", "json"]).cpu for _ in range(5))
    # The floor under any check: the two core dependencies every run imports
    # (lark only when a value needs the grammar), before any of perfcheck.
    floor = min(measure([sys.executable, "-c", "import attrs, pluggy"]).cpu for _ in range(5))
    return [
        ("perfcheck --version", f"{version / base:.1f}x python -c pass", f"{version:.2f} against {base:.2f} CPU s (target 2.5x)"),
        ("the seed document end to end", f"{seed / base:.1f}x python -c pass", f"{seed:.2f} CPU s (target 6x)"),
        ("  python -c 'import attrs, pluggy' alone", f"{floor / base:.1f}x python -c pass", f"{floor:.2f} CPU s: the core dependencies' share"),
    ]


def excel(work: Path, sheets: int = 200) -> list[tuple[str, str, str]]:
    import xlsxmaker

    from perfcheck.engine import Linter
    from perfcheck.plugins import PluginHost
    from perfcheck.readers.canonical import CanonicalReader

    document = CanonicalReader().read(corpus_yaml(work))
    tables = [_as_dict(t) for t in document.tables]
    path = xlsxmaker.write_workbook(work / "workbook.xlsx", {f"表{i}": tables[i % len(tables): i % len(tables) + 1] for i in range(sheets)}, "xinjiang")
    linter = Linter(PluginHost())
    cpu = min(_cpu_of(lambda: linter.read(path)) for _ in range(2))
    indicators = sum(len(t.indicators) for t in linter.read(path).tables)
    return [(f"a workbook of {sheets} sheets ({path.stat().st_size / 2**20:.1f} MiB), read", f"{indicators / cpu:,.0f} indicators per CPU-second", f"{cpu:.2f} CPU s")]


def forms(work: Path) -> list[tuple[str, str, str]]:
    """CPU per indicator of reading the seed's 20 tables as a Word document and
    as a web page, against reading the seed disclosure's text (issue 22's
    target: at most twice). In process: reading alone, no rules."""
    import yaml

    import docxmaker
    import htmlmaker

    from perfcheck.readers.disclosure import TextDisclosureReader
    from perfcheck.readers.html import HtmlReader
    from perfcheck.readers.word import WordReader

    tables = yaml.safe_load((HERE.parent / "tests" / "golden" / "artux-natural-resources-2024.yaml").read_text(encoding="utf-8"))["tables"]
    inputs = {
        "text": (TextDisclosureReader(), corpus.SEED),
        "Word": (WordReader(), docxmaker.write_document(work / "seed.docx", tables, "xinjiang", year=2024)),
        "HTML": (HtmlReader(), htmlmaker.write_page(work / "seed.html", tables, "xinjiang", year=2024)),
    }
    per_indicator = {}
    for name, (reader, path) in inputs.items():
        indicators = sum(len(t.indicators) for t in reader.read(path).tables)
        per_indicator[name] = min(_cpu_of(lambda: [reader.read(path) for _ in range(20)]) for _ in range(5)) / 20 / indicators
    text = per_indicator["text"]
    return [
        (f"the seed's tables read from {name}", f"{per_indicator[name] / text:.1f}x the text reader's CPU per indicator", f"{per_indicator[name] * 1e6:.0f} against {text * 1e6:.0f} µs (target at most 2x)")
        for name in ("Word", "HTML")
    ]


def selfeval(work: Path) -> list[tuple[str, str, str]]:
    """CPU per indicator of reading the seed's 20 tables as 自评表 (the national
    layout of 财预〔2020〕10号: funds block, actuals, scores, 总分) against
    reading the same tables as target tables in the same form (the seed's
    Xinjiang layout, as many columns), from text and from a workbook (issue
    25's target: at most 1.5x; a 自评表 row has two values to read, the
    target and the actual). In process: reading alone, no rules."""
    import yaml

    import textmaker
    import xlsxmaker

    from perfcheck.readers.disclosure import TextDisclosureReader
    from perfcheck.readers.excel import ExcelReader

    targets = yaml.safe_load((HERE.parent / "tests" / "golden" / "artux-natural-resources-2024.yaml").read_text(encoding="utf-8"))["tables"]
    evaluated = [_evaluated(t) for t in targets]
    rows = []
    for form, reader, write in (
        ("text", TextDisclosureReader(), lambda path, tables, layout: textmaker.write_text(path.with_suffix(".txt"), tables, layout, year=2024)),
        ("a workbook", ExcelReader(), lambda path, tables, layout: xlsxmaker.write_workbook(path.with_suffix(".xlsx"), {"表": tables}, layout, year=2024)),
    ):
        per_indicator = {}
        for kind, tables, layout in (("target", targets, "xinjiang"), ("self-evaluation", evaluated, "national-selfeval")):
            path = write(work / f"{kind}-{form.split()[-1]}", tables, layout)
            indicators = sum(len(t.indicators) for t in reader.read(path).tables)
            per_indicator[kind] = min(_cpu_of(lambda: [reader.read(path) for _ in range(10)]) for _ in range(5)) / 10 / indicators
        ratio = per_indicator["self-evaluation"] / per_indicator["target"]
        rows.append((f"the seed's tables as 自评表, read from {form}", f"{ratio:.2f}x the target tables' CPU per indicator",
                     f"{per_indicator['self-evaluation'] * 1e6:.0f} against {per_indicator['target'] * 1e6:.0f} µs (target at most 1.5x)"))
    return rows


def _evaluated(table: dict) -> dict:
    """A target table as its 自评表: every target met as written, full marks."""
    indicators = [{**i, "actual": i.get("value", ""), "score": i.get("weight", ""), "deviation": ""} for i in table["indicators"]]
    total = (table.get("funds") or {}).get("total")
    return {**table, "kind": "self-evaluation", "goal_result": table.get("goal"), "indicators": indicators,
            "execution": {"initial": total, "budget": total, "spent": total, "weight": 10, "rate": "100%", "score": 10}, "total_score": 100, "grade": "优"}


def pdf(work: Path, against: str | None = None) -> list[tuple[str, str, str]]:
    """Issue 23's targets for PDF: the seed's 34-page ruled PDF read and
    checked against the previous release (``--against``: at least 10x less
    CPU), malformed PDFs (each ends in under 10 s with E001), and the peak
    memory of a 306-page PDF against the 34-page one (at most 1.5x)."""
    import hostile
    import pdfmaker

    from perfcheck.readers.pdf import PdfDisclosureReader

    seed_text = corpus.SEED.read_text(encoding="utf-8")
    seed = pdfmaker.render(seed_text, work / "seed.pdf")
    reader = PdfDisclosureReader()
    read = min(_cpu_of(lambda: reader.read(seed)) for _ in range(3))
    checked, report = _best(3, lambda: _check(seed))
    n = report["summary"]["indicators"]
    rows = [
        ("the seed's 34-page ruled PDF, read (in process)", f"{read:.3f} CPU s", f"{n} indicators"),
        ("  the same PDF, perfcheck check", f"{checked.cpu:.2f} CPU s", f"{n / checked.cpu:,.0f} indicators per CPU-second"),
    ]
    if against:
        old_python = str(Path(against).with_name("python"))
        snippet = (
            "import sys, time\nfrom perfcheck.readers.pdf import PdfDisclosureReader\nreader = PdfDisclosureReader()\n"
            "cpu = []\nfor _ in range(3):\n    t = time.process_time(); reader.read(sys.argv[1]); cpu.append(time.process_time() - t)\nprint(min(cpu))"
        )
        # Run from the work folder: from the checkout, ``-c`` would import this perfcheck, not the old one.
        old_read = float(measure([old_python, "-c", snippet, str(seed)], cwd=str(work)).stdout)
        old, old_report = _best(3, lambda: _check(seed, perfcheck=[against]))
        assert old_report["summary"]["indicators"] == n
        rows += [
            ("  read by the previous release", f"{old_read / read:.1f}x the CPU of this one", f"{old_read:.3f} against {read:.3f} CPU s (target at least 10x)"),
            ("  checked by the previous release", f"{old.cpu / checked.cpu:.1f}x the CPU of this one", f"{old.cpu:.2f} against {checked.cpu:.2f} CPU s"),
        ]
    # Malformed files: each on its own, wall time to its report.
    hostile_dir = work / "malformed"
    hostile_dir.mkdir(exist_ok=True)
    malformed = [
        hostile.pdf_page_tree_loop(hostile_dir / "page-loop.pdf"),
        hostile.pdf_flate_bomb(hostile_dir / "flate-bomb.pdf"),
        hostile.pdf_glyph_bomb(hostile_dir / "glyphs.pdf"),
        hostile.pdf_truncated(hostile_dir / "truncated.pdf"),
        *hostile.pdf_malformed_trees(hostile_dir),
    ]
    for path in malformed:
        start = time.perf_counter()
        cost, report = _check(path)
        wall = time.perf_counter() - start
        codes = sorted({f["code"] for f in report["findings"]})
        rows.append((f"malformed PDF {path.name}", f"{wall:.2f} s to its report", f"{'/'.join(codes)}, {cost.cpu:.2f} CPU s (target under 10 s, E001)"))
    # Peak memory: nine copies of the disclosure against one.
    big = pdfmaker.render("\n".join([seed_text] * 9), work / "seed-x9.pdf")
    pages = {}
    for path in (seed, big):
        import pypdfium2

        with pypdfium2.PdfDocument(path) as document:
            pages[path] = len(document)
    peak = {path: min(measure([*PERFCHECK, "check", str(path), "--format", "json", "--timeout", "900"]).peak_mib for _ in range(2)) for path in (seed, big)}
    rows.append(
        (
            f"peak memory, a {pages[big]}-page PDF against a {pages[seed]}-page one",
            f"{peak[big] / peak[seed]:.2f}x",
            f"{peak[seed]:.0f} -> {peak[big]:.0f} MiB (target at most 1.5x)",
        )
    )
    return rows


def corpus_yaml(work: Path) -> Path:
    path = work / "tables.yaml"
    path.write_text(corpus.big_canonical(1000, per_table=12), encoding="utf-8")
    return path


def _as_dict(table) -> dict:
    return {
        "name": table.name,
        "funds": {"total": str(table.funds.total)} if table.funds else {},
        "indicators": [
            {"level1": i.level1, "level2": i.level2, "name": i.name, "value": i.raw_value, "weight": str(i.weight) if i.weight is not None else ""}
            for i in table.indicators
        ],
    }


def _cpu_of(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def ocr(work: Path) -> list[tuple[str, str, str]]:
    """CPU per scanned page and values read exactly (benchmarks/ocr.py; the ocr extra)."""
    import ocr as benchmark

    return benchmark.ocr(work)


BENCHMARKS = {"batch": batch, "jobs": jobs, "memory": memory, "projects": projects, "yaml": yaml_document, "startup": startup, "excel": excel, "forms": forms, "selfeval": selfeval, "pdf": pdf, "ocr": ocr}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("which", nargs="*", choices=[*BENCHMARKS, []], help="benchmarks to run (default: all)")
    parser.add_argument("--against", metavar="PERFCHECK", help="the previous release's perfcheck executable, for the batch and PDF ratios")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="perfcheck-bench-"))
    try:
        rows = []
        for name in args.which or BENCHMARKS:
            fn = BENCHMARKS[name]
            new = fn(work, against=args.against) if name in ("batch", "pdf") else fn(work)
            for row in new:
                print(*row, sep="  |  ", flush=True)
            rows += new
        print("\n| measure | result | detail |\n|---|---|---|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
