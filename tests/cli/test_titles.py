from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from beachhead.cli import titles

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Stands in for the real root command."""

    titles.register(app)
    return app


def test_classify_titles_as_json() -> None:
    result = runner.invoke(_app(), ["titles", "classify", "VP, Data", "Chief of Staff", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["title"] for r in rows] == ["VP, Data", "Chief of Staff"]
    assert (rows[0]["seniority"], rows[0]["function"], rows[0]["buying_role"]) == (
        "vp",
        "data",
        "decision_maker",
    )
    assert rows[1]["seniority"] != "cxo"
    assert rows[1]["reasons"]


def test_classify_table_shows_every_column() -> None:
    result = runner.invoke(_app(), ["titles", "classify", "Dir. IT Ops"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for text in ("seniority", "buying role", "director", "decision_maker", "reasons"):
        assert text in result.output


def test_classify_from_file_with_department_and_buying_function(tmp_path: Path) -> None:
    file = tmp_path / "titles.txt"
    file.write_text("\ufeffCISO\n\nAnalyst\n", encoding="utf-8")
    args = ["titles", "classify", "--file", str(file), "--department", "Security", "--json"]
    result = runner.invoke(_app(), [*args, "--buying-function", "security"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["title"] for r in rows] == ["CISO", "Analyst"]
    assert [r["function"] for r in rows] == ["security", "security"]
    assert rows[0]["buying_role"] == "economic_buyer"


def test_bad_input_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    app = _app()
    missing = runner.invoke(app, ["titles", "classify", "--file", str(tmp_path / "none.txt")])
    assert missing.exit_code == 1
    assert "no such file" in missing.output
    latin = tmp_path / "latin.txt"
    latin.write_bytes("CEO\nDirecteur général\n".encode("latin-1"))
    bad = runner.invoke(app, ["titles", "classify", "--file", str(latin)])
    assert bad.exit_code == 1
    assert "line 2: not UTF-8" in bad.output
    empty = runner.invoke(app, ["titles", "classify"])
    assert empty.exit_code == 1
    assert "no titles given" in empty.output
    wrong = runner.invoke(app, ["titles", "classify", "CISO", "--buying-function", "sec"])
    assert wrong.exit_code == 1
    assert "unknown function" in wrong.output
    for result in (missing, bad, empty, wrong):
        assert "Traceback" not in result.output
