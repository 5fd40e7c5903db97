"""perfcheck: a linter for Chinese budget performance target tables (绩效目标表)."""

# The one place the version is written: pyproject.toml reads it from here
# ([tool.setuptools.dynamic]), so that knowing it costs no metadata scan at
# start-up (importlib.metadata.version took ~40 ms).
__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]


def __getattr__(name: str):
    # hookimpl pulls in pluggy: only plugins need it, not `perfcheck --version`.
    if name == "hookimpl":
        from perfcheck.hookspec import hookimpl

        return hookimpl
    raise AttributeError(f"module 'perfcheck' has no attribute {name!r}")
