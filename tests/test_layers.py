"""Packages only import downward (docs/architecture.md): a module may import its own package and the
layers below it, never a layer above nor another package of its own layer. Every import counts,
including those inside functions (the command line defers heavy ones)."""
import ast
from pathlib import Path

import pytest

from indicators import catalog

# bottom to top; packages on one line are one layer and may not import each other
LAYERS = [("common",), ("loaders",), ("indicators",), ("charts",), ("outputs",), ("views", "commands"), ("app",)]
# a package's __main__ is how the command is started: an entry point, whatever package it sits in
ENTRY_POINTS = {"indicators/__main__.py"}


def layer_of(package: str) -> int | None:
    return next((i for i, names in enumerate(LAYERS) if package in names), None)


def imported_packages(source: str) -> set[str]:
    """The top-level names every import statement of `source` reaches (relative imports: none here)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def upward_imports(root: Path) -> list[str]:
    """'loaders/layouts.py imports indicators' for every import of a layer above or beside a module's own."""
    found = []
    packages = [p for names in LAYERS for p in names]
    for path in sorted(root.glob("*.py")) + [f for p in packages for f in sorted((root / p).glob("**/*.py"))]:
        relative = path.relative_to(root).as_posix()
        package = relative.split("/")[0].removesuffix(".py")
        own = len(LAYERS) - 1 if relative in ENTRY_POINTS else layer_of(package)
        if own is None:  # tests, bench, docs scripts: not part of the layered code
            continue
        for name in sorted(imported_packages(path.read_text(encoding="utf-8"))):
            theirs = layer_of(name)
            if name != package and theirs is not None and (theirs > own or (theirs == own and relative not in ENTRY_POINTS)):
                found.append(f"{relative} imports {name}")
    return found


def test_no_package_imports_a_layer_above_its_own():
    assert upward_imports(catalog.ROOT) == []


def test_every_package_of_the_code_has_a_layer():
    packages = {p.parent.name for p in catalog.ROOT.glob("*/__init__.py")} - {"tests", "bench", "docs"}
    assert packages and all(layer_of(p) is not None for p in packages), packages


@pytest.mark.parametrize("where,source,expected", [
    ("loaders/a.py", "from indicators import store\n", ["loaders/a.py imports indicators"]),
    ("loaders/a.py", "def f():\n    import charts.images\n", ["loaders/a.py imports charts"]),
    ("views/a.py", "from commands import cli\n", ["views/a.py imports commands"]),
    ("views/a.py", "import app\n", ["views/a.py imports app"]),
    ("charts/a.py", "from indicators import report\nfrom common.periods import period_label\n", []),
    ("indicators/__main__.py", "from commands.cli import main\n", []),
    ("tests/test_a.py", "from views import shared\n", []),
])
def test_the_check_finds_an_upward_import_wherever_it_is(tmp_path, where, source, expected):
    (tmp_path / where).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / where).write_text(source, encoding="utf-8")
    assert upward_imports(tmp_path) == expected
