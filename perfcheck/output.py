"""Writing what perfcheck produces without ever touching what it reads.

Every output (a report with ``-o``, ``extract -o``, a baseline, the annotated
workbook) is refused when it is one of the inputs — the same file by device
and inode, so a hard link or a symlink is caught as well as the same name —
and is written to a temporary file beside the target, then renamed over it:
an interrupted run leaves the old file or the new one, never half of each.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Iterable, Iterator

from perfcheck.reporters import OutputError


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


# What each output is, for the refusal to say what it protects: (Chinese, English).
REPORT = ("检查报告", "the report")
ANNOTATED = ("批注后的工作簿副本", "the annotated copy of the workbook")
ANNOTATED_DOCUMENT = ("批注后的 Word 文档副本", "the annotated copy of the Word document")
FIXED_COPY = ("修复后的工作簿副本", "the fixed copy of the workbook")
CANONICAL = ("读出的规范文档", "the canonical document it reads as")
BASELINE = ("基线", "the baseline")
STORE = ("检查结果库", "the findings store")


def refuse_inputs(output: Path, inputs: Iterable[Path], flag: str = "-o", writes: tuple[str, str] = REPORT) -> None:
    """``OutputError`` when ``output`` is the same file as one of ``inputs``,
    saying what ``flag`` writes (``writes``: the report, a baseline …) and
    so what it would have overwritten. Only ``--fix`` rewrites an input."""
    target = _identity(output)
    if target is None:
        return  # does not exist yet: it cannot be an input
    for path in inputs:
        if _identity(path) == target:
            same = "" if Path(path) == Path(output) else f"（与输入文件 {path} 是同一个文件）"
            same_en = "" if Path(path) == Path(output) else f" (the same file as the input {path})"
            what, what_en = writes
            if writes == FIXED_COPY:
                then, then_en = "请给副本另起一个文件名：工作簿和 Word 文档从不就地修改", "name the copy otherwise: a workbook or Word document is never fixed in place"
            else:
                then = f"请给{what}另起一个文件名（要按修复建议改写 YAML/JSON 输入文件本身，请用 --fix）"
                then_en = f"give {what_en} another name (--fix is what rewrites a YAML/JSON input itself)"
            raise OutputError(
                f"{flag} {output} is a file being checked{same_en}: {flag} writes {what_en}, which would overwrite that input, "
                f"so nothing was written; {then_en}",
                f"{flag} {output} 是被检查的文件{same}：{flag} 写出的是{what}，写进去会覆盖这个输入文件，所以没有写；{then}",
            )


def _mode_for(path: Path) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed over ``path`` when the block succeeds.

    ``path`` itself when it is there and not a regular file (``-o /dev/null``,
    a FIFO, ``/dev/stdout``): such a file is written in place, never replaced
    by a regular one."""
    import tempfile  # with random and hashlib: only when something is written

    path = Path(path)
    try:
        special = not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        special = False  # not there yet (or not reachable: the write will say)
    if special:
        yield path
        return
    directory = path.parent if str(path.parent) else Path(".")
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def write_text(path: Path, text: str | Iterable[str]) -> None:
    """``text`` (or its pieces, written as they come) as UTF-8 into ``path``,
    atomically. Characters UTF-8 cannot hold (a lone surrogate from a broken
    PDF font map) become ``?`` rather than losing the whole report."""
    pieces = [text] if isinstance(text, str) else text
    with atomic_output(path) as temporary, open(temporary, "wb") as out:
        for piece in pieces:
            out.write(piece.encode("utf-8", errors="replace"))
