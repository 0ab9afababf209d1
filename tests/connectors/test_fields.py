from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beachhead.connectors.fields import (
    Field,
    Schema,
    duplicate_key_issues,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_float,
    parse_rows,
    parse_sf_id,
    parse_text,
)
from beachhead.connectors.tabular import read_table


@pytest.mark.parametrize("cell", ['=HYPERLINK("x")', "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3+cmd"])
def test_formula_cells_are_refused(cell: str) -> None:
    with pytest.raises(ValueError, match="formula"):
        parse_text(cell)


@pytest.mark.parametrize("cell", ["+1 (555) 010-2000", "-42", "Acme", "a=b"])
def test_ordinary_text_passes(cell: str) -> None:
    assert parse_text(cell) == cell


def test_scalars() -> None:
    assert parse_bool(" TRUE ") is True and parse_bool("0") is False
    assert parse_float("$1,250.50") == 1250.5
    assert parse_date("2026-03-01") == dt.date(2026, 3, 1)
    assert parse_date("3/1/2026") == dt.date(2026, 3, 1)
    assert parse_datetime("2026-03-01T10:00:00+02:00") == dt.datetime(2026, 3, 1, 8)
    assert parse_datetime("2026-03-01") == dt.datetime(2026, 3, 1)
    for bad, parser in [("maybe", parse_bool), ("abc", parse_float), ("2026-13-45", parse_date)]:
        with pytest.raises(ValueError):
            parser(bad)


def test_sf_ids_normalise_to_18_chars() -> None:
    assert parse_sf_id("001A0000006Vm9r") == "001A0000006Vm9rIAC"
    assert parse_sf_id("001a0000006vm9riac") == "001a0000006vm9rIAC"
    with pytest.raises(ValueError):
        parse_sf_id("001-bad")


@given(
    st.text(
        alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        min_size=15,
        max_size=15,
    )
)
def test_sf_id_conversion_is_stable(short: str) -> None:
    long = parse_sf_id(short)
    assert len(long) == 18 and long.startswith(short) and parse_sf_id(long) == long


def test_parse_rows_reports_each_bad_cell_and_keeps_custom(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("Id,Employees,Since,Tech__c\n1,12,2020-01-01,Snowflake\n2,lots,someday,=1+1\n")
    schema = Schema(
        [Field("Id", required=True), Field("Employees", parse_float), Field("Since", parse_date)]
    )
    rows, issues = parse_rows(read_table(path, schema.aliases()), schema)
    assert [r.values["Id"] for r in rows] == ["1"]
    assert rows[0].custom == {"Tech__c": "Snowflake"}
    assert [(i.line, i.column) for i in issues] == [(3, "Employees"), (3, "Since"), (3, "Tech__c")]


def test_duplicate_keys_keep_the_first(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("Id\n1\n2\n1\n")
    schema = Schema([Field("Id")])
    rows, _ = parse_rows(read_table(path, schema.aliases()), schema)
    kept, issues = duplicate_key_issues(rows, "Id", str(path))
    assert [r.line for r in kept] == [2, 3]
    assert issues[0].line == 4 and "already on line 2" in issues[0].reason
