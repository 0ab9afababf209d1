from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from beachhead.connectors.mapped import read_mapped
from beachhead.errors import ConfigError, InputError

ACCOUNTS = (
    "account,sector,revenue,employees,site,founded\n"
    "Acme Corporation,technolgy,1100.04,2822,acme.com,1996\n"
    "Betatech,medical,647.18,1185,,1986\n"
    "Cheapo,technolgy,1,n/a,,=cmd|' /C calc'!A0\n"
)
ACCOUNTS_MAP = """\
entity: accounts
source: maven
columns:
  ref: account
  name: account
  industry: sector
  annual_revenue: revenue
  employees: employees
  website: site
scale:
  annual_revenue: 1000000
allowed:
  industry: [medical, technology]
"""


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def test_accounts_are_mapped_scaled_and_unknown_values_warned(tmp_path: Path) -> None:
    data = write(tmp_path, "accounts.csv", ACCOUNTS)
    batch = read_mapped(data, "accounts", write(tmp_path, "map.yaml", ACCOUNTS_MAP))
    acme, beta = batch.records["accounts"]
    assert (acme["ref"], acme["name"], acme["industry"]) == ("Acme Corporation",) * 2 + (
        "technolgy",
    )
    assert acme["annual_revenue"] == pytest.approx(1_100_040_000)
    assert acme["custom"] == {"founded": "1996"} and beta["website"] is None
    assert batch.source == "maven"
    assert [(i.line, i.column) for i in batch.issues] == [(4, "employees"), (4, "founded")]
    (note,) = batch.notes
    assert note.startswith("industry 'technolgy' is not in the allowed list: 1 row (accounts.csv")
    assert (batch.files[0].rows, batch.files[0].rejected) == (3, 1)


def test_value_maps_fix_values_and_reject_mode_rejects(tmp_path: Path) -> None:
    data = write(tmp_path, "accounts.csv", ACCOUNTS)
    fixed = ACCOUNTS_MAP + "values:\n  sector:\n    TECHNOLGY: technology\n"
    batch = read_mapped(data, "accounts", write(tmp_path, "map.yaml", fixed))
    assert [a["industry"] for a in batch.records["accounts"]] == ["technology", "medical"]
    assert batch.notes == []
    strict = ACCOUNTS_MAP.replace("  industry: [medical, technology]", "  industry: [medical]")
    batch = read_mapped(
        data, "accounts", write(tmp_path, "map.yaml", strict + "unknown_values: reject\n")
    )
    assert [a["name"] for a in batch.records["accounts"]] == ["Betatech"]
    assert (batch.issues[0].line, batch.issues[0].column) == (2, "sector")


OPPS = (
    "opportunity_id,account,deal_stage,product,engage_date,close_date,close_value\n"
    "A1,Acme,Won,GTXPro,2016-10-20,2017-03-01,1054\n"
    "A2,,Engaging,GTX Basic,2016-10-25,,\n"
    "A3,Acme,Lost,GTX Basic,20/10/2016,2017-03-01,0\n"
    "A1,Acme,Won,GTX Basic,2016-10-20,2017-03-01,1\n"
)
OPPS_MAP = """\
entity: opportunities
columns:
  ref: opportunity_id
  account_name: account
  stage: deal_stage
  product: product
  created_date: engage_date
  close_date: close_date
  amount: close_value
date_format: "%Y-%m-%d"
constants:
  opp_type: new
values:
  deal_stage:
    Won: {is_closed: true, is_won: true}
    Lost: {is_closed: true, is_won: false}
    Engaging: {is_closed: false, is_won: false}
allowed:
  product: [GTX Basic, GTX Pro]
"""


def test_opportunities_value_maps_dates_duplicates_and_missing_accounts(tmp_path: Path) -> None:
    data = write(tmp_path, "pipeline.csv", OPPS)
    batch = read_mapped(data, "opportunities", write(tmp_path, "opps.yaml", OPPS_MAP))
    won, engaging = batch.records["opportunities"]
    assert (won["is_closed"], won["is_won"], won["stage"]) == (True, True, "Won")
    assert (engaging["is_closed"], engaging["is_won"]) == (False, False)
    assert won["account_name"] == "Acme" and won["account_ref"] is None
    assert won["created_date"] == dt.date(2016, 10, 20) and won["amount"] == 1054.0
    assert won["opp_type"] == "new" and batch.source == "csv"
    assert [(i.line, i.column, i.reason) for i in batch.issues] == [
        (4, "engage_date", "not a date in the format %Y-%m-%d"),
        (5, "opportunity_id", "duplicate opportunity_id: already on line 2"),
    ]
    assert any("'GTXPro' is not in the allowed list" in n for n in batch.notes)
    assert any(n.startswith("1 of 2 opportunities have no account") for n in batch.notes)


def test_contacts_latin1_semicolons(tmp_path: Path) -> None:
    data = write(
        tmp_path,
        "people.csv",
        "E-mail;Société;Opt out\nzoe@socgen.fr;Société Générale;oui\nmax@gmail.com;;non\n",
        encoding="latin-1",
    )
    mapping = write(
        tmp_path,
        "people.yaml",
        "columns:\n  email: e-mail\n  account_name: Société\n  email_opt_out: Opt out\n"
        "values:\n  Opt out: {oui: 'true', non: 'false'}\n",
    )
    batch = read_mapped(data, "contacts", mapping)
    zoe, max_ = batch.records["contacts"]
    assert (zoe["account_name"], zoe["email_opt_out"]) == ("Société Générale", True)
    assert max_["email_opt_out"] is False and max_["email"] == "max@gmail.com"


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("columns:\n  ref: id\n  colour: x\n", r"map\.yaml: line 3: columns\.colour: not a field"),
        ("entity: contacts\ncolumns:\n  ref: id\n", r"line 1: entity: this file maps contacts"),
        ("columns:\n  name: id\n", r"line 1: columns: opportunities need a column for ref"),
        ("columns:\n  ref: id\nconstants:\n  amount: lots\n", r"line 4: constants\.amount: not a"),
        ("columns:\n  ref: id\nunknown_values: maybe\n", r"line 3: unknown_values: Input should"),
        ("columns: [\n", r"map\.yaml: line \d+: invalid YAML"),
        (
            "columns:\n  ref: id\nvalues:\n  stage:\n    Won: {is_won: perhaps}\n",
            r"line 5: values\.stage\.Won\.is_won: not a true/false value",
        ),
    ],
)
def test_mapping_errors_name_file_line_and_field(
    tmp_path: Path, yaml_text: str, message: str
) -> None:
    data = write(tmp_path, "opps.csv", "id,stage\n1,Won\n")
    with pytest.raises(ConfigError, match=message):
        read_mapped(data, "opportunities", write(tmp_path, "map.yaml", yaml_text))


def test_missing_source_column_refuses_the_import(tmp_path: Path) -> None:
    data = write(tmp_path, "opps.csv", "id,stage\n1,Won\n")
    mapping = write(tmp_path, "map.yaml", "columns:\n  ref: id\n  amount: close_value\n")
    with pytest.raises(
        InputError, match=r"opps\.csv: line 1: no column 'close_value' \(named in map\.yaml line 3"
    ):
        read_mapped(data, "opportunities", mapping)
    with pytest.raises(InputError, match="cannot import 'leads'"):
        read_mapped(data, "leads", mapping)


EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "maven"
MAVEN = Path("/work/shared/data/maven-crm-sales-opportunities")


@pytest.mark.skipif(not MAVEN.is_dir(), reason="the Maven CRM data set is not on this machine")
def test_maven_examples_read_the_data_set_and_report_its_defects() -> None:
    accounts = read_mapped(MAVEN / "accounts.csv", "accounts", EXAMPLES / "accounts.yaml")
    industries = {a["industry"] for a in accounts.records["accounts"]}
    assert len(accounts.records["accounts"]) == 85 and "technolgy" not in industries
    opps = read_mapped(
        MAVEN / "sales_pipeline.csv", "opportunities", EXAMPLES / "opportunities.yaml"
    )
    rows = opps.records["opportunities"]
    assert len(rows) == 8800 and opps.issues == []
    assert "GTXPro" not in {r["product"] for r in rows}
    assert sum(r["is_won"] for r in rows) == 4238
    assert opps.notes[0].startswith("1,425 of 8,800 opportunities have no account")
