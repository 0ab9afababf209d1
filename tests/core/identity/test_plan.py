"""Placing rows on records and counting what each row did."""

from __future__ import annotations

from beachhead.core.identity.merging import FieldRules
from beachhead.core.identity.plan import INSERTED, MERGED, UNCHANGED, UPDATED, Plan


def test_reimport_of_known_rows_is_unchanged() -> None:
    plan = Plan({"A": 1, "B": 1})
    plan.place(0, "A", {"name": "Acme"}, plan.locate("A"))
    plan.place(1, "B", {"name": "ACME"}, plan.locate("B"))
    done = plan.resolve({1: {"name": "Acme", "source": "crm"}}, "crm", FieldRules())
    assert list(done.outcomes.values()) == [UNCHANGED, UNCHANGED]
    assert done.updates == []


def test_one_changed_field_is_one_update() -> None:
    plan = Plan({"A": 1, "B": 1})
    plan.place(0, "A", {"name": "Acme", "city": "Paris"}, plan.locate("A"))
    plan.place(1, "B", {"name": "ACME"}, plan.locate("B"))
    stored = {1: {"name": "Acme", "city": "Austin", "source": "crm"}}
    done = plan.resolve(stored, "crm", FieldRules())
    assert sorted(done.outcomes.values()) == [UNCHANGED, UPDATED]
    assert done.updates == [(1, {"city": "Paris"})]


def test_duplicates_order_by_ref_not_by_file_order() -> None:
    results = []
    for order in (["B", "A"], ["A", "B"]):
        plan = Plan({})
        key = None
        for index, ref in enumerate(order):
            key = plan.place(index, ref, {"name": f"name {ref}"}, key)
        results.append(plan.resolve({}, "crm", FieldRules()).inserts[0][1]["name"])
    assert results == ["name A", "name A"]


def test_other_sources_only_fill_blanks_and_count_as_merged() -> None:
    plan = Plan({})
    plan.place(0, "H1", {"name": "Acme Inc", "industry": "Software"}, ("id", 4))
    done = plan.resolve(
        {4: {"name": "Acme", "industry": None, "source": "crm"}}, "hs", FieldRules()
    )
    assert done.outcomes == {0: MERGED}
    assert done.updates == [(4, {"industry": "Software"})]
    assert plan.new_refs() == [("H1", ("id", 4))]


def test_new_records_count_inserted_once() -> None:
    plan = Plan({})
    key = plan.place(0, "X", {"name": "X"}, None)
    plan.place(1, "Y", {"name": "X2"}, key)
    done = plan.resolve({}, "crm", FieldRules())
    assert done.outcomes == {0: INSERTED, 1: MERGED}
