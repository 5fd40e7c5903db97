"""Every hook a perfcheck plugin can implement, in one place.

A plugin is a module (or object) named by an entry point in the ``perfcheck``
group of its distribution's metadata::

    [project.entry-points.perfcheck]
    myrules = "my_package.perfcheck_plugin"

and decorates its hook functions with ``perfcheck.hookimpl``. perfcheck's own
rules, readers, reporters and units are registered the same way (entry points
``perfcheck-core`` and ``perfcheck``), so a plugin is never second-class.

Each entry point is loaded on its own, and each plugin's hook is called on
its own: a plugin that fails to import, or whose hook raises, is reported as
a warning naming it, and the run goes on with the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from perfcheck.model import Document, Finding, TableKindDef
    from perfcheck.readers import Reader
    from perfcheck.reporters import Reporter
    from perfcheck.rule import Rule
    from perfcheck.units import UnitDef

PROJECT = "perfcheck"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def perfcheck_rules() -> list[type[Rule]]:
    """Return the rule classes this plugin provides.

    Each is a subclass of ``perfcheck.rule.Rule`` with a unique ``code`` (a
    group letter or letters and three digits) and kebab-case ``name``. A code
    already taken by another plugin is reported and the later rule dropped:
    codes are stable identifiers users put in configs and baselines.
    """


@hookspec
def perfcheck_readers() -> list[Reader]:
    """Return readers: objects that turn a file into a ``perfcheck.model.Document``.

    A reader has a ``name``, the file ``suffixes`` it handles, ``sniff(path)``
    (does a file met while walking a directory belong to it?) and
    ``read(path)``, which returns the document or raises
    ``perfcheck.readers.ReadError`` naming the place in the file.
    """


@hookspec
def perfcheck_reporters() -> list[Reporter]:
    """Return reporters: subclasses of ``perfcheck.reporters.Reporter`` with a
    ``name`` (the ``--format`` value) and either ``render(run, lang, options)
    -> str`` (text formats) or ``write(run, lang, path)`` (file formats, which
    need ``-o``), for a ``perfcheck.results.RunResult``. The class attributes
    declare what else the report can do (stream, digest, statistics, show the
    documents). An object that does not subclass ``Reporter`` but has a
    ``name`` and ``render`` or ``write`` is adapted, its abilities read from
    what it defines; one with neither is refused with a warning."""


@hookspec
def perfcheck_units() -> list[UnitDef]:
    """Return ``perfcheck.units.UnitDef`` entries to add to the unit registry
    (a local unit of count, an area unit). A symbol a plugin defines
    replaces the built-in one."""


@hookspec
def perfcheck_table_kinds() -> list[TableKindDef]:
    """Return ``perfcheck.model.TableKindDef`` entries: kinds of table beyond
    the built-in ``project``, ``unit``, ``self-evaluation`` and
    ``self-evaluation-unit`` (a province's own template). A canonical document may then say ``kind: NAME``,
    a reader may build tables of it, and rules name it in ``table_kinds``.
    A name already taken by another kind is reported and the later kind
    dropped."""


@hookspec
def perfcheck_config_defaults() -> dict[str, Any]:
    """Return configuration applied beneath the user's own, in the shape of
    ``perfcheck.toml`` (``{"rules": {"W001": {"total": 90}}}``). A deployment
    plugin uses this to make its convention the default."""


@hookspec
def perfcheck_profiles() -> dict[str, dict[str, Any]]:
    """Return named presets, selected with ``profile = "NAME"`` in the config:
    each is a configuration fragment (``severity``, ``rules`` options,
    ``select``/``ignore``) applied beneath the user's own settings."""


@hookspec
def perfcheck_document_read(document: Document) -> Document | None:
    """Called for every file once it is read, before its rules run, with the
    ``perfcheck.model.Document`` it read as. Return a new document (an
    ``attrs.evolve`` of it: a table's unit filled from the file's name, a
    province's extra columns) to check that instead, or None to leave it.

    Plugins are called one by one, in registration order, each seeing the
    document the previous one returned. Each call runs under the rule time
    limit (``--rule-timeout``); a plugin whose hook raises, runs out of time
    or returns something else than a Document gets an E003 finding on the
    file, and the document goes on as it was.
    """


@hookspec
def perfcheck_file_findings(document: Document, findings: tuple[Finding, ...]) -> list[Finding] | None:
    """Called for every checked file with the findings that will be reported
    for it: after ``select``/``ignore``, severity overrides and inline
    suppressions. Return the list to report instead (drop findings, add
    ones, or ``attrs.evolve`` them to add a suggestion or ``data``), or None
    to leave them. What is returned is reported as it is, sorted.

    Isolated as ``perfcheck_document_read`` is: a hook that raises, runs out
    of time or returns something else than a list of ``Finding``s gets an
    E003 finding, and the findings go on as they were.
    """
