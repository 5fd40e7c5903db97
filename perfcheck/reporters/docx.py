"""The annotated Word document: a copy of the checked .docx with each finding
a Word comment on its cell (a table's on its first cell), for reviewers who
work in Word; the checked file itself is never written
(``perfcheck.wordcopy``)."""

from __future__ import annotations

from pathlib import Path

from perfcheck.reporters import OutputError, Reporter, the_one_file
from perfcheck.reporters.xlsx import note_lines
from perfcheck.results import RunResult
from perfcheck.wordcopy import CopyError, annotate_document
from perfcheck.writeback import WORD_SUFFIXES


class DocxReporter(Reporter):
    name = "docx"
    writes_file = True
    description = "a copy of the Word document with a comment on every flagged cell (needs -o, one .docx)"

    def write(self, run: RunResult, lang: str, output: Path) -> None:
        source = the_one_file(run, WORD_SUFFIXES, self.name, ("一个 Word 文档", "one Word document"))
        try:
            annotate_document(source, output, list(run.findings), lambda on_one_cell: note_lines(on_one_cell, lang))
        except CopyError as exc:  # the check itself said what it could of the file
            raise OutputError(f"cannot annotate {source}: {exc.message.en}", f"无法批注 {source}：{exc.message.zh}") from None
