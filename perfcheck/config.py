"""Configuration: ``perfcheck.toml`` or ``[tool.perfcheck]`` in ``pyproject.toml``.

Found by walking up from each checked file (the closest wins; in one
directory ``perfcheck.toml`` wins over ``pyproject.toml``), or named with
``--config``. Layers, lowest first: each rule's own defaults, plugins'
``perfcheck_config_defaults``, the profile, the file, the command line.

Validation is strict: an unknown key, rule, option or a value of the wrong
type is a ``ConfigError`` naming the file and the key (exit code 2), never
silently ignored.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Mapping

import attrs

from perfcheck.limits import DEFAULT_RULE_TIMEOUT, DEFAULT_TIMEOUT, MAX_FILE_SIZE_MB, valid_megabytes, valid_seconds
from perfcheck.model import Message, Severity
from perfcheck.plugins import PluginHost
from perfcheck.rule import OptionError, Scope

CONFIG_FILE = "perfcheck.toml"
KEYS = (
    "select", "ignore", "profile", "lang", "severity", "rules", "profiles", "timeout", "rule-timeout",
    "exclude", "extend-exclude", "respect-gitignore", "max-file-size", "executor",
)
# What a directory walk never enters, as ruff does: tool and build output,
# dependencies, version control. `exclude` replaces it; `extend-exclude` adds.
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__", "site-packages",
    "build", "dist", "_build", ".mypy_cache", ".pytest_cache", ".ruff_cache", "__pypackages__",
)
# Time limits, in seconds: per file, and per rule on one table.
TIME_KEYS = {"timeout": DEFAULT_TIMEOUT, "rule-timeout": DEFAULT_RULE_TIMEOUT}
PROFILE_KEYS = ("select", "ignore", "severity", "rules")
LANGS = ("zh", "en")
# [executor]: where a run's files are checked (docs/configuration.md). Per run,
# not per file: ``perfcheck check`` reads it from the configuration in force
# where it is started (or --config).
EXECUTORS = ("local", "dask")
EXECUTOR_KEYS = {"name": str, "scheduler": str, "shared-storage": bool, "dashboard": bool}


class ConfigError(Exception):
    """A configuration problem; the message names where it is, in Chinese and English.

    ``detail``: what a library said, where the message says it plainly
    (tomllib's ``Invalid value (at line 1, column 11)``), for ``--verbose``.
    ``errors``: every problem found, one message each (``ConfigError.of``);
    ``message`` holds them all, a line each."""

    def __init__(self, en: str, zh: str | None = None, detail: str | None = None):
        super().__init__(en)
        self.message = Message(zh or en, en)
        self.errors: tuple[Message, ...] = (self.message,)
        self.detail = detail

    @classmethod
    def of(cls, errors: list[Message]) -> "ConfigError":
        """One error for every problem of ``errors``, in the order found."""
        error = cls("\n".join(m.en for m in errors), "\n".join(m.zh for m in errors))
        error.errors = tuple(errors)
        return error


def _suggest(word: str, known: Iterable[str], missing: Iterable[str] = ()) -> tuple[str, str]:
    """A hint for a misspelt ``word``: the closest of ``known`` (those in
    ``missing``, not yet given, first), or the list of them when none is close."""
    import difflib  # only when there is a typo to explain

    known = list(known)
    for pool in (list(missing), known):
        near = difflib.get_close_matches(str(word), pool, n=1, cutoff=0.6)
        if near:
            return f"（是否应为 {near[0]!r}？）", f" (did you mean {near[0]!r}?)"
    return f"（可用：{'、'.join(known) or '无'}）", f" (known: {', '.join(known) or 'none'})"


@attrs.frozen
class Layer:
    """One configuration fragment and where it came from (for error messages)."""

    origin: str
    data: Mapping[str, Any]


@attrs.frozen
class Settings:
    """The configuration in force for one file."""

    enabled: frozenset[str]
    options: Mapping[str, Mapping[str, Any]]
    severity: Mapping[str, Severity]
    lang: str = "zh"
    source: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    rule_timeout: float = DEFAULT_RULE_TIMEOUT
    # File selection: patterns a walk skips (gitignore-style globs), and
    # whether a walk in a git work tree skips what git ignores.
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    respect_gitignore: bool = True
    # The user's bound on a file's size, in bytes (max-file-size); None: each reader's own.
    max_file_size: int | None = None
    # The [executor] table: name, scheduler, shared-storage, dashboard.
    executor: Mapping[str, Any] = attrs.field(factory=dict)

    def is_enabled(self, code: str) -> bool:
        return code in self.enabled


# --------------------------------------------------------------------------
# Finding and reading files
# --------------------------------------------------------------------------


def _read_toml(path: Path) -> dict:
    import tomllib  # only where there is a file to read: most runs have none

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: cannot read: it is not UTF-8 text; save it as UTF-8", f"{path}：无法读取：文件不是 UTF-8 编码，请另存为 UTF-8", str(exc)
        ) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ConfigError(f"{path}: cannot read: {reason}", f"{path}：无法读取：{reason}", str(exc)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        from perfcheck.toml_problems import explain

        _, message = explain(text, str(exc))
        raise ConfigError(f"{path}: invalid TOML: {message.en}", f"{path}：TOML 语法错误：{message.zh}", str(exc)) from None


def load_layer(path: Path) -> Layer:
    """Read a ``perfcheck.toml`` or the ``[tool.perfcheck]`` table of a ``pyproject.toml``."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("perfcheck", {})
        return Layer(f"{path} [tool.perfcheck]", data)
    return Layer(str(path), data)


def _has_perfcheck_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml configures perfcheck ([tool.perfcheck])."""
    try:
        text = pyproject.read_text(encoding="utf-8")
        if "perfcheck" not in text:  # most projects' files: no need to load and run a TOML parser
            return False
        import tomllib

        return "perfcheck" in tomllib.loads(text).get("tool", {})
    except (ValueError, OSError):  # TOMLDecodeError and UnicodeDecodeError are ValueErrors
        return False  # not ours to judge; keep looking


def find_config(start: Path, known: dict[Path, Path | None] | None = None) -> Path | None:
    """The closest configuration file at or above ``start`` (a file or directory).

    ``known`` keeps the answer per directory for one run: a batch's files
    share a few directories, and each answer is two stats per level up.
    """
    # abspath, not resolve(): a symlink loop must not end the batch (the read reports it).
    start = Path(os.path.abspath(start))
    try:
        directory = start if start.is_dir() else start.parent
    except OSError:  # a name over 255 bytes
        directory = start.parent
    if known is not None and directory in known:
        return known[directory]
    found = None
    for d in (directory, *directory.parents):
        candidate = d / CONFIG_FILE
        if candidate.is_file():
            found = candidate
            break
        pyproject = d / "pyproject.toml"
        if pyproject.is_file() and _has_perfcheck_table(pyproject):
            found = pyproject
            break
    if known is not None:
        known[directory] = found
    return found


# --------------------------------------------------------------------------
# Validation and resolution
# --------------------------------------------------------------------------


class Resolver:
    """Turns layers into ``Settings``, validating each layer against the loaded rules."""

    def __init__(self, host: PluginHost):
        self.host = host
        self.codes = sorted(host.rules)

    # ---- selectors: "ALL", a code, a prefix ("W", "W0"), or a rule name
    def expand(self, selector: str, origin: str, key: str) -> set[str]:
        if not isinstance(selector, str):
            raise ConfigError(f"{origin}: {key}: expected rule codes or names, got {selector!r}", f"{origin}：{key} 应为规则代码或名称，而不是 {selector!r}")
        if selector.upper() == "ALL":
            return set(self.codes)
        entry = self.host.rule_by_name_or_code(selector)
        if entry:
            return {entry.rule.code}
        matched = {c for c in self.codes if c.startswith(selector.upper())}
        if not matched:
            hint_zh, hint_en = self._rule_hint(selector)
            raise ConfigError(f"{origin}: {key}: unknown rule or prefix {selector!r}{hint_en}", f"{origin}：{key} 中有未知的规则或前缀 {selector!r}{hint_zh}")
        return matched

    def _rule_hint(self, word: str) -> tuple[str, str]:
        """The rule code or name closest to a misspelt one, or where to find them all."""
        import difflib

        names = [*self.codes, *(entry.rule.name for entry in self.host.rules.values())]
        near = difflib.get_close_matches(str(word).upper() if str(word)[:1].isupper() else str(word), names, n=1, cutoff=0.6)
        if near:
            return f"（是否应为 {near[0]!r}？）", f" (did you mean {near[0]!r}?)"
        return "（perfcheck rules 列出所有规则）", " (perfcheck rules lists them all)"

    def _code(self, key: str, origin: str, section: str) -> str:
        entry = self.host.rule_by_name_or_code(key)
        if entry is None:
            hint_zh, hint_en = self._rule_hint(key)
            raise ConfigError(f"{origin}: [{section}] unknown rule {key!r}{hint_en}", f"{origin}：[{section}] 中有未知的规则 {key!r}{hint_zh}")
        return entry.rule.code

    def check_layer(self, layer: Layer) -> None:
        """``ConfigError`` naming every problem of ``layer``, not only the first:
        a user fixes a file in one go."""
        errors: list[Message] = []
        self._check_layer(layer, errors)
        if errors:
            raise ConfigError.of(errors)

    def _check_layer(self, layer: Layer, errors: list[Message]) -> None:
        data, origin = layer.data, layer.origin

        def error(en: str, zh: str) -> None:
            errors.append(Message(zh, en))

        def attempt(check, *args) -> None:
            """Run a check that raises ConfigError; record what it says and go on."""
            try:
                check(*args)
            except ConfigError as exc:
                errors.extend(exc.errors)

        if not isinstance(data, Mapping):
            error(f"{origin}: expected a table", f"{origin}：应为一个表（table）")
            return
        for key in data:
            if key not in KEYS:
                hint_zh, hint_en = _suggest(key, KEYS)
                error(f"{origin}: unknown key {key!r}{hint_en}", f"{origin}：未知的配置项 {key!r}{hint_zh}")
        if "max-file-size" in data:
            size = data["max-file-size"]
            if not valid_megabytes(size):
                error(
                    f"{origin}: max-file-size: expected a number of MB above 0 and at most {MAX_FILE_SIZE_MB}, got {size!r}",
                    f"{origin}：max-file-size 应为大于 0、不超过 {MAX_FILE_SIZE_MB} 的兆字节数，而不是 {size!r}",
                )
        for key in ("select", "ignore"):
            if key in data:
                if not isinstance(data[key], list):
                    error(f"{origin}: {key}: expected a list of rule codes or names", f"{origin}：{key} 应为规则代码或名称的列表，如 {key} = [\"W\", \"C001\"]")
                    continue
                for selector in data[key]:
                    attempt(self.expand, selector, origin, key)
        profiles = data.get("profiles", {})
        if not isinstance(profiles, Mapping):
            error(f"{origin}: [profiles] expected a table of profile tables", f"{origin}：[profiles] 应由各预设的表组成")
            profiles = {}
        for name, fragment in profiles.items():
            if not isinstance(fragment, Mapping):
                error(f"{origin}: [profiles.{name}] expected a table", f"{origin}：[profiles.{name}] 应为一个表")
                continue
            for key in fragment:
                if key not in PROFILE_KEYS:
                    hint_zh, hint_en = _suggest(key, PROFILE_KEYS)
                    error(
                        f"{origin}: [profiles.{name}] unknown key {key!r}{hint_en}",
                        f"{origin}：[profiles.{name}] 中有未知的配置项 {key!r}{hint_zh}",
                    )
            self._check_layer(Layer(f"{origin} [profiles.{name}]", {k: v for k, v in fragment.items() if k in PROFILE_KEYS}), errors)
        if "profile" in data and data["profile"] not in self.host.profiles and data["profile"] not in profiles:
            known = sorted({*self.host.profiles, *profiles})
            hint_zh, hint_en = _suggest(data["profile"], known)
            error(f"{origin}: profile: unknown profile {data['profile']!r}{hint_en}", f"{origin}：未知的预设 profile = {data['profile']!r}{hint_zh}")
        for key in ("exclude", "extend-exclude"):
            if key in data and (not isinstance(data[key], list) or not all(isinstance(p, str) and p.strip() for p in data[key])):
                error(f"{origin}: {key}: expected a list of path patterns", f"{origin}：{key} 应为路径模式的列表，如 {key} = [\"archive/\"]")
        if "respect-gitignore" in data and not isinstance(data["respect-gitignore"], bool):
            error(f"{origin}: respect-gitignore: expected true or false", f"{origin}：respect-gitignore 应为 true 或 false")
        for key in TIME_KEYS:
            value = data.get(key)
            if value is not None and not valid_seconds(value):
                error(f"{origin}: {key}: expected a number of seconds above 0, got {value!r}", f"{origin}：{key} 应为大于 0 的秒数，而不是 {value!r}")
        attempt(self._check_executor, data, origin)
        if "lang" in data and data["lang"] not in LANGS:
            error(f"{origin}: lang: expected one of {', '.join(LANGS)}, got {data['lang']!r}", f"{origin}：lang 应为 {' 或 '.join(LANGS)}，而不是 {data['lang']!r}")
        severity = data.get("severity", {})
        if not isinstance(severity, Mapping):
            error(f"{origin}: [severity] expected a table of rule = \"error|warning|info\"", f"{origin}：[severity] 应为“规则 = error|warning|info”的表")
            severity = {}
        for key, value in severity.items():
            attempt(self._code, key, origin, "severity")
            if value not in {s.value for s in Severity}:
                error(f"{origin}: [severity] {key}: expected error, warning or info, got {value!r}", f"{origin}：[severity] {key} 应为 error、warning 或 info，而不是 {value!r}")
        rules = data.get("rules", {})
        if not isinstance(rules, Mapping):
            error(f"{origin}: [rules] expected a table of rule tables", f"{origin}：[rules] 应由各规则的表组成")
            rules = {}
        for key, options in rules.items():
            try:
                code = self._code(key, origin, "rules")
            except ConfigError as exc:
                errors.extend(exc.errors)
                continue
            rule = self.host.rules[code].rule
            if not isinstance(options, Mapping):
                error(f"{origin}: [rules.{key}] expected a table of options", f"{origin}：[rules.{key}] 应为选项的表")
                continue
            for name, value in options.items():
                if name not in rule.options:
                    hint_zh, hint_en = _suggest(name, rule.options, [o for o in rule.options if o not in options])
                    error(
                        f"{origin}: [rules.{key}] unknown option {name!r} for {code}{hint_en}",
                        f"{origin}：[rules.{key}] 中有 {code} 没有的选项 {name!r}{hint_zh}",
                    )
                    continue
                try:
                    rule.options[name].coerce(value)
                except OptionError as exc:
                    error(f"{origin}: [rules.{key}] {name}: {exc}", f"{origin}：[rules.{key}] {name} {exc.message.zh}")

    @staticmethod
    def _check_executor(data: Mapping, origin: str) -> None:
        if "executor" not in data:
            return
        table = data["executor"]
        if not isinstance(table, Mapping):
            raise ConfigError(f"{origin}: [executor] expected a table", f"{origin}：[executor] 应为一个表")
        for key, value in table.items():
            kind = EXECUTOR_KEYS.get(key)
            if kind is None:
                raise ConfigError(
                    f"{origin}: [executor] unknown key {key!r} (known: {', '.join(EXECUTOR_KEYS)})",
                    f"{origin}：[executor] 中有未知的配置项 {key!r}（可用：{'、'.join(EXECUTOR_KEYS)}）",
                )
            if not isinstance(value, kind) or (kind is str and not value.strip()):
                wanted = ("true or false", "true 或 false") if kind is bool else ("a string", "字符串")
                raise ConfigError(f"{origin}: [executor] {key}: expected {wanted[0]}, got {value!r}", f"{origin}：[executor] {key} 应为{wanted[1]}，而不是 {value!r}")
        if table.get("name", "local") not in EXECUTORS:
            raise ConfigError(
                f"{origin}: [executor] name: expected one of {', '.join(EXECUTORS)}, got {table['name']!r}",
                f"{origin}：[executor] name 应为 {' 或 '.join(EXECUTORS)}，而不是 {table['name']!r}",
            )

    def resolve(self, layers: Iterable[Layer], source: str | None = None) -> Settings:
        """Merge layers, lowest first; a layer's profile slots in just beneath it."""
        expanded: list[Layer] = []
        for origin, data in self.host.config_defaults:
            expanded.append(Layer(f"plugin {origin!r} config defaults", data))
            self.check_layer(expanded[-1])
        for layer in layers:
            self.check_layer(layer)  # its own [profiles] included
            name = layer.data.get("profile")
            own = layer.data.get("profiles", {})
            if name in own:  # the user's own profiles shadow the plugins'
                expanded.append(Layer(f"{layer.origin} [profiles.{name}]", own[name]))
            elif name in self.host.profiles:
                plugin, fragment = self.host.profiles[name]
                expanded.append(Layer(f"profile {name!r} (plugin {plugin!r})", fragment))
                self.check_layer(expanded[-1])
            expanded.append(layer)

        select: set[str] = set(self.codes)
        ignore: set[str] = set()
        lang = "zh"
        times = dict(TIME_KEYS)
        exclude = list(DEFAULT_EXCLUDE)
        respect_gitignore = True
        max_size: int | None = None
        executor: dict[str, Any] = {}
        severity: dict[str, Severity] = {}
        options: dict[str, dict[str, Any]] = {
            code: {name: opt.default for name, opt in entry.rule.options.items()}
            for code, entry in self.host.rules.items()
        }
        for layer in expanded:
            data = layer.data
            if "select" in data:
                select = set().union(*(self.expand(s, layer.origin, "select") for s in data["select"]))
            for selector in data.get("ignore", []):
                ignore |= self.expand(selector, layer.origin, "ignore")
            lang = data.get("lang", lang)
            times.update({key: float(data[key]) for key in TIME_KEYS if key in data})
            if "exclude" in data:
                exclude = list(data["exclude"])
            exclude.extend(data.get("extend-exclude", []))
            respect_gitignore = data.get("respect-gitignore", respect_gitignore)
            if "max-file-size" in data:
                max_size = int(float(data["max-file-size"]) * 1024 * 1024)
            executor.update(data.get("executor", {}))
            for key, value in data.get("severity", {}).items():
                severity[self._code(key, layer.origin, "severity")] = Severity(value)
            for key, values in data.get("rules", {}).items():
                code = self._code(key, layer.origin, "rules")
                rule = self.host.rules[code].rule
                for name, value in values.items():
                    options[code][name] = rule.options[name].coerce(value)
        # Engine findings (E001–E003) are not subject to `select`: a crash or an unreadable
        # file must not go unseen because a user narrowed the rule set. Only `ignore` hides them.
        engine = {code for code, entry in self.host.rules.items() if entry.rule.scope is Scope.ENGINE}
        return Settings(
            frozenset((select | engine) - ignore), options, severity, lang, source, times["timeout"], times["rule-timeout"],
            tuple(dict.fromkeys(exclude)), respect_gitignore, max_size, executor,
        )


@attrs.frozen
class Overrides:
    """The highest configuration layer: what a front end was told for this run
    (the command line's flags, a web form's fields), above every file."""

    config: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    lang: str | None = None
    timeout: float | None = None
    rule_timeout: float | None = None
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    profile: str | None = None
    max_file_size: float | None = None  # MB

    def layer(self) -> Layer:
        data: dict[str, Any] = {}
        if self.max_file_size is not None:
            data["max-file-size"] = self.max_file_size
        if self.profile:
            data["profile"] = self.profile
        if self.select is not None:
            data["select"] = list(self.select)
        if self.ignore:
            data["ignore"] = list(self.ignore)
        if self.lang:
            data["lang"] = self.lang
        if self.timeout is not None:
            data["timeout"] = self.timeout
        if self.rule_timeout is not None:
            data["rule-timeout"] = self.rule_timeout
        if self.exclude is not None:
            data["exclude"] = list(self.exclude)
        if self.extend_exclude:
            data["extend-exclude"] = list(self.extend_exclude)
        return Layer("command line", data)


class SettingsCache:
    """Settings per configuration file, so a batch resolves each file once."""

    def __init__(self, host: PluginHost, overrides: Overrides):
        self.resolver = Resolver(host)
        self.overrides = overrides
        self._by_source: dict[Path | None, Settings] = {}
        self._config_of: dict[Path, Path | None] = {}  # directory -> its closest configuration

    def for_path(self, path: Path) -> Settings:
        source = self.overrides.config if self.overrides.config else find_config(path, self._config_of)
        if source not in self._by_source:
            layers = [load_layer(source)] if source else []
            self._by_source[source] = self.resolver.resolve([*layers, self.overrides.layer()], str(source) if source else None)
        return self._by_source[source]
