"""Merging field values from several sources."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from beachhead.core.identity.merging import FieldRules, changed_fields, is_blank, merge_values

RULES = FieldRules(
    union=frozenset({"tech"}),
    mapping=frozenset({"custom"}),
    sticky=frozenset({"opt_out"}),
    groups=(("account_id", "method"),),
)


def test_primary_overrides_secondary_fills() -> None:
    stored = {"name": "Acme", "industry": None, "city": "Austin"}
    merged = merge_values(stored, [{"name": "ACME", "city": ""}], [{"industry": "Software",
                          "name": "Other"}], RULES)  # fmt: skip
    assert merged == {"name": "ACME", "industry": "Software", "city": "Austin"}


def test_several_primary_rows_take_the_first_non_blank() -> None:
    merged = merge_values(None, [{"name": None}, {"name": "B"}, {"name": "C"}], [], RULES)
    assert merged["name"] == "B"


def test_lists_union_dicts_merge_flags_stick() -> None:
    stored = {"tech": ["Salesforce"], "custom": {"a": "1"}, "opt_out": True}
    merged = merge_values(stored, [{"tech": ["HubSpot"], "custom": {"b": "2"}, "opt_out": False}],
                          [{"custom": {"a": "9", "c": "3"}}], RULES)  # fmt: skip
    assert merged == {
        "tech": ["Salesforce", "HubSpot"],
        "custom": {"a": "1", "b": "2", "c": "3"},
        "opt_out": True,
    }


def test_groups_come_from_one_row() -> None:
    stored = {"account_id": None, "method": None}
    merged = merge_values(stored, [], [{"account_id": 7, "method": "email_domain"},
                                       {"account_id": 8, "method": "crm_id"}], RULES)  # fmt: skip
    assert (merged["account_id"], merged["method"]) == (7, "email_domain")
    kept = merge_values({"account_id": 3, "method": "manual"}, [], [{"account_id": 7}], RULES)
    assert kept["account_id"] == 3
    moved = merge_values({"account_id": 3, "method": "crm_id"}, [{"account_id": 7}], [], RULES)
    assert moved == {"account_id": 7, "method": None}


values = st.one_of(st.none(), st.text(max_size=5), st.integers(-5, 5))
rows = st.dictionaries(st.sampled_from(["a", "b", "c"]), values, max_size=3)


@given(stored=rows, primary=st.lists(rows, max_size=3), secondary=st.lists(rows, max_size=3))
def test_merging_is_idempotent(
    stored: dict[str, Any], primary: list[dict[str, Any]], secondary: list[dict[str, Any]]
) -> None:
    once = merge_values(stored, primary, secondary, RULES)
    assert changed_fields(once, merge_values(once, primary, secondary, RULES)) == {}


@given(stored=rows, secondary=st.lists(rows, max_size=3))
def test_secondary_rows_never_overwrite_a_value(
    stored: dict[str, Any], secondary: list[dict[str, Any]]
) -> None:
    merged = merge_values(stored, [], secondary, RULES)
    for key, value in stored.items():
        if not is_blank(value):
            assert merged[key] == value


def test_an_address_is_kept_whole() -> None:
    rules = FieldRules(groups=(("country", "city"),))
    stored = {"country": "US", "city": None}
    assert merge_values(stored, [], [{"country": "GB", "city": "London"}], rules) == stored
    filled = merge_values(stored, [], [{"country": "us", "city": "Austin"}], rules)
    assert filled == {"country": "US", "city": "Austin"}
    assert merge_values(filled, [{"country": "US"}], [], rules) == filled  # blank never erases
    moved = merge_values(filled, [{"country": "FR", "city": None}], [], rules)
    assert moved == {"country": "FR", "city": None}
