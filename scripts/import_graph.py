"""Draw aluehaku's import structure: layer violations and circles between files.

``python scripts/import_graph.py`` reads every module under ``src/aluehaku`` with :mod:`ast` (no
imports are run) and prints

* imports from a lower layer to a higher one, layers being
  analysis < ingest < embed < store < search < answer < sources < api/cli (``models``, ``config``,
  ``errors`` and the other top-level modules are shared and stand outside the order);
* circles between modules, once for imports that run (module level and inside functions) and
  once counting ``if TYPE_CHECKING:`` imports too;
* pairs of packages that import each other.

Each edge is tagged ``top`` (module level), ``lazy`` (inside a function) or ``typing``. The exit
status is 0; the output is a report, not a gate.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
LAYERS = ["analysis", "ingest", "embed", "store", "search", "answer", "sources", "api"]
#: Top-level modules that stand with the API, on top: the CLI and its helpers, and the one JSON
#: contract that the API, the CLI and the UI share (it reads search and answer results).
APP_MODULES = {"cli", "cli_progress", "cli_help", "contract"}


def modules() -> dict[str, tuple[Path, bool]]:
    """Dotted name -> (file, whether it is a package's ``__init__``)."""
    out: dict[str, tuple[Path, bool]] = {}
    for path in (SRC / "aluehaku").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_pkg else parts)] = (path, is_pkg)
    return out


def targets(mod: str, is_pkg: bool, node: ast.Import | ast.ImportFrom, known: set[str]) -> set[str]:
    """The aluehaku modules an import statement reaches."""
    names: list[str] = []
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        base = mod.split(".") if is_pkg else mod.split(".")[:-1]
        if node.level:
            base = base[: len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        names = [
            f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in known else prefix for a in node.names
        ]
    found = set()
    for name in names:
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name and name != mod:
            found.add(name)
    return found


def edges() -> tuple[dict[tuple[str, str], set[str]], set[str]]:
    """(importer, imported) -> kinds of import, and every module name."""
    mods = modules()
    known = set(mods)
    out: dict[tuple[str, str], set[str]] = {}
    for mod, (path, is_pkg) in mods.items():
        stack: list[tuple[ast.AST, list[ast.AST]]] = [(ast.parse(path.read_text()), [])]
        while stack:
            node, parents = stack.pop()
            chain = [*parents, node]
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.Import | ast.ImportFrom):
                    kind = "top"
                    if any(
                        isinstance(p, ast.If) and "TYPE_CHECKING" in ast.unparse(p.test)
                        for p in chain
                    ):
                        kind = "typing"
                    elif any(isinstance(p, ast.FunctionDef | ast.AsyncFunctionDef) for p in chain):
                        kind = "lazy"
                    for target in targets(mod, is_pkg, child, known):
                        out.setdefault((mod, target), set()).add(kind)
                stack.append((child, chain))
    return out, known


def layer(mod: str) -> int | None:
    parts = mod.split(".")
    if len(parts) == 1:
        return None
    if parts[1] in APP_MODULES:
        return LAYERS.index("api")
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def circles(
    graph: dict[tuple[str, str], set[str]], kinds: set[str], nodes: set[str]
) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    succ: dict[str, set[str]] = {}
    for (a, b), ks in graph.items():
        if ks & kinds:
            succ.setdefault(a, set()).add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in succ.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(10_000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return found


def main() -> None:
    graph, nodes = edges()

    def tag(a: str, b: str) -> str:
        return f"{a} -> {b}  [{','.join(sorted(graph[(a, b)]))}]"

    print("Imports from a lower layer to a higher one:")
    for a, b in sorted(graph):
        la, lb = layer(a), layer(b)
        if la is not None and lb is not None and la < lb:
            print("  " + tag(a, b))
    print("Shared modules that import a layer:")
    for a, b in sorted(graph):
        if a != "aluehaku" and layer(a) is None and layer(b) is not None:
            print("  " + tag(a, b))
    for label, kinds in (
        ("imports that run", {"top", "lazy"}),
        ("TYPE_CHECKING too", {"top", "lazy", "typing"}),
    ):
        print(f"Circles between modules ({label}):")
        for comp in circles(graph, kinds, nodes):
            print("  " + " <-> ".join(comp))
            for a in comp:
                for b in comp:
                    if (a, b) in graph and graph[(a, b)] & kinds:
                        print("      " + tag(a, b))
    print("Packages that import each other (imports that run):")
    pkg: dict[tuple[str, str], list[str]] = {}
    for (a, b), ks in graph.items():
        pa, pb = a.split(".")[1:2] or ["aluehaku"], b.split(".")[1:2] or ["aluehaku"]
        if ks & {"top", "lazy"} and pa != pb:
            pkg.setdefault((pa[0], pb[0]), []).append(tag(a, b))
    for (x, y), lines in sorted(pkg.items()):
        if (y, x) in pkg and x < y:
            print(f"  {x} <-> {y}")
            for line in lines + pkg[(y, x)]:
                print("      " + line)


if __name__ == "__main__":
    main()
