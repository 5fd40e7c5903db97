"""perfcheck's cache folder: what a run works out that the next one can reuse
(lark's analysed grammar, the plugins' entry points).

``$XDG_CACHE_HOME/perfcheck`` or ``~/.cache/perfcheck``, made owner-only. A
folder someone else owns or can write is never used, and ``PERFCHECK_NO_CACHE``
turns the cache off: each run then works everything out again.
"""

from __future__ import annotations

import contextlib
import os


def folder() -> str | None:
    """The cache folder, made if need be; None when there is to be no cache."""
    if os.environ.get("PERFCHECK_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "perfcheck")
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.stat(path)
    except OSError:
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        return None  # someone else's, or writable by others: not trusted
    return path


def write_atomically(path: str, data: bytes) -> None:
    """``data`` to ``path`` through a temporary file beside it, renamed: a
    process starting meanwhile never reads half a file. Failing is no error
    (the cache is only a saving)."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as f:
            f.write(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
