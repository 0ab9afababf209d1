"""`beachhead accounts ...` and `beachhead account show` on a real workspace."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from beachhead.cli.main import app
from beachhead.connectors.canonical import CanonicalBatch
from beachhead.platform import Platform
from beachhead.services.progress import NoProgress
from beachhead.services.records import write_records

runner = CliRunner()


def _row(line: int, **values: Any) -> dict[str, Any]:
    return {"file": "Account.csv", "line": line, **values}


@pytest.fixture
def ws(workspace: Path) -> Path:
    made = CanonicalBatch("salesforce")
    made.add("accounts", [
        _row(2, ref="A1", name="Acme Corp", website="www.acme.com", industry="Software",
             is_customer=True),
        _row(3, ref="A2", name="Wonka Industries", country="GB"),
        _row(4, ref="A3", name="Wonka Industrie", country="US"),
    ])  # fmt: skip
    made.add("contacts", [{"file": "Contact.csv", "line": 2, "ref": "C1", "account_ref": "A1",
                           "email": "wile@acme.com", "first_name": "Wile"}])  # fmt: skip
    platform = Platform.open(workspace)
    try:
        with platform.store.unit_of_work() as session:
            write_records(session, platform.settings, made, NoProgress())
    finally:
        platform.close()
    return workspace


def run(ws: Path, *args: str) -> Any:
    # Wide enough that Rich does not fold table cells.
    return runner.invoke(app, [*args, "--workspace", str(ws)], env={"COLUMNS": "200"})


def test_list_as_table_and_json(ws: Path) -> None:
    table = run(ws, "accounts", "list")
    assert table.exit_code == 0, table.output
    assert "acme.com" in table.output and "Wonka Industries" in table.output
    rows = json.loads(run(ws, "accounts", "list", "--customers", "--json").stdout)
    assert [(r["domain"], r["contacts"]) for r in rows] == [("acme.com", 1)]
    found = json.loads(run(ws, "accounts", "list", "--search", "wonka", "-n", "1", "--json").stdout)
    assert len(found) == 1


def test_show(ws: Path) -> None:
    shown = run(ws, "account", "show", "ACME.com")
    assert shown.exit_code == 0, shown.output
    assert (
        "Acme Corp" in shown.output
        and "primary" in shown.output
        and "wile@acme.com" in (shown.output)
    )
    data = json.loads(run(ws, "account", "show", "acme.com", "--json").stdout)
    assert data["external_ids"] == [{"source": "salesforce", "external_id": "A1"}]


def test_show_unknown_is_one_line_with_a_hint(ws: Path) -> None:
    missing = run(ws, "account", "show", "nope.example")
    assert missing.exit_code == 1
    assert "error: no account with domain or name 'nope.example'" in missing.output
    assert "hint: find it with: beachhead accounts list --search TEXT" in missing.output
    assert "Traceback" not in missing.output


def test_review_and_accept_a_match(ws: Path) -> None:
    pending = json.loads(run(ws, "accounts", "matches", "--json").stdout)
    assert [(m["subject"], m["status"]) for m in pending] == [("account", "pending")]
    table = run(ws, "accounts", "matches")
    assert "Wonka Industrie" in table.output and "accept|reject" in table.output
    accepted = run(ws, "accounts", "match", "accept", str(pending[0]["id"]), "--by", "ana")
    assert accepted.exit_code == 0, accepted.output
    assert "Accepted match" in accepted.output and "merged into" in accepted.output
    again = run(ws, "accounts", "match", "reject", str(pending[0]["id"]))
    assert again.exit_code == 1 and "already accepted by ana" in again.output
    decided = json.loads(run(ws, "accounts", "matches", "--status", "all", "--json").stdout)
    assert decided[0]["decided_by"] == "ana"
    rows = json.loads(run(ws, "accounts", "list", "--json").stdout)
    assert len(rows) == 2


def test_reject_unknown_candidate(ws: Path) -> None:
    result = run(ws, "accounts", "match", "reject", "999")
    assert result.exit_code == 1 and "no match candidate #999" in result.output


def test_stats(ws: Path) -> None:
    figures = json.loads(run(ws, "accounts", "stats", "--json").stdout)
    assert figures["accounts"]["customers"] == 1
    assert figures["pending_matches"] == {"total": 1, "account": 1}
    table = run(ws, "accounts", "stats")
    assert table.exit_code == 0 and "without_domain" in table.output


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["accounts", "--help"])
    assert result.exit_code == 0
    for name in ("list", "matches", "match", "stats"):
        assert name in result.output
