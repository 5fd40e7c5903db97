"""Images of tables: a scanned or photographed page as .png, .jpg or .tif,
read through OCR (``perfcheck.readers.scan``, the ``ocr`` extra).

A TIFF may hold several pages (a scanner's multi-page file): each frame is
a page. The image's pixels are bounded before they are decoded (a small
PNG can claim billions), its pages by ``scan.MAX_PAGES``.
"""

from __future__ import annotations

from pathlib import Path

from perfcheck.limits import MIB, check_size, file_size_limit
from perfcheck.model import Document, Message
from perfcheck.readers import ReadError, ReadProblem
from perfcheck.readers.layouts import LayoutParser
from perfcheck.readers import scan

MAX_IMAGE_BYTES = 100 * MIB
WHAT = Message("图像文件（扫描件或照片）", "an image file (a scan or a photo)")
# A page is at least this many pixels on its shorter side at 100 dpi (A5):
# smaller images met in a directory walk are icons and logos, not tables.
SMALLEST_PAGE = 500
# A4's longer side, in inches: an image without a believable resolution is taken for a page of it.
A4_LONG_SIDE = 11.69


def resolution(image) -> float:
    """The image's dots per inch: as it says, when believable (scanners write
    it; phones and screenshots write 72 or 96 whatever the size), else as if
    it were an A4 page."""
    dpi = image.info.get("dpi")
    try:
        stated = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        stated = 0.0
    return stated if 100 <= stated <= 1200 else max(image.size) / A4_LONG_SIDE


class ImageReader:
    name = "image-ocr"
    suffixes = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

    def sniff(self, path: Path) -> bool:
        """An image the size of a page, when OCR is installed: a directory's
        logos and icons, and every image where nothing could read it, are
        passed over (a named image is always read, and says what it needs)."""
        if not scan.available():
            return False
        from PIL import Image

        try:
            with Image.open(path) as image:
                return min(image.size) >= SMALLEST_PAGE
        except Exception:  # noqa: BLE001 - not an image Pillow knows: not ours
            return False

    def read(self, path: Path) -> Document:
        check_size(path, file_size_limit(MAX_IMAGE_BYTES))
        if not scan.available():
            raise scan.missing_extra(WHAT)
        from PIL import Image, ImageSequence

        scanner = scan.Scanner()
        rows = []
        try:
            with Image.open(path) as image:
                scan.bounded(image, WHAT)
                dpi = resolution(image)
                for number, frame in enumerate(ImageSequence.Iterator(image), 1):
                    scan.bounded(frame, WHAT)
                    rows.extend(scanner.page(frame, number, dpi))
        except Image.DecompressionBombError:  # larger than Pillow's own bound, which is looser than ours
            raise scan.too_large(WHAT, "…") from None
        except (OSError, SyntaxError, ValueError) as exc:
            raise ReadError(
                [
                    ReadProblem(
                        Message("图像文件已损坏或格式不受支持：请重新扫描或另存为 PNG/JPEG", "the image is damaged or in a form not supported: scan it again or save it as PNG or JPEG"),
                        detail=f"{type(exc).__name__}: {exc}",
                    )
                ]
            ) from None
        return scan.pages_read(LayoutParser(str(path)).parse(rows), scanner)
