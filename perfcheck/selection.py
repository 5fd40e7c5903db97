"""Which files a directory walk checks: excludes and what git ignores.

A reviewer runs ``perfcheck check .`` in a repository that also holds CI
workflows, package files, build output and a virtualenv. The walk skips:

- paths matching an ``exclude`` pattern (default ``DEFAULT_EXCLUDE``:
  build/, dist/, .git, node_modules, virtualenvs …), plus ``extend-exclude``;
- in a git work tree, what git ignores (``.gitignore``, ``.git/info/exclude``,
  the global excludes file), asked of git itself so that every rule of
  gitignore holds exactly; off with ``respect-gitignore = false``.

Files named on the command line are checked whatever the patterns say,
unless ``--force-exclude`` is given (pre-commit names files one by one).

Patterns are gitignore-style globs: a pattern without a slash matches any
path component (``build``, ``*.min.json``); one with a slash matches the path
from the walked directory (``tests/fixtures/*``, ``docs/archive/``).
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import stat
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from perfcheck.model import Message

if TYPE_CHECKING:  # pragma: no cover
    from perfcheck.config import Settings
    from perfcheck.plugins import PluginHost


def excluded(relative: str, patterns: tuple[str, ...]) -> bool:
    """Whether the POSIX path ``relative`` (from the walked directory) matches a pattern."""
    return exclusion(relative, patterns) is not None


def exclusion(relative: str, patterns: tuple[str, ...]) -> str | None:
    """The first pattern the POSIX path ``relative`` matches, or None."""
    parts = [p for p in relative.split("/") if p not in ("", ".")]
    path = "/".join(parts)
    for raw in patterns:
        pattern = raw.strip().rstrip("/")
        if pattern.startswith("./"):
            pattern = pattern[2:]
        if not pattern:
            continue
        if "/" in pattern:
            pattern = pattern.lstrip("/")
            if fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, pattern + "/*"):
                return raw
        elif any(fnmatch.fnmatchcase(part, pattern) for part in parts):
            return raw
    return None


# Why a file was passed over, for --verbose: (Chinese, English).
HIDDEN = ("隐藏文件或目录（名称以“.”开头）", "hidden (its name starts with '.')")
GIT_IGNORED = ("被 git 忽略（.gitignore 等）", "ignored by git (.gitignore)")
NOT_REGULAR = ("不是普通文件", "not a regular file")
NOT_SNIFFED = ("内容看起来不是绩效目标表", "its content does not look like target tables")
NO_TABLE = ("能正常读取，但其中没有绩效目标表", "reads fine but holds no target table")


def git_visible(root: Path) -> set[str] | None:
    """The files under ``root`` git does not ignore (tracked or not), as POSIX paths
    relative to ``root``; None outside a git work tree or without git."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        proc = subprocess.run(
            [git, "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            capture_output=True, timeout=60, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None  # not a work tree: nothing is ignored
    return {os.fsdecode(p) for p in proc.stdout.split(b"\0") if p}


def find_files(
    host: PluginHost,
    settings_for: Callable[[Path], Settings],
    paths: Iterable[Path],
    *,
    force_exclude: bool = False,
    tables_only: bool = False,
    passed_over: list[tuple[Path, Message]] | None = None,
) -> list[tuple[Path, bool]]:
    """``(path, walked)`` for each file to check; ``walked`` is False for a named file.

    Directories are walked for the regular files a reader claims and sniffs
    as one of its own, skipping the configuration's ``exclude`` patterns and
    what git ignores. A named file is always checked, unless
    ``force_exclude`` and a pattern excludes it, or ``tables_only`` and it is
    not one of a reader's (then it is treated as a walk would: left out when
    it holds no table). ``settings_for`` gives the configuration in force
    for a path (``SettingsCache.for_path``). ``passed_over``, when given,
    gets each file or directory left out, with why (``check --verbose``).
    """
    files: list[tuple[Path, bool]] = []

    def skip(path: Path, reason: tuple[str, str]) -> None:
        if passed_over is not None:
            passed_over.append((path, Message(*reason)))

    def unknown_type() -> tuple[str, str]:
        known = " ".join(sorted({s for r in host.readers for s in r.suffixes}))
        return f"不是可检查的文件类型（可检查：{known}）", f"not a kind of file perfcheck reads ({known})"

    def pattern_reason(pattern: str, flag: str = "") -> tuple[str, str]:
        return f"匹配排除模式「{pattern}」{flag}", f"matches the exclude pattern {pattern!r}{flag}"

    for path in paths:
        if not _is_dir(path):
            if force_exclude and (pattern := exclusion(_relative(path), settings_for(path).exclude)) is not None:
                skip(path, pattern_reason(pattern, " (--force-exclude)"))
                continue
            if tables_only:
                reader = host.reader_for(path.suffix)
                if reader is None:
                    skip(path, unknown_type())
                    continue
                if not _is_regular(path):
                    skip(path, NOT_REGULAR)
                    continue
                if not _sniffs(reader, path):
                    skip(path, NOT_SNIFFED)
                    continue
            files.append((path, tables_only))
            continue
        settings = settings_for(path)
        visible = git_visible(path) if settings.respect_gitignore else None
        for root, dirs, names in os.walk(path):
            base = Path(root).relative_to(path).as_posix()
            prefix = "" if base == "." else base + "/"
            kept = []
            for d in sorted(dirs):
                if d.startswith("."):
                    skip(Path(root) / d, HIDDEN)
                elif (pattern := exclusion(prefix + d, settings.exclude)) is not None:
                    skip(Path(root) / d, pattern_reason(pattern))
                else:
                    kept.append(d)
            dirs[:] = kept
            for name in sorted(names):
                candidate = Path(root) / name
                if name.startswith("."):
                    skip(candidate, HIDDEN)
                elif (pattern := exclusion(prefix + name, settings.exclude)) is not None:
                    skip(candidate, pattern_reason(pattern))
                elif visible is not None and prefix + name not in visible:
                    skip(candidate, GIT_IGNORED)
                elif (reader := host.reader_for(candidate.suffix)) is None:
                    skip(candidate, unknown_type())
                elif not _is_regular(candidate):  # opening a FIFO met in a walk would block forever
                    skip(candidate, NOT_REGULAR)
                elif not _sniffs(reader, candidate):
                    skip(candidate, NOT_SNIFFED)
                else:
                    files.append((candidate, True))
    return files


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name over 255 bytes: not a directory; reading it says why
        return False


def _relative(path: Path) -> str:
    """A named file's path as patterns see it: relative to the current directory when inside it."""
    try:
        return Path(os.path.abspath(path)).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _sniffs(reader, path: Path) -> bool:
    try:
        return bool(reader.sniff(path))
    except Exception:  # noqa: BLE001 - a plugin reader's sniff: check the file and let the read say
        return True
