"""The generic activities format → canonical activity rows (CSV and Parquet)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from beachhead.connectors.activities import ActivityRows, read_activities
from beachhead.connectors.canonical import ACTIVITY_TYPES
from beachhead.errors import InputError

HEADER = "event_id,timestamp,type,channel,email,contact_id,domain,campaign,url,duration,source\n"


def write(tmp_path: Path, text: str, name: str = "events.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_aliases_and_normalisation(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "e1,2024-05-06T14:30:00Z,Web Visit,web, Jane@Sales.Acme.com ,c1,,spring,https://x.io/p,,site\n"
        + ",2024-05-06 10:00,email_open,email,bob@gmail.com,,WWW.Beta.co.uk,,,1.5,\n"
        + ",2024-05-06 10:00,email_open,email,ann@gmail.com,,,,,,\n",
    )
    batch = read_activities(path)
    assert batch.source == "activities" and batch.issues == []
    first, second, third = list(batch.activities)
    assert first["event_id"] == "e1"
    assert first["occurred_at"] == dt.datetime(2024, 5, 6, 14, 30)
    assert first["activity_type"] == "web_visit"
    assert first["contact_email"] == "jane@sales.acme.com"
    assert first["account_domain"] == "acme.com"  # derived from a company address
    assert (first["contact_ref"], first["campaign_ref"]) == ("c1", "spring")
    assert (second["account_domain"], second["duration_minutes"]) == ("beta.co.uk", 1.5)
    assert third["account_domain"] is None  # free mail never names a company
    assert (first["line"], first["file"]) == (2, str(path))
    assert batch.files[0].rows == 3 and batch.files[0].rejected == 0


def test_bad_rows_are_reported_with_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + 'e1,2024-05-06,meeting,,a@acme.com,,,"two\nline campaign",,30,\n'
        + "e2,someday,web_visit,,a@acme.com,,,,,,\n"
        + "e3,2024-05-06,dance,,a@acme.com,,,,,,\n"
        + "e4,2024-05-06,call,,,,,,,,\n"
        + "e5,2024-05-06,call,,not-an-email,,,,,,\n"
        + "e6,2024-05-06,call,,,,no_domain,,,-5,\n"
        + "e7,2024-05-06,call,@cmd,,,acme.com,,,,\n"
        + "e8,2024-05-06,call,,,,acme.com,,,x,\n"
        + "e9,,call,,,,acme.com,,,,\n",
    )
    batch = read_activities(path)
    found = [(i.line, i.column, i.reason.split(" (")[0]) for i in batch.issues]
    assert found == [
        (4, "occurred_at", "not a date/time"),
        (5, "activity_type", "unknown activity type"),
        (6, "contact_email", "needs a contact_email or a company account_domain"),
        (7, "contact_email", "not an email address"),
        (8, "duration_minutes", "must not be negative"),
        (8, "account_domain", "not a domain"),
        (8, "contact_email", "needs a contact_email or a company account_domain"),
        (9, "channel", "starts like a spreadsheet formula"),
        (10, "duration_minutes", "not a number"),
        (11, "occurred_at", "required value is blank"),
    ]
    unknown = next(i for i in batch.issues if i.column == "activity_type")
    assert all(t in unknown.reason for t in ACTIVITY_TYPES) and unknown.value == "dance"
    assert [r["event_id"] for r in batch.activities] == ["e1"]
    assert batch.files[0].rejected == 8


def test_plain_files_take_the_fast_path_with_exact_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from beachhead.connectors import activities

    def careful(path: Path) -> None:
        raise AssertionError("a plain file should not need the row-by-row reader")

    monkeypatch.setattr(activities, "_read_csv_by_row", careful)
    path = write(
        tmp_path,
        "\ufeffemail;date;type\r\nx@acme.com;2024-05-06;call\r\n;;\r\n\r\n"
        "y@acme.com;2024-05-07;nope\r\n",
    )
    batch = read_activities(path)
    assert batch.files[0].encoding == "utf-8-sig"
    assert [(i.line, i.column) for i in batch.issues] == [(5, "activity_type")]
    assert [r["line"] for r in batch.activities] == [2]


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("\ufeffemail;date;type;campaign\nx@acme.com;2024-05-06;call;Été\n", "utf-8", "utf-8-sig"),
        ("email;date;type;campaign\nx@acme.com;2024-05-06;call;Été\n", "latin-1", "cp1252"),
    ],
)
def test_bom_latin1_and_semicolons(tmp_path: Path, text: str, encoding: str, expected: str) -> None:
    batch = read_activities(write(tmp_path, text, encoding=encoding))
    assert batch.files[0].encoding == expected
    assert [r["campaign_ref"] for r in batch.activities] == ["Été"]


def test_parquet_is_read_column_by_column(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    noon, midnight = (
        dt.datetime(2024, 5, 6, 12, tzinfo=dt.UTC),
        dt.datetime(2024, 5, 7, tzinfo=dt.UTC),
    )
    stamps = pa.array([noon, None, midnight], pa.timestamp("ms", tz="Europe/Paris"))
    table = pa.table(
        {
            "event_id": [1, 2, 3],
            "occurred_at": stamps,
            "event_type": ["form_fill", "call", "nope"],
            "company_domain": ["acme.com", "acme.com", "acme.com"],
            "duration_minutes": [None, 5, 10],
            "ignored": ["a", "b", "c"],
        }
    )
    pq.write_table(table, path)
    batch = read_activities(path)
    assert batch.files[0].encoding == "parquet"
    assert [(i.line, i.column) for i in batch.issues] == [(3, "occurred_at"), (4, "activity_type")]
    (row,) = list(batch.activities)
    assert (row["event_id"], row["occurred_at"]) == ("1", dt.datetime(2024, 5, 6, 12, 0))
    assert row["contact_email"] is None and row["account_domain"] == "acme.com"


def test_missing_columns_name_file_and_alternatives(tmp_path: Path) -> None:
    path = write(tmp_path, "timestamp,type,url\n2024-05-06,call,https://x.io\n")
    with pytest.raises(InputError, match=r"line 1: .*contact_email or account_domain"):
        read_activities(path)


def test_activity_rows_behave_like_a_read_only_list() -> None:
    rows = ActivityRows(pa.table({"event_id": ["a", "b", "c"], "line": [2, 3, 4]}), "f.csv")
    assert len(rows) == 3 and bool(rows)
    assert rows[-1] == {"event_id": "c", "line": 4, "file": "f.csv"}
    assert [r["event_id"] for r in rows[:2]] == ["a", "b"]
    assert [r["event_id"] for r in rows] == ["a", "b", "c"]
    assert rows.to_arrow().num_rows == 3
    with pytest.raises(TypeError):
        rows.append({})
    with pytest.raises(IndexError):
        rows[3]
