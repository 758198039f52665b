"""The dependency rules of DESIGN.md section 2, read from the source with `ast`.

Every import counts, those inside functions and under TYPE_CHECKING too: a circle that
only the type checker follows still ties two modules together.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.source_imports import imports_in, module_name

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("presence", "server", "desktop")


def source_modules() -> dict[str, Path]:
    return {
        module_name(path, ROOT): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    }


MODULES = source_modules()


def imported_names(path: Path) -> Iterator[str]:
    """Every module name an import statement in `path` names (and, for `from`, its members)."""
    for statement in imports_in(path, ROOT):
        yield from statement.dotted()


def imports_of(name: str) -> set[str]:
    """The project's modules that module `name` imports."""
    found = set()
    for imported in imported_names(MODULES[name]):
        while imported and imported not in MODULES:
            imported = imported.rpartition(".")[0]
        if imported and imported != name:
            found.add(imported)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def a_circle() -> list[str] | None:
    """One import circle among the project's modules, if there is any."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(GRAPH)))

    def visit(name: str) -> list[str] | None:
        path.append(name)
        on_path.add(name)
        for other in sorted(GRAPH[name]):
            if other in on_path:
                return [*path[path.index(other) :], other]
            if other not in done and (circle := visit(other)) is not None:
                return circle
        on_path.discard(path.pop())
        done.add(name)
        return None

    for name in sorted(GRAPH):
        if name not in done and (circle := visit(name)) is not None:
            return circle
    return None


def test_no_module_imports_itself_through_others() -> None:
    assert a_circle() is None


def external_imports(name: str) -> set[str]:
    return {imported.split(".")[0] for imported in imported_names(MODULES[name])}


@pytest.mark.parametrize("name", [n for n in MODULES if n.split(".")[0] == "presence"])
def test_presence_is_pure(name: str) -> None:
    """The rules and documents use the standard library and themselves only."""
    allowed = set(sys.stdlib_module_names) | {"presence", "__future__"}
    assert external_imports(name) <= allowed


def test_the_server_and_the_desktop_never_import_each_other() -> None:
    crossing = {
        (name, other)
        for name, imported in GRAPH.items()
        for other in imported
        if {name.split(".")[0], other.split(".")[0]} == {"server", "desktop"}
    }
    assert crossing == set()


def test_only_the_ui_imports_widgets() -> None:
    widgets = {
        name
        for name, path in MODULES.items()
        if any(i.startswith("PySide6.QtWidgets") for i in imported_names(path))
    }
    assert widgets, "no module imports widgets at all"
    assert all(name.startswith("desktop.ui") for name in widgets), widgets


@pytest.mark.parametrize("layer", ["desktop.core", "desktop.sync", "desktop.activity"])
def test_the_layers_below_the_ui_never_reach_up(layer: str) -> None:
    above = {
        (name, other)
        for name, imported in GRAPH.items()
        if name.startswith(layer)
        for other in imported
        if other.startswith("desktop.ui") or other == "desktop.app"
    }
    assert above == set()


def test_the_wording_reads_only_the_vocabulary() -> None:
    """Sentences depend on the documents and the sync vocabulary, never on what runs."""
    allowed = (
        "presence",
        "desktop.wording",
        "desktop.sync.connection",
        "desktop.core.durations",
        "desktop.signals.readings",
        "desktop.signals.calendar_reading",
    )
    reaching = {
        (name, other)
        for name, imported in GRAPH.items()
        if name.startswith("desktop.wording")
        for other in imported
        if not other.startswith(allowed)
    }
    assert reaching == set()
