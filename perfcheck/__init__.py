"""perfcheck: a linter for Chinese budget performance target tables (绩效目标表)."""

from importlib.metadata import PackageNotFoundError, version

from perfcheck.hookspec import hookimpl

try:
    __version__ = version("perfcheck")
except PackageNotFoundError:  # pragma: no cover - running from a tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__", "hookimpl"]
