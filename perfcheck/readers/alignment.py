"""Tables without ruling lines, from the alignment of their text: pure geometry.

Many disclosures typeset their tables without a single stroke: the columns
are there only as the text's alignment, rows as its baselines. Given the
lines of a page (boxes grouped by ``ruling.lines_of``), ``aligned_tables``
finds the runs of lines that read as a table and gives each as a
``ruling.Table``, so that a reader emits its rows exactly as a ruled one's:

- a line breaks into pieces where its text leaves a gap wider than a
  character (``GAP`` heights): a table's line has a piece per filled cell;
- a table is a run of lines of several pieces (``MIN_LINES`` of them at
  least, or fewer with a piece per column each), and of the lines of
  wrapped cells among them (one piece that stays within a column), no
  wider apart than a few line heights, in ``MIN_COLUMNS`` columns or more;
- its columns are where, over all its lines, no text lies: an x-gap kept
  on line after line, not one line's spaces;
- its rows are its lines, a wrapped cell's lines kept with the line they
  continue: a row ends where the gap to the next line is wider than the
  gap between the lines of one cell (the leading);
- what a table showed (its columns, its leading) is handed to the next
  call (``Columns``): a table continued on the next page keeps them.

Running text stays as it is: a paragraph's line is one piece across the
columns, a title in a larger type than the table's is not its line, and a
page number or a table of contents has too few pieces to be a table.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

import attrs

from perfcheck.readers.ruling import Box, Cell, Table

# A gap between two pieces of a line, in heights of its text: wider than a space.
GAP = 1.0
# A table has at least this many columns and this many lines with several
# pieces (or fewer lines, each with a piece per column).
MIN_COLUMNS = 3
MIN_LINES = 3
# Lines further apart than this many line heights are not one table.
MAX_LEADING = 2.5
# A line of one piece whose text is larger or smaller than the table's by
# more than this part is not the table's (a title above the next one).
SIZE_DIFFERS = 0.2


def _pieces(line: Sequence[Box]) -> list[tuple[float, float]]:
    """The x-extents of a line's pieces: runs of boxes with no wide gap."""
    height = max((b.height for b in line), default=0.0)
    pieces: list[tuple[float, float]] = []
    for box in line:
        if not box.text.strip():
            continue
        if pieces and box.x0 - pieces[-1][1] <= GAP * height:
            pieces[-1] = (pieces[-1][0], max(pieces[-1][1], box.x1))
        else:
            pieces.append((box.x0, box.x1))
    return pieces


def _separators(extents: list[list[tuple[float, float]]]) -> list[float]:
    """Column boundaries inside a run of lines: where text starts again
    after an x-range no piece covers. Not the range's middle: a wrapped
    cell's line may run on into it, up to the next column's text, which a
    table's own lines (the ones with several pieces) seldom show. A piece
    merged over two columns (a header over its sub-columns) is allowed one
    in twenty lines, and no more."""
    pieces = sorted(p for line in extents for p in line)
    allowed = len(extents) // 20
    # Sweep the pieces' starts and ends: where coverage is at most ``allowed``.
    events = sorted([(a, 1) for a, _ in pieces] + [(b, -1) for _, b in pieces])
    depth = 0
    gaps = []
    opened = None
    for x, step in events:
        before = depth
        depth += step
        if before > allowed >= depth:
            opened = x
        elif before <= allowed < depth and opened is not None:
            if x > opened:
                gaps.append(x - min(0.5, (x - opened) / 2))
            opened = None
    return gaps


def _crosses(piece: tuple[float, float], separators: list[float]) -> bool:
    return any(piece[0] < s < piece[1] for s in separators)


def _runs(lines: list[list[Box]]) -> list[tuple[int, int]]:
    """Runs of lines (first, past the last) that may be one table: from a
    line of several pieces on, as long as each line lies close under the one
    before (lines of one piece among them are wrapped cells, or running text
    that ``_split`` cuts off)."""
    runs = []
    first = None
    bottom = 0.0
    for i, line in enumerate(lines):
        height = max(b.bottom - b.top for b in line)
        near = i > 0 and line[0].top - bottom <= MAX_LEADING * height
        bottom = max(b.bottom for b in line)
        if first is not None and not near:
            runs.append((first, i))
            first = None
        if first is None and len(_pieces(line)) >= 2:
            first = i
    if first is not None:
        runs.append((first, len(lines)))
    return runs


def _gaps(lines: list[list[Box]]) -> list[float]:
    """The gap under each line but the last, to the next."""
    return [min(b.top for b in nxt) - max(b.bottom for b in line) for line, nxt in zip(lines, lines[1:])]


def _wrap_gap(lines: list[list[Box]], gaps: list[float], known: float | None) -> float | None:
    """The widest gap between two lines of one wrapped cell: up to twice the
    tightest gap (and a quarter line), where some gaps are wider than that
    (the rows'); else ``known``, seen in a table before, if any. Gaps of one
    width are rows: a table none of whose cells wraps."""
    if not gaps:
        return known
    height = sorted(max(b.bottom - b.top for b in line) for line in lines)[len(lines) // 2]
    wrap = 2 * max(min(gaps), 0.0) + height / 4
    return wrap if any(gap > wrap for gap in gaps) else known


@attrs.frozen
class Columns:
    """What a table found by alignment tells of the next one (on the page
    after, most often its own continuation): its column boundaries, and the
    widest gap between two lines of one cell, if a cell wrapped."""

    xs: tuple[float, ...]
    wrap: float | None = None


def _table(lines: list[list[Box]], xs: list[float], wrap: float | None) -> tuple[Table, float | None]:
    """The lines as a table with these column boundaries: a row per line but
    where the gap to the next line is no wider than between the lines of a
    wrapped cell (the leading). That gap is told from the row gaps when the
    gaps differ, else it is ``wrap``, seen in a table before; if neither,
    every line is a row. The table, and the wrap gap it has shown."""
    gaps = _gaps(lines)
    wrap = _wrap_gap(lines, gaps, wrap)
    starts = [0] + [i + 1 for i, gap in enumerate(gaps) if wrap is None or gap > wrap]
    tops = [min(b.top for b in lines[s]) for s in starts]
    ys = [*tops, max(b.bottom for b in lines[-1])]
    cells: list[Cell] = []
    slots = {}
    for r in range(len(starts)):
        for c in range(len(xs) - 1):
            cell = Cell(r, c, 1, 1, xs[c], ys[r], xs[c + 1], ys[r + 1])
            cells.append(cell)
            slots[r, c] = cell
    separators = xs[1:-1]
    ends = starts[1:] + [len(lines)]
    for r, (start, end) in enumerate(zip(starts, ends)):
        for line in lines[start:end]:
            for box in line:
                slots[r, bisect_right(separators, (box.x0 + box.x1) / 2)].boxes.append(box)
    return Table(xs, ys, cells, slots), wrap


def aligned_tables(lines: list[list[Box]], known: Columns | None = None) -> tuple[list[Table], list[list[Box]], Columns | None]:
    """The tables among these lines (top to bottom, as ``ruling.lines_of``
    gives them), the lines that are not in one, and what the last table
    tells of the next (for the next page's call).

    ``known``: what the table before (on the page before) told. A table
    whose text fits its columns takes them: a table continued on a new page
    keeps its columns, those empty on that page too (上年完成值 left blank in
    every row would otherwise be no column, and every column after it one
    place to the left).
    """
    tables: list[Table] = []
    taken: set[int] = set()
    for first, end in _runs(lines):
        for start, stop, separators in _split(lines, first, end):
            part = lines[start:stop]
            left = min(b.x0 for line in part for b in line)
            right = max(b.x1 for line in part for b in line)
            if known is not None and _fits(part, known.xs[1:-1]):
                xs = [min(left, known.xs[0]), *known.xs[1:-1], max(right, known.xs[-1])]
            elif separators is not None and len(separators) + 1 >= MIN_COLUMNS:
                xs = [left, *separators, right]
            else:
                continue
            table, wrap = _table(part, xs, known.wrap if known is not None else None)
            tables.append(table)
            known = Columns(tuple(xs), wrap)
            taken.update(range(start, stop))
    return tables, [line for i, line in enumerate(lines) if i not in taken], known


def _fits(lines: list[list[Box]], separators: list[float]) -> bool:
    """Whether the lines' pieces cross these separators no more than a
    header merged over sub-columns would, and fall in at least two columns."""
    extents = [_pieces(line) for line in lines]
    crossing = sum(_crosses(piece, separators) for extent in extents for piece in extent)
    used = {bisect_right(separators, (a + b) / 2) for extent in extents for a, b in extent}
    return len(separators) + 1 >= MIN_COLUMNS and crossing <= len(lines) // 20 and len(used) >= 2


def _split(lines: list[list[Box]], first: int, end: int) -> list[tuple[int, int, list[float] | None]]:
    """A run cut where a line of one piece is not a cell's: where it crosses
    the columns (a paragraph, a long title), or its text is of another size
    than the run's (a title in a larger type, however short). Each part
    with its separators, or None where it has too few lines to tell its own
    (it may still fit the columns of the table before it)."""
    extents = [_pieces(line) for line in lines[first:end]]
    several = [e for e in extents if len(e) >= 2]
    # Fewer lines tell their columns still if each has a piece per column.
    if len(several) < MIN_LINES and not (several and all(len(e) >= MIN_COLUMNS for e in several)):
        return [(first, end, None)] if several else []
    separators = _separators(several)
    heights = [max(b.bottom - b.top for b in line) for line in lines[first:end]]
    usual = sorted(h for h, e in zip(heights, extents) if len(e) >= 2)[len(several) // 2]
    parts = []
    start = None
    for i, (extent, height) in enumerate(zip(extents, heights), first):
        cut = len(extent) == 1 and (_crosses(extent[0], separators) or abs(height - usual) > usual * SIZE_DIFFERS)
        if cut:
            if start is not None:
                parts.append((start, i))
            start = None
        elif start is None:
            start = i
    if start is not None:
        parts.append((start, end))
    if len(parts) == 1 and parts[0] == (first, end):
        return [(first, end, separators)]
    return [part for a, b in parts for part in _split(lines, a, b)]
