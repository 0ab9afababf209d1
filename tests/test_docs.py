"""The documentation stays true: every page in the nav exists, the CLI reference is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _nav_files(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [f for item in node for f in _nav_files(item)]
    if isinstance(node, dict):
        return [f for value in node.values() for f in _nav_files(value)]
    return []


def test_every_nav_page_exists_and_every_page_is_in_the_nav() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    listed = set(_nav_files(config["nav"]))
    missing = sorted(f for f in listed if not (ROOT / "docs" / f).is_file())
    assert not missing, f"nav lists missing pages: {missing}"
    pages = {str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")}
    assert pages <= listed, f"pages not in the nav: {sorted(pages - listed)}"


def test_cli_reference_is_current(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    typer = Path(sys.executable).with_name("typer")
    subprocess.run(
        [str(typer), "beachhead.cli.main", "utils", "docs", "--name", "beachhead",
         "--output", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    current = (ROOT / "docs" / "reference" / "cli.md").read_text()
    assert out.read_text() == current, "run scripts/cli-docs.sh to refresh docs/reference/cli.md"
