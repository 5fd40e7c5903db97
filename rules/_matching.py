"""Matching project names across the project list, the narrative and the tables.

The same project is often named a little differently in each place
(2024年法律顾问费项目 / 2024 年法律顾问项目): names are compared by
similarity of their distinctive part, not by equality.
"""

from __future__ import annotations

import difflib
import functools
import re
from typing import Callable, Iterable, Sequence, TypeVar

from decimal import Decimal

from perfcheck.model import TableKind
from perfcheck.rule import Option
from perfcheck.text import squeeze
from perfcheck.values import normalize

L = TypeVar("L")
R = TypeVar("R")

# The option every rule that matches project names offers.
SIMILARITY = Option(Decimal, Decimal("0.75"), "how alike two names must be (0–1) to be the same project", "两个名称至少多相似（0–1）才算同一项目")

_YEAR = re.compile(r"^\d{4}年度?")
_SUFFIX = re.compile(r"(?:经费)?项目$")


def same_text(a: str, b: str) -> bool:
    """Equal once whitespace and full-width forms are set aside."""
    return a == b or _keys(a)[0] == _keys(b)[0]


def core(name: str) -> str:
    """The distinctive part: no whitespace, no leading budget year, no trailing 项目."""
    text = squeeze(normalize(name))
    return _SUFFIX.sub("", _YEAR.sub("", text)) or text


def similarity(a: str, b: str) -> float:
    if same_text(a, b):
        return 1.0
    return difflib.SequenceMatcher(None, core(a), core(b), autojunk=False).ratio()


@functools.lru_cache(maxsize=1 << 13)  # the same names are keyed by four rules, and again in the next document
def _keys(name: str) -> tuple[str, str]:
    """What similarity() compares: the squeezed text, and the distinctive core."""
    text = squeeze(normalize(name))
    return text, _SUFFIX.sub("", _YEAR.sub("", text)) or text


def pair_up(
    left: Sequence[L], right: Sequence[R], left_name: Callable[[L], str], right_name: Callable[[R], str], threshold: float
) -> list[tuple[L, R, float]]:
    """Pairs of the most similar names at or above ``threshold``, each item used once.

    The same pairs as scoring every pair with ``similarity`` and taking the
    best first (tests/test_matching.py compares the two), in close to linear
    time: each name is keyed once, equal names pair by dictionary, and only
    the names left over are compared with each other.
    """
    left_keys = [_keys(left_name(item)) for item in left]
    right_keys = [_keys(right_name(item)) for item in right]
    used_l: set[int] = set()
    used_r: set[int] = set()
    pairs: list[tuple[L, R, float]] = []
    # Equal cores score 1.0 and are taken first (by position, as the full scoring
    # would): found by dictionary, so a document whose names agree costs no
    # more than a lookup per name, however many projects it has.
    by_core: dict[str, list[int]] = {}
    for i, (_, left_core) in enumerate(left_keys):
        by_core.setdefault(left_core, []).append(i)
    exact = sorted((i, j) for j, (_, right_core) in enumerate(right_keys) for i in by_core.get(right_core, ()))
    for i, j in exact:
        if i not in used_l and j not in used_r:
            used_l.add(i)
            used_r.add(j)
            pairs.append((left[i], right[j], 1.0))
    # The rest by similarity. A pair with a name already taken could never be
    # chosen, and one whose quick upper bounds (difflib's real_quick_ratio,
    # quick_ratio) fall short of the threshold is never scored in full.
    left_open = [(i, key) for i, key in enumerate(left_keys) if i not in used_l]
    scored = []
    for j, (right_text, right_core) in enumerate(right_keys):
        if j in used_r:
            continue
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(right_core)  # indexed once per right-hand name
        for i, (left_text, left_core) in left_open:
            matcher.set_seq1(left_core)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            score = matcher.ratio()
            if score >= threshold:
                scored.append((score, i, j))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    for score, i, j in scored:
        if i not in used_l and j not in used_r:
            used_l.add(i)
            used_r.add(j)
            pairs.append((left[i], right[j], score))
    return pairs


def unpaired(items: Iterable[L], pairs: list[tuple], side: int) -> list[L]:
    taken = {id(p[side]) for p in pairs}
    return [item for item in items if id(item) not in taken]


def project_tables(document) -> list:
    return [t for t in document.tables if t.kind is TableKind.PROJECT]


# Four rules pair the same document's names: the pairs of the document being
# checked are kept until the next document comes (rules run document by document).
_last: dict = {"document": None, "pairs": {}}


def _cached(document, key: tuple, compute: Callable[[], list[tuple]]) -> list[tuple]:
    if _last["document"] is not document:
        _last["document"], _last["pairs"] = document, {}
    if key not in _last["pairs"]:
        _last["pairs"][key] = compute()
    return _last["pairs"][key]


def list_to_tables(document, threshold: float, tables: list | None = None) -> list[tuple]:
    """(project list entry, table, score) pairs: 表 7 against the target tables."""
    tables = project_tables(document) if tables is None else tables
    key = ("list", threshold, tuple(map(id, tables)))
    return _cached(document, key, lambda: pair_up(document.projects, tables, lambda p: p.name, lambda t: t.name, threshold))


def narrative_to_tables(document, threshold: float, tables: list | None = None) -> list[tuple]:
    """(allocation, table, score) pairs: the narrative's projects against the target tables."""
    tables = project_tables(document) if tables is None else tables
    key = ("narrative", threshold, tuple(map(id, tables)))
    return _cached(document, key, lambda: pair_up(document.allocations, tables, lambda a: a.project, lambda t: t.name, threshold))
