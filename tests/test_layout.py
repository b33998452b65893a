"""The package's layout: no import cycle between its modules, at module level or inside functions,
and the code passes ruff and mypy with the project's settings."""
import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import toneaudit

PACKAGE = Path(toneaudit.__file__).parent


def _imports() -> dict[str, set[str]]:
    """Each module of the package → the modules of the package it imports, wherever the import is."""
    def name_of(path: Path) -> str:
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    modules = {name_of(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in _run_time_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                found = [target, *(f"{target}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            else:
                continue
            graph[name].update(module for module in found if module in modules and module != name)
    return graph


def _run_time_nodes(tree: ast.AST):
    """Every node of the tree but those under `if TYPE_CHECKING:`, imports a type checker alone reads."""
    pending = [tree]
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            pending.extend(node.orelse)
            continue
        pending.extend(ast.iter_child_nodes(node))


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str):
        state[module] = 1
        path.append(module)
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                return path[path.index(imported):] + [imported]
            if imported not in state:
                found = visit(imported)
                if found:
                    return found
        state[module] = 2
        path.pop()
        return None

    for module in sorted(graph):
        if module not in state:
            found = visit(module)
            if found:
                return found
    return None


def test_the_package_has_no_import_cycle():
    graph = _imports()
    assert "toneaudit.check" in graph["toneaudit.server"] and "toneaudit.cli" not in graph["toneaudit.server"]
    assert _cycle(graph) is None, " → ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def _missing(tool: str) -> None:
    # .ci/run sets TONEAUDIT_REQUIRE_TOOLS: there, a tool missing from the test extras is a failure.
    if os.environ.get("TONEAUDIT_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{tool} is not installed, and TONEAUDIT_REQUIRE_TOOLS=1")
    pytest.skip(f"{tool} is not installed (it is in the test extras)")


def test_ruff_passes():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        _missing("ruff")
    done = subprocess.run([ruff, "check", "--no-cache", "toneaudit", "tests", "bench"], cwd=PACKAGE.parent,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


def test_mypy_passes():
    # pyproject's [tool.mypy]: the whole package, bodies included, and the public API strictly.
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent))
    if mypy is None:
        _missing("mypy")
    done = subprocess.run([mypy, "--python-executable", sys.executable, "--cache-dir", os.devnull],
                          cwd=PACKAGE.parent, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


def test_every_subpackage_is_installed():
    # A package missing from pyproject's list works from a checkout and is missing once installed.
    import tomllib

    listed = set(tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(path.parent.relative_to(PACKAGE.parent).parts) for path in PACKAGE.rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
