"""Findings a reviewer accepted knowingly: inline suppressions.

A document, a table or an indicator row may say which rules not to report
for it: in the canonical format ``x-perfcheck-ignore: [V002]`` or a
``# perfcheck: ignore[V002]`` comment on one of its lines; in a workbook a
cell note saying ``perfcheck: ignore[V002]`` on the row, or a column headed
忽略规则. Codes (``V002``), prefixes (``V``) and ``ALL`` are accepted.

Suppressed findings are counted in the summary, never silently lost; a
suppression that matched nothing is an E004 finding (like ruff's RUF100), so
that stale ones are cleaned up.
"""

from __future__ import annotations

import re
from typing import Iterable

import attrs

from perfcheck.model import Document, Finding, Message, SourceLocation

# "perfcheck: ignore[V002, W001]" (a YAML comment or an Excel note); the
# brackets may be full-width, as a Chinese input method types them.
MARKER = re.compile(r"perfcheck\s*[:：]\s*ignore\s*[\[【［]\s*([^\]】］]*)[\]】］]", re.IGNORECASE)


def codes_in(text: str | None) -> tuple[str, ...]:
    """The codes a marker or an ignore column/field lists: ``V002, W`` → (V002, W)."""
    if not text:
        return ()
    found = MARKER.findall(text)
    pieces = found if found else [text]
    return tuple(dict.fromkeys(c.strip().upper() for piece in pieces for c in re.split(r"[,，、;；\s]+", piece) if c.strip()))


def _matches(code: str, pattern: str) -> bool:
    return pattern == "ALL" or code == pattern or (len(pattern) < len(code) and code.startswith(pattern))


@attrs.frozen
class _Scope:
    codes: tuple[str, ...]
    location: SourceLocation
    table: str | None = None
    indicator: str | None = None

    def covers(self, finding: Finding) -> bool:
        if self.table is not None and finding.table != self.table:
            return False
        return self.indicator is None or finding.indicator == self.indicator


def _scopes(document: Document) -> list[_Scope]:
    scopes = []
    if document.ignore:
        scopes.append(_Scope(document.ignore, document.ignore_location))
    for table in document.tables:
        if table.ignore:
            scopes.append(_Scope(table.ignore, table.location, table.name))
        for indicator in table.indicators:
            if indicator.ignore:
                scopes.append(_Scope(indicator.ignore, indicator.location, table.name, indicator.name))
    return scopes


def apply(document: Document, findings: Iterable[Finding], enabled) -> tuple[list[Finding], int, list[tuple[str, SourceLocation, str | None, str | None]]]:
    """(findings kept, how many were suppressed, unused suppressions as
    (code, location, table, indicator)). Engine findings about reading the
    file (E001, E002) are never suppressed; a suppression of a rule that is
    not enabled is not called unused."""
    scopes = _scopes(document)
    if not scopes:
        return list(findings), 0, []
    used: set[tuple[int, str]] = set()
    kept, suppressed = [], 0
    for finding in findings:
        hit = None
        if finding.code not in ("E001", "E002"):
            hit = next(
                ((i, pattern) for i, scope in enumerate(scopes) if scope.covers(finding) for pattern in scope.codes if _matches(finding.code, pattern)),
                None,
            )
        if hit is None:
            kept.append(finding)
        else:
            used.add(hit)
            suppressed += 1
    unused = [
        (pattern, scope.location, scope.table, scope.indicator)
        for i, scope in enumerate(scopes)
        for pattern in scope.codes
        if (i, pattern) not in used and (pattern == "ALL" or any(_matches(code, pattern) for code in enabled))
    ]
    return kept, suppressed, unused


def unused_message(pattern: str) -> Message:
    return Message(
        f"忽略标记 {pattern} 没有屏蔽任何问题，可以删除",
        f"the suppression of {pattern} matched no finding and can be removed",
    )
