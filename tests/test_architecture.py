"""DESIGN §2: imports point downward only. This test keeps the rule from drifting."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "beachhead"

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "core": (
        "beachhead.store",
        "beachhead.engine",
        "beachhead.services",
        "beachhead.api",
        "beachhead.web",
        "beachhead.cli",
        "beachhead.connectors",
        "beachhead.platform",
        "beachhead.settings",
        "sqlalchemy",
        "alembic",
        "fastapi",
        "typer",
        "rich",
        "jinja2",
        "httpx",
        "requests",
        "starlette",
    ),
    "store": (
        "beachhead.services",
        "beachhead.api",
        "beachhead.web",
        "beachhead.cli",
        "beachhead.connectors",
        "typer",
        "fastapi",
    ),
    "engine": (
        "beachhead.services",
        "beachhead.api",
        "beachhead.web",
        "beachhead.cli",
        "typer",
        "fastapi",
    ),
    "connectors": (
        "beachhead.services",
        "beachhead.store",
        "beachhead.api",
        "beachhead.web",
        "beachhead.cli",
        "sqlalchemy",
        "typer",
        "fastapi",
    ),
    "services": ("beachhead.api", "beachhead.web", "beachhead.cli", "fastapi", "typer", "rich"),
    "api": ("beachhead.store", "beachhead.web", "beachhead.cli", "typer"),
    "web": ("beachhead.store", "beachhead.cli", "typer"),
    "cli": ("beachhead.store", "beachhead.api", "beachhead.web", "sqlalchemy"),
    "demo": (
        "beachhead.store",
        "beachhead.api",
        "beachhead.web",
        "beachhead.cli",
        "beachhead.services",
        "sqlalchemy",
        "typer",
    ),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _layer_files() -> list[tuple[str, Path]]:
    return [
        (path.relative_to(PACKAGE).parts[0], path)
        for path in sorted(PACKAGE.rglob("*.py"))
        if len(path.relative_to(PACKAGE).parts) > 1
    ]


@pytest.mark.parametrize(("layer", "path"), _layer_files(), ids=lambda v: str(v))
def test_layer_imports_point_downward(layer: str, path: Path) -> None:
    banned = FORBIDDEN.get(layer, ())
    bad = sorted(
        name
        for name in _imports(path)
        if any(name == b or name.startswith(b + ".") for b in banned)
    )
    assert not bad, f"{path.relative_to(PACKAGE)} ({layer}) imports {bad}"


def test_every_layer_is_known() -> None:
    layers = {layer for layer, _ in _layer_files()}
    assert layers <= set(FORBIDDEN), f"add rules for {layers - set(FORBIDDEN)}"


def test_rule_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import sqlalchemy\nfrom beachhead.cli.main import app\n")
    assert {"sqlalchemy", "beachhead.cli.main"} <= _imports(bad)
