"""Tables from their ruling lines: pure geometry, no file format.

A ruled table is a set of horizontal and vertical strokes that cross each
other, and the text inside them. ``find_tables`` takes the strokes and the
text boxes of one page (or one image) and gives each table's grid: its row
and column boundaries, its cells with their row and column spans (an inner
stroke that is missing between two slots merges them, as a person reads it),
and each cell's text; the boxes outside every table come back as they are,
for the running text between tables.

Coordinates are one space for strokes and boxes, x growing rightwards and y
downwards (the top of a page or an image is 0): a PDF reader turns its
points over, an image reader passes pixels as they are. ``snap`` is how far
two strokes may lie apart and still be the same line, in that space's units
(a PDF's points, an image's pixels).

Nothing here knows PDF or OCR: the PDF reader (``perfcheck.readers.pdf``)
feeds it from PDFium's path objects and characters, a scanned image's reader
from the lines found in the pixels and the boxes OCR read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Iterable, Sequence

import attrs

# A page whose strokes, once joined, number more than this is drawn, not
# ruled (a chart, a map, a hostile file): its text is read as running text.
MAX_SEGMENTS = 4000


@attrs.frozen
class Segment:
    """A stroke: at ``at`` (a horizontal one's y, a vertical one's x), from ``start`` to ``end``."""

    at: float
    start: float
    end: float


# Not frozen: a page has thousands of characters, and nothing changes one once made.
@attrs.define(eq=False)
class Box:
    """A piece of text and where it is: a character of a PDF, a word or line OCR read.

    ``source`` is the reader's own object for it (an OCR result with its
    confidence), handed back with the cell that holds it.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    source: object = None

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@attrs.define(eq=False)
class Cell:
    """A cell of a table: its first slot (0-based), its spans, its box and its text."""

    row: int
    column: int
    rowspan: int
    colspan: int
    x0: float
    top: float
    x1: float
    bottom: float
    boxes: list[Box] = attrs.Factory(list)
    # Where the cell's lines wrap, if known (a table read by its alignment):
    # the right end of its column's widest line.
    wrap_at: float | None = None

    @property
    def text(self) -> str:
        return text_of(self.boxes, self.wrap_at)


@attrs.define(eq=False)
class Table:
    """A ruled table: its column boundaries ``xs`` and row boundaries ``ys``
    (left to right, top to bottom) and its cells, row by row."""

    xs: list[float]
    ys: list[float]
    cells: list[Cell]
    # (row, column) -> the cell covering that slot
    slots: dict[tuple[int, int], Cell] = attrs.field(factory=dict, repr=False)
    # Whether its first row is the rest of the last row of the table before,
    # which the page end cut (told by the alignment of unruled tables only).
    goes_on: bool = False

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    @property
    def merges(self) -> list[tuple[int, int, int, int]]:
        """Merged ranges, 1-based and inclusive, as ``layouts.Grid`` takes them."""
        return [(c.row + 1, c.column + 1, c.row + c.rowspan, c.column + c.colspan) for c in self.cells if c.rowspan > 1 or c.colspan > 1]

    def texts(self) -> list[list[str]]:
        """Every slot's text row by row, a merged cell's in its top-left slot."""
        grid = [[""] * (len(self.xs) - 1) for _ in range(len(self.ys) - 1)]
        for cell in self.cells:
            grid[cell.row][cell.column] = cell.text
        return grid

    def contains(self, box: Box) -> bool:
        x, y = (box.x0 + box.x1) / 2, box.middle
        return self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]


# ---------------------------------------------------------------- text


def lines_of(boxes: Iterable[Box]) -> list[list[Box]]:
    """Boxes in reading lines, top to bottom, each left to right.

    A box is on a line when its middle lies within half a height of the
    line's first box's middle: characters of one line share a baseline
    whatever their size, and the next line lies a whole leading below.
    """
    ordered = sorted(boxes, key=lambda b: b.top + b.bottom)
    lines: list[list[Box]] = []
    twice_middle = reach = 0.0  # in doubled units: no division per box
    for box in ordered:
        doubled = box.top + box.bottom
        if lines and abs(doubled - twice_middle) <= reach:
            lines[-1].append(box)
            continue
        lines.append([box])
        twice_middle, reach = doubled, max(box.bottom - box.top, 0.0)
    for line in lines:
        line.sort(key=lambda b: b.x0)
    return lines


def line_text(line: Sequence[Box]) -> str:
    """A line's text, a space where a gap is as wide as one (more than a third
    of the text's height) and the text has none."""
    parts: list[str] = []
    right = None
    for box in line:
        if right is not None and box.x0 - right > box.height / 3 and parts and not parts[-1].endswith(" ") and not box.text.startswith(" "):
            parts.append(" ")
        parts.append(box.text)
        right = box.x1 if right is None else max(right, box.x1)
    return "".join(parts).strip()


def text_of(boxes: Iterable[Box], wrap_at: float | None = None) -> str:
    """A cell's text: its lines joined by a space, as a wrapped cell reads in
    text extracted from a PDF; the layout recogniser folds the space away
    between CJK characters (``平台日 常运维``) and keeps it between words.

    ``wrap_at``: where the cell's lines wrap (the right end of its
    column's widest line), if known. A line that reaches it, no space drawn
    at its end, broke where its text did not fit: a number too long for the
    cell (``<=14.5`` over ``5 万元``, ``20000.0`` over ``0``) is one number,
    as a reader sees it (a word processor draws no space where it breaks a
    word)."""
    boxes = list(boxes)
    if not boxes:
        return ""  # most cells of a wide table (its empty columns)
    parts: list[str] = []
    last = None
    for line in lines_of(boxes):
        text = line_text(line)
        if not text:
            continue
        if parts and not (last is not None and _unbroken(last.text, text[0])):
            parts.append(" ")
        parts.append(text)
        last = line[-1] if wrap_at is not None and line[-1].x1 >= wrap_at - line[-1].height else None
    return "".join(parts)


def _unbroken(before: str, after: str) -> bool:
    """Whether a line that ended in ``before`` at its cell's edge goes on with ``after`` with no space: one number."""
    return before in _NUMERAL and after in _NUMERAL


# What a number broken at a cell's edge may end and go on with.
_NUMERAL = frozenset("0123456789.")


# ---------------------------------------------------------------- strokes


@attrs.define(eq=False)
class _Line:
    """Strokes on one line (one y, or one x): their covered intervals, joined."""

    at: float
    spans: list[tuple[float, float]]

    @property
    def start(self) -> float:
        return self.spans[0][0]

    @property
    def end(self) -> float:
        return self.spans[-1][1]

    def covers(self, a: float, b: float) -> bool:
        """Whether the strokes cover most of ``a``..``b``: a gap where a
        vertical stroke crosses, or a short break of a dashed rule, is not a
        missing border; half the length missing is."""
        if b <= a:
            return True
        covered = 0.0
        for start, end in self.spans:
            if end <= a:
                continue
            if start >= b:
                break
            covered += min(end, b) - max(start, a)
        return covered >= (b - a) / 2


def join_segments(segments: Iterable[Segment], snap: float) -> list[_Line]:
    """Strokes on the same line (within ``snap``) joined into one, their
    intervals merged where they touch or overlap (within ``snap``)."""
    ordered = sorted((s if s.start <= s.end else Segment(s.at, s.end, s.start) for s in segments), key=lambda s: s.at)
    groups: list[list[Segment]] = []
    for segment in ordered:
        if groups and segment.at - groups[-1][0].at <= snap:
            groups[-1].append(segment)
        else:
            groups.append([segment])
    lines = []
    for group in groups:
        spans: list[tuple[float, float]] = []
        for s in sorted(group, key=lambda s: s.start):
            if spans and s.start <= spans[-1][1] + snap:
                spans[-1] = (spans[-1][0], max(spans[-1][1], s.end))
            else:
                spans.append((s.start, s.end))
        at = sum(s.at for s in group) / len(group)
        lines.append(_Line(at, spans))
    return lines


def _components(hs: list[_Line], vs: list[_Line], snap: float) -> list[tuple[list[_Line], list[_Line]]]:
    """Groups of strokes that cross or touch each other: one group per table.

    Strokes, not whole lines: two tables one above the other share the x of
    their left border, not a border."""
    h_pieces = [(h.at, a, b) for h in hs for a, b in h.spans]  # sorted by y, as hs are
    v_pieces = [(v.at, a, b) for v in vs for a, b in v.spans]
    parent = list(range(len(h_pieces) + len(v_pieces)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ys = [y for y, _, _ in h_pieces]
    for j, (x, top, bottom) in enumerate(v_pieces, len(h_pieces)):
        for i in range(bisect_left(ys, top - snap), len(h_pieces)):
            y, left, right = h_pieces[i]
            if y > bottom + snap:
                break
            if left - snap <= x <= right + snap:
                parent[root(j)] = root(i)
    groups: dict[int, tuple[list, list]] = {}
    for i, piece in enumerate(h_pieces):
        groups.setdefault(root(i), ([], []))[0].append(piece)
    for j, piece in enumerate(v_pieces, len(h_pieces)):
        groups.setdefault(root(j), ([], []))[1].append(piece)
    return [(_regrouped(h), _regrouped(v)) for h, v in groups.values()]


def _regrouped(pieces: list[tuple[float, float, float]]) -> list[_Line]:
    lines: dict[float, _Line] = {}
    for at, a, b in pieces:
        lines.setdefault(at, _Line(at, [])).spans.append((a, b))
    return sorted(lines.values(), key=lambda line: line.at)


def _boundaries(lines: list[_Line], low: float, high: float, snap: float) -> list[float]:
    """Where the grid's rows (or columns) end: each line of the group, and
    the table's own edge where no line draws it (an open-sided table, whose
    left and right borders are left out, still has its first and last columns)."""
    at = [line.at for line in lines]
    if low < at[0] - snap:
        at.insert(0, low)
    if high > at[-1] + snap:
        at.append(high)
    return at


def _grid(hs: list[_Line], vs: list[_Line], snap: float) -> Table | None:
    ys = _boundaries(hs, min(v.start for v in vs), max(v.end for v in vs), snap)
    xs = _boundaries(vs, min(h.start for h in hs), max(h.end for h in hs), snap)
    if len(ys) < 2 or len(xs) < 2:
        return None
    by_y = {h.at: h for h in hs}
    by_x = {v.at: v for v in vs}

    def border_below(r: int, c: int) -> bool:  # the line under slot (r, c)
        line = by_y.get(ys[r + 1])
        return line is None or line.covers(xs[c], xs[c + 1])

    def border_right(r: int, c: int) -> bool:  # the line right of slot (r, c)
        line = by_x.get(xs[c + 1])
        return line is None or line.covers(ys[r], ys[r + 1])

    rows, columns = len(ys) - 1, len(xs) - 1
    taken = [[False] * columns for _ in range(rows)]
    cells: list[Cell] = []
    slots: dict[tuple[int, int], Cell] = {}
    for r in range(rows):
        for c in range(columns):
            if taken[r][c]:
                continue
            right = c
            while right + 1 < columns and not border_right(r, right) and not taken[r][right + 1]:
                right += 1
            below = r
            while below + 1 < rows and all(not border_below(below, cc) and not taken[below + 1][cc] for cc in range(c, right + 1)):
                below += 1
            cell = Cell(r, c, below - r + 1, right - c + 1, xs[c], ys[r], xs[right + 1], ys[below + 1])
            cells.append(cell)
            for rr in range(r, below + 1):
                for cc in range(c, right + 1):
                    taken[rr][cc] = True
                    slots[rr, cc] = cell
    return Table(xs, ys, cells, slots)


def find_tables(
    horizontals: Iterable[Segment], verticals: Iterable[Segment], boxes: Iterable[Box], *, snap: float = 2.0
) -> tuple[list[Table], list[Box]]:
    """The ruled tables among these strokes, top to bottom, each cell with
    the boxes whose middle lies in it; and the boxes outside every table.

    A table is a group of at least two horizontal and two vertical lines
    that cross (or one horizontal line and three vertical ones): an
    underline or a lone rule between sections is none, and its text stays
    running text.
    """
    hs, vs = join_segments(horizontals, snap), join_segments(verticals, snap)
    boxes = list(boxes)
    if not hs or not vs or len(hs) + len(vs) > MAX_SEGMENTS:
        return [], boxes
    tables = []
    for group_h, group_v in _components(hs, vs, snap):
        # Two lines each way; or one horizontal line under three vertical ones:
        # the rest of a row the page end cut, which some producers draw open at the top.
        if group_h and len(group_v) >= 2 and (len(group_h) >= 2 or len(group_v) >= 3):
            table = _grid(group_h, group_v, snap)
            if table is not None:
                tables.append(table)
    tables.sort(key=lambda t: (t.top, t.xs[0]))
    outside = []
    # The slot of a box's middle: by the inner boundaries, so that one on the
    # outer border falls in the first or last column or row.
    bounds = [(t.xs[0], t.xs[-1], t.ys[0], t.ys[-1], t.xs[1:-1], t.ys[1:-1], t.slots) for t in tables]
    for box in boxes:
        x, y = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
        for left, right, top, bottom, xs, ys, slots in bounds:
            if left <= x <= right and top <= y <= bottom:
                slots[bisect_right(ys, y), bisect_right(xs, x)].boxes.append(box)
                break
        else:
            outside.append(box)
    return tables, outside
