"""Exit codes and what a run that checks nothing says (issue 28): a missing
file named on the command line could not be run (2); --diff exits by one rule
for YAML and workbooks; a directory with nothing to check says so, and with
--verbose what was passed over and why; --help documents it all."""

from __future__ import annotations

import openpyxl
import yaml

from conftest import FIXTURES, run_cli
from xlsxmaker import write_workbook

YAML_DRAFT = (FIXTURES / "spine-demo.yaml").read_text(encoding="utf-8")


def test_a_missing_file_named_on_the_command_line_could_not_be_run(tmp_path):
    (tmp_path / "here.yaml").write_text(YAML_DRAFT, encoding="utf-8")
    proc = run_cli("check", "here.yaml", "gone.yaml", "nowhere/", cwd=tmp_path, check_rc=2)
    assert proc.stdout == ""  # nothing was checked, not even here.yaml
    assert proc.stderr == "perfcheck: 错误: 文件或目录不存在：gone.yaml、nowhere（未检查任何文件）\n"
    english = run_cli("check", "gone.yaml", "--lang", "en", cwd=tmp_path, check_rc=2)
    assert english.stderr == "perfcheck: error: no such file or directory: gone.yaml (nothing was checked)\n"


def _workbook(tmp_path, value: str):
    tables = yaml.safe_load(YAML_DRAFT)["tables"]
    tables[0]["indicators"][-1]["value"] = value
    return write_workbook(tmp_path / "draft.xlsx", {"绩效目标": tables}, "xinjiang")


def test_diff_exits_1_when_fix_would_change_something_for_workbooks_as_for_yaml(tmp_path):
    (tmp_path / "draft.yaml").write_text(YAML_DRAFT, encoding="utf-8")
    text = run_cli("check", "draft.yaml", "--diff", cwd=tmp_path, check_rc=1)
    assert '+      - {level1: 满意度指标, level2: 满意度指标, name: 使用人员满意度, value: ">=85%", weight: 10}' in text.stdout
    workbook = _workbook(tmp_path, ">=855")
    before = workbook.read_bytes()
    proc = run_cli("check", "draft.xlsx", "--diff", cwd=tmp_path, check_rc=1)
    cell = next(
        f"{ws.title}!{c.coordinate}" for ws in openpyxl.load_workbook(workbook).worksheets for row in ws.iter_rows() for c in row if c.value == ">=855"
    )
    assert proc.stdout == f"--- a/draft.xlsx\n+++ b/draft.xlsx\n@@ {cell} @@\n->=855\n+>=85%\n"
    assert "--fix -o 修复后的副本.xlsx" in proc.stderr and workbook.read_bytes() == before


def test_diff_exits_0_when_fix_would_change_nothing_for_workbooks_as_for_yaml(tmp_path):
    (tmp_path / "clean.yaml").write_text(YAML_DRAFT.replace('">=855"', '">=85%"'), encoding="utf-8")
    assert run_cli("check", "clean.yaml", "--diff", cwd=tmp_path, check_rc=0).stdout == ""
    _workbook(tmp_path, ">=85%")
    assert run_cli("check", "draft.xlsx", "--diff", cwd=tmp_path, check_rc=0).stdout == ""


def _readable() -> str:
    """Every suffix a reader of this install takes, as the message lists them."""
    from perfcheck.plugins import PluginHost

    return " ".join(sorted({s for r in PluginHost().readers for s in r.suffixes}))


def test_a_directory_with_nothing_to_check_says_no_file_was_checked(tmp_path):
    folder = tmp_path / "materials"
    (folder / "build").mkdir(parents=True)
    (folder / ".drafts").mkdir()
    (folder / "notes.md").write_text("会议纪要\n", encoding="utf-8")
    (folder / "build" / "old.yaml").write_text(YAML_DRAFT, encoding="utf-8")
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "人员名单"
    workbook.save(folder / "staff.xlsx")
    proc = run_cli("check", "materials", cwd=tmp_path, check_rc=0)
    assert proc.stdout == "没有检查任何文件：所给的路径中没有含绩效目标表的文件（加 --verbose 可列出跳过了哪些文件及原因）。\n"
    assert "全部检查通过" not in proc.stdout and proc.stderr == ""
    verbose = run_cli("check", "materials", "--verbose", cwd=tmp_path, check_rc=0).stderr.splitlines()
    assert verbose == [
        "perfcheck: 跳过 materials/.drafts：隐藏文件或目录（名称以“.”开头）",
        "perfcheck: 跳过 materials/build：匹配排除模式「build」",
        f"perfcheck: 跳过 materials/notes.md：不是可检查的文件类型（可检查：{_readable()}）",
        "perfcheck: 跳过 materials/staff.xlsx：能正常读取，但其中没有绩效目标表",
    ]
    english = run_cli("check", "materials", "--lang", "en", "-v", "--jobs", "2", cwd=tmp_path, check_rc=0)
    assert english.stdout.startswith("No file was checked:")
    assert "perfcheck: passed over materials/staff.xlsx: reads fine but holds no target table" in english.stderr


def test_help_documents_the_exit_codes_in_both_languages(tmp_path):
    for command in ((), ("check",)):
        zh = run_cli(*command, "--help", cwd=tmp_path, check_rc=0).stdout
        assert "退出码：" in zh and "--diff：--fix 会有修改（YAML/JSON 与工作簿相同）" in zh and "命令行中的文件或目录不存在" in zh
        en = run_cli(*command, "--help", "--lang", "en", cwd=tmp_path, check_rc=0).stdout
        assert "exit status:" in en and "--diff: --fix would change something (YAML/JSON and workbooks alike)" in en
