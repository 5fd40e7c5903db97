"""Every finding on the corpus document and the layout fixtures, byte for byte.

Speed work (issue 12) must not change a single finding: this compares the
JSON report with the one recorded in tests/golden/findings.json. Findings
that carry ``data`` (W001, C001, V002 …) are compared in two parts: the
report with every ``data`` member cut out, byte for byte against
findings.json, and the ``data`` members against tests/golden/finding-data.json.

When a rule changes on purpose, regenerate both and review the diff:

    perfcheck check <COMMAND's paths> --format json --select ALL | python tests/test_golden_findings.py
"""

from __future__ import annotations

import json
import re
import sys

from conftest import REPO, run_cli

COMMAND = (
    "check", "examples/artux-2024/artux-natural-resources-2024.txt", "tests/fixtures/county-education-2025.txt",
    "tests/fixtures/spine-demo.yaml", "tests/fixtures/layouts", "--format", "json", "--select", "ALL",
)
GOLDEN = REPO / "tests" / "golden" / "findings.json"
GOLDEN_DATA = REPO / "tests" / "golden" / "finding-data.json"

# A finding's "data" member, as the report writes it: the last member of a
# finding (indent 6), its entries deeper, closed by the first "}" at indent 6.
_DATA_MEMBER = re.compile(r',\n      "data": \{\n.*?\n      \}(?=\n    \})', re.DOTALL)


def without_data(report: str) -> str:
    """The report with every finding's ``data`` member cut out of its text, nothing else touched."""
    return _DATA_MEMBER.sub("", report)


def finding_data(report: str) -> list[dict]:
    """What finding-data.json records: each finding with data, in report order."""
    return [
        {"code": f["code"], "file": f["file"], "table": f["table"], "indicator": f["indicator"], "data": f["data"]}
        for f in json.loads(report)["findings"]
        if "data" in f
    ]


def assert_recorded(report: str) -> None:
    assert without_data(report) == GOLDEN.read_text(encoding="utf-8")
    assert finding_data(report) == json.loads(GOLDEN_DATA.read_text(encoding="utf-8"))


def test_findings_are_exactly_the_recorded_ones():
    assert_recorded(run_cli(*COMMAND, cwd=REPO).stdout)


def test_serial_and_parallel_runs_agree_with_the_record():
    assert_recorded(run_cli(*COMMAND, "--jobs", "2", cwd=REPO).stdout)


def test_cutting_data_out_leaves_every_finding_whole():
    """The cut takes the data members and only them: what is left parses,
    and its findings are the report's, member for member, but ``data``."""
    report = run_cli(*COMMAND, cwd=REPO).stdout
    full, cut = json.loads(report), json.loads(without_data(report))
    assert sum("data" in f for f in full["findings"]) == len(finding_data(report)) > 0
    assert cut["findings"] == [{k: v for k, v in f.items() if k != "data"} for f in full["findings"]]
    assert {f["code"] for f in full["findings"] if "data" in f} == {
        "W001", "C001", "V002", "A001", "A003", "A004", "A005", "A009", "A010", "A011"  # the A rules: the national 自评表 fixture
    }


if __name__ == "__main__":  # the report on standard input: rewrite both golden files from it
    report = sys.stdin.read()
    GOLDEN.write_text(without_data(report), encoding="utf-8")
    GOLDEN_DATA.write_text(json.dumps(finding_data(report), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
