"""Checks on the code itself: what a reader of a diff can miss and a linter does not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pyflakes_finds_nothing_in_the_code_tests_or_benchmarks():
    """Unused imports and variables, undefined names, redefinitions: ruff's
    pyflakes rules as pyproject.toml selects them ([tool.ruff.lint])."""
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "perfcheck", "rules", "tests", "benchmarks"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
