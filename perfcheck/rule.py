"""The rule API that built-in and plugin rules implement.

A rule is a small class: a stable ``code``, a kebab-case ``name``, a default
``severity``, typed ``options`` with defaults, a docstring that explains it
with PASS and FAIL examples (the test suite runs them), and a ``check`` that
yields ``Problem`` objects::

    class WeightTotal(Rule):
        \"\"\"The weights of a table must add up to the configured total. ...\"\"\"

        code = "W001"
        name = "weight-total"
        severity = Severity.ERROR
        options = {"total": Option(Decimal, Decimal(100), "the expected sum")}

        def check(self, table, ctx):
            ...
            yield Problem(msg("权重合计…", "weights sum to …"))

``summary_zh`` and ``doc_zh`` are the same explanation in Chinese, shown by
default (``Rule.doc(lang)``); the examples are the docstring's, for both.

``scope`` says what ``check`` receives: a ``Table`` (the default) or the whole
``Document``. A table rule declares what it needs: ``table_kinds``, the kinds
of table it checks (target and self-evaluation tables of both scopes unless
it says otherwise),
and ``requires``, the indicator columns without which it has nothing to
judge (``("weight",)``); the engine passes it no other table
(``applies_to``). Rules read the parsed model, never re-parse raw strings.
"""

from __future__ import annotations

import enum
import inspect
import re
import textwrap
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Iterable, Mapping

import attrs

from perfcheck.model import INDICATOR_COLUMNS, TABLE_KINDS, TARGETED_KINDS, Document, Message, Problem, Severity, Table
from perfcheck.units import UnitRegistry


class Scope(enum.Enum):
    TABLE = "table"  # check(table, ctx), once per table
    DOCUMENT = "document"  # check(document, ctx), once per file
    ENGINE = "engine"  # reported by the engine itself (E001–E003); no check


class OptionError(ValueError):
    """A configured option value of the wrong type; ``message`` in Chinese and English."""

    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.message = Message(zh, en)


@attrs.frozen
class Option:
    """A rule option: its type, default and a one-line description."""

    type: type
    default: Any
    help: str = ""
    help_zh: str = ""  # the same in Chinese; `perfcheck rule` shows it by default

    def describe(self, lang: str) -> str:
        return self.help_zh if lang == "zh" and self.help_zh else self.help

    def coerce(self, value: Any) -> Any:
        """Check a configured value against the type; numbers become ``Decimal``."""
        if self.type is Decimal:
            if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
                raise OptionError(f"expected a number, got {value!r}", f"应为数字，而不是 {value!r}")
            try:
                # str() first: a TOML float 0.01 must become Decimal("0.01"), not its binary expansion.
                return Decimal(str(value))
            except InvalidOperation:
                raise OptionError(f"expected a number, got {value!r}", f"应为数字，而不是 {value!r}") from None
        if self.type is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise OptionError(f"expected an integer, got {value!r}", f"应为整数，而不是 {value!r}")
            return value
        if self.type is bool:
            if not isinstance(value, bool):
                raise OptionError(f"expected true or false, got {value!r}", f"应为 true 或 false，而不是 {value!r}")
            return value
        if self.type is str:
            if not isinstance(value, str):
                raise OptionError(f"expected a string, got {value!r}", f"应为字符串，而不是 {value!r}")
            return value
        if self.type is dict:
            if not isinstance(value, dict):
                raise OptionError(f"expected a table of name = number, got {value!r}", f"应为“名称 = 数字”的表，而不是 {value!r}")
            return {str(k): Option(Decimal, None).coerce(v) for k, v in value.items()}
        if self.type in (list, tuple):
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise OptionError(f"expected a list of strings, got {value!r}", f"应为字符串列表，而不是 {value!r}")
            return tuple(value)
        raise OptionError(f"unsupported option type {self.type!r}", f"不支持的选项类型 {self.type!r}")  # pragma: no cover


@attrs.frozen
class RuleContext:
    """What a rule may consult besides its subject."""

    document: Document
    units: UnitRegistry
    options: Mapping[str, Any]


def msg(zh: str, en: str) -> Message:
    return Message(zh, en)


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    scope: ClassVar[Scope] = Scope.TABLE
    options: ClassVar[Mapping[str, Option]] = {}
    # One line in Chinese: what `perfcheck rules`, `rule CODE` and the reports
    # show by default (the docstring's first paragraph is the English one).
    summary_zh: ClassVar[str] = ""
    # The explanation in Chinese, after that line: what the rule checks, why it
    # matters to a reviewer and what to do, in paragraphs. The docstring is the
    # English explanation; its PASS/FAIL examples serve both languages, so
    # they are written once, in the docstring, and `doc("zh")` adds them here.
    doc_zh: ClassVar[str] = ""
    # Whether a problem's ``suggestion`` is a fix, and of which kind: the
    # indicator field it replaces ("value", "level1", …) and whether it is safe
    # to apply unattended (a machine-checkable correction) or only a hint.
    fix_field: ClassVar[str | None] = None
    fix_safe: ClassVar[bool] = False
    # The kinds of table (``TableKindDef.name``) a table rule checks; the engine
    # passes it no other. By default every built-in kind that states targets:
    # target tables and self-evaluation tables (whose 年度指标值 are targets), of
    # both scopes (``model.TARGETED_KINDS``).
    table_kinds: ClassVar[tuple[str, ...]] = TARGETED_KINDS
    # The indicator columns (``model.INDICATOR_COLUMNS``) a table rule needs: a
    # table whose layout lacks one (``Table.columns``) is not passed to it.
    requires: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def applies_to(cls, table: Table) -> bool:
        """Whether the engine passes ``table`` to this (table-scope) rule: a
        table of one of its ``table_kinds``, with every column it ``requires``."""
        if table.kind.name not in cls.table_kinds:
            return False
        columns = table.columns
        return not cls.requires or columns is None or all(c in columns for c in cls.requires)

    def check(self, subject: Table | Document, ctx: RuleContext) -> Iterable[Problem]:
        raise NotImplementedError

    # ---- metadata used by `perfcheck rules` / `perfcheck rule CODE` and the tests
    @classmethod
    def doc(cls, lang: str = "en") -> str:
        """The explanation in ``lang``, with the examples, in docstring form:
        paragraphs, and each example under a head ending in ``::`` and indented.

        English is the docstring itself. Chinese is ``summary_zh``, ``doc_zh``
        and the docstring's examples under Chinese heads; a rule without
        ``doc_zh`` (a plugin's that gives none) has its English explanation
        shown under a one-line Chinese note saying so."""
        english = inspect.cleandoc(cls.__doc__ or "")
        if lang != "zh":
            return english
        head = [cls.summary_zh] if cls.summary_zh else []
        if not cls.doc_zh.strip():
            return "\n\n".join([*head, NO_CHINESE_EXPLANATION, english])
        parts = [*head, inspect.cleandoc(cls.doc_zh)]
        for example in parse_examples(english):
            body = textwrap.indent(example.text.rstrip("\n"), "    ")
            parts.append(f"{example.head('zh')}::\n\n{body}")
        return "\n\n".join(parts)

    @classmethod
    def summary(cls, lang: str = "en") -> str:
        if lang == "zh" and cls.summary_zh:
            return cls.summary_zh
        return cls.doc().split("\n\n", 1)[0].replace("\n", " ")

    @classmethod
    def inactive_reason(cls, options: Mapping[str, Any]) -> Message | None:
        """Why the rule checks nothing with these options, though enabled (W004
        without a split), or None; `perfcheck rules` says so instead of "yes"."""
        return None

    @classmethod
    def examples(cls) -> list[Example]:
        return parse_examples(cls.doc())


# Where a rule has no Chinese explanation (a plugin's), said before its English one.
NO_CHINESE_EXPLANATION = "（此规则没有中文说明，以下为英文说明。）"

_RULE_CODE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
_RULE_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def validate_rule_class(rule: Any) -> None:
    """Reject a malformed rule at load time, with a reason a plugin author can act on."""
    if not (isinstance(rule, type) and issubclass(rule, Rule)):
        raise TypeError(f"{rule!r} is not a subclass of perfcheck.rule.Rule")
    for attr in ("code", "name", "severity"):
        if not hasattr(rule, attr):
            raise TypeError(f"rule {rule.__name__} has no {attr!r}")
    if not _RULE_CODE.match(rule.code):
        raise TypeError(f"rule {rule.__name__}: code {rule.code!r} is not letters + three digits (e.g. W001)")
    if not _RULE_NAME.match(rule.name):
        raise TypeError(f"rule {rule.code}: name {rule.name!r} is not kebab-case")
    if not isinstance(rule.severity, Severity):
        raise TypeError(f"rule {rule.code}: severity must be a perfcheck.model.Severity")
    if rule.scope is not Scope.ENGINE and rule.check is Rule.check:
        raise TypeError(f"rule {rule.code}: no check() method")
    if rule.table_kinds is not TARGETED_KINDS or rule.requires:  # the defaults (most rules) are known good
        _validate_declarations(rule)


def _validate_declarations(rule: type[Rule]) -> None:
    for attr, known, what in (("table_kinds", TABLE_KINDS.names(), "table kind"), ("requires", INDICATOR_COLUMNS, "indicator column")):
        declared = getattr(rule, attr)
        if not isinstance(declared, (tuple, list, frozenset)) or not all(isinstance(name, str) for name in declared):
            raise TypeError(f"rule {rule.code}: {attr} must be a tuple of names, not {declared!r}")
        unknown = next((name for name in declared if name not in known), None)
        if unknown is not None:
            raise TypeError(f"rule {rule.code}: unknown {what} {unknown!r} in {attr} (known: {', '.join(sorted(known))})")
    if not rule.table_kinds:
        raise TypeError(f"rule {rule.code}: table_kinds is empty, so it would check nothing")


def applicable(rule: type[Rule], tables: tuple[Table, ...], memo: dict) -> tuple[Table, ...]:
    """The ``tables`` a table rule applies to (``Rule.applies_to``). Most
    rules declare the same kinds and columns: for one that keeps
    ``Rule.applies_to``, the answer is worked out once per declaration and
    kept in ``memo`` (one per document) for the next."""
    if rule.applies_to.__func__ is not _APPLIES_TO:
        return tuple(filter(rule.applies_to, tables))
    key = (rule.table_kinds, rule.requires)
    found = memo.get(key)
    if found is None:
        found = memo[key] = tuple(filter(rule.applies_to, tables))
    return found


_APPLIES_TO = Rule.applies_to.__func__


def applicability(rule: type[Rule], lang: str = "zh") -> str | None:
    """What a rule is run on, in words, for ``perfcheck rule``: its kinds of
    table and the columns it needs, or the whole document; None for the
    engine's own findings."""
    if rule.scope is Scope.ENGINE:
        return None
    if rule.scope is Scope.DOCUMENT:
        return "适用于：整个文件（跨表检查）" if lang == "zh" else "Applies to: the whole document (across its tables)"
    kinds = [(kind.label(lang) if (kind := TABLE_KINDS.get(name)) else name, name) for name in rule.table_kinds]
    if lang == "zh":
        text = "适用于：" + "、".join(f"{label}（{name}）" for label, name in kinds)
        return text + (f"；需有列：{'、'.join(rule.requires)}" if rule.requires else "")
    text = "Applies to: " + ", ".join(f"{label} ({name})" for label, name in kinds)
    return text + (f"; needs the column{'s' if len(rule.requires) > 1 else ''} {', '.join(rule.requires)}" if rule.requires else "")


# --------------------------------------------------------------------------
# Docstring examples
# --------------------------------------------------------------------------


@attrs.frozen
class Example:
    """A PASS or FAIL example from a rule's docstring.

    Written as ``FAIL::`` or ``PASS (total = 90)::`` followed by an indented
    block: a canonical document, or just one table of it. The part in
    parentheses sets rule options, TOML style, separated by ``;``.
    """

    verdict: str  # "PASS" | "FAIL"
    text: str
    options: Mapping[str, Any]
    options_text: str = ""  # the options as written in the head: "total = 90"

    def head(self, lang: str = "en") -> str:
        """The example's head without its ``::``: ``FAIL (total = 90)``, or in
        Chinese what the verdict means to a reader: 不报告问题的示例（选项 total = 90）."""
        if lang != "zh":
            return f"{self.verdict} ({self.options_text})" if self.options_text else self.verdict
        what = "会报告问题的示例" if self.verdict == "FAIL" else "不报告问题的示例"
        return what + (f"（选项 {self.options_text}）" if self.options_text else "")


_EXAMPLE_HEAD = re.compile(r"^(PASS|FAIL)(?:\s*\((?P<opts>[^)]*)\))?::\s*$")


def _toml(text: str) -> dict:
    import tomllib  # examples are parsed when asked for (tests, docs), not when a rule loads

    return tomllib.loads(text)


def parse_examples(doc: str) -> list[Example]:
    lines = doc.splitlines()
    examples = []
    i = 0
    while i < len(lines):
        head = _EXAMPLE_HEAD.match(lines[i].strip())
        i += 1
        if not head:
            continue
        block = []
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith((" ", "\t"))):
            block.append(lines[i])
            i += 1
        written = (head.group("opts") or "").strip()
        opts = _toml(written.replace(";", "\n")) if written else {}
        examples.append(Example(head.group(1), textwrap.dedent("\n".join(block)).strip() + "\n", opts, written))
    return examples
