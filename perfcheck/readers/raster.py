"""A scanned page as geometry: its skew, its ruling lines and its text lines.

Pure numpy on a greyscale page (``uint8``, 0 black), no OCR: what
``perfcheck.readers.scan`` needs before it asks the recogniser anything.

- ``ink``: dark pixels, at Otsu's threshold of the page's own histogram (a
  light scan and a dark photocopy differ by 60 grey levels);
- ``skew``: the small rotation of a page laid crooked on the scanner, by
  the projection profile of its dark pixels: turned the right way, the
  ruling lines and the text lines fall into few rows, and the sum of the
  squared row counts peaks;
- ``rulings``: horizontal and vertical lines, as the dark runs longer than
  any character (a morphological opening done with running sums);
- ``text_lines``: the boxes of the text between them, each a run of
  characters on one line that no ruling crosses.

Numbers are pixels. The defaults suit a page scanned at 100 to 300 dpi,
which ``scan`` resamples to 150 dpi first.
"""

from __future__ import annotations

import math

import attrs
import numpy as np

from perfcheck.readers.ruling import Segment

# How far a page may lie crooked, and how finely the angle is sought: a page
# fed by hand lies within a degree or two; past that, nobody reads it either.
MAX_SKEW = 2.0
SKEW_STEP = 0.1
SKEW_FINE_STEP = 0.02
# Dark pixels the skew is measured on: a sample is as good as all of them.
SKEW_SAMPLE = 200_000


@attrs.frozen
class Region:
    """A text line's box: top, left, bottom, right (inclusive) in pixels."""

    top: int
    left: int
    bottom: int
    right: int

    @property
    def height(self) -> int:
        return self.bottom - self.top + 1


def otsu(grey: np.ndarray) -> int:
    """The grey level that best separates ink from paper (Otsu's method)."""
    histogram = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256)
    weight = np.cumsum(histogram)
    total = weight[-1]
    mean = np.cumsum(histogram * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight / total - mean) ** 2 / (weight * (total - weight))
    between[~np.isfinite(between)] = 0
    return int(np.argmax(between))


def ink(grey: np.ndarray, threshold: int | None = None) -> np.ndarray:
    """Dark pixels. A blank page (one grey level) has none."""
    if threshold is None:
        if int(grey.min()) == int(grey.max()):
            return np.zeros(grey.shape, bool)
        threshold = otsu(grey)
    return grey <= threshold


def skew(dark: np.ndarray) -> float:
    """The angle, in degrees, to turn the page by (counter-clockwise, as
    ``PIL.Image.rotate`` takes it) so that its lines run level."""
    ys, xs = np.nonzero(dark)
    if len(ys) < 100:
        return 0.0
    if len(ys) > SKEW_SAMPLE:
        pick = np.random.default_rng(0).choice(len(ys), SKEW_SAMPLE, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys, xs = ys.astype(np.float64), xs.astype(np.float64) - dark.shape[1] / 2

    def sharpness(degrees: float) -> float:
        # For a small angle a shear is the rotation, within a fraction of a pixel.
        rows = np.round(ys + xs * math.tan(math.radians(degrees))).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.dot(counts, counts))

    coarse = np.arange(-MAX_SKEW, MAX_SKEW + SKEW_STEP / 2, SKEW_STEP)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - SKEW_STEP, best + SKEW_STEP + SKEW_FINE_STEP / 2, SKEW_FINE_STEP)
    return -float(max(fine, key=sharpness))


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """The runs of True in a 1-d array, as (first, last) inclusive."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), (edges[1::2] - 1).tolist()))


def _open_rows(dark: np.ndarray, length: int) -> np.ndarray:
    """The pixels of each row's dark runs at least ``length`` long (an
    opening by a 1 x ``length`` line, with running sums: no Python loop)."""
    height, width = dark.shape
    if width < length:
        return np.zeros_like(dark)
    sums = np.zeros((height, width + 1), np.int32)
    np.cumsum(dark, axis=1, out=sums[:, 1:])
    full = (sums[:, length:] - sums[:, :-length]) == length  # windows wholly dark, by their first column
    starts = np.zeros((height, width + 1), np.int32)
    np.cumsum(full, axis=1, out=starts[:, 1 : full.shape[1] + 1])
    starts[:, full.shape[1] + 1 :] = starts[:, full.shape[1] : full.shape[1] + 1]
    # A pixel is covered when a full window starts within ``length`` to its left.
    right = np.arange(1, width + 1)
    left = np.maximum(right - length, 0)
    return (starts[:, right] - starts[:, left]) > 0


def _segments(lines: np.ndarray, gap: int) -> list[Segment]:
    """The horizontal segments of a mask of horizontal line pixels: a band
    of adjacent rows is one line, broken where it has a gap over ``gap``."""
    found = []
    for first, last in _runs(lines.any(axis=1)):
        band = lines[first : last + 1]
        rows = band.sum(axis=1)
        at = float(np.dot(np.arange(first, last + 1), rows) / rows.sum())
        columns = band.any(axis=0)
        pieces = _runs(columns)
        merged: list[list[int]] = []
        for start, end in pieces:
            if merged and start - merged[-1][1] <= gap:
                merged[-1][1] = end
            else:
                merged.append([start, end])
        found.extend(Segment(at, float(s), float(e)) for s, e in merged)
    return found


def rulings(dark: np.ndarray, length: int, height: int) -> tuple[list[Segment], list[Segment], np.ndarray]:
    """Horizontal and vertical ruling segments, and the mask of their pixels.

    A horizontal line is a dark run of at least ``length`` pixels, a
    vertical one of ``height`` (a row of a table is shorter than a column
    is wide): longer than any character's stroke. A line a pixel off level
    over its length breaks into pieces that long, joined again here.
    """
    horizontal = _open_rows(dark, length)
    vertical = _open_rows(dark.T, height).T
    return _segments(horizontal, max(2, length // 8)), _segments(vertical.T, max(2, height // 8)), horizontal | vertical


def _close_gaps(text: np.ndarray, walls: np.ndarray, gap: int) -> np.ndarray:
    """``text`` with each row's gaps of at most ``gap`` pixels between two
    text pixels filled, unless a wall pixel (a ruling) lies between them."""
    height, width = text.shape
    marks = text.astype(np.int8) + 2 * walls.astype(np.int8)
    at = np.flatnonzero(marks)
    if len(at) < 2:
        return text
    kind = marks.ravel()[at]
    before, after = at[:-1], at[1:]
    fill = (kind[:-1] == 1) & (kind[1:] == 1) & (after - before > 1) & (after - before <= gap + 1) & (before // width == after // width)
    change = np.zeros(height * width + 1, np.int32)
    np.add.at(change, before[fill] + 1, 1)
    np.add.at(change, after[fill], -1)
    return text | (np.cumsum(change[:-1]) > 0).reshape(height, width)


def _components(mask: np.ndarray) -> list[Region]:
    """The boxes of the 4-connected components of ``mask``, labelled run by
    run (a page has a few thousand runs, not millions of pixels)."""
    flags = np.zeros((mask.shape[0], mask.shape[1] + 2), np.int8)
    flags[:, 1:-1] = mask
    change = np.diff(flags, axis=1)
    start_rows, start_columns = np.nonzero(change == 1)
    _, end_columns = np.nonzero(change == -1)
    end_columns = end_columns - 1
    count = len(start_rows)
    parent = list(range(count))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rows = start_rows.tolist()
    starts, ends = start_columns.tolist(), end_columns.tolist()
    previous_first, previous_last = 0, 0  # the runs of the row above: [first, last)
    i = 0
    while i < count:
        row = rows[i]
        first = i
        while i < count and rows[i] == row:
            i += 1
        if previous_last > previous_first and rows[previous_first] == row - 1:
            j = previous_first
            for k in range(first, i):
                while j < previous_last and ends[j] < starts[k]:
                    j += 1
                m = j
                while m < previous_last and starts[m] <= ends[k]:
                    a, b = find(k), find(m)
                    if a != b:
                        parent[a] = b
                    m += 1
        previous_first, previous_last = first, i
    boxes: dict[int, list[int]] = {}
    for k in range(count):
        root = find(k)
        box = boxes.get(root)
        if box is None:
            boxes[root] = [rows[k], starts[k], rows[k], ends[k]]
        else:
            box[0] = min(box[0], rows[k])
            box[1] = min(box[1], starts[k])
            box[2] = max(box[2], rows[k])
            box[3] = max(box[3], ends[k])
    return [Region(*b) for b in boxes.values()]


def text_lines(dark: np.ndarray, walls: np.ndarray, gap: int, smallest: int = 3) -> list[Region]:
    """Boxes of the text on a page: the dark pixels that are not rulings,
    joined along each row across gaps of up to ``gap`` pixels (between
    characters, not between the cells a ruling separates), then taken as
    connected pieces. Specks under ``smallest`` pixels tall and wide go."""
    # A ruling's blurred edge is a pixel on either side of it.
    thick = walls.copy()
    thick[1:] |= walls[:-1]
    thick[:-1] |= walls[1:]
    thick[:, 1:] |= walls[:, :-1]
    thick[:, :-1] |= walls[:, 1:]
    joined = _close_gaps(dark & ~thick, thick, gap)
    return [b for b in _components(joined) if b.height >= smallest or b.right - b.left + 1 >= smallest]
