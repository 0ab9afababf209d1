from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from beachhead.connectors.salesforce import read_salesforce
from beachhead.errors import InputError

ACME_15, ACME_18 = "001A0000006Vm9r", "001A0000006Vm9rIAC"
GLOBEX_18 = "001A0000006Vm9sIAC"
CONTACT_18 = "003A0000005kLmNIAU"


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def test_accounts_bom_15_char_ids_custom_fields_and_technologies(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Account.csv",
        "\ufeffId,Name,Website,Type,NumberOfEmployees,ParentId,Tech_Technologies__c,Tier__c\n"
        f"{ACME_15},Acme,https://acme.com,Customer - Direct,1200,,Salesforce; HubSpot,A\n"
        f"{GLOBEX_18},Globex,,Former Customer,50,{ACME_15},,\n"
        "001A0000006Vm9t,Initech,initech.io,Prospect,,,,\n",
    )
    batch = read_salesforce(tmp_path)
    acme, globex, initech = batch.records["accounts"]
    assert acme["ref"] == ACME_18 and acme["website"] == "https://acme.com"
    assert acme["technologies"] == ["Salesforce", "HubSpot"]
    assert acme["custom"] == {"Tier__c": "A"} and acme["employees"] == 1200
    assert (acme["is_customer"], globex["is_customer"], initech["is_customer"]) == (
        True,
        False,
        False,
    )
    assert globex["website"] is None and globex["parent_ref"] == ACME_18
    assert (acme["file"], acme["line"]) == (str(tmp_path / "Account.csv"), 2)
    assert batch.issues == [] and batch.source == "salesforce"
    assert batch.files[0].encoding == "utf-8-sig" and batch.files[0].rows == 3


def test_latin1_semicolons_and_report_labels(tmp_path: Path) -> None:
    write(
        tmp_path,
        "account.CSV",
        f'Account ID;Account Name;Billing Country\n{ACME_15};"Société Générale";France\n',
        encoding="latin-1",
    )
    write(
        tmp_path,
        "Contact.csv",
        "Contact ID,Account ID,First Name,Last Name,Email,Email Opt Out\n"
        f"003A0000005kLmN,{ACME_15},Zoë,Durand,zoe@socgen.fr,1\n",
    )
    batch = read_salesforce(tmp_path)
    (account,) = batch.records["accounts"]
    (contact,) = batch.records["contacts"]
    assert (account["name"], account["country"]) == ("Société Générale", "France")
    assert contact["ref"] == CONTACT_18 and contact["account_ref"] == ACME_18
    assert contact["first_name"] == "Zoë" and contact["email_opt_out"] is True
    assert batch.files[0].encoding == "cp1252"


def test_duplicate_ids_across_15_and_18_chars_reject_the_later_row(tmp_path: Path) -> None:
    write(tmp_path, "Account.csv", f"Id,Name\n{ACME_15},Acme\n{ACME_18},Acme again\n")
    batch = read_salesforce(tmp_path)
    assert [a["name"] for a in batch.records["accounts"]] == ["Acme"]
    (issue,) = batch.issues
    assert (issue.line, issue.column, issue.reason) == (3, "Id", "duplicate Id: already on line 2")
    assert (batch.files[0].rows, batch.files[0].rejected) == (2, 1)


def test_bad_cells_reject_their_rows_only(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Account.csv",
        "Id,Name,Website,NumberOfEmployees\n"
        f'{ACME_15},"=HYPERLINK(""http://evil"",""x"")",acme.com,10\n'
        "not-an-id,Globex,globex.com,10\n"
        "001A0000006Vm9t,Initech,initech.io,many\n"
        "001A0000006Vm9u,Umbrella,umbrella.com,5\n",
    )
    batch = read_salesforce(tmp_path)
    assert [a["name"] for a in batch.records["accounts"]] == ["Umbrella"]
    assert [(i.line, i.column) for i in batch.issues] == [
        (2, "Name"),
        (3, "Id"),
        (4, "NumberOfEmployees"),
    ]
    assert "formula" in batch.issues[0].reason


def test_unbalanced_quote_is_a_row_issue(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Account.csv",
        f'Id,Name,Website\n{ACME_15},Acme,acme.com\n001A0000006Vm9t,"Broken,b.com\n'
        "001A0000006Vm9u,Later,later.com\n",
    )
    batch = read_salesforce(tmp_path)
    assert [a["name"] for a in batch.records["accounts"]] == ["Acme", "Later"]
    assert "broken quoting" in batch.issues[0].reason and batch.issues[0].line == 3


def test_missing_required_column_refuses_the_import(tmp_path: Path) -> None:
    write(tmp_path, "Account.csv", "Name,Website\nAcme,acme.com\n")
    with pytest.raises(InputError, match=r"Account\.csv: line 1: missing required column 'Id'"):
        read_salesforce(tmp_path)


def test_opportunities_won_and_closed_come_from_flags_only(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Opportunity.csv",
        "Id,AccountId,StageName,IsClosed,IsWon,Type,Amount,CloseDate,CreatedDate\n"
        f"006A0000001abcd,{ACME_15},Closed Won,false,false,Existing Business,100,2024-03-01,"
        "2024-01-05T10:00:00.000+0000\n"
        f"006A0000001abce,{ACME_15},Negotiation,true,true,New Customer,200,3/15/2024,\n",
    )
    first, second = read_salesforce(tmp_path).records["opportunities"]
    assert (first["is_closed"], first["is_won"], first["opp_type"]) == (False, False, "expansion")
    assert (second["is_closed"], second["is_won"], second["opp_type"]) == (True, True, "new")
    assert first["account_ref"] == ACME_18 and first["amount"] == 100.0
    assert first["close_date"] == dt.date(2024, 3, 1) and second["close_date"] == dt.date(
        2024, 3, 15
    )
    assert first["created_date"] == dt.date(2024, 1, 5)


def test_opportunities_without_flags_stay_unknown_with_a_note(tmp_path: Path) -> None:
    write(tmp_path, "Opportunity.csv", "Id,StageName,CloseDate\n006A0000001abcd,Closed Won,soon\n")
    write(tmp_path, "opportunity_extra.csv", "Id,StageName\n006A0000001abce,Closed Won\n")
    batch = read_salesforce(tmp_path)
    assert batch.records["opportunities"] == []
    assert (batch.issues[0].column, batch.issues[0].value) == ("CloseDate", "soon")
    write(tmp_path, "Opportunity.csv", "Id,StageName\n006A0000001abcd,Closed Won\n")
    batch = read_salesforce(tmp_path)
    (opp,) = batch.records["opportunities"]
    assert (opp["is_closed"], opp["is_won"]) == (None, None)
    assert any("no IsClosed or IsWon" in note for note in batch.notes)
    assert [f.kind for f in batch.files] == ["opportunities", "skipped"]


def test_blank_website_and_free_mail_contacts_are_kept(tmp_path: Path) -> None:
    write(tmp_path, "Account.csv", f"Id,Name,Website\n{ACME_15},Acme,\n")
    write(
        tmp_path,
        "Contact.csv",
        "Id,AccountId,Email,Title\n"
        "003A0000005kLmN,,jane.doe@gmail.com,VP Sales\n"
        "003A0000005kLmO,,not an email,CTO\n",
    )
    batch = read_salesforce(tmp_path)
    assert batch.records["accounts"][0]["website"] is None
    (contact,) = batch.records["contacts"]
    assert contact["email"] == "jane.doe@gmail.com" and contact["account_ref"] is None
    assert [(i.line, i.column) for i in batch.issues] == [(3, "Email")]


def test_every_object_and_parquet(tmp_path: Path) -> None:
    pq.write_table(
        pa.table({"Id": ["005A0000001aaaa"], "Name": ["Ann"]}), tmp_path / "User.parquet"
    )
    write(tmp_path, "Lead.csv", "Id,Company,Email,IsConverted\n00QA0000001aaaa,Acme,a@acme.com,0\n")
    write(
        tmp_path, "Campaign.csv", "Id,Name,Type,BudgetedCost\n701A0000001aaaa,Webinar,Webinar,500\n"
    )
    write(
        tmp_path,
        "CampaignMember.csv",
        "Id,CampaignId,ContactId,Status,HasResponded\n"
        "00vA0000001aaaa,701A0000001aaaa,003A0000005kLmN,Responded,true\n",
    )
    write(
        tmp_path,
        "OpportunityHistory.csv",
        "OpportunityId,StageName,CreatedDate,Amount\n006A0000001abcd,Prospecting,2024-01-02,10\n",
    )
    write(
        tmp_path,
        "OpportunityContactRole.csv",
        "OpportunityId,ContactId,Role,IsPrimary\n"
        "006A0000001abcd,003A0000005kLmN,Decision Maker,1\n"
        "006A0000001abcdIAA,003A0000005kLmN,Influencer,0\n",
    )
    batch = read_salesforce(tmp_path)
    records = batch.records
    assert (
        records["users"][0]["ref"] == "005A0000001aaaaIAA" and batch.files[0].encoding == "parquet"
    )
    assert records["leads"][0]["is_converted"] is False
    assert records["campaigns"][0]["budgeted_cost"] == 500.0
    assert records["campaign_members"][0]["has_responded"] is True
    assert records["stages"][0]["changed_at"] == dt.datetime(2024, 1, 2)
    assert [r["role"] for r in records["contact_roles"]] == ["Decision Maker"]
    assert "duplicate OpportunityId + ContactId" in batch.issues[0].reason


def test_tasks_and_events_become_activities(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Task.csv",
        "Id,WhoId,WhatId,Subject,Type,Status,ActivityDate,CallDurationInSeconds\n"
        f"00TA0000001aaaa,003A0000005kLmN,{ACME_15},Call with Jane,Call,Completed,2024-02-01,90\n"
        "00TA0000001aaab,00QA0000001aaaa,701A0000001aaaa,RE: pricing,Email,Completed,2024-02-02,\n"
        "00TA0000001aaac,003A0000005kLmN,,Send deck,,Not Started,2024-03-01,\n"
        "00TA0000001aaad,003A0000005kLmN,,Sent contract,,Completed,,\n",
    )
    write(
        tmp_path,
        "Event.csv",
        "Id,WhoId,AccountId,Subject,StartDateTime,DurationInMinutes\n"
        f"00UA0000001aaaa,003A0000005kLmN,{ACME_15},Demo,2024-02-03T15:00:00Z,45\n",
    )
    batch = read_salesforce(tmp_path)
    call, reply, meeting = batch.activities
    assert (call["activity_type"], call["contact_ref"], call["account_ref"]) == (
        "call",
        CONTACT_18,
        ACME_18,
    )
    assert call["duration_minutes"] == 1.5 and call["occurred_at"] == dt.datetime(2024, 2, 1)
    assert (reply["activity_type"], reply["contact_ref"], reply["campaign_ref"]) == (
        "email_reply",
        None,
        "701A0000001aaaaIAA",
    )
    assert meeting["activity_type"] == "meeting" and meeting["duration_minutes"] == 45.0
    assert meeting["source"] == "salesforce" and meeting["event_id"] == "00UA0000001aaaaMAA"
    assert [(i.line, i.column) for i in batch.issues] == [(5, "ActivityDate")]
    assert any("1 open task skipped" in note for note in batch.notes)


def test_folder_problems_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        read_salesforce(tmp_path / "missing")
    write(tmp_path, "readme.txt", "hello")
    with pytest.raises(InputError, match="no Salesforce export files"):
        read_salesforce(tmp_path)
    write(tmp_path, "Account.csv", "Id,Name\n")
    write(tmp_path, "ACCOUNT.parquet", "")
    with pytest.raises(InputError, match="both"):
        read_salesforce(tmp_path)


def test_stack_fields_arrive_as_catalog_names(tmp_path: Path) -> None:
    write(tmp_path, "Account.csv", "Id,Name,Technologies__c\n001A0000006Vm9r,Acme,SFDC; GA4;n/a\n")
    batch = read_salesforce(tmp_path)
    assert batch.records["accounts"][0]["technologies"] == ["Salesforce", "Google Analytics"]
