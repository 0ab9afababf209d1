"""Fuzzing the Salesforce reader with junk cells: it may refuse a file, never crash on one."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from beachhead.connectors.salesforce import read_salesforce
from beachhead.errors import InputError

ACCOUNT_HEADER = [
    "Id",
    "Name",
    "Website",
    "NumberOfEmployees",
    "AnnualRevenue",
    "Type",
    "ParentId",
    "Technologies__c",
]
CONTACT_HEADER = ["Id", "AccountId", "Email", "FirstName", "HasOptedOutOfEmail", "CreatedDate"]

ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
sf_ids = st.sampled_from(["001", "003"]).flatmap(
    lambda prefix: st.text(ALNUM, min_size=12, max_size=12).map(lambda rest: prefix + rest)
) | st.sampled_from(["001A0000006Vm9r", "001A0000006Vm9rIAC", "003A0000005kLmN"])
junk = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=25),
    st.sampled_from(
        [
            "",
            " ",
            '"',
            '""',
            ",",
            ";",
            "\t",
            "a,b;c|d",
            "\n",
            "\r\n",
            '=HYPERLINK("http://evil","x")',
            "@SUM(A1)",
            "+cmd",
            "-2+3",
            "1e400",
            "9" * 400,
            "-0",
            "NaN",
            "inf",
            "true",
            "2024-02-30",
            "Customer",
            "a@b.co",
            "Société Générale",
        ]
    ),
    sf_ids,
)


def rows_for(width: int) -> st.SearchStrategy[list[list[str]]]:
    row = st.lists(junk, min_size=width, max_size=width) | st.lists(junk, max_size=width + 2)
    return st.lists(row, max_size=12)


def to_csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def physical_lines(text: str) -> int:
    """Lines as the CSV reader counts them (it splits on \\n, \\r and \\r\\n)."""
    return len(io.StringIO(text, newline="").readlines())


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(accounts=rows_for(len(ACCOUNT_HEADER)), contacts=rows_for(len(CONTACT_HEADER)))
def test_junk_never_crashes_and_every_row_is_accounted_for(
    accounts: list[list[str]], contacts: list[list[str]]
) -> None:
    texts = {
        "Account.csv": to_csv(ACCOUNT_HEADER, accounts),
        "Contact.csv": to_csv(CONTACT_HEADER, contacts),
    }
    expected = {
        "Account.csv": sum(any(c.strip() for c in r) for r in accounts),
        "Contact.csv": sum(any(c.strip() for c in r) for r in contacts),
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, text in texts.items():
            (folder / name).write_text(text, encoding="utf-8", newline="")
        try:
            batch = read_salesforce(folder)
        except InputError:
            event("refused")
            return
        rejected = len({(i.file, i.line) for i in batch.issues})
        event("rejected rows: " + ("3 or more" if rejected >= 3 else str(rejected)))
        kinds = {"Account.csv": "accounts", "Contact.csv": "contacts"}
        for read in batch.files:
            name = Path(read.path).name
            issues = [i for i in batch.issues if i.file == read.path]
            lines = {i.line for i in issues}
            assert all(2 <= line <= physical_lines(texts[name]) for line in lines)
            good = batch.records[kinds[name]]
            assert not lines & {row["line"] for row in good}
            assert len(good) + len(lines) == expected[name] == read.rows
            assert read.rejected == len(lines)
