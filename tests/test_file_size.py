"""--max-file-size and max-file-size: a user's bound on a file's size replaces
each reader's own (32 MiB of text or YAML, 100 of a workbook, 200 of a PDF),
for a province's year as one big canonical YAML, or to refuse uploads early."""

from __future__ import annotations

import json

import pytest

from conftest import DOC, run_cli

# A canonical document just past the 32 MiB text bound: a comment pads it.
PAD = 33 * 1024 * 1024


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    path = folder / "province.yaml"
    path.write_text("# " + "x" * PAD + "\n" + DOC, encoding="utf-8")
    return path


def _codes(proc) -> list[tuple[str, str]]:
    return [(f["code"], f["message"]) for f in json.loads(proc.stdout)["findings"]]


def test_a_file_past_the_default_bound_is_refused_and_says_how_to_raise_it(big):
    codes = _codes(run_cli("check", str(big), "--format", "json", "--lang", "en", cwd=big.parent))
    assert [c for c, _ in codes] == ["E001"] and "--max-file-size" in codes[0][1] and "33.0 MiB" in codes[0][1]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_max_file_size_on_the_command_line_reads_it(big, jobs):
    codes = {c for c, _ in _codes(run_cli("check", str(big), "--format", "json", "--max-file-size", "40", "--jobs", jobs, cwd=big.parent))}
    assert {"W001", "V002"} <= codes and "E001" not in codes


def test_max_file_size_in_the_configuration_reads_it(big):
    (big.parent / "perfcheck.toml").write_text("max-file-size = 40\n", encoding="utf-8")
    try:
        codes = {c for c, _ in _codes(run_cli("check", str(big), "--format", "json", cwd=big.parent))}
    finally:
        (big.parent / "perfcheck.toml").unlink()
    assert {"W001", "V002"} <= codes and "E001" not in codes


def test_a_smaller_bound_refuses_what_the_default_reads(tmp_path):
    path = tmp_path / "draft.yaml"
    path.write_text(DOC, encoding="utf-8")
    codes = _codes(run_cli("check", str(path), "--format", "json", "--max-file-size", "0.0001", cwd=tmp_path))
    assert [c for c, _ in codes] == ["E001"]


def test_fixes_are_read_under_the_same_bound(big, tmp_path):
    path = tmp_path / "province.yaml"
    path.write_bytes(big.read_bytes())
    proc = run_cli("check", str(path), "--fix", "--max-file-size", "40", "--select", "V002", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert path.read_text(encoding="utf-8").endswith(DOC.replace(">=855", ">=85%"))


@pytest.mark.parametrize("value", ['"big"', "0", "-1", "5000", "true"])
def test_a_bad_max_file_size_is_a_configuration_error(tmp_path, value):
    (tmp_path / "perfcheck.toml").write_text(f"max-file-size = {value}\n", encoding="utf-8")
    (tmp_path / "draft.yaml").write_text(DOC, encoding="utf-8")
    proc = run_cli("check", "draft.yaml", cwd=tmp_path)
    assert proc.returncode == 2 and "max-file-size" in proc.stderr


def test_a_bad_max_file_size_flag_is_refused(tmp_path):
    proc = run_cli("check", "x.yaml", "--max-file-size", "lots", cwd=tmp_path)
    assert proc.returncode == 2 and "--max-file-size" in proc.stderr
