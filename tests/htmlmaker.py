"""Builds web pages of target tables for the tests, as governments publish
them: a navigation bar and a footer around the content, each table's title
in a heading above it, the table as xlsxmaker lays it out with its merges as
``rowspan`` and ``colspan``, optionally inside a layout table, in UTF-8 or
GBK as the page's <meta> declares.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from xlsxmaker import table_grids


def table_html(texts: list[list[str]], merges: list[tuple[int, int, int, int]]) -> str:
    """A <table> of the grid: each merged range one cell with its spans; the
    cells a range covers left out, as the HTML table model has them."""
    origin = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in merges}
    covered = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - set(origin)
    rows = []
    for r, line in enumerate(texts, 1):
        cells = []
        for c, text in enumerate(line, 1):
            if (r, c) in covered:
                continue
            spans = ""
            if (r, c) in origin:
                r2, c2 = origin[r, c]
                spans = (f' rowspan="{r2 - r + 1}"' if r2 > r else "") + (f' colspan="{c2 - c + 1}"' if c2 > c else "")
            cells.append(f"<td{spans}>{escape(text).replace(chr(10), '<br>') if text else '&nbsp;'}</td>")
        rows.append("  <tr>" + "".join(cells) + "</tr>")
    return '<table border="1" cellspacing="0">\n' + "\n".join(rows) + "\n</table>"


def page(body: str, charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        "<title>预算公开</title><script>var nav = '<table><tr><td>项目名称</td></tr></table>';</script></head>\n<body>\n"
        '<nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></nav>\n'
        f"{body}\n<footer><p>主办单位：某县人民政府办公室 版权所有</p></footer>\n</body></html>\n"
    )


def write_page(path: Path, tables: list[dict], layout: str, *, charset: str = "utf-8", wrapped: bool = False, **options) -> Path:
    """Every table of ``tables`` in ``layout`` (xlsxmaker's) on one page, each
    under its title; ``wrapped``: inside a layout table, as older sites are."""
    parts = []
    for title, texts, merges in table_grids(tables, layout, **options):
        if title:
            parts.append(f"<h3 align=\"center\">{escape(title)}</h3>")
        parts.append(table_html(texts, merges))
    body = "\n".join(parts)
    if wrapped:
        body = f'<table width="100%"><tr><td width="20%">栏目导航</td><td>{body}</td></tr></table>'
    encoding = "gb18030" if charset.lower() in ("gbk", "gb2312") else charset
    path.write_bytes(page(body, charset).encode(encoding))
    return path
