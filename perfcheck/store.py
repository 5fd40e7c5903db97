"""The findings store: each file's result kept in SQLite as it finishes, so
that a run over a corpus can stop (Ctrl-C, a crash, a lost scheduler) and
the same command continue where it stopped (``perfcheck check --store``).

A file's result is kept under its path, the SHA-256 of its content, the
perfcheck version and a hash of the settings that change findings (enabled
rules, their options, severities, language, time limits, and the plugins the
enabled rules come from). A run finds each file's entry first; a file whose
entry is there is reported from it, as if it had been checked, and is not
checked again. Change the file, the configuration or perfcheck, and the
entry no longer matches: the file is checked again.

The schema (docs/store.md) is versioned with ``PRAGMA user_version``, and a
store made by an older perfcheck is migrated in place (``MIGRATIONS``). A
store that is not one, is damaged, or was made by a newer perfcheck is a
``StoreError`` naming the file (exit 2), never a traceback.

Only the standard library is used: ``sqlite3`` ships with Python.
"""

from __future__ import annotations

import collections
import datetime
import hashlib
import json
import os
import sqlite3
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Mapping

from perfcheck import __version__
from perfcheck.executors import RunFailed
from perfcheck.jobs import Job
from perfcheck.model import Finding, FindingData, Fix, Message, Severity, SourceLocation
from perfcheck.results import FileResult

if TYPE_CHECKING:  # pragma: no cover
    from perfcheck.config import Settings
    from perfcheck.executors import Executor
    from perfcheck.plugins import PluginHost

SCHEMA_VERSION = 2
# "PCK1" in PRAGMA application_id: a SQLite file made by something else is not taken for a store.
APPLICATION_ID = 0x50434B31

SCHEMA = """
CREATE TABLE runs (
    id        INTEGER PRIMARY KEY,
    started   TEXT NOT NULL,
    finished  TEXT,
    perfcheck TEXT NOT NULL,
    command   TEXT NOT NULL,
    files     INTEGER,
    checked   INTEGER
);
CREATE TABLE files (
    id         INTEGER PRIMARY KEY,
    path       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    perfcheck  TEXT NOT NULL,
    settings   TEXT NOT NULL,
    run        INTEGER NOT NULL REFERENCES runs(id),
    checked_at TEXT NOT NULL,
    result     INTEGER NOT NULL,
    tables     INTEGER NOT NULL,
    indicators INTEGER NOT NULL,
    errors     INTEGER NOT NULL,
    warnings   INTEGER NOT NULL,
    infos      INTEGER NOT NULL,
    suppressed INTEGER NOT NULL,
    unit       TEXT,
    year       INTEGER,
    lang       TEXT NOT NULL,
    region     TEXT,
    UNIQUE (path, sha256, perfcheck, settings)
);
CREATE TABLE findings (
    file       INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    code       TEXT NOT NULL,
    severity   TEXT NOT NULL,
    table_name TEXT,
    indicator  TEXT,
    finding    TEXT NOT NULL,
    restore    TEXT NOT NULL,
    PRIMARY KEY (file, seq)
);
CREATE INDEX findings_code ON findings(code);
CREATE INDEX files_run ON files(run);
"""



def _add_region(db: sqlite3.Connection) -> None:
    """1 -> 2: each file's region (``Document.region``). Entries made before
    have none: a region is only read from the document when it is checked."""
    db.execute("ALTER TABLE files ADD COLUMN region TEXT")


# How a store of each older schema version becomes the next one: version N's
# function takes a connection inside a transaction and leaves version N + 1.
# A new version adds its step here and raises SCHEMA_VERSION.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _add_region}

# Read files in pieces of this size to hash them: a 200 MiB PDF is never held whole.
_CHUNK = 1024 * 1024


class StoreError(RunFailed):
    """The store cannot be used: not a store, damaged, locked, or newer than this perfcheck."""


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _failure(path: Path, exc: BaseException) -> StoreError:
    return StoreError(Message(
        f"结果库 {path} 无法使用（不是 perfcheck 的结果库，或已损坏）：{exc}",
        f"the findings store {path} cannot be used (not a perfcheck store, or damaged): {exc}",
    ))


# --------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------


def _plain(value):
    """What ``json.dumps`` cannot write, as it can (for a settings hash)."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, Enum):
        return value.value
    return str(value)


def settings_hash(settings: Settings, host: PluginHost) -> str:
    """A hash of what in ``settings`` changes a file's findings: the enabled
    rules and the plugins they come from, every option, the severities, the
    language, and the time limits (past which a file or rule is an E001 or
    E003). Where files are checked (``[executor]``) and which are walked do
    not count."""
    enabled = sorted(settings.enabled)
    data = {
        "enabled": [[code, host.rules[code].plugin if code in host.rules else None] for code in enabled],
        "options": {code: settings.options.get(code, {}) for code in enabled},
        "severity": {code: settings.severity[code] for code in sorted(settings.severity)},
        "lang": settings.lang,
        "timeout": settings.timeout,
        "rule_timeout": settings.rule_timeout,
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(path: Path) -> str | None:
    """The SHA-256 of a regular file's content; None for anything else (a
    missing file, a FIFO), which is always checked and never kept."""
    try:
        import stat

        with open(path, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            digest = hashlib.sha256()
            while chunk := f.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


# --------------------------------------------------------------------------
# Findings as stored
# --------------------------------------------------------------------------


def finding_rows(finding: Finding, lang: str) -> tuple[str, str]:
    """(the finding as the JSON report writes it, what else rebuilds it exactly:
    its message in both languages, and which data values are Decimals)."""
    from perfcheck.reporters.json import finding_to_json

    restore: dict = {"message": {"zh": finding.message.zh, "en": finding.message.en}}
    if finding.data is not None:
        decimals = {}
        for key, value in finding.data.items():
            if type(value) is Decimal:
                decimals[key] = True
            elif type(value) is tuple and any(type(v) is Decimal for v in value):
                decimals[key] = [i for i, v in enumerate(value) if type(v) is Decimal]
        if decimals:
            restore["decimal"] = decimals
    return (json.dumps(finding_to_json(finding, lang), ensure_ascii=False),  # its keys in the report's order
            json.dumps(restore, ensure_ascii=False, sort_keys=True))


def finding_from_rows(found: dict, restore: dict, path: str) -> Finding:
    """The finding ``finding_rows`` kept, named after ``path``."""
    data = found.get("data")
    if data is not None:
        data = dict(data)
        for key, where in restore.get("decimal", {}).items():
            if where is True:
                data[key] = Decimal(data[key])
            else:
                data[key] = [Decimal(v) if i in where else v for i, v in enumerate(data[key])]
    fix = found.get("fix")
    message = restore["message"]
    return Finding(
        code=found["code"], name=found["name"], severity=Severity(found["severity"]),
        message=Message(message["zh"], message["en"]), file=path, table=found.get("table"),
        indicator=found.get("indicator"), location=SourceLocation(**found.get("location", {})),
        suggestion=found.get("suggestion"), value=found.get("value"),
        fix=Fix(fix["field"], fix["replacement"], fix["safe"]) if fix else None,
        data=FindingData.of(data),
    )


# --------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------

# A lookup's answer for a file with no entry (None is an entry: a walked file with no table).
MISSING = object()


class Store:
    """A findings store, open. ``begin`` a run before recording into it."""

    def __init__(self, path: Path, *, create: bool = True):
        self.path = Path(path)
        self.run: int | None = None
        # Files of this run answered from the store, and checked and recorded.
        self.reused = 0
        self.checked = 0
        if not create and not self.path.is_file():
            raise StoreError(Message(f"结果库 {path} 不存在", f"the findings store {path} does not exist"))
        try:
            # Autocommit; transactions are explicit (BEGIN IMMEDIATE): a killed
            # run keeps every file it recorded, and two runs on one store wait
            # for each other (timeout) rather than fail at once.
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        except sqlite3.Error as exc:
            raise _failure(self.path, exc) from None
        try:
            self._prepare()
        except sqlite3.Error as exc:
            self.db.close()
            raise _failure(self.path, exc) from None
        except StoreError:
            self.db.close()
            raise

    # ---- schema
    def _prepare(self) -> None:
        db = self.db
        db.execute("PRAGMA foreign_keys = ON")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        application = db.execute("PRAGMA application_id").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version == 0 and application == 0 and tables == 0:
            db.execute("PRAGMA journal_mode = WAL")  # readers (perfcheck report) while a run writes
            db.executescript("BEGIN IMMEDIATE;" + SCHEMA + f"PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
            version, application = SCHEMA_VERSION, APPLICATION_ID
        if application != APPLICATION_ID:
            raise StoreError(Message(
                f"{self.path} 是别的程序的 SQLite 数据库，不是 perfcheck 的结果库",
                f"{self.path} is another program's SQLite database, not a perfcheck findings store",
            ))
        self._migrate(version)
        db.execute("PRAGMA synchronous = NORMAL")  # with WAL: a killed process loses nothing committed

    def _migrate(self, version: int) -> None:
        """Bring a store of an older schema up to this one, each step in a transaction."""
        if version > SCHEMA_VERSION:
            raise StoreError(Message(
                f"结果库 {self.path} 由较新版本的 perfcheck 创建（结构版本 {version}，本版本支持 {SCHEMA_VERSION}）：请升级 perfcheck",
                f"the findings store {self.path} was made by a newer perfcheck (schema {version}; this one knows {SCHEMA_VERSION}): upgrade perfcheck",
            ))
        while version < SCHEMA_VERSION:
            step = MIGRATIONS.get(version)
            if step is None:
                raise StoreError(Message(
                    f"结果库 {self.path} 的结构版本 {version} 无法迁移",
                    f"the findings store {self.path} has schema {version}, which cannot be migrated",
                ))
            with self._transaction():
                step(self.db)
                version += 1
                self.db.execute(f"PRAGMA user_version = {version}")

    def _transaction(self):
        store = self

        class _Transaction:
            def __enter__(self):
                if not store.db.in_transaction:
                    store.db.execute("BEGIN IMMEDIATE")

            def __exit__(self, kind, exc, tb):
                if not store.db.in_transaction:
                    return
                store.db.execute("ROLLBACK" if kind else "COMMIT")

        return _Transaction()

    def _guarded(self, work, *args):
        try:
            return work(*args)
        except sqlite3.Error as exc:
            raise _failure(self.path, exc) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- runs
    def begin(self, command: str) -> int:
        """Start a run: the files it checks are recorded under it."""

        def work():
            with self._transaction():
                cursor = self.db.execute("INSERT INTO runs (started, perfcheck, command) VALUES (?, ?, ?)", (_now(), __version__, command))
            return cursor.lastrowid

        self.run = self._guarded(work)
        self.reused = self.checked = 0
        return self.run

    def finish(self) -> None:
        """The run went to its end: note when, and how many files it answered and checked."""

        def work():
            with self._transaction():
                self.db.execute(
                    "UPDATE runs SET finished = ?, files = ?, checked = ? WHERE id = ?",
                    (_now(), self.reused + self.checked, self.checked, self.run),
                )

        self._guarded(work)

    # ---- files
    def lookup(self, path: Path, sha256: str, settings: str) -> FileResult | None | object:
        """The kept result of this file as it is now under these settings, or
        ``MISSING``. None is a kept answer: a walked file that holds no table."""
        return self._guarded(self._lookup, path, sha256, settings)

    def _lookup(self, path: Path, sha256: str, settings: str):
        row = self.db.execute(
            "SELECT id, result, tables, indicators, suppressed, unit, year, region FROM files"
            " WHERE path = ? AND sha256 = ? AND perfcheck = ? AND settings = ?",
            (_key_path(path), sha256, __version__, settings),
        ).fetchone()
        if row is None:
            return MISSING
        file_id, result, tables, indicators, suppressed, unit, year, region = row
        if not result:
            return None
        name = str(path)
        findings = tuple(
            finding_from_rows(json.loads(found), json.loads(restore), name)
            for found, restore in self.db.execute("SELECT finding, restore FROM findings WHERE file = ? ORDER BY seq", (file_id,))
        )
        return FileResult(name, findings, tables=tables, indicators=indicators, suppressed=suppressed, unit=unit, year=year, region=region)

    def record(self, path: Path, sha256: str, settings: str, lang: str, result: FileResult | None) -> None:
        """Keep a file's result (replacing an entry under the same key), in one
        transaction: a run stopped at any point keeps whole files only."""
        self._guarded(self._record, path, sha256, settings, lang, result)

    def _record(self, path: Path, sha256: str, settings: str, lang: str, result: FileResult | None) -> None:
        counts = result.counts() if result is not None else (0, 0, 0)
        with self._transaction():
            self.db.execute(
                "DELETE FROM files WHERE path = ? AND sha256 = ? AND perfcheck = ? AND settings = ?",
                (_key_path(path), sha256, __version__, settings),
            )
            cursor = self.db.execute(
                "INSERT INTO files (path, sha256, perfcheck, settings, run, checked_at, result, tables, indicators,"
                " errors, warnings, infos, suppressed, unit, year, lang, region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _key_path(path), sha256, __version__, settings, self.run, _now(), int(result is not None),
                    result.tables if result else 0, result.indicators if result else 0, *counts,
                    result.suppressed if result else 0, result.unit if result else None, result.year if result else None, lang,
                    result.region if result else None,
                ),
            )
            file_id = cursor.lastrowid
            if result is not None:
                self.db.executemany(
                    "INSERT INTO findings (file, seq, code, severity, table_name, indicator, finding, restore) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    ((file_id, seq, f.code, f.severity.value, f.table, f.indicator, *finding_rows(f, lang)) for seq, f in enumerate(result.findings)),
                )

    # ---- reading back (perfcheck report)
    def latest(self) -> list[dict]:
        """Each file's latest entry (by path), as a dict of the ``files`` row
        with its findings (as the JSON report writes them) under ``findings``;
        walked files with no table left out."""
        return self._guarded(self._latest)

    def _latest(self) -> list[dict]:
        self.db.row_factory = sqlite3.Row
        try:
            rows = self.db.execute(
                "SELECT f.* FROM files f WHERE f.result = 1 AND f.id = (SELECT g.id FROM files g WHERE g.path = f.path"
                " ORDER BY g.checked_at DESC, g.id DESC LIMIT 1) ORDER BY f.path"
            ).fetchall()
            found: dict[int, list] = collections.defaultdict(list)
            for row in self.db.execute("SELECT file, finding FROM findings ORDER BY file, seq"):
                found[row["file"]].append(row["finding"])
        finally:
            self.db.row_factory = None
        return [{**dict(row), "findings": [json.loads(text) for text in found.get(row["id"], ())]} for row in rows]

    def runs(self) -> list[dict]:
        def work():
            cursor = self.db.execute("SELECT id, started, finished, perfcheck, command, files, checked FROM runs ORDER BY id")
            names = [c[0] for c in cursor.description]
            return [dict(zip(names, row)) for row in cursor]

        return self._guarded(work)


def _key_path(path: Path) -> str:
    """A file's path as the store keys it: absolute, so that the same command
    run from another folder still finds its entries (and not resolved: a
    symlinked folder keeps its name)."""
    return os.path.abspath(path)


class StoredExecutor:
    """An executor in front of another (``perfcheck.executors``): a job whose
    file has an entry in the store is answered from it; the others go to the
    inner executor, and each of their results is recorded as it finishes.
    The inner executor is started only if some file needs checking."""

    def __init__(self, inner: Executor, store: Store, host: PluginHost, *, reuse: bool = True):
        self.inner = inner
        self.store = store
        self.host = host
        # False: every file is checked (a report that shows the tables needs
        # the documents, which the store does not keep), and still recorded.
        self.reuse = reuse
        self.ready: collections.deque[tuple[Job, FileResult | None]] = collections.deque()
        self.to_check: list[Job] = []
        self.keys: dict[int, tuple[str, str] | None] = {}
        self.hashes: dict[int, str] = {}  # id(settings) -> settings hash
        self.entered = False

    def submit(self, job: Job) -> None:
        sha = content_hash(job.path)
        settings = self._settings_hash(job.settings)
        if sha is not None and self.reuse:
            kept = self.store.lookup(job.path, sha, settings)
            if kept is not MISSING:
                self.ready.append((job, kept))
                self.store.reused += 1
                return
        self.keys[job.index] = (sha, settings) if sha is not None else None
        self.to_check.append(job)

    def _settings_hash(self, settings: Settings) -> str:
        # A batch shares a few Settings objects: hash each once.
        known = self.hashes.get(id(settings))
        if known is None:
            known = self.hashes[id(settings)] = settings_hash(settings, self.host)
        return known

    def results(self) -> Iterator[tuple[Job, FileResult | None]]:
        while self.ready:
            yield self.ready.popleft()
        if not self.to_check:
            return
        if not self.entered:
            self.inner.__enter__()
            self.entered = True
        for job in self.to_check:
            self.inner.submit(job)
        self.to_check = []
        for job, result in self.inner.results():
            key = self.keys.pop(job.index, None)
            if key is not None:
                self.store.record(job.path, key[0], key[1], job.settings.lang, result)
            self.store.checked += 1
            yield job, result

    def cancel(self) -> None:
        self.ready.clear()
        self.to_check = []
        if self.entered:
            self.inner.cancel()

    def __enter__(self) -> "StoredExecutor":
        return self

    def __exit__(self, *exc) -> None:
        self.cancel()
        if self.entered:
            self.inner.__exit__(*exc)
            self.entered = False
