"""Finding and loading plugins (built-in ones included) through entry points."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import attrs
import pluggy

from perfcheck import hookspec
from perfcheck.entrypoints import entry_points
from perfcheck.limits import TimeLimitExceeded, time_limit
from perfcheck.model import TABLE_KINDS, TableKindDef
from perfcheck.reporters import Reporter
from perfcheck.reporters import adapt as adapt_reporter
from perfcheck.rule import Rule, validate_rule_class
from perfcheck.units import BUILTIN_UNITS, UnitDef, UnitRegistry


# How long a plugin's import, or one of its hooks at start-up, may take.
PLUGIN_LOAD_TIMEOUT = 15.0


@attrs.frozen
class PluginWarning:
    plugin: str
    message: str  # English
    zh: str = ""  # the same in Chinese

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        if lang == "en" or not self.zh:
            return f"plugin {self.plugin!r}: {self.message}"
        return f"插件 {self.plugin!r}：{self.zh}"


@attrs.frozen
class RuleEntry:
    rule: type[Rule]
    plugin: str


class PluginHost:
    """Loads every ``perfcheck`` entry point, each on its own, and collects what they provide.

    Failures never propagate: they become ``warnings``, which the CLI prints.
    """

    def __init__(self, extra_plugins: Iterable[tuple[str, object]] = (), *, discover: bool = True):
        self.pm = pluggy.PluginManager(hookspec.PROJECT)
        self.pm.add_hookspecs(hookspec)
        self.warnings: list[PluginWarning] = []
        if discover:
            self._load_entry_points()
        for name, plugin in extra_plugins:
            self._register(name, plugin)
        self.rules: dict[str, RuleEntry] = {}
        self.readers: list = []
        self.reporters: dict[str, Reporter] = {}
        self.units = UnitRegistry(BUILTIN_UNITS)
        # The kinds of table: the process's registry, which the readers consult too.
        self.table_kinds = TABLE_KINDS
        self.config_defaults: list[tuple[str, dict]] = []
        self.profiles: dict[str, tuple[str, dict]] = {}
        self._collect()
        # The per-file hooks, (plugin, function) in registration order: the
        # engine calls each on its own, under the rule time limit, and pays
        # nothing for them when no plugin has any.
        self.document_hooks = self._impls("perfcheck_document_read")
        self.findings_hooks = self._impls("perfcheck_file_findings")

    # ---- loading
    def _load_entry_points(self) -> None:
        eps = entry_points(hookspec.PROJECT)
        # Built-ins first so that their codes win a clash; then by name, for a stable order.
        for ep in sorted(eps, key=lambda e: (e.dist_name != "perfcheck", e.name)):
            if self.pm.has_plugin(ep.name):
                continue  # the same distribution seen twice on sys.path
            try:
                # A plugin's import is code we do not control: it may loop, or call sys.exit.
                with time_limit(PLUGIN_LOAD_TIMEOUT):
                    plugin = ep.load()
            except TimeLimitExceeded:
                self._warn(
                    ep.name,
                    f"failed to load ({ep.value}): its import did not finish within {PLUGIN_LOAD_TIMEOUT:g} s",
                    f"加载失败（{ep.value}）：导入超过 {PLUGIN_LOAD_TIMEOUT:g} 秒仍未完成",
                )
                continue
            except BaseException as exc:  # noqa: BLE001 - any import failure (SystemExit too) is the plugin's
                if isinstance(exc, KeyboardInterrupt):
                    raise
                self._warn(ep.name, f"failed to load ({ep.value}): {type(exc).__name__}: {exc}", f"加载失败（{ep.value}）：{type(exc).__name__}: {exc}")
                continue
            self._register(ep.name, plugin)

    def _register(self, name: str, plugin: object) -> None:
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:  # noqa: BLE001 - pluggy validates hook signatures here
            self._warn(name, f"could not be registered: {exc}", f"无法注册：{exc}")

    def _warn(self, plugin: str, message: str, zh: str = "") -> None:
        # Kept, not logged: the CLI prints them once, tests and embedders read them.
        self.warnings.append(PluginWarning(plugin, message, zh))

    def _each(self, hook_name: str) -> Iterable[tuple[str, Any]]:
        """Call one hook plugin by plugin, so that a raising plugin is isolated and named."""
        caller: pluggy.HookCaller = getattr(self.pm.hook, hook_name)
        for impl in caller.get_hookimpls():  # registration order (pluggy calls them reversed)
            try:
                with time_limit(PLUGIN_LOAD_TIMEOUT):
                    result = impl.function()
            except BaseException as exc:  # noqa: BLE001 - SystemExit and timeouts included
                if isinstance(exc, KeyboardInterrupt):
                    raise
                self._warn(impl.plugin_name, f"hook {hook_name} raised {type(exc).__name__}: {exc}", f"钩子 {hook_name} 出错：{type(exc).__name__}: {exc}")
                continue
            if result is not None:
                yield impl.plugin_name, result

    def _impls(self, hook_name: str) -> list[tuple[str, Any]]:
        caller: pluggy.HookCaller = getattr(self.pm.hook, hook_name)
        return [(impl.plugin_name, impl.function) for impl in caller.get_hookimpls()]

    def _collect(self) -> None:
        # Kinds first: a rule may name a kind its plugin adds.
        for plugin, kinds in self._each("perfcheck_table_kinds"):
            for kind in kinds:
                self._add_table_kind(plugin, kind)
        for plugin, rules in self._each("perfcheck_rules"):
            for rule in rules:
                self._add_rule(plugin, rule)
        for plugin, readers in self._each("perfcheck_readers"):
            self.readers.extend(readers)
        for plugin, reporters in self._each("perfcheck_reporters"):
            for candidate in reporters:
                try:
                    reporter = adapt_reporter(candidate)
                except TypeError as exc:
                    self._warn(plugin, f"reporter rejected: {exc}", f"输出格式不合格，未加载：{exc}")
                    continue
                self.reporters.setdefault(reporter.name, reporter)
        for plugin, units in self._each("perfcheck_units"):
            for unit in units:
                if isinstance(unit, UnitDef):
                    self.units.add(unit)
                else:
                    self._warn(plugin, f"perfcheck_units returned {unit!r}, not a UnitDef", f"perfcheck_units 返回的 {unit!r} 不是 UnitDef")
        for plugin, defaults in self._each("perfcheck_config_defaults"):
            self.config_defaults.append((plugin, defaults))
        for plugin, profiles in self._each("perfcheck_profiles"):
            for name, fragment in profiles.items():
                self.profiles.setdefault(name, (plugin, fragment))

    def _add_table_kind(self, plugin: str, kind: Any) -> None:
        if not isinstance(kind, TableKindDef):
            self._warn(plugin, f"perfcheck_table_kinds returned {kind!r}, not a TableKindDef", f"perfcheck_table_kinds 返回的 {kind!r} 不是 TableKindDef")
            return
        try:
            self.table_kinds.add(kind)
        except ValueError:
            taken = self.table_kinds[kind.name]
            self._warn(
                plugin,
                f"table kind {kind.name!r} is already defined ({taken.label_en}); ignored",
                f"表的种类 {kind.name!r} 已有定义（{taken.label_zh}），本定义未加载",
            )

    def _add_rule(self, plugin: str, rule: Any) -> None:
        try:
            validate_rule_class(rule)
        except TypeError as exc:
            self._warn(plugin, f"rule rejected: {exc}", f"规则不合格，未加载：{exc}")
            return
        taken = self.rules.get(rule.code)
        if taken is not None:
            self._warn(plugin, f"rule {rule.code} is already defined by plugin {taken.plugin!r}; ignored", f"规则代码 {rule.code} 已由插件 {taken.plugin!r} 定义，本规则未加载")
            return
        self.rules[rule.code] = RuleEntry(rule, plugin)

    # ---- queries
    def rule_by_name_or_code(self, key: str) -> RuleEntry | None:
        entry = self.rules.get(key.upper())
        if entry:
            return entry
        return next((e for e in self.rules.values() if e.rule.name == key), None)

    def reader_for(self, suffix: str) -> Any | None:
        suffix = suffix.lower()
        return next((r for r in self.readers if suffix in r.suffixes), None)

    def fixer_for(self, path: Path) -> Any | None:
        """What can write fixes back to ``path``: its reader's fixer
        (``perfcheck.writeback``), when it has one for this kind of file."""
        reader = self.reader_for(path.suffix)
        fixer = getattr(reader, "fixer", None)  # optional in the Reader protocol
        return fixer if fixer is not None and path.suffix.lower() in fixer.suffixes else None

    def sorted_rules(self) -> list[RuleEntry]:
        return sorted(self.rules.values(), key=lambda e: e.rule.code)

