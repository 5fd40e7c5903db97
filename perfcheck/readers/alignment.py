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
  on line after line, not one line's spaces; and where text starts after
  other text line after line, more often than a merged cell's text runs
  across (a word processor's table without cell padding leaves no gap
  where a cell is full);
- its rows are its lines, a wrapped cell's lines kept with the line they
  continue: a row ends where the gap to the next line is wider than the
  gap between the lines of one cell (the leading); where every gap is one
  width (no cell padding), where the next line has text in a column whose
  text above did not wrap (it ended with room for more);
- what a table showed (its columns, its leading) is handed to the next
  call (``Columns``): a table continued on the next page keeps them, and
  the lines at the top of that page that go on with its last row (a row
  the page end cut) are its first row, the table ``goes_on``;
- a cell knows where its column's lines wrap (``Cell.wrap_at``): a number
  broken there reads as one.

Running text stays as it is: a paragraph's line is one piece across the
columns, a title in a larger type than the table's is not its line, and a
page number or a table of contents has too few pieces to be a table.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

import attrs

from perfcheck.readers.ruling import Box, Cell, Table
from perfcheck.text import is_ideograph

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


def _separators(extents: list[list[tuple[float, float]]], height: float) -> list[float]:
    """Column boundaries inside a run of lines: where no text lies
    (``_gaps_between``), and where text starts line after line
    (``_edges``), a boundary that a merged cell's text may run across (a
    project name over the columns below it), fewer times than text starts
    there."""
    gaps = _gaps_between(extents)
    edges = [x for x in _edges(extents, height) if all(abs(x - g) > height for g in gaps)]
    return sorted(gaps + edges) if edges else gaps


def _edges(extents: list[list[tuple[float, float]]], height: float) -> list[float]:
    """Left edges of columns: an x where, on two lines or more, text starts
    after other text of its line (a cell's text is set flush left at its
    column's edge, line after line; a table without cell padding shows no
    gap there where a cell is full), more often than a piece runs across
    it. Starts within a quarter of a character are one edge (digits and
    characters of other fonts start a little apart)."""
    starts = sorted(a for line in extents for a, _ in line[1:])
    clusters: list[list[float]] = []
    for a in starts:
        if clusters and a - clusters[-1][-1] <= height / 4:
            clusters[-1].append(a)
        else:
            clusters.append([a])
    edges = []
    for cluster in clusters:
        if len(cluster) < 2:
            continue
        x = cluster[0] - 0.5
        across = sum(a < x and b > cluster[-1] for line in extents for a, b in line)
        if across < len(cluster):
            edges.append(x)
    return edges


def _gaps_between(extents: list[list[tuple[float, float]]]) -> list[float]:
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


def _runs(lines: list[list[Box]], known: Columns | None) -> list[tuple[int, int]]:
    """Runs of lines (first, past the last) that may be one table: from a
    line of several pieces on, as long as each line lies close under the one
    before (lines of one piece among them are wrapped cells, or running text
    that ``_split`` cuts off). A page may start with lines of one piece
    that go on with the last row of the table before (``known``) and stay
    within its columns: a row the page end cut, its wrapped cells going on
    at the top of this page."""
    runs = []
    first = None
    bottom = 0.0
    separators = list(known.xs[1:-1]) if known is not None and known.last_row is not None else None
    continued = bool(lines) and separators is not None and _continues(known.last_row, lines[0], separators, {})
    above = _pieces(known.last_row[1]) if continued else []
    for i, line in enumerate(lines):
        height = max(b.bottom - b.top for b in line)
        near = i > 0 and line[0].top - bottom <= MAX_LEADING * height
        bottom = max(b.bottom for b in line)
        if first is not None and not near:
            runs.append((first, i))
            first = None
        pieces = _pieces(line)
        if continued:
            # Within the columns, or the next line of a paragraph merged across them.
            continued = (i == 0 or near) and all(not _crosses(p, separators) or _goes_on(above, p, separators, height) for p in pieces)
            above = pieces
        if first is None and (len(pieces) >= 2 or continued):
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
    after, most often its own continuation): its column boundaries, the
    widest gap between two lines of one cell, if a cell wrapped, and the
    first and last lines of its last row (which the page end may have cut)."""

    xs: tuple[float, ...]
    wrap: float | None = None
    last_row: tuple[tuple[Box, ...], tuple[Box, ...]] | None = None


def _runs_of_boxes(line: Sequence[Box]) -> list[list[Box]]:
    """A line's runs of text set solid, as their boxes: a gap of a third of
    a character, with no space drawn in it, ends one (spaces go with the run
    they are in). Tighter than a piece: two cells' texts a little apart are
    two runs, a merged cell's text one."""
    height = max((b.bottom - b.top for b in line), default=0.0)
    runs: list[list[Box]] = []
    right = None
    for box in line:
        if runs and (not box.text.strip() or box.x0 - right <= height / 3):
            runs[-1].append(box)
        else:
            runs.append([box])
        right = box.x1 if right is None else max(right, box.x1)
    return runs


def _wraps_on(
    first: list[tuple[float, float]],
    above: Sequence[Box],
    over: list[tuple[float, float]],
    line: Sequence[Box],
    under: list[tuple[float, float]],
    separators: list[float],
    edges: dict[int, float],
) -> bool:
    """Whether ``line`` (its pieces ``under``) goes on with cells of
    ``above`` (its pieces ``over``) that wrapped, in the row whose first
    line's pieces are ``first``: each of its pieces lies under a piece of
    ``above`` that ends within three characters of its column's right edge
    (a line wraps because the next word did not fit, and a cell keeps a
    margin), and it fills fewer columns than ``first`` (a row's first line
    has a piece in every filled cell, the lines under it only in those that
    wrapped) or, filling as many, every piece above it wrapped
    (``_wrapped``): every cell of the row wrapped (经济成本 / 指标 beside
    购买执法 / 记录仪成本 and ``<=3.45 `` / 万元), or a label wrapped beside
    a paragraph merged across (年度总体 / 目标). A header whose labels leave
    room in a column (指标值) starts a row of its own, and so does a label
    beside a short text merged across (项目名称 over 主管部门)."""
    height = max(b.bottom - b.top for b in above)
    columns = {bisect_right(separators, a) for a, _ in under}
    full = set()
    for a, b in over:
        column = bisect_right(separators, a)
        if column >= len(separators) or separators[column] - b <= 3 * height:
            full.add(column)
    if not columns or not columns <= full:
        return False
    filled = {bisect_right(separators, a) for a, _ in first}
    return len(columns) < len(filled) or columns <= _wrapped(above, over, line, separators, edges)


def _wrapped(above: Sequence[Box], over: list[tuple[float, float]], line: Sequence[Box], separators: list[float], edges: dict[int, float]) -> set[int]:
    """The columns whose text on ``above`` (its pieces ``over``) wrapped
    onto ``line``: it ends in the space it wrapped at (a word processor
    keeps it, drawn at the line's end), or so near its column's widest line
    (``edges``) that what ``line`` starts with there would not have fitted
    after it. A text merged across wraps at words; a cell's own line that
    leaves room for a character is taken to end there (a header's 指标值
    over ≥120场)."""
    height = max(b.bottom - b.top for b in above)
    spaces = [box.x0 for box in above if not box.text.strip()]
    following = _first_words(line, separators)
    wrapped = set()
    for a, b in over:
        column = bisect_right(separators, a)
        end = bisect_right(separators, b - 1.0)
        widest = edges.get(end)
        char, word = following.get(column, (height, height))
        room = word if end != column else char
        if (widest is not None and widest - b < room - 0.5) or any(abs(x - b) < 1.0 for x in spaces):
            wrapped.add(column)
    return wrapped


def _continues(row: tuple[Sequence[Box], Sequence[Box]], line: Sequence[Box], separators: list[float], edges: dict[int, float]) -> bool:
    """Whether ``line`` goes on with ``row`` (its first and last lines), cut by the page end."""
    first, last = row
    return _wraps_on(_pieces(first), last, _pieces(last), line, _pieces(line), separators, edges)


def _first_words(line: Sequence[Box], separators: list[float]) -> dict[int, tuple[float, float]]:
    """The widths of each column's first character and first word on the
    line: what a line above had to leave room for, had it not wrapped. A
    CJK line may break before any ideograph; digits, letters and
    punctuation go on to a space or to one (〔2022〕49 is one word)."""
    widths: dict[int, tuple[float, float]] = {}
    column = start = None
    for box in line:
        char = box.text
        if not char.strip():
            column = None  # a space ends the word
            continue
        at = bisect_right(separators, box.x0)
        if column == at and not is_ideograph(char):
            widths[at] = (widths[at][0], box.x1 - start)
            continue
        column = None
        if at not in widths:
            column, start = at, box.x0
            widths[at] = (box.x1 - box.x0, box.x1 - box.x0)
            if is_ideograph(char):
                column = None  # a line may break after it
    return widths


def _wrap_edges(lines: list[list[Box]], separators: list[float]) -> dict[int, float]:
    """Where each column's lines wrap: the right end of its widest line (a
    cell's own, not one merged across), the spaces drawn at its end left
    out; in a column with no text of its own, the widest line of a cell
    merged across to it (a paragraph over the empty 备注). Lines of several
    pieces only: a line alone on its line may be the short end of a
    paragraph merged across the columns."""
    edges: dict[int, float] = {}
    merged: dict[int, float] = {}
    for line in lines:
        runs = _runs_of_boxes(line)
        if len(runs) < 2:
            continue
        for run in runs:
            drawn = [b.x1 for b in run if b.text.strip()]
            if not drawn:
                continue
            right = max(drawn)
            column = bisect_right(separators, right - 1.0)
            found = edges if bisect_right(separators, run[0].x0) == column else merged
            if right > found.get(column, 0.0):
                found[column] = right
    return merged | edges


def _table(lines: list[list[Box]], xs: list[float], wrap: float | None, cut: tuple | None = None) -> tuple[Table, float | None]:
    """The lines as a table with these column boundaries: a row per line but
    where a line goes on with the cells of the line above. That is told by
    the gap between them where the gaps differ (the leading of a wrapped
    cell is narrower than the space between rows), else by ``wrap``, that
    gap seen in a table before; where neither tells, by the text: a line
    goes on with the one above when each of its pieces lies under a cell
    filled to its right edge. The table, and the wrap gap it has shown.

    A piece over several columns (a cell merged across) is one cell there,
    spanning them, not a piece of text in each.

    ``cut``: the first and last lines of the last row of the table before,
    when these lines start the page after it: a first line that goes on
    with that row makes the table's first row the rest of it (``goes_on``)."""
    gaps = _gaps(lines)
    wrap = _wrap_gap(lines, gaps, wrap)
    separators = xs[1:-1]
    edges = _wrap_edges(lines, separators)
    if wrap is not None:
        starts = [0] + [i + 1 for i, gap in enumerate(gaps) if gap > wrap]
    else:
        extents = [_pieces(line) for line in lines]
        starts = [0]
        for i in range(1, len(lines)):
            if not _wraps_on(extents[starts[-1]], lines[i - 1], extents[i - 1], lines[i], extents[i], separators, edges):
                starts.append(i)
    tops = [min(b.top for b in lines[s]) for s in starts]
    ys = [*tops, max(b.bottom for b in lines[-1])]
    cells: list[Cell] = []
    slots: dict[tuple[int, int], Cell] = {}
    ends = starts[1:] + [len(lines)]
    width = len(xs) - 1
    for r, (start, end) in enumerate(zip(starts, ends)):
        # Each run in the column it starts in, reaching the column it ends in.
        boxes: dict[int, list[Box]] = {}
        reach: dict[int, int] = {}
        for line in lines[start:end]:
            for run in _runs_of_boxes(line):
                first = bisect_right(separators, run[0].x0)
                last = max(first, bisect_right(separators, max(b.x1 for b in run) - 1.0))
                boxes.setdefault(first, []).extend(run)
                reach[first] = max(reach.get(first, first), last)
        c = 0
        while c < width:
            last = c
            for other in range(c + 1, min(reach.get(c, c), width - 1) + 1):
                if other in boxes:
                    break  # a cell of its own stops the span
                last = other
            cell = Cell(r, c, 1, last - c + 1, xs[c], ys[r], xs[last + 1], ys[r + 1], boxes.get(c, []), edges.get(c) if last == c else None)
            cells.append(cell)
            for covered in range(c, last + 1):
                slots[r, covered] = cell
            c = last + 1
    goes_on = cut is not None and _continues(cut, lines[0], separators, edges)
    return Table(xs, ys, cells, slots, goes_on=goes_on), wrap


def aligned_tables(lines: list[list[Box]], known: Columns | None = None) -> tuple[list[Table], list[list[Box]], Columns | None]:
    """The tables among these lines (top to bottom, as ``ruling.lines_of``
    gives them), the lines that are not in one, and what the last table
    tells of the next (for the next page's call).

    ``known``: what the table before (on the page before) told. A table
    whose text fits its columns takes them: a table continued on a new page
    keeps its columns, those empty on that page too (上年完成值 left blank in
    every row would otherwise be no column, and every column after it one
    place to the left). A table at the top of the page whose first line
    goes on with the last row before is ``goes_on``: its first row is the
    rest of that row, cut by the page end.
    """
    tables: list[Table] = []
    taken: set[int] = set()
    for first, end in _runs(lines, known):
        above = _pieces(known.last_row[1]) if first == 0 and known is not None and known.last_row is not None else None
        for start, stop, separators in _split(lines, first, end, above):
            part = lines[start:stop]
            left = min(b.x0 for line in part for b in line)
            right = max(b.x1 for line in part for b in line)
            own = separators is not None and len(separators) + 1 >= MIN_COLUMNS
            # The columns before, where this part has fewer of its own (some
            # empty on this page) or none it can tell, and its text fits them.
            if known is not None and (not own or len(known.xs) - 2 > len(separators)) and (
                _fits(part, list(known.xs[1:-1]), merged=not own) or (own and _among(separators, known.xs, part))
            ):
                xs = [min(left, known.xs[0]), *known.xs[1:-1], max(right, known.xs[-1])]
            elif own:
                xs = [left, *separators, right]
            else:
                continue
            # At the top of the page, the table before may go on, and its last row with it.
            cut = known.last_row if known is not None and start == 0 else None
            table, wrap = _table(part, xs, known.wrap if known is not None else None, cut)
            tables.append(table)
            known = Columns(tuple(xs), wrap, _last_row(part, table))
            taken.update(range(start, stop))
    return tables, [line for i, line in enumerate(lines) if i not in taken], known


def _last_row(lines: list[list[Box]], table: Table) -> tuple[tuple[Box, ...], tuple[Box, ...]]:
    """The first and last lines of the table's last row."""
    top = table.ys[-2]
    first = next(line for line in lines if min(b.top for b in line) >= top)
    return tuple(first), tuple(lines[-1])


def _among(separators: list[float], xs: tuple[float, ...], lines: list[list[Box]]) -> bool:
    """Whether each of these column boundaries is one of ``xs`` (within half
    a character): a header block whose cells merge some of the columns
    before (a project's name over three of them), no fewer columns."""
    half = sorted(max(b.bottom - b.top for b in line) for line in lines)[len(lines) // 2] / 2
    for x in separators:
        nearest = bisect_right(xs, x - half)
        if nearest == len(xs) or xs[nearest] - x > half:
            return False
    return True


def _fits(lines: list[list[Box]], separators: list[float], *, merged: bool) -> bool:
    """Whether the lines' pieces cross these separators no more than a
    header merged over sub-columns would, and fall in at least two columns.
    ``merged``: a piece of a line of several may cross them freely (a
    label and its text merged across the rest: a header block too short to
    tell its own columns), and so may the next lines of such a piece."""
    extents = [_pieces(line) for line in lines]
    crossing = 0
    for above, extent, line in zip([[], *extents], extents, lines):
        if merged and len(extent) > 1:
            continue
        height = max(b.bottom - b.top for b in line)
        # The next lines of a cell merged across (年度总体目标's paragraph) cross as its first line did.
        crossing += sum(_crosses(piece, separators) and not _goes_on(above, piece, separators, height) for piece in extent)
    used = {bisect_right(separators, a) for extent in extents for a, _ in extent}
    return len(separators) + 1 >= MIN_COLUMNS and crossing <= len(lines) // 20 and len(used) >= 2


def _goes_on(above: list[tuple[float, float]], piece: tuple[float, float], separators: list[float], height: float) -> bool:
    """Whether ``piece`` goes on with a piece of the line above that starts
    where it does and spans columns as it does: a cell merged across, its
    text wrapped."""
    return any(abs(a - piece[0]) <= height and _crosses((a, b), separators) for a, b in above)


def _split(lines: list[list[Box]], first: int, end: int, above: list[tuple[float, float]] | None = None) -> list[tuple[int, int, list[float] | None]]:
    """A run cut where a line of one piece is not a cell's: where it crosses
    the columns (a paragraph, a long title) but for the next line of a cell
    merged across (it starts where the one above does), or its text is of
    another size than the run's (a title in a larger type, however short).
    ``above``: the pieces of the line above the run's first, on the page
    before (a paragraph the page end cut). Each part with its separators,
    or None where it has too few lines to tell its own (it may still fit
    the columns of the table before it)."""
    extents = [_pieces(line) for line in lines[first:end]]
    several = [e for e in extents if len(e) >= 2]
    # Fewer lines tell their columns still if each has a piece per column.
    if len(several) < MIN_LINES and not (several and all(len(e) >= MIN_COLUMNS for e in several)):
        return [(first, end, None)] if several else []
    # The columns from the lines with a piece in most of them (the indicator
    # rows) where there are enough: a label and its text merged across the
    # rest of the table (年度总体目标, a paragraph) would cover their gaps.
    many = [e for e in several if len(e) >= MIN_COLUMNS]
    heights = [max(b.bottom - b.top for b in line) for line in lines[first:end]]
    usual = sorted(h for h, e in zip(heights, extents) if len(e) >= 2)[len(several) // 2]
    separators = _separators(many if len(many) >= MIN_LINES else several, usual)
    parts = []
    start = None
    for i, (extent, height) in enumerate(zip(extents, heights), first):
        crossing = len(extent) == 1 and _crosses(extent[0], separators)
        prior = extents[i - first - 1] if i > first else above
        if crossing and prior and _goes_on(prior, extent[0], separators, height):
            crossing = False  # the next line of a cell merged across (年度总体目标's text)
        cut = crossing or (len(extent) == 1 and abs(height - usual) > usual * SIZE_DIFFERS)
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
    return [part for a, b in parts for part in _split(lines, a, b, above if a == first else None)]
