"""Findings the engine itself reports (E001–E004): their Rule classes only,
which name and document them; the engine that emits them is
``perfcheck.engine``. They have no ``check``: the engine emits them while
reading files and running rules, so that nothing a file or a plugin does
stops a batch. They can be ignored, but ``select`` never hides them."""

from __future__ import annotations

from perfcheck.model import Severity
from perfcheck.rule import Rule, Scope


class FileUnreadable(Rule):
    """A file cannot be opened or read as a document; the other files go on.

    Covers a file that cannot be opened (a missing file named on the
    command line is not checked at all: ``perfcheck check`` exits 2), a file
    that is not UTF-8, a syntax error in a YAML
    or JSON document, and a canonical document that does not match the
    published schema: each problem names its place (line, and the JSON
    pointer of the bad field), so the file can be fixed without guessing.
    What a library said (PyYAML's ``did not find expected ',' or '}'``,
    zipfile's ``File is not a zip file``) is put in plain words: the line
    whose ``{`` is never closed, an empty file, a PDF cut short, and what to
    do about it.

    A finding's data (the JSON report's ``data``): ``detail``, the library's
    own words, where there are any; ``--verbose`` shows them under the message.

    FAIL::

        tables:
          - name: 2024年示例项目
            indicators: [

    FAIL::

        tables:
          - name: 2024年示例项目
            funds: {total: 十万}
            indicators: []

    PASS::

        tables:
          - name: 2024年示例项目
            funds: {total: "10.00"}
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
    """

    code = "E001"
    summary_zh = "文件无法打开或读取"
    doc_zh = """
    检查内容：文件无法打开，或无法读成文档；其他文件照常检查。包括：文件为空或已损坏（如不是真正 .xlsx 的工作簿、下载不完整的 PDF），文字编码无法识别，YAML 或 JSON 有语法错误，规范格式的文档不符合公布的格式说明（schema），超出读取的限度（大小、时间、内存）。每个问题都写明位置（行号，以及出错字段的 JSON 指针），不用猜就能改。命令行中指名的文件或目录不存在时，perfcheck 不作检查，直接报错退出（退出码 2）。

    为何重要：读不了的文件没有经过任何检查，不能当作“没有问题”。

    如何修改：按说明修正文件：损坏的工作簿用 Excel 打开后另存为 .xlsx；PDF 重新下载或重新导出；YAML 按指出的行号检查括号、引号和缩进。加 --verbose 可以看到底层程序库的原始报错，便于技术人员排查。

    供程序读取的数据（JSON 报告的 data）：detail 为底层程序库的原始报错，只在有这样的报错时给出。
    """
    name = "file-unreadable"
    severity = Severity.ERROR
    scope = Scope.ENGINE


class LayoutUnrecognized(Rule):
    """No performance target table of a known layout was found in a file.

    A reviewer who points perfcheck at a folder must learn which files it
    could make nothing of, rather than read "all checks passed" for them.
    A file met in a directory walk that reads fine and holds no table (an
    unrelated workbook) is passed over, not reported; ``--verbose`` lists
    it, with every other file passed over and why. A named file is reported.

    FAIL::

        perfcheck: 1
        tables: []

    PASS::

        tables:
          - name: 2024年示例项目
            indicators:
              - {level1: 产出指标, level2: 数量指标, name: 培训人数, value: ">=100 人"}
    """

    code = "E002"
    summary_zh = "文件中没有找到已知版式的绩效目标表"
    doc_zh = """
    检查内容：文件中没有找到任何已知版式的绩效目标表。遍历目录时，能正常读取但不含绩效目标表的文件（如无关的工作簿）直接跳过、不报告（加 --verbose 可列出跳过了哪些文件及原因）；命令行中指名的文件则会报告。

    为何重要：审核人检查一个文件夹时，需要知道哪些文件没能识别，而不是对这些文件也看到“全部检查通过”。

    如何修改：确认文件确实包含绩效目标表；可以用 perfcheck extract 查看文件读成了什么。扫描件需要先做文字识别（OCR）。表头写法特殊、无法识别的，请把表头样例反馈给维护者。
    """
    name = "layout-unrecognized"
    severity = Severity.ERROR
    scope = Scope.ENGINE


class RuleCrashed(Rule):
    """A rule (built-in or from a plugin) raised an exception.

    The exception, the rule and the plugin it comes from are reported for
    the table it was checking; the other rules and tables still run. This
    is a bug in the rule, not in the checked file: report it to the rule's
    author. (It cannot be shown by a document, so its behaviour is tested
    in tests/test_engine.py rather than by examples here.)
    """

    code = "E003"
    summary_zh = "规则运行出错（已跳过，其他规则照常运行）"
    doc_zh = """
    检查内容：某条规则（内置的，或来自插件的）在检查时出错。报告出错的规则、所属的插件和错误信息，位置是它当时检查的那张表；其他规则和其他表照常检查。规则超过时限（--rule-timeout），或使检查进程退出，也作为 E003 报告。

    为何重要：这是规则本身的缺陷，不是被检查文件的问题；但这张表缺了这条规则的检查结果，审核人需要知道。（这种情形无法用一份文档演示，所以没有示例，行为由测试 tests/test_engine.py 验证。）

    如何修改：把问题报告给规则的作者（插件名见问题说明）；修好之前，可以用 --ignore 停用这条规则。
    """
    name = "rule-crashed"
    severity = Severity.ERROR
    scope = Scope.ENGINE


class UnusedSuppression(Rule):
    """An inline suppression that held back no finding (like ruff's RUF100).

    ``x-perfcheck-ignore: [V002]``, a ``# perfcheck: ignore[V002]`` comment or
    an Excel note says a reviewer accepted a finding; when the finding has
    gone (the value was fixed), the suppression only hides the next real
    problem there. Remove it. A suppression of a rule that is not enabled is
    not reported. For example, with V002 enabled, this row's suppression is
    unused, because ``>=90%`` is a valid satisfaction target::

        - {level1: 满意度指标, name: 满意度, value: ">=90%", x-perfcheck-ignore: [V002]}

    while on ``value: ">=855"`` it holds back V002 and is counted in the
    summary as suppressed. (Its examples need a second rule enabled, so they
    are tested in tests/test_suppression.py rather than run from here.)
    """

    code = "E004"
    summary_zh = "忽略标记没有屏蔽任何问题"
    doc_zh = """
    检查内容：忽略标记没有屏蔽任何问题。「x-perfcheck-ignore: [V002]」、「# perfcheck: ignore[V002]」注释或 Excel 批注表示审核人已经知悉并接受了某个问题；问题消失以后（比如指标值已经改正），这个标记只会把那里出现的下一个真问题也藏起来。忽略的规则没有启用时，不报告。例如启用 V002 时，下面这一行的忽略标记就没有用，因为「>=90%」是合理的满意度目标：

        - {level1: 满意度指标, name: 满意度, value: ">=90%", x-perfcheck-ignore: [V002]}

    而指标值为「>=855」时，它会屏蔽 V002，并在汇总中计为已忽略的问题。

    为何重要：过时的忽略标记会悄悄藏起新的问题。

    如何修改：删除这个忽略标记。
    """
    name = "unused-suppression"
    severity = Severity.INFO
    scope = Scope.ENGINE
