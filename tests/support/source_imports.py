"""The import statements of a source file, read with `ast` (for the layout checks)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ImportStatement:
    """`import a.b` has module "a.b"; `from a import b, c` has module "a", names b and c.

    A relative import's module is resolved against the importing file's package. Whether
    a name is a module or a member of one is for the reader to tell.
    """

    line: int
    module: str
    names: tuple[str, ...] = ()

    def dotted(self) -> list[str]:
        """The module, then `module.name` for each name."""
        return [self.module, *(f"{self.module}.{name}" for name in self.names)]


def module_name(path: Path, root: Path) -> str:
    """`tests/desktop/conftest.py` -> `tests.desktop.conftest`; a package is its folder."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_in(path: Path, root: Path) -> Iterator[ImportStatement]:
    """Every import in `path`, those inside functions and under TYPE_CHECKING too."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module_name(path, root).rsplit(".", 1)[0] if path.name != "__init__.py" else ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield ImportStatement(node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*anchor, *([module] if module else [])])
            yield ImportStatement(node.lineno, module, tuple(alias.name for alias in node.names))
