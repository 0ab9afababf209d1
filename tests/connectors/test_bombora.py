"""Bombora Company Surge files → canonical intent rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from beachhead.connectors.bombora import monday, read_bombora
from beachhead.errors import InputError

WEEK = dt.date(2024, 5, 6)
SEMICOLONS = "Domain;Company Name;Topic;Score\nacme.fr;Société Générale;crm;70\n"


def write(tmp_path: Path, text: str, name: str = "surge.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_aliases_week_column_and_surging(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Company Domain,Company Name,Topic Name,Category,Surge Score,Report Date,Size\n"
        "https://www.Acme.co.uk/about,Acme,Email Marketing,marketing,72,2024-05-08,51-200\n"
        "beta.io,Beta,CRM,sales,59.5,2024-05-08,\n",
    )
    read = read_bombora(path, surge_threshold=60)
    assert read.issues == []
    first, second = read.rows.to_pylist()
    assert first["domain"] == "acme.co.uk"
    assert first["week_start"] == WEEK  # a Wednesday report date → its Monday
    assert (first["topic"], first["category"]) == ("Email Marketing", "marketing")
    assert first["score"] == 72.0
    assert (first["is_surging"], second["is_surging"]) == (True, False)
    assert (first["metro"], first["provider"], first["source_file"]) == ("", "bombora", "surge.csv")
    assert read.file.rows == 2 and read.file.rejected == 0


def test_week_from_the_command_line_or_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "Domain,Topic,Composite Score\nacme.com,crm,70\n")
    assert (
        read_bombora(path, 60, week=dt.date(2024, 5, 12)).rows.to_pylist()[0]["week_start"] == WEEK
    )
    with pytest.raises(InputError, match=r"surge\.csv: line 1: no week column .* no --week"):
        read_bombora(path, 60)


def test_master_surge_metro_lists(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Company Name,Domain,Size,Industry,Category,Topic,Composite Score,Metro Area,"
        "Domain Origin Country\n"
        ',acme.com,,,crm,email management software,75,"greater boston area[75]|[77]|[80]",'
        "United States\n",
    )
    rows = read_bombora(path, 60, week=WEEK).rows.to_pylist()
    metros = sorted((r["metro"], r["metro_score"], r["score"]) for r in rows)
    assert metros == [("", 80.0, 75.0), ("greater boston area", 75.0, 75.0)]
    assert {r["country"] for r in rows} == {"United States"}


def test_all_domains_layout_keeps_metro_scores(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Company Name,Domain,Size,Industry,Category,Topic,Composite Score,Bucket Code,"
        "Metro Area,Metro Composite Score,Metro Bucket Code,Domain Origin Country\n"
        ",acme.com,,,accounting,accounting,46,3232,Greater Boston Area,44,3232,United States\n"
        ",acme.com,,,accounting,accounting,46,3232,,16,8021,United States\n",
    )
    rows = read_bombora(path, 60, week=WEEK).rows.to_pylist()
    assert [(r["metro"], r["metro_score"], r["bucket_code"]) for r in rows] == [
        ("greater boston area", 44.0, "3232"),
        ("", 16.0, "3232"),
    ]


def test_rows_without_topic_are_skipped_and_counted(tmp_path: Path) -> None:
    path = write(tmp_path, "Domain,Topic,Composite Score\nacme.com,,0\nbeta.io,crm,70\n")
    read = read_bombora(path, 60, week=WEEK)
    assert read.rows.column("domain").to_pylist() == ["beta.io"]
    assert read.skipped_without_topic == 1
    assert read.notes == ["1 row(s) without a topic skipped"]
    assert read.issues == []


def test_bad_rows_become_issues_with_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Domain,Topic,Composite Score,Week Start,Metro Area\n"
        "acme.com,crm,70,2024-05-06,\n"
        "not a domain,crm,70,2024-05-06,\n"
        "beta.io,crm,170,2024-05-06,\n"
        "gamma.io,crm,70,someday,\n"
        "delta.io,crm,70,2024-05-06,boston[high]\n"
        'epsilon.io,"crm\nsoftware",abc,2024-05-06,\n',
    )
    read = read_bombora(path, 60)
    found = [(i.line, i.column, i.reason) for i in read.issues]
    assert found == [
        (3, "domain", "not a domain"),
        (4, "score", "score must be between 0 and 100"),
        (5, "week_start", "not a date (use YYYY-MM-DD)"),
        (6, "metro", "not a metro list like 'greater boston area[77]|[52]'"),
        (7, "score", "not a number"),
    ]
    assert all(i.file == str(path) for i in read.issues)
    assert read.rows.column("domain").to_pylist() == ["acme.com"]
    assert read.file.rejected == 5


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("\ufeff" + SEMICOLONS, "utf-8", "utf-8-sig"),
        (SEMICOLONS, "latin-1", "cp1252"),
    ],
)
def test_bom_latin1_and_semicolons(tmp_path: Path, text: str, encoding: str, expected: str) -> None:
    read = read_bombora(write(tmp_path, text, encoding=encoding), 60, week=WEEK)
    assert read.file.encoding == expected
    assert read.rows.column("company_name")[0].as_py() == "Société Générale"
    assert read.rows.column("domain")[0].as_py() == "acme.fr"


def test_parquet_files(tmp_path: Path) -> None:
    path = tmp_path / "surge.parquet"
    table = pa.table(
        {
            "Domain": ["acme.com"],
            "Topic": ["crm"],
            "Composite Score": [65],
            "Week": [dt.date(2024, 5, 6)],
        }
    )
    pq.write_table(table, path)
    read = read_bombora(path, 60)
    assert read.file.encoding == "parquet"
    assert (read.rows["score"][0].as_py(), read.rows["week_start"][0].as_py()) == (65.0, WEEK)


def test_missing_required_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "Domain,Composite Score\nacme.com,70\n")
    with pytest.raises(InputError, match="missing required column"):
        read_bombora(path, 60, week=WEEK)


def test_monday() -> None:
    assert monday(dt.date(2024, 5, 12)) == WEEK
    assert monday(WEEK) == WEEK
