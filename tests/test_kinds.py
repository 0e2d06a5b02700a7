"""common.kinds is the one list of indicator kinds: the shipped catalog uses exactly these, and each has its words."""
import ast
from pathlib import Path

from common import kinds
from indicators import catalog, progress

GROUPS = ("NUMERIC_KINDS", "TEXT_KINDS", "LOWER_IS_BETTER", "WITH_COMPLETION", "FLAT_TARGET_KINDS", "PROJECTED_KINDS")


def test_the_catalog_uses_exactly_the_listed_kinds():
    assert sorted(set(catalog.read_catalog()["kind"])) == sorted(kinds.KINDS)


def test_every_kind_has_a_name_a_short_word_and_a_rule():
    assert list(kinds.KIND_NAMES) == list(kinds.KINDS)
    assert list(kinds.KIND_SHORT) == list(kinds.KINDS)
    assert set(progress.RULES) == set(kinds.KINDS)


def test_every_group_is_made_of_listed_kinds():
    for group in GROUPS:
        assert set(getattr(kinds, group)) <= set(kinds.KINDS), group


def test_common_imports_nothing_of_the_packages_above_it():
    above = {"loaders", "indicators", "charts", "views", "app"}
    for path in Path(kinds.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not {n.split(".")[0] for n in names} & above, (path.name, names)
