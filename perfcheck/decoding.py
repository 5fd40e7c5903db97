"""Text files' encodings: which one a file's bytes are in, and the text they hold.

Disclosures and drafts come as UTF-8, UTF-16 or UTF-32 (with or without a
byte-order mark) or GBK/GB18030, which many Chinese government files are
saved in. ``decode_text`` tells which and decodes; ``bom_of`` gives the
byte-order mark a file had, so that a fixed file is written back with it.
"""

from __future__ import annotations

import codecs

from perfcheck.limits import LimitExceeded
from perfcheck.model import Message

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def bom_of(data: bytes) -> bytes:
    """The byte-order mark ``data`` starts with (b"" for none): kept when a file is rewritten."""
    return next((bom for bom, _ in _BOMS if data.startswith(bom)), b"")


def _nul_pattern(data: bytes) -> str | None:
    """UTF-16/32 without a byte-order mark, told by where the zero bytes fall
    (CJK text in UTF-16 has few zero bytes, so ASCII-heavy text decides)."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    quads = len(sample) // 4
    if quads and all(sample[i * 4 + 2 : i * 4 + 4] == b"\x00\x00" for i in range(quads)):
        return "utf-32-le"
    if quads and all(sample[i * 4 : i * 4 + 2] == b"\x00\x00" for i in range(quads)):
        return "utf-32-be"
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd > even and odd >= len(sample) // 8:
        return "utf-16-le"
    if even > odd and even >= len(sample) // 8:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: a byte-order mark, else UTF-16/32 told by
    its zero bytes, else UTF-8, else GB18030 (a superset of GBK and GB2312, in
    which many Chinese government files are saved). ``LimitExceeded`` when
    none fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError:
                break
    candidates = [e for e in (_nul_pattern(data),) if e] + ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue  # binary that happened to decode
        return text, encoding
    raise LimitExceeded(
        Message(
            "无法识别文件的文字编码（不是 UTF-8、UTF-16、UTF-32 或 GBK/GB18030 文本）",
            "cannot tell the file's text encoding (not UTF-8, UTF-16, UTF-32 or GBK/GB18030 text)",
        )
    )
