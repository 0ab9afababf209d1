"""End to end: `beachhead import salesforce|hubspot|accounts|opportunities` on a real workspace."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from beachhead.cli.main import app

runner = CliRunner()

ACCOUNTS = (
    "Id,Name,Website,Type,Industry\n"
    "001A0000006Vm9r,Acme,https://www.acme.com,Customer - Direct,Software\n"
    "001A0000006Vm9s,Globex,globex.io,Prospect,Manufacturing\n"
)
CONTACTS = (
    "Id,AccountId,Email,FirstName,LastName,Title\n"
    "003A0000005kLmN,001A0000006Vm9r,jane@acme.com,Jane,Doe,VP Marketing\n"
    "003A0000005kLmO,001A0000006Vm9s,joe@gmail.com,Joe,Bloggs,CTO\n"
)
OPPORTUNITIES = (
    "Id,AccountId,Name,StageName,IsClosed,IsWon,Amount,CloseDate,CreatedDate\n"
    "006A0000001abcd,001A0000006Vm9r,Acme expansion,Closed Won,true,true,1000,2024-03-01,"
    "2024-01-02\n"
)
TASKS = (
    "Id,WhoId,WhatId,Subject,Type,Status,ActivityDate\n"
    "00TA0000001aaaa,003A0000005kLmN,001A0000006Vm9r,Call,Call,Completed,2024-02-01\n"
)


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(*args: str) -> tuple[int, dict[str, Any], str]:
    result = runner.invoke(app, ["import", *args, "--json"])
    data = json.loads(result.stdout) if result.stdout.strip() else {}
    return result.exit_code, data, result.stderr


def inserted(data: dict[str, Any], kind: str) -> int:
    return int(data["counts"][kind]["inserted"])


def test_salesforce_import_twice_changes_nothing_the_second_time(
    tmp_path: Path, workspace: Path
) -> None:
    export = write(
        tmp_path / "sf",
        {
            "Account.csv": ACCOUNTS,
            "Contact.csv": CONTACTS,
            "Opportunity.csv": OPPORTUNITIES,
            "Task.csv": TASKS,
        },
    )
    code, first, _ = run("salesforce", str(export), "--workspace", str(workspace))
    assert code == 0, first
    assert (inserted(first, "accounts"), inserted(first, "contacts")) == (2, 2)
    assert inserted(first, "opportunities") == 1 and first["changed"] is True
    code, second, _ = run("salesforce", str(export), "--workspace", str(workspace))
    assert code == 0 and second["changed"] is False
    assert second["counts"]["accounts"]["unchanged"] == 2


def test_malformed_rows_exit_1_with_a_report_and_good_rows_imported(
    tmp_path: Path, workspace: Path
) -> None:
    bad = ACCOUNTS + '001A0000006Vm9t,"=HYPERLINK(""http://x"")",x.com,,\nnot-an-id,Bad,b.com,,\n'
    export = write(tmp_path / "sf", {"Account.csv": bad})
    code, data, stderr = run("salesforce", str(export), "--workspace", str(workspace))
    assert code == 1
    assert data["rejected_rows"] == 2 and data["written"] is True
    assert inserted(data, "accounts") == 2
    assert Path(data["report"]).is_file()
    assert "2 row(s) rejected" in stderr and "Traceback" not in stderr


def test_strict_writes_nothing(tmp_path: Path, workspace: Path) -> None:
    export = write(tmp_path / "sf", {"Account.csv": ACCOUNTS + "not-an-id,Bad,b.com,,\n"})
    code, data, _ = run("salesforce", str(export), "--strict", "--workspace", str(workspace))
    assert code == 1 and data["written"] is False and data["counts"] == {}
    code, data, _ = run("salesforce", str(export), "--workspace", str(workspace))
    assert code == 1 and inserted(data, "accounts") == 2  # nothing was there before


def test_missing_required_column_is_one_line_and_writes_nothing(
    tmp_path: Path, workspace: Path
) -> None:
    export = write(tmp_path / "sf", {"Account.csv": "Name,Website\nAcme,acme.com\n"})
    result = runner.invoke(
        app, ["import", "salesforce", str(export), "--workspace", str(workspace)]
    )
    assert result.exit_code == 1
    assert "missing required column 'Id'" in result.stderr and "Traceback" not in result.stderr


def test_hubspot_import(tmp_path: Path, workspace: Path) -> None:
    export = write(
        tmp_path / "hs",
        {
            "companies.csv": "Record ID,Company name,Company Domain Name,Lifecycle Stage\n"
            "101,Acme,acme.com,customer\n102,Globex,globex.io,lead\n",
            "contacts.csv": "Record ID,Email,First Name,Associated Company ID\n"
            "201,jane@acme.com,Jane,101\n",
            "deals.csv": "Record ID,Deal Name,Deal Stage,Amount,Associated Company ID\n"
            "301,Acme deal,closedwon,500,101\n",
        },
    )
    code, data, _ = run("hubspot", str(export), "--workspace", str(workspace))
    assert code == 0, data
    assert inserted(data, "accounts") == 2 and inserted(data, "opportunities") == 1
    code, data, _ = run("hubspot", str(export), "--workspace", str(workspace))
    assert code == 0 and data["changed"] is False


def test_mapped_accounts_then_opportunities_by_account_name(
    tmp_path: Path, workspace: Path
) -> None:
    files = write(
        tmp_path / "csv",
        {
            "accounts.csv": "account,sector,revenue\n"
            "Acme Corporation,technolgy,1.5\nBeta,medical,2\n",
            "accounts.yaml": "source: maven\ncolumns:\n  ref: account\n  name: account\n"
            "  industry: sector\n  annual_revenue: revenue\n"
            "allowed:\n  industry: [technology, medical]\n",
            "deals.csv": "id,account,deal_stage,close_value\nD1,Acme Corporation,Won,100\n"
            "D2,,Engaging,\n",
            "deals.yaml": "source: maven\ncolumns:\n  ref: id\n  account_name: account\n"
            "  stage: deal_stage\n  amount: close_value\n"
            "values:\n  deal_stage:\n    Won: {is_closed: true, is_won: true}\n",
        },
    )
    ws = ["--workspace", str(workspace)]
    code, data, _ = run(
        "accounts", str(files / "accounts.csv"), "--map", str(files / "accounts.yaml"), *ws
    )
    assert code == 0 and inserted(data, "accounts") == 2
    assert any("'technolgy' is not in the allowed list" in note for note in data["notes"])
    deals = ["opportunities", str(files / "deals.csv"), "--map", str(files / "deals.yaml"), *ws]
    code, data, _ = run(*deals)
    assert code == 0, data
    assert inserted(data, "opportunities") == 2
    assert any("1 of 2 opportunities have no account" in note for note in data["notes"])
    code, data, _ = run(*deals)
    assert code == 0 and data["changed"] is False


def test_bad_mapping_file_names_its_line(tmp_path: Path, workspace: Path) -> None:
    files = write(tmp_path / "csv", {"a.csv": "x\n1\n", "m.yaml": "columns:\n  nmae: x\n"})
    result = runner.invoke(
        app,
        [
            "import",
            "accounts",
            str(files / "a.csv"),
            "--map",
            str(files / "m.yaml"),
            "-w",
            str(workspace),
        ],
    )
    assert result.exit_code == 1
    assert "m.yaml: line 2: columns.nmae: not a field of accounts" in result.stderr
