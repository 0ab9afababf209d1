"""`beachhead import triggers`: exit codes, JSON, --strict, idempotent re-imports."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from beachhead.cli.main import app
from beachhead.platform import Platform

runner = CliRunner()

GOOD = (
    "event_id,domain,company,trigger_type,occurred_on,details,amount\n"
    "f-1,acme.com,Acme,funding,2024-05-02,Series B $40M,40000000\n"
    ",globex.io,Globex,platform_migration,2024-06-10,migrating Teradata -> Snowflake,\n"
)
BAD_ROW = ",initech.com,Initech,ipo,2024-06-11,,\n"


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "triggers.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _invoke(workspace: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["import", "triggers", *args, "--workspace", str(workspace)])
    return result.exit_code, result.stdout if "--json" in args else result.output


def _stored(workspace: Path) -> int:
    platform = Platform.open(workspace)
    try:
        return platform.signals.stats()["triggers"].rows
    finally:
        platform.close()


def test_import_then_nothing_changes(tmp_path: Path, workspace: Path) -> None:
    path = _file(tmp_path, GOOD)
    code, output = _invoke(workspace, str(path), "--json")
    assert code == 0, output
    data = json.loads(output)
    assert data["counts"]["triggers"]["inserted"] == 2 and data["written"] is True
    code, output = _invoke(workspace, str(path))
    assert code == 0, output
    assert "Nothing changed" in output
    assert _stored(workspace) == 2


def test_rejected_rows_exit_1_and_good_rows_are_in(tmp_path: Path, workspace: Path) -> None:
    code, output = _invoke(workspace, str(_file(tmp_path, GOOD + BAD_ROW)), "--json")
    assert code == 1
    data = json.loads(output)
    assert data["rejected_rows"] == 1
    issue = data["issues"][0]
    assert (issue["line"], issue["column"], issue["value"]) == (4, "trigger_type", "ipo")
    assert data["counts"]["triggers"] == {
        "read": 3, "inserted": 2, "updated": 0, "unchanged": 0, "merged": 0, "rejected": 1,
    }  # fmt: skip
    assert Path(data["report"]).is_file()
    assert _stored(workspace) == 2


def test_strict_writes_nothing(tmp_path: Path, workspace: Path) -> None:
    code, output = _invoke(workspace, str(_file(tmp_path, GOOD + BAD_ROW)), "--strict")
    assert code == 1
    assert "Nothing was written" in output
    assert _stored(workspace) == 0


def test_missing_column_is_one_line_error(tmp_path: Path, workspace: Path) -> None:
    code, output = _invoke(workspace, str(_file(tmp_path, "domain,trigger_type\na.com,x\n")))
    assert code == 1
    assert "missing required column(s): occurred_on" in output
    assert "Traceback" not in output
