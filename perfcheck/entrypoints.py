"""The plugins' entry points, found once and kept.

``importlib.metadata`` finds entry points by importing itself (the ``email``
package among others) and reading every installed distribution's metadata:
10 to 30 ms, up to a sixth of checking one document from the command line.
Its answer changes only when distributions are installed, removed or
rewritten. So it is kept in the cache folder (``perfcheck.cache``) with what
it depends on: the interpreter, ``sys.path``, the distributions each
``sys.path`` entry holds, and when each of them and its ``entry_points.txt``
last changed. If any of these differs, the cache cannot be read, or
``PERFCHECK_NO_CACHE`` is set, importlib.metadata is asked again. Checking
costs about a millisecond.

Answers for up to eight settings (interpreter, ``sys.path``, group) are kept
side by side: the ``perfcheck`` command and ``python -m perfcheck`` differ in
``sys.path``'s first entry, and every venv shares the one cache folder, so a
single answer would be thrown away each time a user switched between them.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import re
import sys

import attrs

_CACHE_FILE = "entry-points.json"
_FORMAT = 2
# Records kept: one per interpreter, sys.path and group recently used.
_RECORDS = 8
# An entry point's value, as importlib.metadata.EntryPoint reads it: module:attr [extras].
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")


@attrs.frozen
class EntryPoint:
    name: str
    value: str
    dist_name: str | None  # the distribution that declares it

    def load(self):
        """The object the entry point names, imported (as importlib.metadata does)."""
        m = _VALUE.match(self.value)
        if m is None:
            raise ValueError(f"not an entry point: {self.value!r}")
        module = importlib.import_module(m.group("module"))
        return functools.reduce(getattr, filter(None, (m.group("attr") or "").split(".")), module)


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group``, in importlib.metadata's order."""
    from perfcheck import cache

    folder = cache.folder()
    path = os.path.join(folder, _CACHE_FILE) if folder is not None else None
    if path is not None:
        kept = _read(path, group)
        if kept is not None:
            return kept
    found, sources = _scan(group)
    if path is not None and sources is not None:
        record = {
            "group": group,
            "sources": sources,
            "state": _state(sources),
            "entry_points": [[e.name, e.value, e.dist_name] for e in found],
        }
        # The other interpreters' and sys.paths' records are kept beside this
        # one (the console script and python -m differ in sys.path[0]; two
        # venvs share the cache folder), the most recent first.
        others = [r for r in _records(path) if not _same_setting(r, group)]
        kept = {"format": _FORMAT, "records": [record, *others][:_RECORDS]}
        cache.write_atomically(path, json.dumps(kept, ensure_ascii=False).encode("utf-8"))
    return found


def _scan(group: str) -> tuple[list[EntryPoint], list[str] | None]:
    """importlib.metadata's answer, and the entry_points.txt files it came from
    (None when a distribution was found other than in a folder: not kept)."""
    import importlib.metadata

    found: list[EntryPoint] = []
    sources: list[str] | None = []
    for ep in importlib.metadata.entry_points(group=group):
        dist = ep.dist
        found.append(EntryPoint(ep.name, ep.value, dist.name if dist is not None else None))
        where = getattr(dist, "_path", None)  # a PathDistribution's .dist-info or .egg-info folder
        if where is None or sources is None:
            sources = None
        else:
            sources.append(os.path.join(str(where), "entry_points.txt"))
    return found, sources


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except (OSError, ValueError):
        return None


# Where importlib.metadata finds distributions in a sys.path folder.
_METADATA_SUFFIXES = (".dist-info", ".egg-info")


def _distributions_in(entry: str):
    """A sys.path entry's distributions as (folder name, when it and its
    entry_points.txt last changed: a file rewritten in place leaves its
    folder's time alone); a zip or egg file's own time. Only these: a busy
    working folder on sys.path (``python -m``) changes all the time, its
    distributions do not."""
    try:
        with os.scandir(entry or ".") as found:
            return sorted(
                [e.name, _mtime(e.path), _mtime(os.path.join(e.path, "entry_points.txt"))]
                for e in found
                if e.name.endswith(_METADATA_SUFFIXES)
            )
    except NotADirectoryError:
        return _mtime(entry)
    except (OSError, ValueError):
        return None


def _state(sources: list[str]) -> list:
    """What importlib.metadata's answer depends on, as it stands now (JSON values)."""
    return [
        sys.version,
        sys.prefix,
        [[entry, _distributions_in(entry)] for entry in sys.path],
        [[source, _mtime(source)] for source in sources],
    ]


def _records(path: str) -> list[dict]:
    """The records kept in ``path``; none if it is missing, torn or not ours."""
    try:
        with open(path, "rb") as f:
            kept = json.loads(f.read())
        if not isinstance(kept, dict) or kept.get("format") != _FORMAT or not isinstance(kept.get("records"), list):
            return []
        return [r for r in kept["records"] if isinstance(r, dict)]
    except (OSError, ValueError):
        return []


def _same_setting(record: dict, group: str) -> bool:
    """Whether ``record`` was made by this interpreter with this sys.path, for
    ``group``: only such a record is worth the file times it takes to check."""
    state = record.get("state")
    return (
        record.get("group") == group
        and isinstance(state, list)
        and len(state) == 4
        and state[:2] == [sys.version, sys.prefix]
        and isinstance(state[2], list)
        and [entry[0] if isinstance(entry, list) and entry else None for entry in state[2]] == sys.path
    )


def _read(path: str, group: str) -> list[EntryPoint] | None:
    """The kept answer, if there is one for ``group`` here and nothing it depends on changed."""
    for record in _records(path):
        if not _same_setting(record, group):
            continue
        try:
            sources = record["sources"]
            if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
                return None
            if record["state"] != _state(sources):
                return None
            return [EntryPoint(str(name), str(value), dist if isinstance(dist, str) else None) for name, value, dist in record["entry_points"]]
        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # torn or not ours: ask importlib.metadata
    return None
