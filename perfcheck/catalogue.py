"""The rule catalogue as Markdown, generated from the rules themselves.

``perfcheck rules --format markdown`` prints it; ``docs/rules.md`` is its
output for the built-in rules, and a test fails when the two differ, so the
documentation cannot go stale: change a rule's docstring, then regenerate::

    perfcheck rules --format markdown > docs/rules.md

Each rule is given in both languages: its Chinese explanation (``doc_zh``)
first, then its docstring, whose PASS/FAIL examples serve both.
"""

from __future__ import annotations

import inspect
import re

GROUPS = {
    "V": "V — values (指标值)", "W": "W — weights (指标分值权重)", "C": "C — cost (成本指标 and the money)",
    "S": "S — structure", "Q": "Q — quality of the targets", "X": "X — across tables of one document",
    "E": "E — the engine itself",
}
ORDER = "VWCSQXE"


def _default(value) -> str:
    if isinstance(value, tuple):
        value = list(value)
    return f"`{value}`"


def _applies(rule) -> str:
    """Where the rule runs: its kinds of table and the columns it needs, or the whole document."""
    from perfcheck.rule import Scope

    if rule.scope is Scope.ENGINE:
        return ""
    if rule.scope is Scope.DOCUMENT:
        return " · the whole document"
    needs = f" · needs {', '.join(f'`{c}`' for c in rule.requires)}" if rule.requires else ""
    return f" · tables {', '.join(f'`{k}`' for k in rule.table_kinds)}{needs}"


def _markdown_text(text: str) -> str:
    """Prose as Markdown shows it: a template's placeholder such as (≥**%)
    keeps its asterisks instead of opening bold type."""
    return text.replace("*", "\\*")


def render(entries) -> str:
    """Markdown for ``entries`` (``plugins.RuleEntry``), grouped by code letter."""
    entries = sorted(entries, key=lambda e: (ORDER.find(e.rule.code[0]) % 100 if e.rule.code[0] in ORDER else 99, e.rule.code))
    lines = [
        "# Rule catalogue",
        "",
        "Generated from the rules themselves (their Chinese explanation, `doc_zh`, and",
        "their docstring, in English) by `perfcheck rules --format markdown`; do not",
        "edit by hand. Codes are stable: a code, once shipped, never changes meaning.",
        "Severities are defaults; `[severity]` in the configuration overrides them.",
        "Every FAIL and PASS example below is run by the test suite.",
        "Each rule names the kinds of table it checks (`tables`) and the indicator",
        "columns it needs (`needs`): it is not run on a table of another kind, or",
        "on one whose layout lacks such a column.",
        "",
        "| code | name | severity | 说明 |",
        "|---|---|---|---|",
    ]
    lines += [f"| [{e.rule.code}](#{e.rule.code.lower()}) | {e.rule.name} | {e.rule.severity.value} | {e.rule.summary('zh')} |" for e in entries]
    group = None
    for entry in entries:
        rule = entry.rule
        letter = rule.code[0]
        if letter != group:
            group = letter
            lines += ["", f"## {GROUPS.get(letter, letter)}"]
        fix = ""
        if rule.fix_field:
            fix = f" · fix: {'**safe** (`--fix`)' if rule.fix_safe else 'hint (`--unsafe-fixes`)'} on `{rule.fix_field}`"
        lines += ["", f"### {rule.code}", "", f"`{rule.name}` · default severity **{rule.severity.value}**{fix} · plugin `{entry.plugin}`{_applies(rule)}", ""]
        if rule.summary_zh:
            lines += [f"{rule.summary_zh}", ""]
        if rule.doc_zh.strip():
            # The Chinese explanation, then the English one with the examples
            # both share (they are written once, in the docstring).
            lines += [_markdown_text(inspect.cleandoc(rule.doc_zh)), "", "*English:*", ""]
        doc = rule.doc()
        # Docstring blocks (FAIL::/PASS:: and their indented examples) become code blocks.
        out, in_block = [], False
        for line in doc.splitlines():
            if line.rstrip().endswith("::") and not line.startswith(" "):
                if in_block:
                    out.append("```")
                out += [f"**{line.rstrip().rstrip(':')}**", "", "```yaml"]
                in_block = True
                continue
            if in_block and line and not line.startswith(" "):
                out += ["```", ""]
                in_block = False
            out.append(line[4:] if in_block and line.startswith("    ") else line)
        if in_block:
            while out and not out[-1].strip():
                out.pop()
            out.append("```")
        text = "\n".join(l.rstrip() for l in out)
        # No blank lines just inside a code block; one after it.
        text = re.sub(r"```yaml\n\n+", "```yaml\n", text)
        text = re.sub(r"\n\n+```", "\n```", text)
        text = re.sub(r"```\n(?=\*\*)", "```\n\n", text)
        lines += text.split("\n")
        if rule.options:
            lines += ["", "| option | default | meaning | 说明 |", "|---|---|---|---|"]
            for name, option in rule.options.items():
                lines.append(f"| `{name}` | {_default(option.default)} | {option.help} | {option.help_zh} |")
    return "\n".join(lines).rstrip() + "\n"
