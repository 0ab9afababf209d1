"""`beachhead import intent|activities`: exit codes, JSON, --strict, idempotent re-imports."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from beachhead.cli.main import app
from beachhead.platform import Platform

runner = CliRunner()

SURGE = (
    "Company Name,Domain,Topic,Category,Composite Score,Metro Area\n"
    'Acme,acme.com,crm,sales,72,"greater boston area[70]|[75]"\n'
    "Beta,beta.io,crm,sales,40,\n"
)
EVENTS = (
    "event_id,occurred_at,activity_type,contact_email,account_domain\n"
    "e1,2024-05-06T10:00:00Z,web_visit,jane@acme.com,\n"
    ",2024-06-01T09:00:00Z,meeting,,beta.io\n"
)


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _invoke(workspace: Path, *args: str) -> tuple[int, str]:
    """(exit code, stdout+stderr); with --json, stdout alone is the JSON document."""
    result = runner.invoke(app, ["import", *args, "--workspace", str(workspace)])
    output = result.stdout if "--json" in args else result.output
    if "--json" in args:
        assert "error:" not in output  # the one-line error goes to stderr
    return result.exit_code, output


def _stored(workspace: Path) -> dict[str, int]:
    platform = Platform.open(workspace)
    try:
        return {name: s.rows for name, s in platform.signals.stats().items()}
    finally:
        platform.close()


def test_intent_import_then_nothing_changes(tmp_path: Path, workspace: Path) -> None:
    surge = _file(tmp_path, "surge.csv", SURGE)
    code, output = _invoke(workspace, "intent", str(surge), "--week", "2024-05-08", "--json")
    assert code == 0, output
    data = json.loads(output)
    assert data["counts"]["intent"]["inserted"] == 3  # two metros for acme, one row for beta
    assert data["files"][0]["encoding"] == "utf-8"
    code, output = _invoke(workspace, "intent", str(surge), "--week", "2024-05-06")
    assert code == 0, output
    assert "Nothing changed" in output
    assert _stored(workspace)["intent"] == 3


def test_intent_rejected_rows_exit_1_after_the_summary(tmp_path: Path, workspace: Path) -> None:
    surge = _file(tmp_path, "surge.csv", SURGE + "Gamma,gamma.io,crm,sales,170,\n")
    code, output = _invoke(workspace, "intent", str(surge), "--week", "2024-05-06")
    assert code == 1
    assert "score must be between 0 and 100" in output and "surge.csv" in output
    assert "1 row(s) rejected" in output
    assert "Traceback" not in output
    assert _stored(workspace)["intent"] == 3  # good rows are in
    assert list((workspace / "reports").glob("import-intent-*.csv"))


def test_intent_strict_writes_nothing(tmp_path: Path, workspace: Path) -> None:
    surge = _file(tmp_path, "surge.csv", SURGE + "Gamma,gamma.io,crm,sales,170,\n")
    code, output = _invoke(
        workspace, "intent", str(surge), "--week", "2024-05-06", "--strict", "--json"
    )
    assert code == 1
    data = json.loads(output)
    assert data["written"] is False and data["rejected_rows"] == 1
    assert _stored(workspace)["intent"] == 0


def test_intent_without_week_is_one_line_error(tmp_path: Path, workspace: Path) -> None:
    surge = _file(tmp_path, "surge.csv", SURGE)
    code, output = _invoke(workspace, "intent", str(surge))
    assert code == 1
    assert "no --week given" in output and "hint:" in output
    assert "Traceback" not in output


def test_activities_import_reimport_and_strict(tmp_path: Path, workspace: Path) -> None:
    events = _file(tmp_path, "events.csv", EVENTS)
    code, output = _invoke(workspace, "activities", str(events), "--json")
    assert code == 0, output
    assert json.loads(output)["counts"]["activities"]["inserted"] == 2
    code, output = _invoke(workspace, "activities", str(events))
    assert code == 0 and "Nothing changed" in output

    dance = "e3,2024-05-07,dance,x@acme.com,\n"
    bad = _file(tmp_path, "bad.csv", EVENTS.replace("e1,", "e9,") + dance)
    code, output = _invoke(workspace, "activities", str(bad), "--strict")
    assert code == 1 and "unknown activity type" in output
    assert _stored(workspace)["activities"] == 2
    code, output = _invoke(workspace, "activities", str(bad), "--json")
    assert code == 1
    counts = json.loads(output)["counts"]["activities"]
    assert counts | {"updated": 0, "merged": 0} == {
        "read": 3,
        "inserted": 1,
        "unchanged": 1,
        "rejected": 1,
        "updated": 0,
        "merged": 0,
    }


def test_activities_missing_columns(tmp_path: Path, workspace: Path) -> None:
    events = _file(tmp_path, "events.csv", "when,what\n2024-05-06,call\n")
    code, output = _invoke(workspace, "activities", str(events))
    assert code == 1
    assert "missing required column(s): occurred_at, activity_type" in output
