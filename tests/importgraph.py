"""perfcheck's import graph, read from the source: which module imports which.

Every import counts: at the top of a module, inside a function (a lazy
import still ties the two modules together) and under ``TYPE_CHECKING``.
``from pkg import name`` imports the submodule ``pkg.name`` when there is
one, else ``pkg`` itself.

``python tests/importgraph.py`` prints every import cycle among perfcheck's
and the built-in rules' modules, with the edges inside it, and exits 1 if
there is one; ``--dot`` prints the whole graph for Graphviz.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = {"perfcheck": REPO / "perfcheck", "perfcheck_rules": REPO / "rules"}


def modules() -> dict[str, Path]:
    found = {}
    for package, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = [package, *path.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def graph() -> dict[str, set[str]]:
    """Each module with the modules of ours it imports."""
    known = modules()
    edges: dict[str, set[str]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*parent, *([base] if base else [])])
                targets.update(f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names)
        edges[name] = {_ours(t, known) for t in targets} - {None, name}
    return edges


def _ours(target: str, known: dict[str, Path]) -> str | None:
    parts = target.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in known:
            return ".".join(parts[:end])
    return None


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(edges)))
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def main(argv: list[str]) -> int:
    edges = graph()
    if "--dot" in argv:
        print("digraph perfcheck {")
        for source in sorted(edges):
            for target in sorted(edges[source]):
                print(f'  "{source}" -> "{target}";')
        print("}")
        return 0
    found = cycles(edges)
    for component in found:
        print("cycle:", " ".join(component))
        for module in component:
            print(f"  {module} -> {', '.join(sorted(edges[module] & set(component)))}")
    print(f"{len(found)} import cycle(s) among {len(edges)} modules")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
