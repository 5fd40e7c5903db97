"""Syntax errors of a canonical document, said as a budget unit can act on them.

PyYAML says ``did not find expected ',' or '}'`` and points at the end of the
file; the mistake is a ``{`` many lines above that was never closed. json
says ``Expecting ',' delimiter``. ``yaml_problem`` and ``json_problem`` turn
such an error into a ``ReadProblem`` in Chinese and English that names the
line where the mistake is and what to do there, and keep the library's own
words as its ``detail`` (``--verbose`` shows them, the JSON report's data
holds them).
"""

from __future__ import annotations

import attrs

from perfcheck.model import Message, SourceLocation
from perfcheck.readers import ReadProblem

CLOSER = {"{": "}", "[": "]"}
OPENER = {v: k for k, v in CLOSER.items()}


@attrs.frozen
class Bracket:
    char: str
    line: int  # 1-based
    column: int  # 1-based


@attrs.frozen
class Brackets:
    """What a scan of the flow brackets found: those opened and never closed,
    and closers with no opener, in the order they stand in the text."""

    unclosed: tuple[Bracket, ...] = ()
    stray: tuple[Bracket, ...] = ()
    # Quotes that run past their line, each with the line where they end:
    # one left open swallows the lines below until the next quote.
    spanning: tuple[tuple[Bracket, int], ...] = ()


def scan_brackets(text: str, *, yaml_rules: bool = True) -> Brackets:
    """The ``{`` and ``[`` of ``text`` left open, and the ``}`` and ``]`` that
    close nothing, outside quoted strings and comments.

    In YAML a bracket means something only where a value starts (``a: {``,
    ``- [``, after ``,`` in a flow collection): ``name: 项目{一期}`` is text.
    A closer that does not match the innermost opener closes the one it
    matches further out, and the openers between are left unclosed (``{x:
    [1, 2}`` leaves the ``[`` open)."""
    stack: list[Bracket] = []
    unclosed: list[Bracket] = []
    stray: list[Bracket] = []
    quote: Bracket | None = None
    spanning: list[tuple[Bracket, int]] = []
    for number, line in enumerate(text.splitlines(), 1):
        at_start = True  # where a value (or a key) may start
        i = 0
        while i < len(line):
            c = line[i]
            # CLOSER's keys are the openers, OPENER's the closers.
            if quote is not None:
                if c == "\\" and quote.char == '"':
                    i += 2
                    continue
                if c == quote.char:
                    if quote.char == "'" and line[i + 1 : i + 2] == "'":  # '' is a quote inside '…'
                        i += 2
                        continue
                    if quote.line != number:
                        spanning.append((quote, number))
                    quote = None
                    at_start = False
                i += 1
                continue
            if c == "#" and yaml_rules and (i == 0 or line[i - 1] in " \t"):
                break  # a comment, to the end of the line
            if c in "\"'" and (at_start or not yaml_rules):
                quote = Bracket(c, number, i + 1)
            elif c in CLOSER and (at_start or not yaml_rules or stack):
                stack.append(Bracket(c, number, i + 1))
                at_start = True
                i += 1
                continue
            elif c in OPENER and (stack or not yaml_rules):
                match = next((n for n in range(len(stack) - 1, -1, -1) if stack[n].char == OPENER[c]), None)
                if match is None:
                    stray.append(Bracket(c, number, i + 1))
                else:
                    unclosed.extend(stack[match + 1 :])
                    del stack[match:]
                at_start = False
            elif c == "," and stack:
                at_start = True
                i += 1
                continue
            elif c == ":" and (i + 1 == len(line) or line[i + 1] in " \t" or (stack and line[i + 1] in ",]}")):
                at_start = True
            elif c == "-" and at_start and (i + 1 == len(line) or line[i + 1] in " \t"):
                at_start = True
            elif c not in " \t":
                at_start = False
            i += 1
    unclosed.extend(stack)
    if quote is not None:
        spanning.append((quote, number + 1))  # open to the end
    return Brackets(tuple(sorted(unclosed, key=lambda b: (b.line, b.column))), tuple(stray), tuple(spanning))


def _unclosed_problem(bracket: Bracket, detail: str) -> ReadProblem:
    closer, line = CLOSER[bracket.char], bracket.line
    return _at(
        bracket, detail, f"第 {line} 行的“{bracket.char}”没有闭合：请在这一项的末尾补上“{closer}”",
        f"the '{bracket.char}' on line {line} is never closed: add '{closer}' at the end of that entry",
    )


def _stray_problem(bracket: Bracket, detail: str) -> ReadProblem:
    opener, line = OPENER[bracket.char], bracket.line
    return _at(
        bracket, detail, f"第 {line} 行多了一个“{bracket.char}”，前面没有与它配对的“{opener}”：请删去它，或补上缺少的“{opener}”",
        f"line {line} has a '{bracket.char}' that closes nothing: remove it, or add the missing '{opener}'",
    )


def _at(bracket: Bracket, detail: str, zh: str, en: str) -> ReadProblem:
    return ReadProblem(Message(zh, en), SourceLocation(line=bracket.line, column=bracket.column), detail)


def _latest(brackets: tuple[Bracket, ...], line: int | None) -> Bracket:
    """Of the brackets left open, the one to close first: the last opened
    before the place the parser gave up (a truncated file leaves them all)."""
    before = [b for b in brackets if line is None or b.line <= line]
    return (before or list(brackets))[-1]


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def yaml_problem(exc, text: str) -> ReadProblem:
    """A ``yaml.MarkedYAMLError`` of ``text`` as a ``ReadProblem``."""
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    detail = " ".join(str(exc).split())  # PyYAML's text, its marks' excerpts folded onto one line
    here = SourceLocation(line=line, column=column)
    where_zh = f"第 {line} 行" if line else "文件中"
    where_en = f"line {line}" if line else "the file"

    def said(zh: str, en: str, location: SourceLocation = here) -> ReadProblem:
        return ReadProblem(Message(zh, en), location, detail)

    brackets = scan_brackets(text)
    # A quote left open swallows the lines below it up to the next quote, and
    # the parser stumbles there: the mistake is where the quote opened.
    swallowed = [(q, end) for q, end in brackets.spanning if line is not None and q.line < line <= end + 1]
    if swallowed and "quoted scalar" not in context:
        opened, _ = swallowed[-1]
        return said(
            f"第 {opened.line} 行开始的引号“{opened.char}”没有闭合（它把下面几行也当成了同一个值）：请在这个值的末尾补上“{opened.char}”",
            f"the quote {opened.char} opened on line {opened.line} is never closed (it swallows the lines below): close it at the end of that value",
            SourceLocation(line=opened.line, column=opened.column),
        )
    flow = "flow" in context or "expected ','" in problem or "node content" in problem
    if flow or (problem.startswith("found unexpected end of stream") and "quoted" not in context):
        if brackets.unclosed:
            return _unclosed_problem(_latest(brackets.unclosed, line), detail)
        if brackets.stray:
            return _stray_problem(brackets.stray[0], detail)
        if "expected ','" in problem:
            opener = exc.context_mark
            char = _char_at(text, opener.line + 1, opener.column + 1) if opener else ""
            pair = f"“{char} … {CLOSER[char]}”" if char in CLOSER else "括号"
            if opener and opener.line + 1 != line:
                pair = f"第 {opener.line + 1} 行开始的{pair}"
            return said(
                f"{where_zh}：{pair}之内各项之间缺少逗号“,”；或者某个值里有“:”“#”“{{”等符号，请给这个值加上英文引号",
                f"{where_en}: a ',' is missing between the items in brackets, or a value holds ':', '#' or '{{': quote that value",
            )
    if "quoted scalar" in context:
        opener = exc.context_mark
        start = opener.line + 1 if opener else line
        quote = _char_at(text, start, opener.column + 1) if opener else '"'
        return said(
            f"第 {start} 行开始的引号“{quote}”没有闭合：请在这个值的末尾补上“{quote}”",
            f"the quote {quote} opened on line {start} is never closed: add {quote} at the end of that value",
            SourceLocation(line=start, column=opener.column + 1 if opener else None),
        )
    if "mapping values are not allowed" in problem:
        return said(
            f"{where_zh}多了一个冒号“:”（或上一行少了引号）：值里含有“: ”时，请给整个值加上英文引号，如 name: \"甲: 乙\"",
            f"{where_en} has a ':' too many (or a quote is missing above): quote a value that holds ': ', as in name: \"a: b\"",
        )
    if "cannot start any token" in problem:
        char = _char_at(text, line or 0, column or 0)
        if char == "\t":
            return said(
                f"{where_zh}用了制表符（Tab）缩进：YAML 只能用空格缩进，请把 Tab 换成空格",
                f"{where_en} is indented with a tab: YAML indents with spaces only",
            )
        return said(
            f"{where_zh}的值以“{char}”开头，YAML 不允许这样写：请给整个值加上英文引号，如 \"{char}…\"",
            f"the value on {where_en} starts with '{char}', which YAML does not allow: quote the whole value",
        )
    if "single document" in context:
        return said(
            f"{where_zh}的“---”开始了第二个文档：一个文件只能有一个文档，请删去这一行（或把后面的内容另存为一个文件）",
            f"the '---' on {where_en} starts a second document: a file holds one; remove it (or move what follows to another file)",
        )
    if "alias" in context or "anchor" in context:
        char = "*" if "alias" in context else "&"
        return said(
            f"{where_zh}的值以“{char}”开头，YAML 会把它当作引用：请给整个值加上英文引号，如 \"{char}…\"",
            f"the value on {where_en} starts with '{char}', which YAML reads as a reference: quote the whole value",
        )
    if "expected key" in problem or "<block end>" in problem or "block" in context:
        char = _char_at(text, line or 0, column or 0)
        if char in OPENER:  # a closer where a key or an entry should start: one too many
            return _stray_problem(Bracket(char, line or 0, column or 0), detail)
        return said(
            f"{where_zh}的缩进与上文对不齐（或这一行多了“-”“}}”之类的符号）：同一层的各项要用空格左对齐，“- ”开头的列表项要对齐",
            f"{where_en} is not indented like the lines above it (or has a stray '-' or '}}'): align entries of one level with spaces",
        )
    return said(
        f"{where_zh}附近有 YAML 语法错误：请检查这一行和上一行的缩进、冒号、引号和括号",
        f"a YAML syntax error near {where_en}: check the indentation, colons, quotes and brackets of this line and the one before",
    )


# What json says, in words a person can act on; the key is the start of its message.
_JSON_MESSAGES = {
    "Expecting property name enclosed in double quotes": (
        "这里应是用英文双引号括起的键名（JSON 的键必须加双引号，最后一项后面不能有逗号）",
        "a key in double quotes is expected here (JSON keys are quoted, and no comma follows the last item)",
    ),
    "Expecting ':' delimiter": ("键的后面缺少冒号“:”", "a ':' is missing after the key"),
    "Expecting ',' delimiter": ("两项之间缺少逗号“,”", "a ',' is missing between two items"),
    "Expecting value": (
        "这里应有一个值（文字要加英文双引号；最后一项后面不能有逗号）",
        "a value is expected here (text in double quotes; no comma after the last item)",
    ),
    "Unterminated string": ("引号没有闭合：请在文字末尾补上英文双引号", "a string is never closed: add the closing double quote"),
    "Invalid control character": ("文字中有换行或制表符：JSON 的文字要写在一行内（换行写作 \\n）", "a string holds a line break or a tab: write it as \\n"),
    "Extra data": ("文档结束后还有多余的内容", "there is more text after the document's end"),
    "Invalid \\escape": ("反斜杠“\\”的写法不对：文字中的反斜杠要写成“\\\\”", "a backslash escape is invalid: write a backslash as \\\\"),
}


def json_problem(exc, text: str) -> ReadProblem:
    """A ``json.JSONDecodeError`` of ``text`` as a ``ReadProblem``."""
    detail = str(exc)
    if not text[exc.pos :].strip():  # the text ended where more was expected: an unclosed bracket, said where it opens
        brackets = scan_brackets(text, yaml_rules=False)
        if brackets.unclosed:
            return _unclosed_problem(brackets.unclosed[-1], detail)
    zh, en = next((v for k, v in _JSON_MESSAGES.items() if exc.msg.startswith(k)), ("JSON 语法错误", "a JSON syntax error"))
    return ReadProblem(
        Message(f"第 {exc.lineno} 行第 {exc.colno} 列：{zh}", f"line {exc.lineno}, column {exc.colno}: {en}"),
        SourceLocation(line=exc.lineno, column=exc.colno),
        detail,
    )
