"""Bounds on what one file may cost, and the helpers readers use to keep them.

Hostile input is normal input at scale: a few-KB workbook can claim a
million rows, a 300-byte PDF can loop, a YAML alias bomb can expand to
gigabytes. Every reader checks what it is given against these bounds before
it trusts it, and says which bound a file broke. Past the readers, each file
is checked in a worker process with a memory ceiling and a time limit
(``perfcheck.pool``), so whatever a bound here misses still costs one file,
never the batch.
"""

from __future__ import annotations

import contextlib
import contextvars

import os
import signal
import stat
import threading
import time
from decimal import Decimal
from pathlib import Path

from perfcheck.model import Message

MIB = 1024 * 1024

# Largest file each kind of reader opens. A county's whole disclosure is well
# under 1 MiB of text and 20 MiB of PDF; these leave room for a province's.
MAX_TEXT_BYTES = 32 * MIB
MAX_PDF_BYTES = 200 * MIB
MAX_EXCEL_BYTES = 100 * MIB

# Excel: what the archive may inflate to, and how much one member may grow.
MAX_EXCEL_INFLATED = 400 * MIB
MAX_EXCEL_RATIO = 150  # real sheets compress 5-20x; bombs 1000x and more
# Word: a .docx is a zip like an .xlsx, bounded the same way (MAX_EXCEL_INFLATED,
# MAX_EXCEL_RATIO); a document of a province's 500 projects is under 20 MiB.
MAX_WORD_BYTES = 100 * MIB
# HTML: a saved page, how deep its tables nest, how many it has. A province's
# page of target tables is a few MiB, nests tables 3 deep, holds a few hundred.
MAX_HTML_BYTES = 32 * MIB
MAX_HTML_DEPTH = 64
MAX_HTML_TABLES = 5_000
# A target table is never this large; a sheet's cells past these are not read.
MAX_SHEET_ROWS = 20_000
MAX_SHEET_COLUMNS = 200

# PDF: pages, and the content a page's drawing instructions may inflate to
# (a dense page of a disclosure is 20-100 KiB).
MAX_PDF_PAGES = 3_000
MAX_PDF_PAGE_CONTENT = 1 * MIB

# YAML: how many nodes a document's aliases may add once followed (what the file holds
# itself is bounded by its size).
MAX_YAML_NODES = 2_000_000

# Numbers: the largest magnitude and the most significant digits anything reads.
# 10^11 万元 is a thousand times China's whole yearly budget, and keeping every
# amount under it keeps the rules' Decimal arithmetic exact (28 digits).
MAX_EXPONENT = 11
MAX_MAGNITUDE = Decimal(10) ** MAX_EXPONENT
MAX_DIGITS = 24

# Time: per file (everything: read, all rules) and per rule on one table.
DEFAULT_TIMEOUT = 120.0
DEFAULT_RULE_TIMEOUT = 20.0


def valid_seconds(value: object) -> bool:
    """A time limit as the CLI and the configuration take it: seconds above 0, at most a day."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 86400


# The largest --max-file-size / max-file-size, in MB: past it a file is no table.
MAX_FILE_SIZE_MB = 4096


def valid_megabytes(value: object) -> bool:
    """A max-file-size as the CLI and the configuration take it: MB above 0, at most MAX_FILE_SIZE_MB."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= MAX_FILE_SIZE_MB


# Memory a worker may add to what it started with before it is stopped:
# with the ~100 MiB a worker starts with, a file peaks under 1 GiB.
DEFAULT_MEMORY = 768 * MIB


def is_out_of_memory(exc: BaseException) -> bool:
    """A MemoryError, or a library's exception wrapping one (as openpyxl may)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, MemoryError) or any(isinstance(a, MemoryError) for a in getattr(exc, "args", ())):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


class LimitExceeded(Exception):
    """A file breaks one of the bounds above; ``message`` says which, in both languages."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.message = message


def check_archive(archive, what: Message) -> None:
    """Refuse a zip (an .xlsx, a .docx) whose members would inflate past the
    bounds, before inflating any; ``what`` names it (Excel 文件 / the workbook).
    ``archive`` is the file's path, or the ``zipfile.ZipFile`` a reader has
    opened (a zip's directory is read once).

    The sizes come from the zip's central directory; a member that lies
    about its size is caught while reading it (zipfile checks the CRC and
    the declared size as it goes). ``zipfile.BadZipFile`` is the caller's to report.
    """
    import zipfile

    if isinstance(archive, zipfile.ZipFile):
        members = archive.infolist()
    else:
        with zipfile.ZipFile(archive) as opened:
            members = opened.infolist()
    total = sum(m.file_size for m in members)
    worst = max(members, key=lambda m: m.file_size / max(m.compress_size, 1), default=None)
    if total > MAX_EXCEL_INFLATED:
        raise LimitExceeded(
            Message(
                f"{what.zh}解压后过大（{size_text(total)}，上限 {size_text(MAX_EXCEL_INFLATED)}），未读取",
                f"{what.en} inflates to {size_text(total)} (the limit is {size_text(MAX_EXCEL_INFLATED)}); not read",
            )
        )
    if worst is not None and worst.file_size > MIB and worst.file_size / max(worst.compress_size, 1) > MAX_EXCEL_RATIO:
        ratio = worst.file_size // max(worst.compress_size, 1)
        raise LimitExceeded(
            Message(
                f"{what.zh}中的 {worst.filename} 压缩比异常（{ratio} 倍，解压后 {size_text(worst.file_size)}），疑为压缩炸弹，未读取",
                f"{worst.filename} in {what.en} is compressed {ratio}:1 (inflating to {size_text(worst.file_size)}), like a zip bomb; not read",
            )
        )


def size_text(size: int) -> str:
    return f"{size / MIB:.1f} MiB" if size >= MIB else f"{size} B"


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------


def regular_file_size(path: Path) -> int:
    """The size of ``path`` if it is a regular file (after links); else ``LimitExceeded``.

    Checked before anything opens the file: opening a FIFO blocks forever,
    and a device has no end.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        kind = "目录" if stat.S_ISDIR(info.st_mode) else "管道、设备或套接字"
        kind_en = "a directory" if stat.S_ISDIR(info.st_mode) else "a pipe, device or socket"
        raise LimitExceeded(Message(f"不是普通文件（{kind}），未读取", f"not a regular file ({kind_en}); not read"))
    return info.st_size


# The user's max-file-size (--max-file-size, or the configuration), in force
# while one file is read: it replaces each reader's own bound on the file's size.
_max_file_size: contextvars.ContextVar[int | None] = contextvars.ContextVar("max_file_size", default=None)


def file_size_limit(default: int) -> int:
    """The size bound for a file a reader would bound at ``default`` bytes:
    the user's max-file-size while one is in force, else ``default``."""
    return _max_file_size.get() or default


@contextlib.contextmanager
def max_file_size(limit: int | None):
    """Files read inside the block are bounded at ``limit`` bytes (None: each reader's own bound)."""
    token = _max_file_size.set(limit)
    try:
        yield
    finally:
        _max_file_size.reset(token)


def check_size(path: Path, limit: int) -> int:
    size = regular_file_size(path)
    if size > limit:
        raise LimitExceeded(
            Message(
                f"文件过大（{size_text(size)}，上限 {size_text(limit)}），未读取（可用 --max-file-size 调整）",
                f"the file is too large ({size_text(size)}, the limit is {size_text(limit)}); not read (see --max-file-size)",
            )
        )
    return size


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file no larger than ``limit``."""
    size = check_size(path, limit)
    with open(path, "rb") as f:
        # As many bytes as the file had, and one more to see that it grew: a
        # read of ``limit`` bytes would allocate the whole limit (32 MiB) first,
        # then shrink it, for every file of a batch (twice: sniff and read).
        data = f.read(size + 1)
        if len(data) > size:  # it grew since, or its size is not known (/proc): read on to the limit
            data += f.read(limit + 1 - len(data))
    if len(data) > limit:  # it grew while we looked
        raise LimitExceeded(Message(f"文件过大（上限 {size_text(limit)}），未读取", f"the file is too large (the limit is {size_text(limit)}); not read"))
    return data


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------


def bounded_decimal(value: Decimal) -> Decimal | None:
    """``value`` if it is a finite number perfcheck can compute with exactly, else None.

    A weight of ``1e999999999`` or funds of 27 digits are not budget figures;
    refusing them here keeps every rule's arithmetic in range (and keeps
    ``int()`` away from a billion-digit number).
    """
    # Only operations that ignore the Decimal context: abs() of 1e999999999 overflows.
    if not value.is_finite():
        return None
    if value.is_zero():
        return value
    if not -MAX_DIGITS <= value.adjusted() < MAX_EXPONENT or len(value.as_tuple().digits) > MAX_DIGITS:
        return None
    return value


def number_text_ok(digits: str) -> bool:
    """Whether a run of digits (separators removed) is short enough to convert."""
    return len(digits) <= MAX_DIGITS + 2


# --------------------------------------------------------------------------
# Time limits
# --------------------------------------------------------------------------


class TimeLimitExceeded(BaseException):
    """Raised into code that ran past its time limit.

    A ``BaseException`` so that a rule's or a library's ``except Exception``
    does not swallow it.
    """


_deadlines: list[float] = []
# In a worker (install_alarm) a timer ticks all the time and the handler looks
# at the innermost deadline: a rule's time limit is then a list append and pop,
# not two timer calls and a handler swap, on each of the thousands of
# (rule, table) pairs of a batch.
_TICK = 0.05
_ticking = False


def _on_alarm(signum, frame):  # pragma: no cover - exercised through time_limit
    if _ticking and (not _deadlines or time.monotonic() < _deadlines[-1]):
        return
    raise TimeLimitExceeded()


def _push_deadline(seconds: float) -> float:
    """Record a deadline ``seconds`` from now (an outer, earlier one wins)."""
    deadline = time.monotonic() + seconds
    if _deadlines and _deadlines[-1] < deadline:
        deadline = _deadlines[-1]
    _deadlines.append(deadline)
    return deadline


class time_limit:
    """Raise ``TimeLimitExceeded`` in this block after ``seconds`` (of wall time).

    Uses SIGALRM, so it works in the main thread of a POSIX process only and
    interrupts Python code, not a long C call; elsewhere it does nothing, and
    the worker's own time limit (``perfcheck.pool``) still applies. Nested
    limits keep the outer one. A class, not a generator: it wraps every rule
    on every table. In a worker, where ``install_alarm`` keeps a timer
    ticking, it only records the deadline (checked every 50 ms); elsewhere it
    sets a one-shot timer.
    """

    __slots__ = ("seconds", "active", "previous")

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.active = False
        self.previous = None

    def __enter__(self) -> None:
        seconds = self.seconds
        if not seconds or seconds <= 0:
            return
        if _ticking:
            _push_deadline(seconds)
            self.active = True
            return
        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            return
        self.previous = None
        if signal.getsignal(signal.SIGALRM) is not _on_alarm:
            self.previous = signal.signal(signal.SIGALRM, _on_alarm)
        deadline = _push_deadline(seconds)
        self.active = True
        signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 0.001))

    def collect(self, check, *args) -> list:
        """``list(check(*args))`` under this limit: what the engine does for
        every rule on every table. In a worker it is one call where ``with``
        would be two (thousands a document)."""
        seconds = self.seconds
        if not _ticking or not seconds or seconds <= 0:
            with self:
                return list(check(*args))
        _push_deadline(seconds)
        try:
            return list(check(*args))
        finally:
            _deadlines.pop()

    def __exit__(self, *exc) -> None:
        if not self.active:
            return
        self.active = False  # the same limit may be entered again (the engine's, table after table)
        _deadlines.pop()
        if _ticking:
            return
        if _deadlines:
            signal.setitimer(signal.ITIMER_REAL, max(_deadlines[-1] - time.monotonic(), 0.001))
        else:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if self.previous is not None:
            signal.signal(signal.SIGALRM, self.previous)


def install_alarm(tick: float = _TICK) -> None:
    """In a worker process: install perfcheck's SIGALRM handler and a timer
    that ticks every ``tick`` seconds (50 ms), so that each rule's time limit
    only records its deadline. A limit is enforced to within a tick."""
    global _ticking
    if hasattr(signal, "SIGALRM") and hasattr(signal, "setitimer"):
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, tick, tick)
        _ticking = True


def stop_alarm() -> None:
    """Stop the ticking timer (a worker about to exit: a tick during interpreter
    shutdown, with the handler gone, would kill it)."""
    global _ticking
    if _ticking:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _ticking = False
