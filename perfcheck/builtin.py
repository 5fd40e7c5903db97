"""perfcheck's built-in readers and reporters, registered through the
``perfcheck`` entry point ``perfcheck-core`` like any plugin's."""

from __future__ import annotations

from perfcheck import hookimpl
from perfcheck.readers.canonical import CanonicalReader
from perfcheck.readers.disclosure import TextDisclosureReader
from perfcheck.readers.excel import ExcelReader
from perfcheck.readers.html import HtmlReader
from perfcheck.readers.images import ImageReader
from perfcheck.readers.legacy import LegacyOfficeReader
from perfcheck.readers.pdf import PdfDisclosureReader
from perfcheck.readers.word import WordReader
from perfcheck.reporters.docx import DocxReporter
from perfcheck.reporters.ci import GithubReporter, JunitReporter, SarifReporter
from perfcheck.reporters.html import HtmlReporter
from perfcheck.reporters.json import JsonReporter
from perfcheck.reporters.text import TextReporter
from perfcheck.reporters.xlsx import XlsxReporter
from perfcheck.writeback import TextFixer, WordFixer, WorkbookFixer


@hookimpl
def perfcheck_readers():
    # Each reader with what can write fixes back to its files: given here, so
    # that a reader does not import the fixing (which imports the readers).
    word, excel = WordReader(WordFixer()), ExcelReader(WorkbookFixer())
    return [CanonicalReader(TextFixer()), TextDisclosureReader(), PdfDisclosureReader(), excel, word, HtmlReader(), LegacyOfficeReader(word, ExcelReader()), ImageReader()]


@hookimpl
def perfcheck_reporters():
    return [TextReporter(), JsonReporter(), SarifReporter(), JunitReporter(), GithubReporter(), HtmlReporter(), XlsxReporter(), DocxReporter()]
