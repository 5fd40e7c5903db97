"""What a reader can write back: the fixers behind ``--fix`` and ``--diff``.

A reader that can write fixes back names a fixer (``Reader.fixer``), and the
check service applies fixes through it, whatever the file's suffix:

- ``in_place`` fixers fix the file itself and can show a diff (``fix_text``);
- the others write a fixed copy (``write_copy``), to ``-o``.

``suffixes``: the files of the reader's that the fixer can write. A reader
without a fixer (published text, PDF) is not fixed: its tables are
extracted to YAML first. The fixing itself is ``perfcheck.fixes``'s; this
module stays light, since every reader that names a fixer imports it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:  # pragma: no cover
    from perfcheck.model import Document, Finding

CANONICAL_SUFFIXES = (".yaml", ".yml", ".json")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
WORD_SUFFIXES = (".docx", ".docm")


@attrs.frozen
class FixedText:
    """A file's text before and after its fixes, and the bytes to write."""

    before: str
    after: str
    data: bytes  # ``after`` in the file's own encoding, its byte-order mark kept
    fixed: int  # findings fixed


class TextFixer:
    """Fixes a canonical YAML/JSON document where it stands (``--fix`` writes
    the file itself; ``--diff`` shows the change): only the fixed scalars change."""

    in_place = True
    suffixes = CANONICAL_SUFFIXES

    def fix_text(self, path: Path, findings: list[Finding], unsafe: bool) -> FixedText | None:
        """The fixed text, or None when no wanted fix applies."""
        from perfcheck.fixes import apply_edits, plan_canonical, wanted
        from perfcheck.decoding import bom_of, decode_text
        from perfcheck.limits import file_size_limit, MAX_TEXT_BYTES, read_bounded

        data = read_bounded(path, file_size_limit(MAX_TEXT_BYTES))
        text, encoding = decode_text(data)
        edits, _ = plan_canonical(text, [f for f in findings if wanted(f, unsafe)], path.suffix.lower() == ".json", unsafe)
        if not edits:
            return None
        new = apply_edits(text, edits)
        return FixedText(text, new, bom_of(data) + new.encode(encoding), len({id(e.finding) for e in edits}))


class WorkbookFixer:
    """Fixes a workbook as a copy (``--fix -o FIXED.xlsx``): the draft itself
    is never written. A workbook has no text to diff: ``--diff`` lists the
    cells the copy would change (``diff``)."""

    in_place = False
    suffixes = WORKBOOK_SUFFIXES  # not .xls: openpyxl writes the Office Open XML formats only

    def diff(self, name: str, findings: list[Finding], document: Document | None, unsafe: bool) -> str:
        """What the fixed copy would change, cell by cell, as a unified diff's hunks; "" for nothing."""
        from perfcheck.fixes import workbook_diff

        return workbook_diff(name, findings, document, unsafe)

    def write_copy(self, source: Path, output: Path, findings: list[Finding], document: Document | None, unsafe: bool, lang: str) -> int:
        """Write the fixed copy to ``output``; the number of findings fixed."""
        from perfcheck.fixes import fix_workbook

        return len(fix_workbook(source, output, findings, document, unsafe, lang))


class WordFixer(WorkbookFixer):
    """Fixes a Word document as a copy (``--fix -o FIXED.docx``), as a
    workbook: each fixed cell holds the new value, in its first run's
    formatting, and a comment saying what it was and why; ``--diff`` lists
    the cells the copy would change."""

    suffixes = WORD_SUFFIXES

    def write_copy(self, source: Path, output: Path, findings: list[Finding], document: Document | None, unsafe: bool, lang: str) -> int:
        from perfcheck.fixes import plan_workbook
        from perfcheck.reporters import OutputError
        from perfcheck.wordcopy import CopyError, fix_document

        try:
            return len(fix_document(source, output, plan_workbook(findings, document, unsafe), lang))
        except CopyError as exc:  # the CLI and the web page say why, as for a report they cannot write
            raise OutputError(f"cannot fix {source}: {exc.message.en}", f"无法修复 {source}：{exc.message.zh}") from None
