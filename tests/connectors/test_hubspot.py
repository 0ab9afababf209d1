from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from beachhead.connectors.hubspot import load_pipelines, read_hubspot
from beachhead.errors import ConfigError, InputError


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def test_companies_with_internal_property_names(tmp_path: Path) -> None:
    write(
        tmp_path,
        "companies.csv",
        "hs_object_id,name,domain,hs_additional_domains,industry,numberofemployees,"
        "annualrevenue,country,lifecyclestage,hs_is_target_account,createdate\n"
        "101,Acme,acme.com,acme.io;acme.co.uk,COMPUTER_SOFTWARE,1200,5000000,US,customer,true,"
        "1704067200000\n"
        "102,,globex.com,,,,,,lead,,\n"
        "103,,,,,,,,,,\n",
    )
    batch = read_hubspot(tmp_path)
    acme, globex = batch.records["accounts"]
    assert acme["ref"] == "101" and acme["extra_domains"] == ["acme.io", "acme.co.uk"]
    assert (acme["employees"], acme["annual_revenue"]) == (1200, 5_000_000.0)
    assert acme["is_customer"] is True and acme["custom"] == {"hs_is_target_account": True}
    assert acme["created_at"] == dt.datetime(2024, 1, 1)
    assert (globex["name"], globex["is_customer"]) == ("globex.com", False)
    (issue,) = batch.issues
    assert (issue.line, issue.reason) == (4, "a company needs a name or a domain")
    assert batch.source == "hubspot"


def test_ui_export_labels_bom_and_free_mail(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Contacts.csv",
        "\ufeffRecord ID,First Name,Last Name,Email,Job Title,Company Name,Associated Company ID,"
        "Lead Status,Buying Role\n"
        "201,Zoë,Durand,zoe@gmail.com,CFO,Société Générale,101,OPEN,DECISION_MAKER\n"
        '202,Max,Power,max@acme.com,=HYPERLINK("http://x"),Acme,101;102,,\n'
        "203,Al,Bad,al@acme.com,CTO,Acme,not-an-id,,\n",
    )
    batch = read_hubspot(tmp_path)
    (zoe,) = batch.records["contacts"]
    assert (zoe["email"], zoe["title"], zoe["company"]) == (
        "zoe@gmail.com",
        "CFO",
        "Société Générale",
    )
    assert zoe["account_ref"] == "101" and zoe["buying_role"] == "DECISION_MAKER"
    assert zoe["custom"] == {"hs_lead_status": "OPEN"}
    assert [(i.line, i.column) for i in batch.issues] == [
        (3, "jobtitle"),
        (4, "associatedcompanyid"),
    ]
    assert batch.files[0].encoding == "utf-8-sig"


def test_latin1_semicolon_companies(tmp_path: Path) -> None:
    write(
        tmp_path,
        "companies.csv",
        "Record ID;Company name;Company Domain Name\n301;Société Générale;societegenerale.fr\n",
        encoding="latin-1",
    )
    (company,) = read_hubspot(tmp_path).records["accounts"]
    assert company["name"] == "Société Générale" and company["domain"] == "societegenerale.fr"


DEALS = (
    "Record ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,Create Date,Deal Type,"
    "Associated Company ID\n"
    "401,Acme renewal,Closed Won,Sales Pipeline,1000,2024-03-01 10:00,2024-01-01,"
    "existingbusiness,101\n"
    "402,Globex,closedlost,default,500,2024-03-02,,newbusiness,\n"
    "403,Initech,contractsent,,700,,,,\n"
    "404,Custom,won_big,enterprise,900,,,,\n"
)


def test_deals_without_flags_use_default_pipeline_metadata(tmp_path: Path) -> None:
    write(tmp_path, "deals.csv", DEALS)
    batch = read_hubspot(tmp_path)
    won, lost, open_, unknown = batch.records["opportunities"]
    assert (won["is_closed"], won["is_won"], won["opp_type"]) == (True, True, "expansion")
    assert won["close_date"] == dt.date(2024, 3, 1) and won["account_ref"] == "101"
    assert (lost["is_closed"], lost["is_won"], lost["opp_type"]) == (True, False, "new")
    assert (open_["is_closed"], open_["is_won"]) == (False, False)
    assert (unknown["is_closed"], unknown["is_won"]) == (None, None)
    assert won["custom"] == {"pipeline": "Sales Pipeline"}
    assert any("1 deal in stages without" in note for note in batch.notes)


def test_deal_flags_win_over_stage_metadata(tmp_path: Path) -> None:
    write(
        tmp_path,
        "deals.csv",
        "hs_object_id,dealstage,hs_is_closed,hs_is_closed_won\n1,closedwon,true,false\n2,x,,true\n",
    )
    first, second = read_hubspot(tmp_path).records["opportunities"]
    assert (first["is_closed"], first["is_won"]) == (True, False)
    assert (second["is_closed"], second["is_won"]) == (True, True)


def test_pipelines_yaml_in_the_api_shape(tmp_path: Path) -> None:
    pipelines = write(
        tmp_path / "ws",
        "pipelines.yaml",
        "results:\n"
        "  - id: enterprise\n"
        "    label: Enterprise\n"
        "    stages:\n"
        "      - {id: won_big, label: Won big, metadata: {isClosed: 'true', probability: '1.0'}}\n"
        "      - {id: lost_big, label: Lost, metadata: {isClosed: 'true', probability: '0.0'}}\n"
        "      - {id: talking, metadata: {isClosed: 'false', probability: '0.2'}}\n",
    )
    write(tmp_path / "export", "deals.csv", DEALS + "405,Other,Lost,Enterprise,1,,,,\n")
    batch = read_hubspot(tmp_path / "export", load_pipelines(pipelines))
    deals = {d["ref"]: d for d in batch.records["opportunities"]}
    assert (deals["404"]["is_closed"], deals["404"]["is_won"]) == (True, True)
    assert (deals["405"]["is_closed"], deals["405"]["is_won"]) == (True, False)
    assert (deals["401"]["is_closed"], deals["401"]["is_won"]) == (True, True)
    assert batch.notes == []


def test_pipelines_yaml_errors_name_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "pipelines.yaml", "results:\n  - id: x\n    stages:\n      - label: y\n")
    with pytest.raises(ConfigError, match=r"pipelines\.yaml: line 4: results\.0\.stages\.0\.id"):
        load_pipelines(path)
    write(tmp_path, "pipelines.yaml", "results: [\n")
    with pytest.raises(ConfigError, match=r"pipelines\.yaml: line \d+: invalid YAML"):
        load_pipelines(path)


def test_bad_dates_and_missing_columns(tmp_path: Path) -> None:
    write(tmp_path, "deals.csv", "hs_object_id,dealstage,closedate\n1,closedwon,someday\n")
    batch = read_hubspot(tmp_path)
    assert [(i.line, i.column, i.value) for i in batch.issues] == [(2, "closedate", "someday")]
    write(tmp_path, "deals.csv", "hs_object_id,dealname\n1,Acme\n")
    with pytest.raises(
        InputError, match=r"deals\.csv: line 1: missing required column 'dealstage'"
    ):
        read_hubspot(tmp_path)


def test_unknown_files_are_skipped_and_empty_folders_refused(tmp_path: Path) -> None:
    write(tmp_path, "companies.csv", "hs_object_id,name\n1,Acme\n")
    write(tmp_path, "tickets.csv", "hs_object_id\n1\n")
    batch = read_hubspot(tmp_path)
    assert [f.kind for f in batch.files] == ["accounts", "skipped"]
    assert batch.notes == ["skipped 1 file: tickets.csv"]
    with pytest.raises(InputError, match="no HubSpot export files"):
        read_hubspot(write(tmp_path / "other", "notes.txt", "").parent)
