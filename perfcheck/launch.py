"""The ``perfcheck`` command's entry point: ``--version`` answered before the
CLI and its plugins are imported (a tenth of a second); everything else
handed to ``perfcheck.cli``."""

from __future__ import annotations

import gc
import sys
from typing import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        from perfcheck import __version__

        print(f"perfcheck {__version__}")
        return 0
    # Start-up makes tens of thousands of objects (modules, classes, plugins)
    # that live as long as the process: collecting while they are being made
    # walks them again and again, about 8% of checking one file. The CLI
    # turns collection back on once the plugins are loaded.
    gc.disable()
    from perfcheck.cli import main as cli_main

    return cli_main(argv)
