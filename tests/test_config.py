"""Configuration: found by walking up, strictly validated, layered."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfcheck.config import Overrides, ConfigError, Layer, Resolver, SettingsCache, find_config, load_layer
from perfcheck.model import Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_closest_config_wins_and_perfcheck_toml_beats_pyproject(tmp_path):
    write(tmp_path / "perfcheck.toml", "")
    write(tmp_path / "sub" / "pyproject.toml", "[tool.perfcheck]\nignore = ['V']\n")
    write(tmp_path / "sub" / "deeper" / "pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.perfcheck]: skipped
    doc = write(tmp_path / "sub" / "deeper" / "doc.yaml", "")
    assert find_config(doc) == tmp_path / "sub" / "pyproject.toml"
    write(tmp_path / "sub" / "perfcheck.toml", "")
    assert find_config(doc) == tmp_path / "sub" / "perfcheck.toml"


def test_each_file_gets_its_own_closest_config(tmp_path, host):
    write(tmp_path / "a" / "perfcheck.toml", "[rules.W001]\ntotal = 90\n")
    a = write(tmp_path / "a" / "doc.yaml", "")
    b = write(tmp_path / "b" / "doc.yaml", "")
    cache = SettingsCache(host, Overrides())
    assert cache.for_path(a).options["W001"]["total"] == Decimal(90)
    assert cache.for_path(b).options["W001"]["total"] == Decimal(100)
    # The answer is kept per directory for the run: a sibling file shares it,
    # a subdirectory still finds its own, and the next run sees a file added since.
    nested = write(tmp_path / "a" / "deeper" / "perfcheck.toml", "[rules.W001]\ntotal = 80\n")
    assert cache.for_path(write(tmp_path / "a" / "other.yaml", "")).options["W001"]["total"] == Decimal(90)
    assert cache.for_path(nested.parent / "doc.yaml").options["W001"]["total"] == Decimal(80)
    write(tmp_path / "b" / "perfcheck.toml", "[rules.W001]\ntotal = 70\n")
    assert cache.for_path(b).options["W001"]["total"] == Decimal(100)
    assert SettingsCache(host, Overrides()).for_path(b).options["W001"]["total"] == Decimal(70)


def test_options_severity_select_ignore_by_code_prefix_or_name(host):
    settings = Resolver(host).resolve(
        [Layer("f", {"select": ["W", "cost-total-mismatch"], "ignore": ["W002"], "severity": {"weight-total": "warning"},
                     "rules": {"C001": {"tolerance": 0.05}}})]
    )
    assert {"W001", "C001"} <= settings.enabled
    assert "W002" not in settings.enabled and "V001" not in settings.enabled
    assert settings.severity["W001"] is Severity.WARNING
    assert settings.options["C001"]["tolerance"] == Decimal("0.05")  # exact, not the float's expansion


def test_command_line_overrides_the_file(host):
    layers = [Layer("f", {"select": ["W"], "lang": "zh"}), Overrides(select=("V",), ignore=("V002",), lang="en").layer()]
    settings = Resolver(host).resolve(layers)
    assert "V001" in settings.enabled and "W001" not in settings.enabled and "V002" not in settings.enabled
    assert settings.lang == "en"


def test_profile_sits_beneath_the_file(host):
    assert Resolver(host).resolve([Layer("f", {"profile": "xinjiang"})]).options["W001"]["total"] == Decimal(90)
    over = Resolver(host).resolve([Layer("f", {"profile": "xinjiang", "rules": {"W001": {"total": 80}}})])
    assert over.options["W001"]["total"] == Decimal(80)


@pytest.mark.parametrize(
    "data, words",
    [
        ({"selct": ["W"]}, ["unknown key 'selct'"]),
        ({"select": ["Q999"]}, ["select", "Q999"]),
        ({"select": "W001"}, ["select", "list"]),
        ({"severity": {"W001": "fatal"}}, ["[severity]", "W001", "fatal"]),
        ({"severity": {"NOPE": "error"}}, ["[severity]", "'NOPE'"]),
        ({"rules": {"W001": {"totl": 90}}}, ["[rules.W001]", "'totl'", "total"]),
        ({"rules": {"W001": {"total": "ninety"}}}, ["[rules.W001]", "total", "number"]),
        ({"rules": {"C001": {"months": 12.5}}}, ["[rules.C001]", "months", "integer"]),
        ({"profile": "atlantis"}, ["profile", "atlantis", "xinjiang"]),
        ({"lang": "fr"}, ["lang", "fr"]),
    ],
)
def test_bad_configuration_is_an_error_naming_the_key(host, data, words):
    with pytest.raises(ConfigError) as err:
        Resolver(host).resolve([Layer("perfcheck.toml", data)])
    message = str(err.value)
    assert message.startswith("perfcheck.toml")
    for word in words:
        assert word in message


def test_invalid_toml_names_the_file(tmp_path):
    bad = write(tmp_path / "perfcheck.toml", "select = [\n")
    with pytest.raises(ConfigError, match="perfcheck.toml: invalid TOML"):
        load_layer(bad)


def test_pyproject_table_is_read(tmp_path):
    layer = load_layer(write(tmp_path / "pyproject.toml", "[tool.perfcheck]\nlang = 'en'\n"))
    assert layer.data == {"lang": "en"} and "[tool.perfcheck]" in layer.origin


def test_every_configuration_error_is_reported_not_only_the_first(host):
    data = {"selct": ["W"], "lang": "fr", "ignore": ["W01"], "severity": {"C01": "error"}, "rules": {"C001": {"tolerence": 1}, "W001": {"total": "ninety"}}}
    with pytest.raises(ConfigError) as err:
        Resolver(host).resolve([Layer("perfcheck.toml", data)])
    errors = [m.zh for m in err.value.errors]
    assert errors == [
        "perfcheck.toml：未知的配置项 'selct'（是否应为 'select'？）",
        "perfcheck.toml：ignore 中有未知的规则或前缀 'W01'（是否应为 'W001'？）",
        "perfcheck.toml：lang 应为 zh 或 en，而不是 'fr'",
        "perfcheck.toml：[severity] 中有未知的规则 'C01'（是否应为 'C001'？）",
        "perfcheck.toml：[rules.C001] 中有 C001 没有的选项 'tolerence'（是否应为 'tolerance'？）",
        "perfcheck.toml：[rules.W001] total 应为数字，而不是 'ninety'",
    ]
    assert err.value.message.zh == "\n".join(errors)  # what the web server shows, every line


def test_a_misspelt_key_is_answered_with_the_key_meant_not_every_key(host):
    with pytest.raises(ConfigError) as err:
        Resolver(host).resolve([Layer("perfcheck.toml", {"selct": ["W"]})])
    assert str(err.value) == "perfcheck.toml: unknown key 'selct' (did you mean 'select'?)"
    with pytest.raises(ConfigError) as err:
        Resolver(host).resolve([Layer("perfcheck.toml", {"colour": "red"})])
    assert "known: select, ignore" in str(err.value)  # nothing close: the keys there are


def test_every_error_reaches_the_command_line_one_line_each(tmp_path):
    from conftest import run_cli

    write(tmp_path / "perfcheck.toml", 'selct = ["W"]\nlang = "fr"\n')
    write(tmp_path / "doc.yaml", "tables: []\n")
    proc = run_cli("check", "doc.yaml", cwd=tmp_path, check_rc=2)
    lines = proc.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("perfcheck: 错误: ") for line in lines)
    assert "'selct'（是否应为 'select'？）" in lines[0] and "lang 应为 zh 或 en" in lines[1]
