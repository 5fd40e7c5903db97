"""The ``perfcheck`` command.

Exit codes (``EXIT_CODES``, shown by ``--help``): 0 no error-severity
finding, 1 at least one, 2 perfcheck could not run (bad arguments, bad
configuration, a named file that is not there); ``--diff`` 1 when ``--fix``
would change something, for every kind of file alike.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
import time
from pathlib import Path
from typing import Sequence

import attrs

from perfcheck import __version__
from perfcheck.config import ConfigError, Overrides, SettingsCache
from perfcheck.executors import RunFailed
from perfcheck.limits import DEFAULT_RULE_TIMEOUT, DEFAULT_TIMEOUT, MAX_EXCEL_BYTES, MAX_PDF_BYTES, MAX_FILE_SIZE_MB, MAX_TEXT_BYTES, MIB, valid_megabytes, valid_seconds
from perfcheck.output import ANNOTATED, ANNOTATED_DOCUMENT, BASELINE, CANONICAL, FIXED_COPY, REPORT, STORE, refuse_inputs, write_text
from perfcheck.model import DateRange, DateValue, Empty, Qualitative, Quantity, QuantityRange, Unparsed
from perfcheck.plugins import PluginHost
from perfcheck.reporters import Reporter
from perfcheck.safetext import columns, padded
from perfcheck.values import normalize, parse_indicator_value

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2


def _comma_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _megabytes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of MB: {text!r}") from None
    if not valid_megabytes(value):
        raise argparse.ArgumentTypeError(f"expected MB above 0 and at most {MAX_FILE_SIZE_MB}, got {text!r}")
    return value


def _seconds(text: str, lang: str = "en") -> float:
    # argparse prints what this raises after its own (translated) words: in
    # the parser's language, as the rest of the error (build_parser binds it).
    zh = lang == "zh"
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} 不是秒数" if zh else f"not a number of seconds: {text!r}") from None
    if not valid_seconds(value):
        raise argparse.ArgumentTypeError(
            f"应为大于 0、不超过一天的秒数，而不是 {text!r}" if zh else f"expected seconds above 0 (at most a day), got {text!r}"
        )
    return value


# argparse's own words (usage:, options, its error messages), in Chinese.
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 错误: %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项：%(option)s 可指 %(matches)s",
}


def argparse_help(text: str) -> str:
    """``text`` as argparse's ``help=`` takes it: argparse %-formats help
    strings, so a literal ``%`` (a percent target, a plugin's text) is doubled."""
    return text.replace("%", "%%")


def _argparse_language(lang: str) -> None:
    """argparse words its own messages through its module's ``_``: point it at Chinese."""
    import gettext

    argparse._ = (lambda text: ARGPARSE_ZH.get(text, text)) if lang == "zh" else gettext.gettext


def _lang_of(argv: Sequence[str]) -> str:
    """The --lang the command line asks for, before parsing it (help is written first)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "zh"
    return "zh"


# What the exit status means, the same for every file type: in `perfcheck
# --help` and `perfcheck check --help`. --diff follows the rule a linter's
# users expect (ruff, black --check): 1 when --fix would change something.
EXIT_CODES = {
    "zh": """退出码：
  0  没有“错误”级别的问题（警告和提示不影响退出码）；
     --diff：--fix 没有可改的内容；--exit-zero：检查完成即为 0
  1  发现“错误”级别的问题（包括无法读取的文件，E001）；
     --diff：--fix 会有修改（YAML/JSON 与工作簿相同）
  2  无法运行：参数或配置有误，命令行中的文件或目录不存在，
     输出会覆盖输入文件或无法写入
  130  被中断（Ctrl-C）""",
    "en": """exit status:
  0  no error-severity finding (warnings and info do not count);
     --diff: --fix would change nothing; --exit-zero: 0 once checked
  1  error-severity findings (an unreadable file, E001, included);
     --diff: --fix would change something (YAML/JSON and workbooks alike)
  2  could not run: bad arguments or configuration, a file or directory
     named on the command line that is not there, an output that would
     overwrite an input or cannot be written
  130  interrupted (Ctrl-C)""",
}


# A few commands a newcomer starts from: the top of `perfcheck --help`.
EXAMPLES = {
    "zh": """示例：
  # 检查一个工作簿草稿（也可以是 .pdf、.txt、.yaml、.json，或整个目录）
  perfcheck check 草稿.xlsx
  # 按新疆 90 分口径检查一个目录，4 个进程并行
  perfcheck check 公开文件/ --jobs 4 --config perfcheck.toml
  # 批注后的工作簿副本：每个有问题的单元格都加上批注
  perfcheck check 草稿.xlsx --format xlsx -o 审查意见.xlsx
  # 先看 --fix 会改什么，再改
  perfcheck check 草稿.yaml --diff
  perfcheck check 草稿.yaml --fix
  # 一条规则的说明和示例；一个指标值怎样理解
  perfcheck rule C001
  perfcheck parse "<=4500 元/人/月"
  # 命令补全（bash；也有 zsh、fish）
  source <(perfcheck completion bash)""",
    "en": """examples:
  # check a draft workbook (or a .pdf, .txt, .yaml, .json, or a whole folder)
  perfcheck check draft.xlsx
  # check a folder with a configuration, in 4 processes
  perfcheck check disclosures/ --jobs 4 --config perfcheck.toml
  # the annotated copy of a workbook: a note on every flagged cell
  perfcheck check draft.xlsx --format xlsx -o review.xlsx
  # see what --fix would change, then apply it
  perfcheck check draft.yaml --diff
  perfcheck check draft.yaml --fix
  # what a rule checks, with examples; how a value is understood
  perfcheck rule C001 --lang en
  perfcheck parse "<=4500 元/人/月" --lang en
  # shell completion (bash; zsh and fish too)
  source <(perfcheck completion bash)""",
}


def build_parser(lang: str = "zh") -> argparse.ArgumentParser:
    def t(zh: str, en: str) -> str:
        return zh if lang == "zh" else en

    def help_text(zh: str, en: str) -> str:
        # argparse %-formats every option's help (for %(default)s, which no
        # help here uses): a literal % such as the one in (≥**%) must be %%.
        return argparse_help(t(zh, en))

    def seconds(text: str) -> float:
        return _seconds(text, lang)

    _argparse_language(lang)
    parser = argparse.ArgumentParser(
        prog="perfcheck",
        description=t("检查预算绩效目标表（绩效目标表）的问题。", "Lint Chinese budget performance target tables (绩效目标表)."),
        epilog=f"{EXAMPLES[lang]}\n\n{EXIT_CODES[lang]}", formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"perfcheck {__version__}", help=help_text("显示版本号并退出", "show the version and exit"))
    sub = parser.add_subparsers(dest="command", metavar=t("命令", "COMMAND"))

    def add_lang_flags(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=("zh", "en"), help=help_text("消息语言（默认中文 zh，或配置中的 lang）", "language of messages (default: zh, or the config's lang)"))
        p.add_argument(
            "-v", "--verbose", action="store_true",
            help=help_text("多说一些：出错时附上底层程序库的原始报错；遍历目录时列出跳过的文件及原因",
                           "say more: a library's own error beside the plain message; which files a directory walk passed over, and why"),
        )

    def add_config_flags(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", type=Path, metavar="FILE", help=help_text("使用此 perfcheck.toml / pyproject.toml，不再自动查找", "use this perfcheck.toml / pyproject.toml instead of searching"))
        add_lang_flags(p)

    check = sub.add_parser(
        "check", help=help_text("检查文件和目录", "check files and directories"), description=t("检查文件和目录。", "Check files and directories."),
        epilog=EXIT_CODES[lang], formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=help_text("文件和目录；- 表示读标准输入", "files and directories; - reads standard input"))
    check.add_argument(
        "--stdin-filename", metavar="NAME",
        help=help_text("标准输入的文件名：按后缀选读取器、按位置找配置，并用于命名问题", "the name of the file read from standard input: picks the reader by its suffix, the configuration by its place, and names the findings"),
    )
    check.add_argument(
        "--format", "--output-format", dest="format", default="text", metavar="FORMAT",
        help=help_text("输出格式：text（默认）、json、sarif、junit、github、html、xlsx，或插件提供的格式", "text (default), json, sarif, junit, github, html, xlsx, or a plugin's"),
    )
    check.add_argument("-o", "--output", type=Path, metavar="FILE", help=help_text("把报告写入 FILE，而不是标准输出", "write the report to FILE instead of stdout"))
    check.add_argument("--select", type=_comma_list, metavar="CODES", help=help_text("启用的规则：逗号分隔的代码、前缀或名称（取代配置）", "comma-separated codes, prefixes or names to enable (replaces the config's)"))
    check.add_argument("--ignore", type=_comma_list, default=(), metavar="CODES", help=help_text("停用的规则：逗号分隔的代码、前缀或名称", "comma-separated codes, prefixes or names to disable"))
    check.add_argument(
        "--max-file-size", type=_megabytes, metavar="MB",
        help=help_text(f"读取文件的大小上限，MB（默认按文件类型：文本和 YAML {MAX_TEXT_BYTES // MIB}，工作簿 {MAX_EXCEL_BYTES // MIB}，PDF {MAX_PDF_BYTES // MIB}；或配置中的 max-file-size）",
                       f"the largest file to read, in MB (default by type: text and YAML {MAX_TEXT_BYTES // MIB}, workbooks {MAX_EXCEL_BYTES // MIB}, PDFs {MAX_PDF_BYTES // MIB}; or the config's max-file-size)"),
    )
    check.add_argument("--exit-zero", action="store_true", help=help_text("即使发现错误也以 0 退出", "exit 0 even when errors are found"))
    check.add_argument(
        "--fix", action="store_true",
        help=help_text("应用安全的修复：就地修改 YAML/JSON；工作簿用 -o 写出修复后的副本", "apply safe fixes: YAML/JSON in place; a workbook as a fixed copy with -o"),
    )
    check.add_argument("--unsafe-fixes", action="store_true", help=help_text("连同仅为提示的修复一起应用", "apply fixes that are only hints as well"))
    check.add_argument("--diff", action="store_true", help=help_text("显示 --fix 会做的修改（统一差异格式），不写任何文件", "show what --fix would change as a unified diff; write nothing"))
    check.add_argument("--statistics", action="store_true", help=help_text("只显示每条规则的问题数（text 或 json）", "show the number of findings per rule instead of the findings (text or json)"))
    check.add_argument("-q", "--quiet", action="store_true", help=help_text("只输出问题：不显示汇总和进度", "print findings only: no summary, no progress"))
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto", help=help_text("文本输出着色（auto：在终端上）", "colour the text output (auto: on a terminal)"))
    check.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help=help_text("用 N 个进程检查（0：每个 CPU 一个）；结果相同", "check files in N processes (0: one per CPU); the output is the same"))
    check.add_argument("--progress", choices=("auto", "always", "never"), default="auto", help=help_text("在标准错误上显示进度条（auto：终端上的大批量）", "a progress bar on stderr (auto: long batches on a terminal)"))
    check.add_argument("--baseline", type=Path, metavar="FILE", help=help_text("只报告基线文件中没有的问题", "report only findings this baseline does not already hold"))
    check.add_argument("--write-baseline", type=Path, metavar="FILE", help=help_text("把当前问题记为基线并退出", "record today's findings as the baseline and exit"))
    check.add_argument("--exclude", type=_comma_list, metavar="PATTERNS", help=help_text("遍历目录时跳过的路径模式，逗号分隔（取代默认值和配置）", "comma-separated path patterns a directory walk skips (replaces the default and the config's)"))
    check.add_argument("--extend-exclude", type=_comma_list, default=(), metavar="PATTERNS", help=help_text("另外要跳过的路径模式，逗号分隔", "comma-separated path patterns to skip as well"))
    check.add_argument("--force-exclude", action="store_true", help=help_text("排除模式也用于命令行中指名的文件（供 pre-commit 使用）", "apply the exclude patterns to files named on the command line too (for pre-commit)"))
    check.add_argument(
        "--tables-only", action="store_true",
        help=help_text("指名的文件若不含绩效目标表则跳过，与遍历目录相同（供 pre-commit 使用）", "pass over named files that hold no target table, as a directory walk does (for pre-commit, which names every changed file)"),
    )
    check.add_argument(
        "--timeout", type=seconds, metavar="SECONDS",
        help=help_text(f"单个文件的检查时限，超时记为 E001（默认 {DEFAULT_TIMEOUT:g} 秒，或配置中的 timeout）", f"stop checking a file after this long; it gets an E001 finding (default {DEFAULT_TIMEOUT:g}, or the config's timeout)"),
    )
    check.add_argument(
        "--rule-timeout", type=seconds, metavar="SECONDS",
        help=help_text(f"单条规则检查一张表的时限，超时记为 E003（默认 {DEFAULT_RULE_TIMEOUT:g} 秒，或配置中的 rule-timeout）", f"stop a rule after this long on one table; it gets an E003 finding (default {DEFAULT_RULE_TIMEOUT:g}, or the config's rule-timeout)"),
    )
    check.add_argument(
        "--store", type=Path, metavar="FILE",
        help=help_text("把每个文件的结果记入此 SQLite 结果库；再次运行同一命令时跳过已记录的文件（中断后继续）",
                       "record each file's result in this SQLite findings store; the same command run again skips the files already there (an interrupted run continues)"),
    )
    check.add_argument(
        "--executor", choices=("local", "dask"),
        help=help_text("在哪里检查：local（本机进程，默认）或 dask（Dask 集群，需安装 perfcheck[dask]；或配置中的 [executor] name）",
                       "where files are checked: local (processes on this machine, the default) or dask (a Dask cluster, needs perfcheck[dask]; or the config's [executor] name)"),
    )
    check.add_argument(
        "--scheduler", metavar="tcp://HOST:PORT",
        help=help_text("使用已在运行的 Dask 调度器（意味着 --executor dask）；不给则启动 --jobs 个进程的本地集群",
                       "use a running Dask scheduler (implies --executor dask); without it a local cluster of --jobs workers is started"),
    )
    check.add_argument(
        "--shared-storage", action="store_true",
        help=help_text("Dask 工作进程与本命令看到相同的文件路径：按路径发送文件，而不是按内容", "the Dask workers see the same paths as this command: send files by path, not by content"),
    )
    check.add_argument("--dashboard", action="store_true", help=help_text("本地 Dask 集群提供其面板（127.0.0.1 上的空闲端口）", "the local Dask cluster serves its dashboard (a free port on 127.0.0.1)"))
    add_config_flags(check)

    rules = sub.add_parser("rules", help=help_text("列出所有规则", "list every rule"), description=t("列出所有规则及当前配置是否启用。", "List every rule and whether the configuration enables it."))
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text", help=help_text("markdown：生成规则目录文档", "markdown: the rule catalogue as a document"))
    add_config_flags(rules)

    rule = sub.add_parser("rule", help=help_text("解释一条规则", "explain one rule"), description=t("解释一条规则：检查什么、选项、示例。", "Explain a rule: what it checks, its options, examples."))
    rule.add_argument("code", metavar="CODE", help=help_text("规则代码（W001）或名称（weight-total）", "a rule code (W001) or name (weight-total)"))
    add_config_flags(rule)

    extract = sub.add_parser(
        "extract", help=help_text("输出文件读成的规范文档", "print the canonical document a file reads as"),
        description=t("输出文件读成的规范 YAML（或 JSON）。", "Write the canonical YAML (or JSON) of what a file reads as."),
    )
    extract.add_argument("path", type=Path, metavar="PATH", help=help_text("要读取的文件", "the file to read"))
    extract.add_argument("-o", "--output", type=Path, metavar="FILE", help=help_text("写入 FILE，而不是标准输出", "write to FILE instead of stdout"))
    extract.add_argument("--format", choices=("yaml", "json"), default="yaml", help=help_text("输出格式：yaml（默认）或 json", "yaml (default) or json"))
    add_lang_flags(extract)

    serve = sub.add_parser(
        "serve", help=help_text("启动网页服务：预算单位上传草稿自查", "serve the web page where budget units check their drafts"),
        description=t("启动网页服务（需安装 perfcheck[web]）。", "Serve the web page and its API (needs perfcheck[web])."),
    )
    serve.add_argument("--host", default="127.0.0.1", help=help_text("监听地址（默认 127.0.0.1；内网服务用 0.0.0.0）", "address to listen on (default 127.0.0.1; 0.0.0.0 for an intranet)"))
    serve.add_argument("--port", type=int, default=8000, help=help_text("端口（默认 8000）", "port (default 8000)"))
    serve.add_argument("--workers", type=int, default=2, metavar="N", help=help_text("同时检查的文件数（默认 2）", "files checked at once (default 2)"))
    serve.add_argument("--max-upload", type=float, default=20, metavar="MB", help=help_text("上传文件的上限，MB（默认 20）", "largest upload in MB (default 20)"))
    serve.add_argument("--timeout", type=seconds, default=60.0, metavar="SECONDS", help=help_text("每次检查的时限（默认 60 秒）", "time limit of one check (default 60 s)"))
    serve.add_argument("--token", help=help_text("访问令牌（也可用环境变量 PERFCHECK_TOKEN）", "an access token (or the PERFCHECK_TOKEN environment variable)"))
    serve.add_argument("--storage", type=Path, metavar="DIR", help=help_text("保存上传文件和结果的目录（默认不保存）", "keep uploads and their findings here (default: keep nothing)"))
    add_config_flags(serve)

    report = sub.add_parser(
        "report", help=help_text("汇总结果库（--store）中的一次运行", "sum up a run kept in a findings store (--store)"),
        description=t("按单位、年度和规则汇总结果库，列出问题最多的表，并可与另一结果库比较。",
                      "Sum up a findings store by unit, year and rule, list the tables with the most findings, and compare it with another store."),
    )
    report.add_argument("store", type=Path, metavar="STORE", help=help_text("perfcheck check --store 写下的结果库", "a findings store written by perfcheck check --store"))
    report.add_argument("--format", choices=("text", "json", "csv", "html"), default="text", help=help_text("输出格式：text（默认）、json、csv（每个问题一行）、html", "text (default), json, csv (a row per finding), html"))
    report.add_argument("-o", "--output", type=Path, metavar="FILE", help=help_text("写入 FILE，而不是标准输出", "write to FILE instead of stdout"))
    report.add_argument("--compare", type=Path, metavar="OTHER", help=help_text("与另一结果库比较：新增、已修复、未变的问题", "compare with another store: new, fixed and unchanged findings"))
    report.add_argument("--top", type=int, default=10, metavar="N", help=help_text("列出问题最多的 N 张表（默认 10）", "list the N tables with the most findings (default 10)"))
    report.add_argument("--lang", choices=("zh", "en"), default="zh", help=help_text("报告语言（默认中文 zh）", "language of the report (default: zh)"))

    parse = sub.add_parser("parse", help=help_text("显示一个指标值如何被理解", "show how a value is understood"), description=t("显示一个指标值如何被理解。", "Show how an indicator value is understood."))
    parse.add_argument("value", metavar="VALUE", help=help_text("指标值，例如 \"<=4500 元/人/月\" 或 \">=95%\"", "an indicator value, such as \"<=4500 元/人/月\" or \">=95%\""))
    parse.add_argument(
        "--name", metavar=t("指标名称", "NAME"),
        help=help_text("按这一行的三级指标名称读（名称中的「(≥**%)」「(亩)」给出比较符号和单位）",
               "read it as in a row with this indicator name (a hint such as (≥**%) or (亩) gives the comparison and unit)"),
    )
    parse.add_argument(
        "--category", metavar=t("分类", "CATEGORY"),
        help=help_text("按这一行的一级或二级指标读（成本指标一行中「万」即万元）",
               "read it as in a row under this level-1 or level-2 category (万 alone in a 成本指标 row is 万元)"),
    )
    parse.add_argument("--format", choices=("text", "json"), default="text", help=help_text("输出格式：text（默认）或 json", "text (default) or json"))
    parse.add_argument("--lang", choices=("zh", "en"), default="zh", help=help_text("说明的语言（默认中文 zh）", "language of the explanation (default: zh)"))

    from perfcheck.completion import SHELLS

    completion = sub.add_parser(
        "completion", help=help_text("输出 bash、zsh 或 fish 的命令补全脚本", "print a shell completion script for bash, zsh or fish"),
        description=t(
            "输出命令补全脚本：按 Tab 键补全命令、选项、输出格式和规则代码。",
            "Print a shell completion script: Tab completes commands, options, formats and rule codes.",
        ),
        epilog=t(
            "安装：\n  bash：在 ~/.bashrc 中加入 source <(perfcheck completion bash)\n"
            "  zsh：在 ~/.zshrc 的 compinit 之后加入 source <(perfcheck completion zsh)\n"
            "  fish：perfcheck completion fish > ~/.config/fish/completions/perfcheck.fish\n"
            "安装插件后请重新生成，以补全插件的规则和输出格式。",
            "install:\n  bash: add source <(perfcheck completion bash) to ~/.bashrc\n"
            "  zsh: add source <(perfcheck completion zsh) to ~/.zshrc, after compinit\n"
            "  fish: perfcheck completion fish > ~/.config/fish/completions/perfcheck.fish\n"
            "Write it again after installing a plugin, for its rules and formats.",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL", help=help_text("bash、zsh 或 fish", "bash, zsh or fish"))
    completion.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help=help_text("选项说明的语言（默认中文 zh）", "language of the option descriptions (default: zh)")
    )
    return parser


# The language of the CLI's own messages: --lang where the command has it, else Chinese.
_LANG = {"lang": "zh"}
# --verbose: a library's own words beside each plain message, files passed over.
_VERBOSE = {"on": False}


def _warn_plugins(host: PluginHost) -> None:
    label = "警告" if _LANG["lang"] == "zh" else "warning"
    for warning in host.warnings:
        print(f"perfcheck: {label}: {warning.text(_LANG['lang'])}", file=sys.stderr)


def _fail(en: str, zh: str | None = None, detail: str | None = None) -> int:
    """Report that perfcheck could not run (exit 2), in the user's language:
    a line for each problem; with --verbose, what the library said (``detail``)."""
    text, label = (zh or en, "错误") if _LANG["lang"] == "zh" else (en, "error")
    for line in text.splitlines():
        print(f"perfcheck: {label}: {line}", file=sys.stderr)
    if detail and _VERBOSE["on"]:
        print(f"perfcheck: {'原始报错' if _LANG['lang'] == 'zh' else 'as the library said'}: {detail}", file=sys.stderr)
    return EXIT_FAILURE


def _cannot_write(flag: str, path: Path | None, exc: OSError) -> int:
    """A report that could not be written: to ``path``, or to standard output (None)."""
    reason = exc.strerror or str(exc)
    if path is not None:
        return _fail(f"{flag} {path}: cannot write: {reason}", f"{flag} {path}：无法写入：{reason}")
    if isinstance(exc, BrokenPipeError):
        # The reader went away (| head): nothing to tell it. Standard output goes
        # nowhere from here, so that the exit's own flush does not fail again.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    return _fail(f"standard output: cannot write: {reason}", f"标准输出：无法写入：{reason}")


def _fail_with(exc) -> int:
    """A ConfigError, BaselineError or OutputError with its message in both languages."""
    message = getattr(exc, "message", None)
    return _fail(str(exc), message.zh if message is not None else None, getattr(exc, "detail", None))


# --------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------


class _Progress:
    """A one-line progress display on stderr, redrawn in place, for batches of
    at least ``minimum`` files: a bar, files done of all, files that could not
    be checked, files left, the rate, and the Dask dashboard when there is one."""

    def __init__(self, lang: str, minimum: int = 1):
        self.zh = lang != "en"
        self.minimum = minimum
        self.shown = ""  # the line as last drawn, while it stands unfinished on its line
        self.failed = 0
        self.started = time.monotonic()
        self.dashboard = lambda: None  # the dashboard's address, once a cluster is up

    def saw(self, job, result) -> None:
        """A file's result as it finished: one that read as no table and has an
        error (unreadable, past a limit, lost) is a file that could not be checked."""
        if result is not None and result.tables == 0 and result.counts()[0]:
            self.failed += 1

    def __call__(self, done: int, total: int) -> None:
        if total < self.minimum:
            return
        width = 24
        filled = width * done // total
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        bar = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        if self.zh:
            line = f"检查 {bar} 失败 {self.failed} 剩余 {total - done} {rate:.1f} 个/秒"
        else:
            line = f"checking {bar} failed {self.failed} left {total - done} {rate:.1f}/s"
        link = self.dashboard()
        if link:
            line += f" {'面板' if self.zh else 'dashboard'} {link}"
        self.clear()
        self.shown = line
        sys.stderr.write("\r" + self.shown)
        if done == total:
            sys.stderr.write("\n")
            self.shown = ""
        sys.stderr.flush()

    def clear(self) -> None:
        """Take the line off the terminal, so that a report written to the same
        terminal meanwhile starts on a clean line (the next tick redraws it)."""
        if self.shown:
            # The labels are CJK in Chinese: two columns a character is room enough.
            sys.stderr.write("\r" + " " * (2 * len(self.shown)) + "\r")
            sys.stderr.flush()
            self.shown = ""


def cmd_check(args: argparse.Namespace, host: PluginHost) -> int:
    reporter = host.reporters.get(args.format)
    if reporter is None:
        known = ", ".join(sorted(host.reporters))
        return _fail(f"unknown --format {args.format!r} (available: {known})", f"未知的输出格式 --format {args.format!r}（可用：{known}）")
    if reporter.writes_file and args.output is None:
        return _fail(f"--format {args.format} writes a file: give -o FILE", f"--format {args.format} 输出为文件：请用 -o FILE 指定")
    if (args.fix or args.diff) and reporter.writes_file:
        return _fail(
            f"--fix/--diff write the fixed file itself; use them without --format {args.format}",
            f"--fix/--diff 直接修改文件，不能与 --format {args.format} 同用",
        )
    if args.statistics and not reporter.supports_statistics:
        return _fail(
            f"--statistics works with --format text or json, not {args.format}",
            f"--statistics 只能用于 --format text 或 json，不能用于 {args.format}",
        )
    if args.select is not None and not args.select:
        return _fail(
            "--select is empty: no rule would run (give codes, prefixes or names, or ALL)",
            "--select 为空：不会运行任何规则（请给出规则代码、前缀或名称，或 ALL）",
        )
    if args.jobs < 0:
        return _fail("--jobs takes a number of processes (0: one per CPU)", "--jobs 应为进程数（0 表示每个 CPU 一个）")
    jobs = args.jobs or os.cpu_count() or 1
    if Path("-") in args.paths:
        if reporter.writes_file:
            return _fail(f"--format {args.format} annotates a workbook file, not standard input", f"--format {args.format} 需要批注工作簿文件，不能读标准输入")
        import tempfile

        with tempfile.TemporaryDirectory(prefix="perfcheck-stdin-") as folder:
            try:
                piped = _stdin_file(Path(folder), args.stdin_filename, args.max_file_size)
            except ValueError as exc:
                return _fail(*exc.args)
            shown = args.stdin_filename or "-"
            args.paths = [piped if p == Path("-") else p for p in args.paths]
            return _check(args, host, reporter, jobs, piped_as=(piped, Path(args.stdin_filename or "stdin"), shown))
    return _check(args, host, reporter, jobs)


def _stdin_file(folder: Path, name: str | None, max_mb: float | None = None) -> Path:
    """What standard input holds, as a file in ``folder`` named like ``name``
    (or, without a name, with a suffix guessed from its first bytes)."""
    limit = max(MAX_PDF_BYTES, int((max_mb or 0) * MIB))
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"standard input is over {limit // MIB} MiB", f"标准输入超过 {limit // MIB} MiB")
    if name:
        path = folder / (Path(name).name or "stdin")
    else:
        head = data[:8]
        suffix = (
            ".pdf" if data[:1024].find(b"%PDF") >= 0 else ".xlsx" if head.startswith(b"PK") else ".xls" if head.startswith(b"\xd0\xcf\x11\xe0")
            else ".json" if data.lstrip()[:1] in (b"{", b"[") else ".txt" if "绩效目标表".encode() in data and b"\t" in data else ".yaml"
        )
        path = folder / f"stdin{suffix}"
    path.write_bytes(data)
    return path


def _check(args: argparse.Namespace, host: PluginHost, reporter: Reporter, jobs: int, piped_as: tuple[Path, Path, str] | None = None) -> int:
    """``check`` proper; ``piped_as``: (the temporary file holding standard input,
    where it stands for configuration, the name findings give it)."""
    with contextlib.ExitStack() as stack:  # what the run opened (a findings store), closed whatever happens
        return _check_in(stack, args, host, reporter, jobs, piped_as)


def _opened_store(path: Path):
    """The findings store at ``path`` (made if new), with this command's run begun in it."""
    from perfcheck.store import Store

    store = Store(path)
    try:
        store.begin(" ".join(["perfcheck", *sys.argv[1:]]))
    except BaseException:
        store.close()
        raise
    return store


def _check_in(stack: contextlib.ExitStack, args: argparse.Namespace, host: PluginHost, reporter: Reporter, jobs: int, piped_as) -> int:
    from perfcheck import baseline
    from perfcheck.reporters import OutputError
    from perfcheck.service import CheckService, FixRefused

    overrides = Overrides(
        config=args.config, select=args.select, ignore=args.ignore, lang=args.lang, timeout=args.timeout, rule_timeout=args.rule_timeout,
        exclude=args.exclude, extend_exclude=args.extend_exclude, max_file_size=args.max_file_size,
    )
    # A path named on the command line that is not there is a mistake in the
    # command, not a finding about a file: nothing is checked (exit 2), as for
    # a missing --config. (A program using the service gets an E001 instead.)
    missing = [str(p) for p in args.paths if (piped_as is None or p != piped_as[0]) and _missing(p)]
    if missing:
        return _fail(
            f"no such file or directory: {', '.join(missing)} (nothing was checked)",
            f"文件或目录不存在：{'、'.join(missing)}（未检查任何文件）",
        )
    service = CheckService(host, overrides, stands_for={piped_as[0]: piped_as[1]} if piped_as else None)
    show_progress = args.progress == "always" or (args.progress == "auto" and not args.quiet and sys.stderr.isatty())
    try:
        if args.config is not None:
            if not args.config.is_file():
                return _fail(f"--config {args.config}: no such file", f"--config {args.config}：文件不存在")
            service.settings_for(args.config)  # validate up front: a bad config is exit 2 before any work
        known = baseline.load(args.baseline) if args.baseline else None
        passed_over: list = []
        candidates = service.files(args.paths, force_exclude=args.force_exclude, tables_only=args.tables_only, passed_over=passed_over)
        inputs = [path for path, _ in candidates]
        # Before any work: an output that is an input (by device and inode) is refused.
        if args.output is not None:
            annotated = {"xlsx": ANNOTATED, "docx": ANNOTATED_DOCUMENT}.get(args.format) if reporter.writes_file else None
            refuse_inputs(args.output, inputs, "-o", FIXED_COPY if args.fix else annotated or REPORT)
        if args.write_baseline is not None:
            refuse_inputs(args.write_baseline, [*inputs, *([args.baseline] if args.baseline else [])], "--write-baseline", BASELINE)
        if args.store is not None:
            refuse_inputs(args.store, inputs, "--store", STORE)
        progress = _Progress(args.lang or "zh", minimum=1 if args.progress == "always" else 10) if show_progress else None
        runner = _Runner.of(args, service, jobs, progress)
        if isinstance(runner, int):
            return runner
        if args.store is not None:
            runner.store = stack.enter_context(_opened_store(args.store))
            runner.quiet = args.quiet
        if _streams(args, reporter, known, piped_as):
            return _check_streaming(args, service, reporter, candidates, runner, _report_options(args, host), passed_over)
        run = runner.check(candidates, keep_documents=reporter.needs_documents or args.fix or args.diff)
        if args.fix or args.diff:
            if piped_as is not None:
                return _fail("--fix/--diff need a file, not standard input", "--fix/--diff 需要文件，不能读标准输入")
            lang = args.lang or run.lang
            try:
                outcome = service.fix(run, unsafe=args.unsafe_fixes, diff=args.diff, output=args.output)
            except FixRefused as exc:
                return _fail(exc.message.en, exc.message.zh)
            sys.stdout.writelines(outcome.diffs)
            for note in outcome.notes:
                print(f"perfcheck: {note.get(lang)}", file=sys.stderr)
            if args.diff:
                return EXIT_FINDINGS if outcome.changed else EXIT_OK
            if outcome.fixed:
                print(f"perfcheck: 已修复 {outcome.fixed} 个问题" if lang == "zh" else f"perfcheck: fixed {outcome.fixed} finding(s)", file=sys.stderr)
            # Fixed files are checked again: the report shows what remains.
            run = service.check(list(outcome.recheck), jobs=jobs, keep_documents=reporter.needs_documents)
    except (ConfigError, baseline.BaselineError, OutputError) as exc:
        return _fail_with(exc)
    except RunFailed as exc:  # the cluster lost, the store unreadable
        return _fail_with(exc)
    if piped_as is not None:
        run = run.renamed(str(piped_as[0]), piped_as[2])
    if args.write_baseline:
        try:
            count = baseline.write(run, args.write_baseline)
        except OSError as exc:
            return _cannot_write("--write-baseline", args.write_baseline, exc)
        if _LANG["lang"] == "zh":
            print(f"perfcheck: 已将 {count} 个问题写入基线 {args.write_baseline}", file=sys.stderr)
        else:
            print(f"perfcheck: wrote {count} finding(s) to the baseline {args.write_baseline}", file=sys.stderr)
        return EXIT_OK
    if known is not None:
        run = baseline.apply(run, known)
    lang = args.lang or run.lang
    options = _report_options(args, host)
    try:
        if reporter.writes_file:
            reporter.write(run, lang, args.output)
        elif args.output and not args.fix:  # with --fix, -o is the fixed workbook
            write_text(args.output, reporter.render_iter(run, lang, options))
        else:
            sys.stdout.writelines(reporter.render_iter(run, lang, options))
    except OutputError as exc:
        return _fail_with(exc)
    except OSError as exc:
        return _cannot_write("-o", args.output, exc)
    _tell_passed_over(passed_over, run)
    return _exit_status(run, args)


def _tell_passed_over(passed_over: list, run) -> None:
    """With --verbose: each file or directory left out, and why, on stderr."""
    if not _VERBOSE["on"]:
        return
    zh = _LANG["lang"] == "zh"
    for path, why in [*passed_over, *run.passed_over]:
        print(f"perfcheck: 跳过 {path}：{why.zh}" if zh else f"perfcheck: passed over {path}: {why.en}", file=sys.stderr)


def _missing(path: Path) -> bool:
    """Whether ``path`` is not there at all (a name too long to look up, or
    one that cannot be reached, is checked and reported as E001)."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False
    return False


def _exit_status(run, args: argparse.Namespace) -> int:
    """1 when the run found errors (unless --exit-zero), else 0."""
    return EXIT_FINDINGS if run.has_errors and not args.exit_zero else EXIT_OK


def _report_options(args: argparse.Namespace, host: PluginHost):
    from perfcheck.reporters import ReportOptions

    color = args.color == "always" or (args.color == "auto" and args.output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    return ReportOptions(color=color, quiet=args.quiet, statistics=args.statistics, rules=tuple(host.sorted_rules()), verbose=args.verbose)


def _streams(args: argparse.Namespace, reporter: Reporter, known, piped_as) -> bool:
    """Whether the report can be written while the files are checked (a
    streaming reporter: every built-in text format), with nothing to do to
    the whole run first (a baseline, fixes, statistics, a name for standard
    input)."""
    return (
        reporter.streams and not args.statistics and not args.fix and not args.diff
        and known is None and args.write_baseline is None and piped_as is None
    )


def _check_streaming(args: argparse.Namespace, service, reporter: Reporter, candidates, runner: "_Runner", options, passed_over=()) -> int:
    """``check`` writing the report as the files are checked: each file is given
    to the report as soon as it and the files before it are done, and the run
    keeps its counts only, so that a batch's findings and documents are never
    all held."""
    from perfcheck.output import atomic_output

    lang = args.lang or (service.settings_for(candidates[0][0]).lang if candidates else "zh")
    stream = reporter.stream(lang, options)
    try:
        # An error leaves -o as it was: the temporary file is only renamed over it at the end.
        with contextlib.ExitStack() as stack:
            if args.output is not None:
                out = stack.enter_context(open(stack.enter_context(atomic_output(args.output)), "wb"))

                def write(text: str) -> None:
                    out.write(text.encode("utf-8", errors="replace"))
            elif runner.progress is not None:  # the report and the bar may share a terminal
                progress = runner.progress

                def write(text: str) -> None:
                    progress.clear()
                    sys.stdout.write(text)
                    sys.stdout.flush()
            else:
                write = sys.stdout.write
            # A reporter that digests files has the workers make each file's part
            # of the report (options without the rules, which only the parent's close uses).
            digest = (args.format, lang, attrs.evolve(options, rules=())) if reporter.makes_digests else None
            run = runner.check(
                candidates, keep_documents=reporter.needs_documents,
                on_file=lambda result: _write_whole(write, stream.file(result)), digest=digest,
            )
            for piece in stream.close(run):
                write(piece)
    except (ConfigError, RunFailed) as exc:
        return _fail_with(exc)
    except OSError as exc:
        return _cannot_write("-o", args.output, exc)
    _tell_passed_over(list(passed_over), run)
    return _exit_status(run, args)


@attrs.define
class _Runner:
    """How ``check`` runs its files: the service, ``--jobs``, the executor
    chosen (``--executor``, ``--scheduler`` or the configuration's
    ``[executor]``; None for the local pool) and the progress display."""

    service: object
    jobs: int
    progress: _Progress | None
    make_executor: object = None  # a callable giving a fresh executor, or None
    store: object = None  # the findings store (--store), its run begun
    quiet: bool = False

    @classmethod
    def of(cls, args: argparse.Namespace, service, jobs: int, progress: _Progress | None) -> "_Runner | int":
        """The runner the flags and configuration ask for, or exit 2 (a
        cluster asked for without the dask extra, flags that need one)."""
        table = service.settings_for(args.config if args.config is not None else Path.cwd()).executor
        name = args.executor or ("dask" if args.scheduler else None) or table.get("name", "local")
        if name == "local":
            for flag, given in (("--scheduler", args.scheduler), ("--shared-storage", args.shared_storage), ("--dashboard", args.dashboard)):
                if given:
                    return _fail(f"{flag} needs --executor dask", f"{flag} 需要 --executor dask")
            return cls(service, jobs, progress)
        from perfcheck import cluster

        try:
            cluster.import_distributed()
        except cluster.DaskMissing as exc:
            return _fail_with(exc)
        options = dict(
            workers=jobs, scheduler=args.scheduler or table.get("scheduler"),
            shared_storage=args.shared_storage or table.get("shared-storage", False),
            dashboard=args.dashboard or table.get("dashboard", False),
        )
        if options["dashboard"] and not options["scheduler"]:
            import importlib.util

            if importlib.util.find_spec("bokeh") is None:
                label = "警告" if _LANG["lang"] == "zh" else "warning"
                print(f"perfcheck: {label}: " + ("Dask 面板需要 bokeh：pip install bokeh" if _LANG["lang"] == "zh" else "Dask's dashboard needs bokeh: pip install bokeh"), file=sys.stderr)
        return cls(service, jobs, progress, lambda: cluster.DaskExecutor(service.linter, **options))

    def check(self, candidates, **options):
        executor = self.make_executor() if self.make_executor is not None else None
        if executor is not None and self.progress is not None:
            self.progress.dashboard = lambda: executor.dashboard_link
        run = self.service.check(
            candidates, jobs=self.jobs, progress=self.progress, executor=executor,
            watch=self.progress.saw if self.progress is not None else None, store=self.store, **options,
        )
        if self.store is not None:
            self.store.finish()
            if not self.quiet:
                reused, checked = self.store.reused, self.store.checked
                print(f"perfcheck: 结果库 {self.store.path}：{reused} 个文件取自已有结果，本次检查 {checked} 个" if _LANG["lang"] == "zh"
                      else f"perfcheck: findings store {self.store.path}: {reused} file(s) from earlier runs, {checked} checked now", file=sys.stderr)
        return run


def _write_whole(write, pieces) -> None:
    """A file's part of the report in one write, not one per finding."""
    text = "".join(pieces)
    if text:
        write(text)


# --------------------------------------------------------------------------
# extract
# --------------------------------------------------------------------------


def cmd_extract(args: argparse.Namespace, host: PluginHost) -> int:
    from perfcheck.readers import ReadError
    from perfcheck.reporters import OutputError
    from perfcheck.readers.canonical import document_to_data, dump_yaml

    from perfcheck.service import CheckService

    try:
        document = CheckService(host).read(args.path)
    except ReadError as err:
        for problem in err.problems:
            where = problem.location.short()
            _fail(
                f"{args.path}{':' + where if where else ''}: {problem.message.en}", f"{args.path}{':' + where if where else ''}: {problem.message.zh}",
                problem.detail,
            )
        return EXIT_FAILURE
    label = "警告" if _LANG["lang"] == "zh" else "warning"
    for problem in document.problems:  # left out of what is written: say so
        where = problem.location.short()
        print(f"perfcheck: {label}: {args.path}{':' + where if where else ''}: {problem.message.get(_LANG['lang'])}", file=sys.stderr)
    data = document_to_data(document)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n" if args.format == "json" else dump_yaml(data)
    if args.output:
        try:
            refuse_inputs(args.output, [args.path], "-o", CANONICAL)
            write_text(args.output, text)
        except OutputError as exc:
            return _fail_with(exc)
        except OSError as exc:
            return _cannot_write("-o", args.output, exc)
    else:
        sys.stdout.write(text)
    return EXIT_OK


# --------------------------------------------------------------------------
# rules / rule
# --------------------------------------------------------------------------


def _settings_here(host: PluginHost, args: argparse.Namespace):
    """The configuration in force in the current directory (or --config)."""
    return SettingsCache(host, Overrides(config=args.config, lang=args.lang)).for_path(Path.cwd())


SEVERITY_NAMES = {"zh": {"error": "错误", "warning": "警告", "info": "提示"}, "en": {"error": "error", "warning": "warning", "info": "info"}}
RULE_LABELS = {
    "zh": {"code": "代码", "name": "名称", "severity": "严重程度", "plugin": "插件", "enabled": "启用", "summary": "说明",
           "yes": "是", "no": "否", "inactive": "是，但未生效", "from": "来自插件", "options": "选项（当前值）：", "default": "默认"},
    "en": {"code": "code", "name": "name", "severity": "severity", "plugin": "plugin", "enabled": "enabled", "summary": "summary",
           "yes": "yes", "no": "no", "inactive": "yes, but inactive", "from": "from plugin", "options": "Options (current value):",
           "default": "default"},
}


_width, _pad = columns, padded


def cmd_rules(args: argparse.Namespace, host: PluginHost) -> int:
    if args.format == "markdown":
        from perfcheck.catalogue import render

        sys.stdout.write(render(host.sorted_rules()))
        return EXIT_OK
    try:
        settings = _settings_here(host, args)
    except ConfigError as exc:
        return _fail_with(exc)
    lang = settings.lang
    L = RULE_LABELS[lang]
    rows = []
    for entry in host.sorted_rules():
        rule = entry.rule
        enabled = settings.is_enabled(rule.code)
        inactive = rule.inactive_reason(settings.options.get(rule.code, {})) if enabled else None
        rows.append(
            {
                "code": rule.code,
                "name": rule.name,
                "severity": settings.severity.get(rule.code, rule.severity).value,
                "plugin": entry.plugin,
                "enabled": enabled,
                "active": enabled and inactive is None,
                **({"inactive_reason": inactive.get(lang)} if inactive else {}),
                "summary": rule.summary(lang),
            }
        )
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    def enabled_cell(r: dict) -> str:
        return L["no"] if not r["enabled"] else L["yes"] if r["active"] else L["inactive"]

    def summary_cell(r: dict) -> str:
        return r["summary"] + (f"（{r['inactive_reason']}）" if lang == "zh" else f" ({r['inactive_reason']})") if "inactive_reason" in r else r["summary"]

    table = [[r["code"], r["name"], SEVERITY_NAMES[lang][r["severity"]], r["plugin"], enabled_cell(r), summary_cell(r)] for r in rows]
    header = [L[k] for k in ("code", "name", "severity", "plugin", "enabled", "summary")]
    widths = [max(_width(row[i]) for row in [header, *table]) for i in range(5)]
    for row in [header, *table]:
        print("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5])
    return EXIT_OK


def _explanation(rule, lang: str) -> str:
    """A rule's explanation as a terminal shows it. In Chinese an example's
    head ends in a full-width colon, not the docstring's ``::``, which means
    nothing to a reader; English keeps the docstring as written."""
    text = rule.doc(lang)
    if lang != "zh":
        return text
    return "\n".join(line[:-2] + "：" if line.endswith("::") and not line.startswith(" ") else line for line in text.splitlines())


def cmd_rule(args: argparse.Namespace, host: PluginHost) -> int:
    from perfcheck.rule import applicability

    entry = host.rule_by_name_or_code(args.code)
    if entry is None:
        return _fail(f"unknown rule {args.code!r} (see `perfcheck rules`)", f"未知的规则 {args.code!r}（参见 perfcheck rules）")
    try:
        settings = _settings_here(host, args)
    except ConfigError as exc:
        return _fail_with(exc)
    lang = settings.lang
    L = RULE_LABELS[lang]
    rule = entry.rule
    severity = SEVERITY_NAMES[lang][settings.severity.get(rule.code, rule.severity).value]
    print(f"{rule.code} {rule.name}  [{severity}]  {L['from']} {entry.plugin!r}")
    print()
    print(_explanation(rule, lang))
    if rule.options:
        print()
        print(L["options"])
        values = settings.options.get(rule.code, {})
        for name, option in rule.options.items():
            current = values.get(name, option.default)
            shown = list(current) if isinstance(current, tuple) else current
            default = list(option.default) if isinstance(option.default, tuple) else option.default
            print(f"  {name} = {shown}  ({L['default']} {default}) — {option.describe(lang)}")
    applies = applicability(rule, lang)
    if applies:
        print()
        print(applies)
    if rule.fix_field:
        print()
        if lang == "zh":
            print(f"修复：{'安全，--fix 自动应用' if rule.fix_safe else '仅为提示，需 --unsafe-fixes 才应用'}（修改字段 {rule.fix_field}）")
        else:
            print(f"Fix: {'safe, applied by --fix' if rule.fix_safe else 'a hint, applied only with --unsafe-fixes'} (changes the {rule.fix_field} field)")
    inactive = rule.inactive_reason(settings.options.get(rule.code, {}))
    if inactive is not None and settings.is_enabled(rule.code):
        print()
        print(f"{L['inactive']}：{inactive.zh}" if lang == "zh" else f"{L['inactive']}: {inactive.en}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """``perfcheck report STORE``: a findings store summed up (``perfcheck.storereport``)."""
    from perfcheck import storereport
    from perfcheck.reporters import OutputError

    if args.top < 0:
        return _fail("--top takes a number of tables", "--top 应为表的数量")
    try:
        if args.output is not None:
            refuse_inputs(args.output, [args.store, *([args.compare] if args.compare else [])])
        text = storereport.render(args.store, args.format, args.lang, other_path=args.compare, top=args.top)
    except (RunFailed, OutputError) as exc:
        return _fail_with(exc)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_text(args.output, text)
    except OSError as exc:
        return _cannot_write("-o", args.output, exc)
    return EXIT_OK


def cmd_completion(args: argparse.Namespace, host: PluginHost) -> int:
    from perfcheck.completion import render

    entries = host.sorted_rules()
    rules = [*(e.rule.code for e in entries), *(e.rule.name for e in entries)]
    summaries = {key: e.rule.summary(args.lang) for e in entries for key in (e.rule.code, e.rule.name)}
    sys.stdout.write(render(args.shell, build_parser(args.lang), sorted(host.reporters), rules, summaries))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from perfcheck.server import ServerSettings, serve
    except ImportError as exc:
        return _fail(f"perfcheck serve needs the web extra: pip install 'perfcheck[web]' ({exc})", f"perfcheck serve 需要 web 附加组件：pip install 'perfcheck[web]'（{exc}）")
    if args.workers < 1 or args.max_upload <= 0:
        return _fail("--workers and --max-upload must be above 0", "--workers 和 --max-upload 应大于 0")
    settings = ServerSettings(
        max_upload=int(args.max_upload * 1024 * 1024), timeout=args.timeout, workers=args.workers,
        token=args.token or os.environ.get("PERFCHECK_TOKEN") or None, storage=args.storage, config=args.config,
    )
    serve(args.host, args.port, settings)
    return EXIT_OK


# --------------------------------------------------------------------------
# parse
# --------------------------------------------------------------------------


def _unit_json(unit) -> dict:
    return {"text": str(unit), "numerator": unit.numerator, "denominators": list(unit.denominators)}


def value_to_json(text: str, name: str | None = None, category: str | None = None) -> dict:
    # Without a name or category this is parse_value itself: no hint, no money row.
    value = parse_indicator_value(text, name, level1=category)
    out: dict = {"input": text, "normalized": normalize(text)}
    if isinstance(value, Quantity):
        out.update(kind="quantity", amount=str(value.amount))
        if value.operator:
            out.update(operator=value.operator.value, bound=value.operator.bound.value)
        if value.unit:
            out["unit"] = _unit_json(value.unit)
        if value.split_from:
            out["split_from"] = value.split_from
        if value.repaired_from:
            out["repaired_from"] = value.repaired_from
        if value.unit_written is not None:
            out["unit_written"] = value.unit_written
    elif isinstance(value, QuantityRange):
        out.update(kind="range", low=str(value.low), high=str(value.high))
        if value.unit:
            out["unit"] = _unit_json(value.unit)
    elif isinstance(value, DateValue):
        out.update(kind="date", year=value.year, month=value.month, day=value.day, deadline=value.deadline)
        if value.operator:
            out["operator"] = value.operator.value
    elif isinstance(value, DateRange):
        out.update(kind="date-range", start=str(value.start), end=str(value.end))
    elif isinstance(value, Qualitative):
        out.update(kind="qualitative", text=value.text)
        if value.operator:
            out["operator"] = value.operator.value
    elif isinstance(value, Empty):
        out.update(kind="empty")
    elif isinstance(value, Unparsed):
        out.update(kind="unparsed", reason=value.reason.en, reason_zh=value.reason.zh)
    return out


_LABELS = {
    "zh": {
        "kind": "类型", "quantity": "数量", "range": "区间", "date": "日期", "date-range": "日期区间",
        "qualitative": "定性", "empty": "空值", "unparsed": "无法识别", "operator": "比较", "amount": "数值",
        "unit": "单位", "low": "下限", "high": "上限", "reason": "原因", "split_from": "断开的数字",
        "deadline": "截止", "repaired_from": "符号已损坏，原文", "unit_written": "单位原文", "lower": "下限", "upper": "上限", "exact": "等于", "per": "每", "text": "内容",
        "start": "开始", "end": "结束",
    },
    "en": {
        "kind": "kind", "quantity": "quantity", "range": "range", "date": "date", "date-range": "date range",
        "qualitative": "qualitative", "empty": "empty", "unparsed": "unparseable", "operator": "comparison",
        "amount": "amount", "unit": "unit", "low": "low", "high": "high", "reason": "reason", "split_from": "split number",
        "deadline": "deadline", "repaired_from": "damaged sign, as written", "unit_written": "unit as written", "lower": "lower bound", "upper": "upper bound", "exact": "exact", "per": "per",
        "text": "text", "start": "start", "end": "end",
    },
}


def cmd_parse(args: argparse.Namespace) -> int:
    info = value_to_json(args.value, args.name, args.category)
    if args.format == "json":
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return EXIT_OK if info["kind"] != "unparsed" else EXIT_FINDINGS
    L = _LABELS[args.lang]
    lines = [f"{args.value}", f"  {L['kind']}: {L[info['kind']]}"]
    if "operator" in info:
        bound = f" ({L[info['bound']]})" if "bound" in info else ""
        lines.append(f"  {L['operator']}: {info['operator']}{bound}")
    for key in ("amount", "low", "high", "start", "end", "text"):
        if key in info:
            lines.append(f"  {L[key]}: {info[key]}")
    if "unit" in info:
        unit = info["unit"]
        per = "".join(f" {L['per']} {d}" for d in unit["denominators"])
        lines.append(f"  {L['unit']}: {unit['text']}" + (f" = {unit['numerator']}{per}" if per else ""))
    if info["kind"] == "date":
        parts = [f"{info['year']}年" if info["year"] else "", f"{info['month']}月" if info["month"] else "", f"{info['day']}日" if info["day"] else ""]
        lines.append(f"  {L['date']}: {''.join(parts)}" + (f" ({L['deadline']})" if info["deadline"] else ""))
    if "split_from" in info:
        lines.append(f"  {L['split_from']}: {info['split_from']!r}")
    if "repaired_from" in info:
        lines.append(f"  {L['repaired_from']}: {info['repaired_from']!r}")
    if "unit_written" in info:
        lines.append(f"  {L['unit_written']}: {info['unit_written']!r}")
    if info["kind"] == "unparsed":
        lines.append(f"  {L['reason']}: {info['reason_zh'] if args.lang == 'zh' else info['reason']}")
    print("\n".join(lines))
    return EXIT_OK if info["kind"] != "unparsed" else EXIT_FINDINGS


def main(argv: Sequence[str] | None = None) -> int:
    # Whatever a file holds, printing it must not fail: characters the terminal's
    # encoding lacks become "?" (findings are already free of control characters).
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        code = _main(argv)
        sys.stdout.flush()  # here, where a closed pipe can still be handled, not at exit
        return code
    except BrokenPipeError:
        # `perfcheck rule C001 | head -1`: the reader has gone; say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("perfcheck: 已中断" if _LANG["lang"] == "zh" else "perfcheck: interrupted", file=sys.stderr)
        return 130
    finally:
        gc.enable()  # whichever way _main ended: a caller in this process collects as before


def _started() -> None:
    """Start-up is over (``perfcheck.launch`` held off garbage collection for
    it): what it made is kept out of every later collection, and collecting
    resumes. Frozen before any worker is forked, too, so that a worker's
    collections do not touch, and so copy, the pages it shares with this
    process. A caller that kept collection on (a test, a host embedding the
    CLI) is left as it was."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser(_lang_of(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_FAILURE
    _LANG["lang"] = getattr(args, "lang", None) or "zh"
    _VERBOSE["on"] = bool(getattr(args, "verbose", False))
    if args.command == "parse":
        _started()
        return cmd_parse(args)
    if args.command == "report":  # the store alone: no plugin is loaded
        _started()
        return cmd_report(args)
    host = PluginHost()
    _warn_plugins(host)
    _started()
    if args.command == "serve":
        return cmd_serve(args)
    commands = {"check": cmd_check, "rules": cmd_rules, "rule": cmd_rule, "extract": cmd_extract, "completion": cmd_completion}
    return commands[args.command](args, host)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
