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
import subprocess
from pathlib import Path


def excluded(relative: str, patterns: tuple[str, ...]) -> bool:
    """Whether the POSIX path ``relative`` (from the walked directory) matches a pattern."""
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
                return True
        elif any(fnmatch.fnmatchcase(part, pattern) for part in parts):
            return True
    return False


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
