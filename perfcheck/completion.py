"""Shell completion scripts for bash, zsh and fish (``perfcheck completion SHELL``).

The scripts are written here, from the command line parser itself: every
command, option and choice it has, the ``--format`` values of the reporters
loaded, and the rule codes and names for ``perfcheck rule``. So they never
fall behind the parser, and nothing runs perfcheck while the user presses
Tab (a completion library such as argcomplete would start perfcheck on every
Tab and import itself on every run; shtab writes no fish script). Option
descriptions are in the language asked for (Chinese by default), as in
``--help``. Rules and formats are those installed when the script is written:
write it again after installing a plugin.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Iterable

import attrs

SHELLS = ("bash", "zsh", "fish")


@attrs.frozen
class Option:
    names: tuple[str, ...]
    help: str
    takes_value: bool
    values: tuple[str, ...] = ()  # the words it takes, when they are known
    files: bool = False  # it takes a file name


@attrs.frozen
class Command:
    name: str
    help: str
    options: tuple[Option, ...]
    positional: str = "none"  # "files", "words" or "none"
    words: tuple[str, ...] = ()  # the positional's words
    many: bool = False  # more than one positional


def _help(action: argparse.Action) -> str:
    # argparse's help strings double % (see cli.argparse_help): one again here.
    return " ".join((action.help or "").replace("%%", "%").split())


def _option(action: argparse.Action, formats: tuple[str, ...]) -> Option:
    takes_value = action.nargs != 0
    values: tuple[str, ...] = tuple(map(str, action.choices)) if action.choices else ()
    if action.dest == "format" and not values:
        values = formats  # check --format: the reporters loaded, a plugin's included
    files = takes_value and not values and action.type is Path
    return Option(tuple(action.option_strings), _help(action), takes_value, values, files)


def commands(parser: argparse.ArgumentParser, formats: Iterable[str], rules: Iterable[str]) -> tuple[list[Option], list[Command]]:
    """The top level's options and each command, as the parser defines them."""
    formats = tuple(formats)
    top = [_option(a, formats) for a in parser._actions if a.option_strings]
    found = []
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    helps = {a.dest: _help(a) for a in sub._choices_actions}
    for name, command in sub.choices.items():
        options = tuple(_option(a, formats) for a in command._actions if a.option_strings)
        kind, words, many = "none", (), False
        for action in command._actions:
            if action.option_strings:
                continue
            many = action.nargs in ("+", "*")
            if action.dest == "code":
                kind, words = "words", tuple(rules)
            elif action.choices:
                kind, words = "words", tuple(map(str, action.choices))
            elif action.type is Path:
                kind = "files"
        found.append(Command(name, helps.get(name, ""), options, kind, words, many))
    return top, found


def render(shell: str, parser: argparse.ArgumentParser, formats: Iterable[str], rules: Iterable[str], summaries: dict[str, str] | None = None) -> str:
    """The completion script for ``shell``; ``summaries``: a line per rule code (fish shows them)."""
    top, found = commands(parser, formats, rules)
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](top, found, summaries or {})


def _header(shell: str, *how: str) -> list[str]:
    """A script's opening comment: what wrote it and how to load it."""
    return [f"# {shell} completion for perfcheck, written by `perfcheck completion {shell}`.", *(f"# {line}" for line in how), ""]


# --------------------------------------------------------------------------
# bash
# --------------------------------------------------------------------------


def _bash(top: list[Option], found: list[Command], summaries: dict[str, str]) -> str:
    def words(items: Iterable[str]) -> str:
        return " ".join(items)

    lines = [
        *_header("bash", "Load it in ~/.bashrc:  source <(perfcheck completion bash)",
                 "or install it:  perfcheck completion bash > ~/.local/share/bash-completion/completions/perfcheck"),
        "_perfcheck_words() {",
        '    mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")',
        "}",
        "",
        "_perfcheck_files() {",
        "    compopt -o filenames 2>/dev/null",
        '    mapfile -t COMPREPLY < <(compgen -f -- "$1")',
        "}",
        "",
        "_perfcheck() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" command="" i',
        "    COMPREPLY=()",
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        case "${COMP_WORDS[i]}" in',
        f'            {"|".join(c.name for c in found)}) command="${{COMP_WORDS[i]}}"; break ;;',
        "        esac",
        "    done",
        '    case "$command" in',
        '        "")',
        f'            _perfcheck_words "{words([*(c.name for c in found), *(n for o in top for n in o.names)])}" "$cur"',
        "            ;;",
    ]
    for command in found:
        lines.append(f"        {command.name})")
        lines.append('            case "$prev" in')
        free = []  # options whose value is the user's own: nothing to offer
        for option in command.options:
            if not option.takes_value:
                continue
            pattern = "|".join(option.names)
            if option.values:
                lines.append(f'                {pattern}) _perfcheck_words "{words(option.values)}" "$cur"; return ;;')
            elif option.files:
                lines.append(f'                {pattern}) _perfcheck_files "$cur"; return ;;')
            else:
                free.append(pattern)
        if free:
            lines.append(f"                {'|'.join(free)}) return ;;")
        lines.append("            esac")
        names = words(n for o in command.options for n in o.names)
        if command.positional == "files":
            rest = '_perfcheck_files "$cur"'
        elif command.positional == "words":
            rest = f'_perfcheck_words "{words(command.words)}" "$cur"'
        else:
            rest = ":"
        lines += [
            '            if [[ "$cur" == -* ]]; then',
            f'                _perfcheck_words "{names}" "$cur"',
            "            else",
            f"                {rest}",
            "            fi",
            "            ;;",
        ]
    lines += ["    esac", "}", "", "complete -F _perfcheck perfcheck", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------
# zsh
# --------------------------------------------------------------------------


def _zsh_text(text: str) -> str:
    """Text inside an _arguments spec's [...] or a _describe item, in single quotes."""
    for char in "\\[]:":
        text = text.replace(char, "\\" + char)
    return text.replace("'", "'\\''")


def _zsh_spec(option: Option) -> str:
    names = option.names
    help_ = _zsh_text(option.help)
    if option.values:
        action = f":{_zsh_text(option.names[-1].lstrip('-'))}:({' '.join(option.values)})"
    elif option.files:
        action = ":file:_files"
    elif option.takes_value:
        action = f":{_zsh_text(option.names[-1].lstrip('-'))}: "
    else:
        action = ""
    if len(names) == 1:
        return f"'{names[0]}[{help_}]{action}'"
    return f"'({' '.join(names)})'{{{','.join(names)}}}'[{help_}]{action}'"


def _zsh(top: list[Option], found: list[Command], summaries: dict[str, str]) -> str:
    lines = [
        "#compdef perfcheck",
        *_header("zsh", "Load it in ~/.zshrc, after compinit:  source <(perfcheck completion zsh)",
                 "or install it as _perfcheck in a folder of $fpath."),
        "_perfcheck() {",
        '    local curcontext="$curcontext" state line',
        "    typeset -A opt_args",
        "    local -a commands",
        "    commands=(",
        *(f"        '{_zsh_text(c.name)}:{_zsh_text(c.help)}'" for c in found),
        "    )",
        "    _arguments -C \\",
        *(f"        {_zsh_spec(o)} \\" for o in top),
        "        '1: :->command' \\",
        "        '*:: :->argument' && return",
        "    case $state in",
        "        command)",
        "            _describe -t commands 'perfcheck' commands",
        "            ;;",
        "        argument)",
        '            curcontext="${curcontext%:*:*}:perfcheck-$line[1]:"',
        "            case $line[1] in",
    ]
    for command in found:
        if command.positional == "files":
            rest = f"'{'*' if command.many else '1'}:file:_files'"
        elif command.positional == "words":
            rest = f"'1:{command.name}:({' '.join(_zsh_text(w) for w in command.words)})'"
        else:
            rest = "'1:value: '"
        lines += [f"                {command.name})", "                    _arguments \\"]
        lines += [f"                        {_zsh_spec(o)} \\" for o in command.options]
        lines += [f"                        {rest}", "                    ;;"]
    lines += [
        "            esac",
        "            ;;",
        "    esac",
        "}",
        "",
        "if [[ $funcstack[1] == _perfcheck ]]; then",
        '    _perfcheck "$@"',
        "else",
        "    compdef _perfcheck perfcheck",
        "fi",
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------
# fish
# --------------------------------------------------------------------------


def _fish_text(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_option(option: Option, condition: str) -> str:
    parts = ["complete -c perfcheck", f"-n {_fish_text(condition)}"]
    for name in option.names:
        parts.append(f"-l {name[2:]}" if name.startswith("--") else f"-s {name[1:]}")
    if option.values:
        parts.append(f"-x -a {_fish_text(' '.join(option.values))}")
    elif option.files:
        parts.append("-r -F")
    elif option.takes_value:
        parts.append("-x")
    parts.append(f"-d {_fish_text(option.help)}")
    return " ".join(parts)


def _fish(top: list[Option], found: list[Command], summaries: dict[str, str]) -> str:
    lines = [
        *_header("fish", "Install it:  perfcheck completion fish > ~/.config/fish/completions/perfcheck.fish"),
        "complete -c perfcheck -f",
        *(_fish_option(o, "__fish_use_subcommand") for o in top),
        *(f"complete -c perfcheck -n __fish_use_subcommand -a {c.name} -d {_fish_text(c.help)}" for c in found),
    ]
    for command in found:
        condition = f"__fish_seen_subcommand_from {command.name}"
        lines.append("")
        lines += [_fish_option(o, condition) for o in command.options]
        if command.positional == "files":
            lines.append(f"complete -c perfcheck -n {_fish_text(condition)} -F")
        elif command.positional == "words":
            for word in command.words:
                description = f" -d {_fish_text(summaries[word])}" if word in summaries else ""
                lines.append(f"complete -c perfcheck -n {_fish_text(condition)} -x -a {_fish_text(word)}{description}")
    return "\n".join(lines) + "\n"
