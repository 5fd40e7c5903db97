"""Shell completion (issue 28): `perfcheck completion bash|zsh|fish` prints a
script made from the parser itself; each is loaded by its real shell and
asked for completions as a user's Tab would. bash is always there; zsh and
fish are tested where installed (apt-get install zsh fish)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import run_cli

from perfcheck.cli import build_parser
from perfcheck.completion import commands


@pytest.fixture(scope="module")
def scripts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("completion")
    out = {}
    for shell in ("bash", "zsh", "fish"):
        path = folder / {"bash": "perfcheck.bash", "zsh": "_perfcheck", "fish": "perfcheck.fish"}[shell]
        path.write_text(run_cli("completion", shell, cwd=folder, check_rc=0).stdout, encoding="utf-8")
        out[shell] = path
    out["en"] = folder / "perfcheck.en.fish"
    out["en"].write_text(run_cli("completion", "fish", "--lang", "en", cwd=folder, check_rc=0).stdout, encoding="utf-8")
    return out


def test_the_scripts_come_from_the_parser_every_command_and_option(scripts):
    top, found = commands(build_parser("zh"), ["text", "json"], ["C001", "cost-total-mismatch"])
    bash = scripts["bash"].read_text(encoding="utf-8")
    assert {c.name for c in found} == {"check", "rules", "rule", "extract", "serve", "parse", "completion", "report"}
    for command in found:
        assert f"        {command.name})" in bash
        for option in command.options:
            assert all(name in bash for name in option.names), (command.name, option.names)
    assert "--unsafe-fixes" in bash and "sarif" in bash and "weight-total" in bash


def bash_complete(script, *words: str) -> list[str]:
    line = " ".join(f"'{w}'" for w in words)
    program = f'source "{script}"; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; _perfcheck; printf "%s\\n" "${{COMPREPLY[@]}}"'
    proc = subprocess.run(["bash", "--norc", "-c", program], capture_output=True, text=True, timeout=30, cwd=script.parent)
    assert proc.returncode == 0, proc.stderr
    return [l for l in proc.stdout.splitlines() if l]


def test_bash_completes_commands_options_formats_rules_and_files(scripts):
    script = scripts["bash"]
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0
    (script.parent / "draft.xlsx").write_bytes(b"")
    assert bash_complete(script, "perfcheck", "ch") == ["check"]
    assert bash_complete(script, "perfcheck", "check", "--fo") == ["--format", "--force-exclude"]
    assert bash_complete(script, "perfcheck", "check", "--format", "s") == ["sarif"]
    assert bash_complete(script, "perfcheck", "rule", "weight-t") == ["weight-total"]
    assert "C001" in bash_complete(script, "perfcheck", "rule", "C00")
    assert bash_complete(script, "perfcheck", "check", "dra") == ["draft.xlsx"]
    assert bash_complete(script, "perfcheck", "check", "--select", "") == []  # the user's own codes
    assert bash_complete(script, "perfcheck", "completion", "") == ["bash", "zsh", "fish"]


@pytest.mark.skipif(not shutil.which("fish"), reason="fish is not installed (apt-get install fish)")
def test_fish_completes_with_chinese_descriptions_and_english_on_request(scripts):
    def complete(script, line: str) -> list[str]:
        proc = subprocess.run(["fish", "--no-config", "-c", f"source {script}; complete -C '{line}'"], capture_output=True, text=True, timeout=30)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.splitlines()

    assert subprocess.run(["fish", "-n", str(scripts["fish"])]).returncode == 0
    assert complete(scripts["fish"], "perfcheck ch") == ["check\t检查文件和目录"]
    assert complete(scripts["fish"], "perfcheck check --format sa")[0].startswith("sarif\t输出格式")
    assert "C001\t成本指标上限（换算、乘以数量后）与年度预算总额不符" in complete(scripts["fish"], "perfcheck rule C00")
    assert complete(scripts["en"], "perfcheck ch") == ["check\tcheck files and directories"]


@pytest.mark.skipif(not shutil.which("zsh"), reason="zsh is not installed (apt-get install zsh)")
@pytest.mark.parametrize(
    "typed, completed",
    [("perfcheck compl", "perfcheck completion "), ("perfcheck check --form", "perfcheck check --format "),
     ("perfcheck check --format sar", "perfcheck check --format sarif "), ("perfcheck rule weight-t", "perfcheck rule weight-total ")],
)
def test_zsh_completes_in_a_real_interactive_shell(scripts, typed, completed):
    """Typed into an interactive zsh on a pseudo-terminal, Tab pressed: the line as zsh completes it."""
    program = f"""
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "autoload -U compinit; compinit -u -D; source {scripts['zsh']}; PS1='READY> '"
zpty -r z ignored '*READY> *'
zpty -w -n z '{typed}'$'\\t'
zpty -r z out '*{completed.split()[-1]}*'
print -r -- "$out"
zpty -d z
"""
    proc = subprocess.run(["zsh", "-f", "-c", program], capture_output=True, text=True, timeout=60)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|[\x07\x08\r]", "", proc.stdout)
    assert completed.split()[-1] in shown, shown
