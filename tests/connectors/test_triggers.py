"""read_triggers: canonical rows, domains, types, technologies, and row issues."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from beachhead.connectors.triggers import read_triggers, trigger_type
from beachhead.errors import InputError

HEADER = "event_id,website,company,type,date,title,details,technology_from,technology_to,amount\n"


def _csv(tmp_path: Path, body: str, header: str = HEADER, bom: bool = False) -> Path:
    path = tmp_path / "triggers.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + (header + body).encode("utf-8"))
    return path


def test_rows_are_canonical_with_bom_and_aliases(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "f-1,https://www.acme.com/about,Acme,Funding Round,2024-05-02,Series B,"
        'Series B $40M,,,"40,000,000"\n'
        ",globex.io,Globex,platform migration,5/3/2024,,migrating from Teradata → Snowflake,,,\n"
        ",initech.com,,executive-change,2024-06-01,New CFO,new CFO,,,\n",
        bom=True,
    )
    read = read_triggers(path)
    assert read.issues == []
    assert read.file.encoding == "utf-8-sig" and read.file.rows == 3
    first, migration, exec_change = read.rows
    assert first["account_domain"] == "acme.com"
    assert first["trigger_type"] == "funding"
    assert first["amount"] == 40_000_000.0
    assert first["occurred_on"] == dt.date(2024, 5, 2)
    assert first["line"] == 2 and first["source_file"] == "triggers.csv"
    assert migration["occurred_on"] == dt.date(2024, 5, 3)
    assert (migration["technology_from"], migration["technology_to"]) == ("Teradata", "Snowflake")
    assert exec_change["trigger_type"] == "executive_change"
    assert exec_change["event_id"] is None  # the store fills a content hash


def test_technology_columns_take_catalog_names(tmp_path: Path) -> None:
    path = _csv(tmp_path, ",acme.com,,platform_migration,2024-05-02,,,sfdc,hubspot crm,\n")
    row = read_triggers(path).rows[0]
    assert (row["technology_from"], row["technology_to"]) == ("Salesforce", "HubSpot")


def test_bad_rows_become_issues_with_line_and_column(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        ",acme.com,,ipo,2024-05-02,,,,,\n"
        ",acme.com,,hiring,2024-13-01,,,,,\n"
        ",Acme Inc,,hiring,2024-05-02,,,,,\n"
        ",acme.com,,hiring,,,,,,\n"
        ",acme.com,,hiring,2024-05-02,,,,,lots\n"
        ",acme.com,,hiring,2024-05-02,,hiring 5 data engineers,,,\n",
    )
    read = read_triggers(path)
    found = {(i.line, i.column) for i in read.issues}
    assert found == {
        (2, "trigger_type"),
        (3, "occurred_on"),
        (4, "account_domain"),
        (5, "occurred_on"),
        (6, "amount"),
    }
    unknown = next(i for i in read.issues if i.column == "trigger_type")
    assert "platform_migration" in unknown.reason and unknown.value == "ipo"
    assert [r["line"] for r in read.rows] == [7]
    assert read.file.rejected == 5 and read.file.rows == 6


def test_missing_required_column_is_an_input_error(tmp_path: Path) -> None:
    path = _csv(tmp_path, "acme.com,funding\n", header="domain,trigger_type\n")
    with pytest.raises(InputError, match="occurred_on"):
        read_triggers(path)


def test_parquet_and_ignored_columns(tmp_path: Path) -> None:
    path = tmp_path / "triggers.parquet"
    table = pa.table(
        {
            "domain": ["acme.com"],
            "trigger_type": ["layoffs"],
            "occurred_on": ["2024-05-02"],
            "mood": ["grim"],
        }
    )
    pq.write_table(table, path)
    read = read_triggers(path)
    assert read.rows[0]["trigger_type"] == "layoffs"
    assert read.notes == ["column(s) ignored: mood"]


def test_trigger_type_synonyms() -> None:
    assert trigger_type("Leadership change") == "executive_change"
    assert trigger_type("OTHER") == "other"
    assert trigger_type("rumour") is None
