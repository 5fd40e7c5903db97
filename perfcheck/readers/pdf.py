"""Published disclosures as PDF.

pdfplumber finds tables from their ruling lines and gives each cell's text;
the running text between tables comes line by line. Both become ``Row``s in
reading order, page by page, and ``DisclosureParser`` reads them exactly as
it reads the text layout: a table continued on the next page simply goes on,
a row cut by the page end is merged back, page numbers are skipped.
Locations are page numbers.

pdfplumber (on pdfminer.six) is used because it exposes the ruling lines and
cell geometry this layout depends on, is pure Python, and is actively
maintained; PyMuPDF would be faster but is AGPL and a binary wheel.
"""

from __future__ import annotations

from pathlib import Path

from perfcheck.model import Document, Message, SourceLocation
from perfcheck.readers import ReadError, ReadProblem
from perfcheck.readers.disclosure import DisclosureParser, Row

# Stop sniffing after this many pages: target tables come late in a
# disclosure, but a file with none in its first pages' worth is not one.
SNIFF_PAGES = 200


def _cell(text: str | None) -> str:
    # A wrapped cell comes back with newlines; the parser folds the ones between CJK characters.
    return " ".join((text or "").split())


def _rows_of_page(page, number: int) -> list[tuple[float, Row]]:
    location = SourceLocation(page=number)
    placed: list[tuple[float, Row]] = []
    tables = page.find_tables()
    for table in tables:
        for row, cells in zip(table.rows, table.extract()):
            texts = tuple(_cell(c) for c in cells)
            placed.append((row.bbox[1], Row("\t".join(texts), location, texts)))

    def inside_a_table(line) -> bool:
        middle = (line["top"] + line["bottom"]) / 2
        return any(t.bbox[1] <= middle <= t.bbox[3] and t.bbox[0] <= line["x0"] <= t.bbox[2] for t in tables)

    for line in page.extract_text_lines():
        if not inside_a_table(line):
            placed.append((line["top"], Row(line["text"], location)))
    placed.sort(key=lambda item: item[0])
    return placed


class PdfDisclosureReader:
    name = "disclosure-pdf"
    suffixes = (".pdf",)

    def sniff(self, path: Path) -> bool:
        import pdfplumber

        try:
            with pdfplumber.open(path) as pdf:
                return any("绩效目标表" in (page.extract_text() or "") for page in pdf.pages[:SNIFF_PAGES])
        except Exception:  # noqa: BLE001 - not a PDF we can read: let an explicit check say why
            return False

    def read(self, path: Path) -> Document:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect

        try:
            pdf = pdfplumber.open(path)
        except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for damaged files
            # pdfplumber wraps pdfminer's errors; the original says what is wrong.
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
            if isinstance(cause, PDFPasswordIncorrect):
                raise ReadError([ReadProblem(Message("PDF 有密码保护，无法读取：请提供未加密的文件", "the PDF is password-protected: provide an unencrypted copy"))]) from None
            detail = f"{type(cause).__name__} {cause}".strip()
            raise ReadError([ReadProblem(Message(f"无法打开 PDF（文件可能已损坏）：{detail}", f"cannot open the PDF (is it damaged?): {detail}"))]) from None
        with pdf:
            if not any(page.chars for page in pdf.pages):
                raise ReadError(
                    [
                        ReadProblem(
                            Message(
                                f"PDF 没有文本层（共 {len(pdf.pages)} 页，可能是扫描件）：需要先做 OCR（文字识别）再检查",
                                f"the PDF has no text layer ({len(pdf.pages)} pages, probably scanned): run OCR on it first",
                            ),
                            SourceLocation(page=1),
                        )
                    ],
                    code="E002",
                )
            rows = [row for number, page in enumerate(pdf.pages, 1) for _, row in _rows_of_page(page, number)]
        return DisclosureParser(str(path)).parse(rows)
