"""The tests' layout: what tests and benches share lives in tests/support, and nothing else
reaches into another test package.

A test module or conftest may import tests.support and its own package's helper modules;
never a conftest or a test module (fixtures reach other packages through conftest.py files
higher up, not through imports). tests/support imports only itself, and bench/ imports
nothing of tests/ but tests.support.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.source_imports import imports_in, module_name

ROOT = Path(__file__).resolve().parent.parent
SUPPORT = "tests.support"


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """Every module of tests/ that `path` imports, with its line; `from package import name`
    counts as importing `package.name` too, where that is a module."""
    for statement in imports_in(path, ROOT):
        module, *members = statement.dotted()
        for name in [module, *(member for member in members if is_module(member))]:
            if name == "tests" or name.startswith("tests."):
                yield statement.line, name


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def in_support(name: str) -> bool:
    return name == SUPPORT or name.startswith(SUPPORT + ".")


def is_test_module(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last == "conftest" or last.startswith("test_")


def layout_problems(path: Path) -> list[str]:
    """Why the imports of `path` (under tests/) break the layout; empty if they do not."""
    own = module_name(path, ROOT)
    package = own.rsplit(".", 1)[0]
    problems = []
    for line, name in imported_modules(path):
        where = f"{path.relative_to(ROOT)}:{line}: imports {name}"
        if is_test_module(name):
            problems.append(f"{where}, a conftest or test module")
        elif in_support(own):
            if not in_support(name):
                problems.append(f"{where}; tests/support imports only itself")
        elif not (in_support(name) or package in (name, name.rsplit(".", 1)[0])):
            problems.append(f"{where}, a helper of another test package (move it to {SUPPORT})")
    return problems


def bench_problems(path: Path) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line}: imports {name}; benches use only {SUPPORT}"
        for line, name in imported_modules(path)
        if not in_support(name)
    ]


def test_no_test_package_imports_another_ones_conftest_tests_or_helpers() -> None:
    files = sorted((ROOT / "tests").rglob("*.py"))
    assert len(files) > 50
    assert [problem for path in files for problem in layout_problems(path)] == []


def test_benches_import_only_the_test_support_package() -> None:
    files = sorted((ROOT / "bench").glob("*.py"))
    assert files
    assert [problem for path in files for problem in bench_problems(path)] == []


@pytest.mark.parametrize(
    ("where", "source", "broken"),
    [
        ("tests/desktop/ui/test_x.py", "from tests.desktop.sync.conftest import WAIT_MS", True),
        ("tests/desktop/ui/test_x.py", "from tests.desktop.activity import test_monitor", True),
        ("tests/server/test_x.py", "from tests.server.test_auth import refresh", True),
        ("tests/server/test_x.py", "from .test_auth import refresh", True),
        ("tests/e2e/test_x.py", "import tests.desktop.ui.conftest", True),
        ("tests/e2e/test_x.py", "from tests.packaging.bundled_app import Bundle", True),
        ("tests/support/x.py", "from tests.e2e.api_client import ApiClient", True),
        ("tests/e2e/test_x.py", "from tests.e2e.api_client import ApiClient", False),
        ("tests/e2e/test_x.py", "from tests.support.waiting import wait_until", False),
        ("tests/desktop/conftest.py", "from tests.support import faults", False),
    ],
)
def test_the_check_tells_a_broken_import_from_an_allowed_one(
    where: str, source: str, broken: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A copy of the tree's package folders, so that the file can sit where it claims to.
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    for package in ("tests", "tests/support", "tests/desktop", "tests/server", "tests/e2e"):
        (tmp_path / package).mkdir(parents=True, exist_ok=True)
        (tmp_path / package / "__init__.py").touch()
    for helper in ("tests/server/test_auth.py", "tests/e2e/api_client.py"):
        (tmp_path / helper).touch()
    path = tmp_path / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source + "\n")
    assert bool(layout_problems(path)) == broken, source
    bench = tmp_path / "bench" / "x.py"
    bench.parent.mkdir(exist_ok=True)
    bench.write_text(source + "\n")
    module = source.split()[1]
    assert bool(bench_problems(bench)) == (
        module.startswith("tests.") and not in_support(module)
    ), source
