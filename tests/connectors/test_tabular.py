from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from beachhead.connectors.tabular import decode, read_table, sniff_delimiter
from beachhead.errors import InputError

ALIASES = {"id": ["Id", "Account ID"], "name": ["Name", "Account Name"], "website": ["Website"]}


def write(tmp_path: Path, data: bytes, name: str = "Account.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_bom_semicolons_and_aliases(tmp_path: Path) -> None:
    path = write(
        tmp_path, '\ufeffAccount ID;Account Name;Website\n1;"Acme; Inc";acme.com\n'.encode()
    )
    table = read_table(path, ALIASES, ["id"])
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ";")
    assert table.rows[0].values == {"id": "1", "name": "Acme; Inc", "website": "acme.com"}
    assert table.rows[0].line == 2


def test_latin1_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path, "Id,Name\n1,Société Générale\n".encode("latin-1"))
    table = read_table(path, ALIASES)
    assert table.encoding == "cp1252"
    assert table.rows[0].values["name"] == "Société Générale"


def test_missing_required_column_names_file_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, b"Name,Website\nAcme,acme.com\n")
    with pytest.raises(InputError, match=r"Account\.csv: line 1: missing required column\(s\): id"):
        read_table(path, ALIASES, ["id"])


def test_unbalanced_quote_and_wrong_width_become_row_issues(tmp_path: Path) -> None:
    data = (
        b'Id,Name,Website\n1,Acme,acme.com\n2,Extra,x.com,surplus\n3,"Broken,b.com\n4,Later,l.com\n'
    )
    table = read_table(write(tmp_path, data), ALIASES)
    assert [r.values["id"] for r in table.rows] == ["1", "4"]
    assert [(i.line, i.reason) for i in table.issues] == [
        (3, "expected 3 fields, found 4 on line 3"),
        (4, "broken quoting (unexpected end of data) on lines 4-5; the row is rejected"),
    ]


def test_stray_quotes_cost_one_row_each(tmp_path: Path) -> None:
    data = b'a,b\n1,"x"y\n2,ok\n3,"multi\nline"\n4,"unterminated\n5,z\n'
    table = read_table(write(tmp_path, data), {})
    assert [(r.line, r.values["a"]) for r in table.rows] == [(3, "2"), (4, "3"), (7, "5")]
    assert [i.line for i in table.issues] == [2, 6]
    assert "line 2" in table.issues[0].reason and "lines 6-7" in table.issues[1].reason


def test_multiline_quoted_cell_keeps_line_numbers(tmp_path: Path) -> None:
    data = b'Id,Name,Website\n1,"Acme\nWidgets",acme.com\n2,Beta,beta.io\n'
    table = read_table(write(tmp_path, data), ALIASES)
    assert [(r.line, r.values["name"]) for r in table.rows] == [(2, "Acme\nWidgets"), (4, "Beta")]


def test_blank_lines_are_skipped_and_cells_trimmed(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, b"Id,Name\n\n 1 ,  \n"), ALIASES)
    assert table.rows[0].values == {"id": "1", "name": None}
    assert table.rows[0].line == 3


def test_parquet_is_read_with_aliases(tmp_path: Path) -> None:
    path = tmp_path / "accounts.parquet"
    pq.write_table(pa.table({"Account Name": ["Acme"], "Id": [7]}), path)
    table = read_table(path, ALIASES, ["id"])
    assert table.rows[0].values == {"name": "Acme", "id": "7"}


def test_empty_and_binary_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty"):
        read_table(write(tmp_path, b""), ALIASES)
    with pytest.raises(InputError, match="binary"):
        read_table(write(tmp_path, b"Id\x00\x01\x02", "x.csv"), ALIASES)
    with pytest.raises(InputError, match="not found"):
        read_table(tmp_path / "missing.csv", ALIASES)


def test_sniffing_prefers_the_header_delimiter() -> None:
    assert sniff_delimiter('a;b;"c,d"\n1;2;3') == ";"
    assert sniff_delimiter("a\tb\n") == "\t"
    assert sniff_delimiter("single\n") == ","


@given(st.text(max_size=200))
def test_decode_round_trips_utf8(text: str) -> None:
    assert decode(text.encode("utf-8"))[0] == text
