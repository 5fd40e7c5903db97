"""Library errors in plain words (issue 28): a broken YAML, workbook, PDF or
configuration is said in Chinese (and English) as what is wrong and what to
do, at the line where the mistake is; the library's own words are kept for
--verbose and in the JSON report's data. Every case is a real broken file."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli

from pdfmaker import render

TABLE = "tables:\n  - name: 2024年示例项目\n    funds: {total: \"10.00\"}\n    indicators:\n"
ROW = '      - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}\n'


def e001(proc) -> list[dict]:
    return [f for f in json.loads(proc.stdout)["findings"] if f["code"] == "E001"]


def test_an_unclosed_brace_is_named_at_its_own_line_not_at_the_end_of_the_file(tmp_path):
    (tmp_path / "draft.yaml").write_text(TABLE + ROW.replace('"}', '"') + ROW + ROW, encoding="utf-8")
    text = run_cli("check", "draft.yaml", cwd=tmp_path, check_rc=1).stdout
    assert "draft.yaml:5:9: E001 [错误] 第 5 行的“{”没有闭合：请在这一项的末尾补上“}”" in text
    assert "did not find" not in text and "YAML 语法错误：" not in text
    [finding] = e001(run_cli("check", "draft.yaml", "--format", "json", cwd=tmp_path))
    assert finding["location"]["line"] == 5 and "did not find expected ',' or '}'" in finding["data"]["detail"]
    verbose = run_cli("check", "draft.yaml", "--verbose", cwd=tmp_path).stdout
    assert "原始报错: while parsing a flow mapping" in verbose and "did not find expected ',' or '}'" in verbose
    english = run_cli("check", "draft.yaml", "--lang", "en", cwd=tmp_path).stdout
    assert "the '{' on line 5 is never closed: add '}' at the end of that entry" in english


def test_a_bracket_left_open_at_the_end_of_the_file_is_named_where_it_opens(tmp_path):
    (tmp_path / "draft.yaml").write_text(TABLE.replace("indicators:\n", "indicators: [\n"), encoding="utf-8")
    [finding] = e001(run_cli("check", "draft.yaml", "--format", "json", cwd=tmp_path))
    assert finding["message"] == "第 4 行的“[”没有闭合：请在这一项的末尾补上“]”"


@pytest.mark.parametrize(
    "text, line, words",
    [
        (TABLE + ROW.replace(", name:", " name:"), 5, "缺少逗号"),
        (TABLE.replace("2024年示例项目", "项目: 一期"), 2, "多了一个冒号"),
        (TABLE + "\t" + ROW, 5, "制表符"),
        (TABLE.replace("2024年示例项目", '"2024年示例项目'), 2, "引号“\"”没有闭合"),
        (TABLE.replace("2024年示例项目", "*公园"), 2, "以“*”开头"),
        (TABLE.replace("2024年示例项目", "@公园"), 2, "以“@”开头"),
        (TABLE + ROW + "---\n", 6, "第二个文档"),
        (TABLE + ROW.rstrip("\n") + "}\n", 5, "多了一个“}”"),
    ],
    ids=["comma", "colon", "tab", "quote", "alias", "at-sign", "second-document", "stray-brace"],
)
def test_other_yaml_mistakes_are_said_plainly_at_their_line(tmp_path, text, line, words):
    (tmp_path / "draft.yaml").write_text(text, encoding="utf-8")
    [finding] = e001(run_cli("check", "draft.yaml", "--format", "json", cwd=tmp_path))
    assert finding["location"]["line"] == line and words in finding["message"], finding
    assert finding["data"]["detail"] and finding["data"]["detail"] not in finding["message"]


def test_json_syntax_errors_are_said_plainly(tmp_path):
    (tmp_path / "open.json").write_text('{"tables": [\n  {"name": "2024年示例项目", "indicators": []\n', encoding="utf-8")
    (tmp_path / "comma.json").write_text('{"tables": [] "x": 1}', encoding="utf-8")
    found = {f["file"]: f for f in e001(run_cli("check", "open.json", "comma.json", "--format", "json", cwd=tmp_path))}
    assert found["open.json"]["message"] == "第 2 行的“{”没有闭合：请在这一项的末尾补上“}”"
    assert found["comma.json"]["message"] == "第 1 行第 15 列：两项之间缺少逗号“,”"
    assert found["comma.json"]["data"]["detail"].startswith("Expecting ',' delimiter")


def test_workbooks_that_are_not_workbooks_say_what_they_are_and_what_to_do(tmp_path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    (tmp_path / "text.xlsx").write_text("项目名称\t培训\n", encoding="utf-8")
    (tmp_path / "page.xls").write_text("<html><body><table><tr><td>项目名称</td></tr></table></body></html>", encoding="utf-8")
    render(TABLE, tmp_path / "real.pdf")
    (tmp_path / "report.xlsx").write_bytes((tmp_path / "real.pdf").read_bytes())
    (tmp_path / "cut.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 60)
    names = ["empty.xlsx", "text.xlsx", "page.xls", "report.xlsx", "cut.xlsx"]
    proc = run_cli("check", *names, "--format", "json", cwd=tmp_path, check_rc=1)
    found = {f["file"]: f for f in e001(proc)}
    assert found["empty.xlsx"]["message"] == "文件为空（0 字节），里面没有工作簿：请用 Excel 打开原稿，另存为 .xlsx 后再检查"
    assert found["empty.xlsx"]["data"]["detail"] == "BadZipFile: File is not a zip file"
    assert found["text.xlsx"]["message"].startswith("这不是 Excel 工作簿") and "另存为 .xlsx" in found["text.xlsx"]["message"]
    assert found["page.xls"]["message"].startswith("这其实是一个网页（HTML/XML）文件，只是扩展名为 .xls")
    assert found["report.xlsx"]["message"] == "这其实是一个 PDF 文件，只是扩展名为 .xlsx：请把扩展名改为 .pdf 再检查"
    assert found["cut.xlsx"]["message"].startswith("工作簿已损坏，无法读取")
    for finding in found.values():
        assert "Error" not in finding["message"] and "zip" not in finding["message"]
    text = run_cli("check", "empty.xlsx", "-v", cwd=tmp_path).stdout
    assert "原始报错: BadZipFile: File is not a zip file" in text
    assert "BadZipFile" not in run_cli("check", "empty.xlsx", cwd=tmp_path).stdout


def test_damaged_pdfs_say_they_are_damaged_or_cut_short(tmp_path):
    whole = render(TABLE, tmp_path / "whole.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(whole[: len(whole) // 3])
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "notes.pdf").write_text("会议纪要", encoding="utf-8")
    (tmp_path / "head.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n")
    proc = run_cli("check", "cut.pdf", "empty.pdf", "notes.pdf", "head.pdf", "--format", "json", cwd=tmp_path, check_rc=1)
    found = {f["file"]: f for f in e001(proc)}
    damaged = "PDF 文件已损坏或不完整（多半是下载或复制时被截断了）：请重新下载，或从原文件重新导出 PDF"
    assert found["cut.pdf"]["message"] == damaged and found["head.pdf"]["message"] == damaged
    assert found["head.pdf"]["data"]["detail"] == "PdfiumError: Failed to load document (PDFium: Data format error)."
    assert found["empty.pdf"]["message"].startswith("文件为空（0 字节）")
    assert found["notes.pdf"]["message"].startswith("这不是 PDF 文件")
    assert "PDFium" in found["notes.pdf"]["data"]["detail"]
    english = run_cli("check", "head.pdf", "--lang", "en", "--verbose", cwd=tmp_path).stdout
    assert "the PDF is damaged or incomplete" in english and "as the library said: PdfiumError: Failed to load document (PDFium: Data format error)." in english


@pytest.mark.parametrize(
    "toml, words",
    [
        ('select = [W]\n', "第 1 行（select）：值的写法不对：文字要加英文双引号"),
        ('lang = “zh”\n', "第 1 行（lang）：值用了中文引号"),
        ('respect-gitignore = True\n', "第 1 行（respect-gitignore）：true 和 false 要全部小写"),
        ('[rules.C001]\ntolerance =\n', "第 2 行（rules.C001.tolerance）：“=”后面没有值"),
        ('lang = "zh"\nselect = ["W"\n', "第 2 行（select）：列表的“[”没有闭合"),
        ('lang = "zh"\nlang = "en"\n', "第 2 行（lang）：lang 设置了两次"),
        ('lang ＝ "zh"\n', "第 1 行：缺少等号"),
        ('[severity]\n检查 = 1\n', "第 2 行：这一行无法理解"),
    ],
    ids=["bare-word", "chinese-quotes", "True", "no-value", "unclosed-array", "twice", "full-width-equals", "chinese-key"],
)
def test_toml_errors_name_the_line_and_the_key(tmp_path, toml, words):
    (tmp_path / "perfcheck.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "draft.yaml").write_text(TABLE + ROW, encoding="utf-8")
    proc = run_cli("check", "draft.yaml", cwd=tmp_path, check_rc=2)
    assert f"perfcheck.toml：TOML 语法错误：{words}" in proc.stderr, proc.stderr
    assert "(at line" not in proc.stderr and "Invalid" not in proc.stderr
    verbose = run_cli("check", "draft.yaml", "--verbose", cwd=tmp_path, check_rc=2).stderr
    assert "perfcheck: 原始报错: " in verbose and "(at line" in verbose or "(at end of document)" in verbose


def test_extract_says_the_same_and_keeps_the_original_for_verbose(tmp_path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    plain = run_cli("extract", "empty.xlsx", cwd=tmp_path, check_rc=2).stderr
    assert "perfcheck: 错误: empty.xlsx: 文件为空（0 字节）" in plain and "BadZipFile" not in plain
    verbose = run_cli("extract", "empty.xlsx", "--verbose", "--lang", "en", cwd=tmp_path, check_rc=2).stderr
    assert "perfcheck: error: empty.xlsx: the file is empty (0 bytes)" in verbose
    assert "perfcheck: as the library said: BadZipFile: File is not a zip file" in verbose
