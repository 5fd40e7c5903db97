"""Makes scans for the tests, as a scanner would: a PDF the tests typeset
(pdfmaker, reportlab) rendered by PDFium at 150 dpi in grey, then degraded
with Pillow the way paper and a scanner degrade a page: laid a little
crooked, slightly blurred, saved as a JPEG of middling quality.

``scan_image`` writes one image per page; ``scan_pdf`` puts them in a PDF
of images with no text layer, as a scanner's PDF is.
"""

from __future__ import annotations

from pathlib import Path

DPI = 150


def pages(pdf: Path, *, skew: float = 0.5, blur: float = 0.7):
    """The PDF's pages as degraded greyscale images."""
    import pypdfium2
    from PIL import Image, ImageFilter

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for page in document:
            image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
            image = image.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
            yield image.filter(ImageFilter.GaussianBlur(blur))
    finally:
        document.close()


def scan_image(pdf: Path, path: Path, *, quality: int = 75, **degrade) -> Path:
    """The PDF's first page as a JPEG scan (or PNG, TIFF, by ``path``'s suffix)."""
    image = next(pages(pdf, **degrade))
    options = {"quality": quality} if path.suffix.lower() in (".jpg", ".jpeg") else {}
    image.save(path, dpi=(DPI, DPI), **options)
    return path


def scan_pdf(pdf: Path, path: Path, *, quality: int = 75, **degrade) -> Path:
    """The PDF as a scanner's PDF: each page a JPEG image, no text."""
    images = list(pages(pdf, **degrade))
    images[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=images[1:], quality=quality)
    return path
