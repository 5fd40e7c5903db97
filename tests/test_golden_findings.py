"""Every finding on the corpus document and the layout fixtures, byte for byte.

Speed work (issue 12) must not change a single finding: this compares the
JSON report with the one recorded in tests/golden/findings.json. When a rule
changes on purpose, regenerate it with the command below and review the diff.
"""

from __future__ import annotations

from conftest import REPO, run_cli

COMMAND = (
    "check", "examples/artux-2024/artux-natural-resources-2024.txt", "tests/fixtures/county-education-2025.txt",
    "tests/fixtures/spine-demo.yaml", "tests/fixtures/layouts", "--format", "json", "--select", "ALL",
)


def test_findings_are_exactly_the_recorded_ones():
    """Regenerate: perfcheck check <COMMAND's paths> --format json --select ALL > tests/golden/findings.json"""
    out = run_cli(*COMMAND, cwd=REPO).stdout
    assert out == (REPO / "tests" / "golden" / "findings.json").read_text(encoding="utf-8")


def test_serial_and_parallel_runs_agree_with_the_record():
    assert run_cli(*COMMAND, "--jobs", "2", cwd=REPO).stdout == (REPO / "tests" / "golden" / "findings.json").read_text(encoding="utf-8")
