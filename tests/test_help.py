"""Every command's --help, run as a user runs it: the installed ``perfcheck``
script, from another directory, in Chinese and in English.

argparse %-formats option help, so one stray ``%`` in a help text turned
``perfcheck parse --help`` into a traceback (issue 29). Subcommands are taken
from the parser itself, so a command added later is covered without editing
this test."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from perfcheck.cli import argparse_help, build_parser

SCRIPT = Path(sys.executable).with_name("perfcheck")


def _subcommands() -> list[str]:
    parser = build_parser("en")
    (choices,) = [a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(choices)


COMMANDS = [()] + [(name,) for name in _subcommands()]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "perfcheck")
def test_help_prints_and_exits_zero(command, lang, tmp_path):
    assert SCRIPT.exists(), f"the installed perfcheck script is missing beside {sys.executable}"
    proc = subprocess.run(
        [str(SCRIPT), *command, "--help", "--lang", lang], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stdout.startswith("用法：" if lang == "zh" else "usage:"), proc.stdout[:200]
    # Every option has its help, in the language asked for: no argparse English left in Chinese.
    if lang == "zh":
        assert "show " not in proc.stdout, proc.stdout


def test_a_percent_in_a_help_text_is_printed_as_written():
    out = subprocess.run([str(SCRIPT), "parse", "--help"], capture_output=True, text=True, timeout=60).stdout
    assert "(≥**%)" in out and ">=95%" in out


def test_argparse_help_survives_argparse_formatting():
    for text in ("成活率(≥**%)", "100%", "%(prog)s is not a placeholder here", "%"):
        parser = argparse.ArgumentParser(prog="x", formatter_class=lambda prog: argparse.HelpFormatter(prog, width=200))
        parser.add_argument("--flag", help=argparse_help(text))
        assert text in parser.format_help()
