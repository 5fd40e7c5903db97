"""TOML syntax errors of a configuration file, said as a user can act on them.

tomllib says ``Invalid value (at line 1, column 11)``. A user needs the line,
the key it sets and what is wrong with how it is written (a word without
quotes, Chinese quotes, ``True`` for ``true``…). ``explain`` gives that in
Chinese and English; the caller keeps tomllib's own words as the detail
(``--verbose``).
"""

from __future__ import annotations

import re

from perfcheck.model import Message

_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=\s*(.*)$""")
_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]*?)\s*\]\]?\s*(?:#.*)?$")


def _position(text: str, message: str) -> int | None:
    """The line tomllib names (the last line at the end of the document)."""
    m = _WHERE.search(message)
    if m is None:
        return None
    if m.group(1):
        return int(m.group(1))
    lines = text.splitlines()
    return max((n for n, line in enumerate(lines, 1) if line.strip()), default=1)


def _key_at(lines: list[str], number: int) -> tuple[str | None, str]:
    """The key the line sets (with its table: ``rules.C001.tolerance``) and the value as written."""
    table = ""
    for line in lines[: number - 1]:
        m = _TABLE.match(line)
        if m:
            table = m.group(1).replace(" ", "")
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    m = _KEY.match(line)
    if m is None:
        return None, line.strip()
    key = m.group(1).replace(" ", "")
    return (f"{table}.{key}" if table else key), m.group(2).strip()


def explain(text: str, message: str) -> tuple[int | None, Message]:
    """The line of a ``tomllib.TOMLDecodeError`` and what to do, in both languages."""
    lines = text.splitlines()
    number = _position(text, message)
    if number is not None and message.startswith("Unclosed array"):
        # tomllib notices where the array should have ended: the key is where it began.
        number = next((n for n in range(min(number, len(lines)), 0, -1) if re.search(r"=\s*\[", lines[n - 1])), number)
    key, value = _key_at(lines, number) if number else (None, "")
    where_zh = f"第 {number} 行" + (f"（{key}）" if key else "") if number else ""
    where_en = f"line {number}" + (f" ({key})" if key else "") if number else ""
    short = key.rsplit(".", 1)[-1] if key else "键"
    short_en = key.rsplit(".", 1)[-1] if key else "key"
    if message.startswith("Invalid value"):
        if value and value[0] in "“”‘’":
            zh, en = "值用了中文引号：请改用英文双引号，如 lang = \"zh\"", "the value is in Chinese quotes: use plain double quotes, as in lang = \"zh\""
        elif not value or value.startswith("#"):
            zh, en = f"“=”后面没有值：请写上 {short} 的值", f"nothing follows '=': give {short_en} a value"
        elif value.lower() in ("true", "false"):
            zh, en = f"true 和 false 要全部小写：请写成 {short} = {value.lower()}", f"write true and false in lower case: {short_en} = {value.lower()}"
        else:
            zh = "值的写法不对：文字要加英文双引号（如 lang = \"zh\"），列表中的每一项也一样（如 select = [\"W\", \"C001\"]），数字直接写（如 timeout = 120）"
            en = "the value is not valid TOML: quote text (lang = \"zh\"), each item of a list too (select = [\"W\", \"C001\"]); write numbers bare (timeout = 120)"
    elif message.startswith("Unclosed array"):
        zh = "列表的“[”没有闭合，或者各项之间缺少逗号：应写成 [\"W\", \"C001\"]"
        en = "the list's '[' is never closed, or a ',' is missing between its items: write [\"W\", \"C001\"]"
    elif message.startswith("Unclosed inline table") or message.startswith("Invalid initial character for a key part"):
        zh = "“{ }”内联表要写在同一行里，键与值之间用“=”，各项之间用逗号，如 split = {\"产出指标\" = 50, \"效益指标\" = 30}"
        en = "an inline table { } stays on one line, with '=' between key and value and ',' between items: split = {\"产出指标\" = 50}"
    elif message.startswith("Illegal character") or message.startswith("Unterminated string"):
        zh, en = "引号没有闭合：请在文字的末尾补上英文双引号", "a quote is never closed: add the closing double quote"
    elif message.startswith("Expected '=' after a key"):
        zh = "缺少等号：应写成 键 = 值（等号用英文的“=”，不能用中文的“＝”）"
        en = "an '=' is missing: write key = value (a plain '=', not the full-width '＝')"
    elif message.startswith("Cannot overwrite a value"):
        zh, en = f"{short} 设置了两次：同一个键只能写一次，请删去其中一行", f"{short_en} is set twice: keep one of the two lines"
    elif message.startswith("Cannot declare"):
        table = re.search(r"Cannot declare \((.*)\) twice", message)
        name = ".".join(part.strip(" '\"") for part in table.group(1).split(",") if part.strip()) if table else ""
        zh = f"表 [{name}] 出现了两次：请把两处的内容合并到一处"
        en = f"the table [{name}] is declared twice: merge the two into one"
    elif message.startswith("Expected ']' at the end of a table declaration"):
        zh, en = "表头缺少“]”：应写成 [rules.C001] 这样", "the table header lacks its ']': write [rules.C001]"
    elif message.startswith("Expected newline or end of document after a statement"):
        zh = "值的后面多了内容：一行只写一个 键 = 值，注释以 # 开头"
        en = "something follows the value: one key = value a line; a comment starts with #"
    elif message.startswith("Invalid statement"):
        zh = "这一行无法理解：应写成 键 = 值，或 [表名]；键里有中文等字符的，要加英文双引号，如 \"产出指标\" = 50"
        en = "this line is neither key = value nor [table]; quote a key with Chinese in it, as in \"产出指标\" = 50"
    else:
        zh, en = "TOML 语法错误：请检查这一行的引号、括号和等号", "a TOML syntax error: check this line's quotes, brackets and '='"
    if not where_zh:
        return None, Message(zh, en)
    return number, Message(f"{where_zh}：{zh}", f"{where_en}: {en}")
