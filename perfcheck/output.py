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


def refuse_inputs(output: Path, inputs: Iterable[Path], flag: str = "-o") -> None:
    """``OutputError`` when ``output`` is the same file as one of ``inputs``."""
    target = _identity(output)
    if target is None:
        return  # does not exist yet: it cannot be an input
    for path in inputs:
        if _identity(path) == target:
            same = "" if Path(path) == Path(output) else f"（与输入文件 {path} 是同一个文件）"
            same_en = "" if Path(path) == Path(output) else f" (the same file as the input {path})"
            raise OutputError(
                f"{flag} {output} is a file being checked{same_en}; perfcheck never writes its input",
                f"{flag} {output} 是被检查的文件{same}：perfcheck 从不改写输入文件",
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
