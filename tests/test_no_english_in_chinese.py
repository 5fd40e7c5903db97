"""No English in Chinese mode (issue 28): the CLI is walked as a Chinese user
meets it, every command's --help, the rule list, every rule's explanation,
the findings on real tables and the errors a user typically makes, and
nothing it prints may hold an English sentence.

A sentence here is a run of three or more Latin words with only spaces
between them, once code is set aside: option names (--fix), rule codes
(C001), file names and paths (draft.xlsx, tests/test_engine.py), snake_case
and kebab-case names, words in capitals (PDF, FILE), quoted text ('auto',
"zh", values in 「」), commands (perfcheck check …, pip install …), the
YAML of the examples, and a library's own words that --verbose shows on
purpose after 原始报错. "perfcheck: error: no such file" is caught; "加
--verbose 可以看到原始报错" is not."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO

from perfcheck.cli import build_parser
from perfcheck.plugins import PluginHost

SCRIPT = Path(sys.executable).with_name("perfcheck")
CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"

_SET_ASIDE = [
    # What a library said, in its own words, shown on purpose under --verbose.
    re.compile(r"原始报错[:：].*"),
    re.compile(r"`[^`]*`"),  # code
    re.compile(r"「[^」]*」"),  # a value as written
    re.compile(r"'[^'\n]*'|\"[^\"\n]*\""),  # quoted text
    # A command, to where the Chinese resumes: perfcheck check draft.xlsx --format xlsx
    re.compile(rf"\b(?:perfcheck|pip|python3?|source|apt-get|compinit)\b[^{CJK}]*"),
    re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*"),  # options
    re.compile(r"\b[A-Z]{1,4}[0-9]{3}\b"),  # rule codes
    re.compile(r"\S*[/\\.]\S*[A-Za-z0-9]"),  # file names, paths, versions, URLs
    re.compile(r"\b\w+[_-]\w+(?:[_-]\w+)*\b"),  # snake_case, kebab-case
    re.compile(r"\b[A-Z][A-Z0-9]+\b"),  # capitals: PDF, FILE, OCR
]
_SENTENCE = re.compile(r"[A-Za-z]+(?:[ \t]+[A-Za-z]+){2,}")
# A line of an example: YAML (name: …, - {level1: …}, tables: []) or a TOML snippet.
_EXAMPLE_LINE = re.compile(r"^\s+(?:- )?\{?[A-Za-z_][\w-]*:(?:\s|$)|^\s+\[[\w.]+\]\s*$")


def english_sentences(text: str) -> list[str]:
    """The English sentences of ``text``, code set aside (see the module's docstring)."""
    found = []
    for line in text.splitlines():
        if _EXAMPLE_LINE.match(line):
            continue
        for pattern in _SET_ASIDE:
            line = pattern.sub(" ", line)
        found += [m.group(0) for m in _SENTENCE.finditer(line)]
    return found


def test_the_detector_finds_english_and_lets_code_be():
    assert english_sentences("perfcheck: 错误: no such file or directory") == ["no such file or directory"]
    assert english_sentences("        建议: see the manual for details") == ["see the manual for details"]
    assert english_sentences("YAML 语法错误：did not find expected") == ["did not find expected"]
    assert english_sentences("perfcheck: 原始报错: BadZipFile: File is not a zip file") == []  # --verbose: the library's words
    for fine in (
        "加 --verbose 可以看到底层程序库的原始报错",
        "用法：perfcheck check [-h] [--format FORMAT] [-o FILE] PATH [PATH ...]",
        "  -o FILE, --output FILE  把报告写入 FILE，而不是标准输出",
        "C001 cost-total-mismatch  [错误]  来自插件 'perfcheck'",
        "数据（JSON 报告的 data）：caps_total 为上限合计",
        "      - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: \">=100 人\"}",
        "  source <(perfcheck completion bash)",
        "也可以设 [rules.C004] required = false",
    ):
        assert english_sentences(fine) == [], fine


def run(*args: str, cwd: Path, stdin: str | None = None) -> str:
    proc = subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=120, input=stdin)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout + proc.stderr


def assert_chinese(output: str, what: str) -> None:
    sentences = english_sentences(output)
    assert not sentences, f"{what} prints English in Chinese mode: {sentences}"


def _subcommands() -> list[str]:
    (choices,) = [a.choices for a in build_parser("zh")._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(choices)


@pytest.mark.parametrize("command", [[], *([name] for name in _subcommands())], ids=lambda c: " ".join(c) or "perfcheck")
def test_help(command, tmp_path):
    assert_chinese(run(*command, "--help", cwd=tmp_path), f"perfcheck {' '.join(command)} --help")


def test_the_rule_list(tmp_path):
    assert_chinese(run("rules", cwd=tmp_path), "perfcheck rules")


@pytest.mark.parametrize("code", [e.rule.code for e in PluginHost().sorted_rules()])
def test_every_rule_explains_itself_in_chinese(code, tmp_path):
    assert_chinese(run("rule", code, cwd=tmp_path), f"perfcheck rule {code}")


def test_findings_on_real_tables(tmp_path):
    paths = [str(REPO / "examples" / "artux-2024"), str(FIXTURES / "layouts"), str(FIXTURES / "real"), str(FIXTURES / "county-education-2025.txt")]
    assert_chinese(run("check", *paths, "--select", "ALL", "--statistics", cwd=tmp_path), "check --statistics")
    assert_chinese(run("check", *paths, "--select", "ALL", cwd=tmp_path), "check")


BROKEN_YAML = "tables:\n  - name: 2024年示例项目\n    indicators:\n      - {level1: 产出指标, name: 培训人数, value: \">=100 人\"\n"
DRAFT = "tables:\n  - name: 2024年示例项目\n    indicators:\n      - {level1: 满意度指标, level2: 满意度指标, name: 满意度, value: \">=855\", weight: 10}\n"


@pytest.mark.parametrize(
    "args, files",
    [
        (["check", "gone.yaml"], {}),
        (["check", "draft.yaml", "--format", "nope"], {"draft.yaml": DRAFT}),
        (["check", "draft.yaml", "--color", "sometimes"], {"draft.yaml": DRAFT}),
        (["check", "draft.yaml", "--timeout", "soon"], {"draft.yaml": DRAFT}),
        (["check", "draft.yaml", "--rule-timeout", "0"], {"draft.yaml": DRAFT}),
        (["check", "draft.yaml", "--jobs", "many"], {"draft.yaml": DRAFT}),
        (["check", "draft.yaml", "--frobnicate"], {"draft.yaml": DRAFT}),
        (["check"], {}),
        (["check", "draft.yaml", "--select", ""], {"draft.yaml": DRAFT}),
        (["check", "draft.yaml", "--select", "Q999"], {"draft.yaml": DRAFT}),
        (["check", "draft.yaml", "-o", "draft.yaml"], {"draft.yaml": DRAFT}),
        (["check", "draft.yaml", "--format", "xlsx"], {"draft.yaml": DRAFT}),
        (["check", "draft.yaml", "--statistics", "--format", "sarif"], {"draft.yaml": DRAFT}),
        (["check", "draft.yaml", "--config", "none.toml"], {"draft.yaml": DRAFT}),
        (["check", "draft.yaml", "--diff"], {"draft.yaml": DRAFT}),
        (["check", "draft.yaml", "--fix"], {"draft.yaml": DRAFT}),
        (["check", "draft.yaml", "--write-baseline", "known.json"], {"draft.yaml": DRAFT}),
        (["check", "bad.yaml", "-v"], {"bad.yaml": BROKEN_YAML}),
        (["check", "empty.xlsx", "empty.pdf", "notes.pdf"], {"empty.xlsx": "", "empty.pdf": "", "notes.pdf": "会议纪要"}),
        (["check", "draft.yaml"], {"draft.yaml": DRAFT, "perfcheck.toml": 'selct = ["W"]\nlang = "fr"\n[rules.C001]\ntolerence = 1\n'}),
        (["check", "draft.yaml", "-v"], {"draft.yaml": DRAFT, "perfcheck.toml": "select = [W]\n"}),
        (["check", "folder", "-v"], {"folder/notes.md": "会议纪要", "folder/.hidden.yaml": DRAFT}),
        (["check", "-", "--stdin-filename", "draft.yaml"], {"-": DRAFT}),
        (["rule", "Z999"], {}),
        (["rules", "--config", "perfcheck.toml"], {"perfcheck.toml": 'profile = "atlantis"\n'}),
        (["extract", "empty.xlsx", "-v"], {"empty.xlsx": ""}),
        (["extract", "draft.yaml", "-o", "draft.yaml"], {"draft.yaml": DRAFT}),
        (["parse", "约100人"], {}),
        (["parse", "<=4500 元/人/月"], {}),
        (["parse", "2024年12月31日前"], {}),
        (["completion", "tcsh"], {}),
        ([], {}),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_typical_errors_and_outputs(args, files, tmp_path):
    stdin = None
    for name, text in files.items():
        if name == "-":
            stdin = text
            continue
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert_chinese(run(*args, cwd=tmp_path, stdin=stdin), f"perfcheck {' '.join(args)}")
