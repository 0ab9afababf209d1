"""CRM campaign responses become engagement events, without counting a touch twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from beachhead.engine import inputs
from beachhead.engine.results import assert_same
from beachhead.engine.tables import EngineTables, read_inputs
from beachhead.platform import Platform
from beachhead.services.crm_import import import_salesforce
from beachhead.services.signals import import_activities

CAMPAIGN = "7015g000uHV5TsOAQV"
FILES = {
    "Account.csv": "Id,Name,Website\n0015g00000AbCdEAAV,Acme,acme.com\n",
    "Contact.csv": (
        "Id,AccountId,LastName,Email\n"
        "0035g00000XyZaAAAV,0015g00000AbCdEAAV,Lee,ann@acme.com\n"
        "0035g00000XyZaBAAV,0015g00000AbCdEAAV,Ray,bob@acme.com\n"
    ),
    "Campaign.csv": f"Id,Name,Type\n{CAMPAIGN},Data Summit,Webinar\n",
    "CampaignMember.csv": (
        "Id,CampaignId,ContactId,Status,HasResponded,FirstRespondedDate\n"
        f"00v5g000LTOtQegAYF,{CAMPAIGN},0035g00000XyZaAAAV,Attended,true,2026-03-02\n"
        f"00v5g000LTOtRasAYF,{CAMPAIGN},0035g00000XyZaBAAV,Attended,true,2026-03-03\n"
        f"00v5g000LTOtRatAYF,{CAMPAIGN},0035g00000XyZaBAAV,Sent,false,\n"
    ),
}


def test_responses_join_activities_once(platform: Platform, tmp_path: Path) -> None:
    folder = tmp_path / "sf"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text)
    import_salesforce(platform, folder)
    feed = tmp_path / "events.csv"
    feed.write_text(
        "event_id,occurred_at,activity_type,contact_email,campaign\n"
        f"w1,2026-03-02T15:00:00Z,webinar_attended,ANN@acme.com,{CAMPAIGN}\n"
    )
    import_activities(platform, feed)
    events = read_inputs(platform, dt.datetime(2026, 4, 1)).activities.to_pylist()
    touches = sorted((e["contact_email"], e["source"], e["activity_type"]) for e in events)
    assert touches == [
        ("ann@acme.com", None, "webinar_attended"),  # the feed's row; the CRM's is not added
        ("bob@acme.com", "crm_campaign", "webinar_attended"),  # only the CRM knew Bob attended
    ]
    bob = next(e for e in events if e["contact_email"] == "bob@acme.com")
    assert bob["account_id"] is not None


def test_as_of_hides_later_responses(platform: Platform, tmp_path: Path) -> None:
    folder = tmp_path / "sf"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text)
    import_salesforce(platform, folder)
    events = read_inputs(platform, dt.datetime(2026, 3, 3)).activities.to_pylist()
    assert [e["contact_email"] for e in events] == ["ann@acme.com"]


def test_a_touch_before_the_window_still_counts_once(platform: Platform, tmp_path: Path) -> None:
    """Reading only recent events must not change which responses are new."""
    folder = tmp_path / "sf"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text)
    import_salesforce(platform, folder)
    feed = tmp_path / "events.csv"
    feed.write_text(
        "event_id,occurred_at,activity_type,contact_email,campaign\n"
        f"w0,2026-01-10T15:00:00Z,email_click,ann@acme.com,{CAMPAIGN}\n"
    )
    import_activities(platform, feed)
    as_of, since = dt.datetime(2026, 4, 1), dt.datetime(2026, 2, 1)
    windowed = read_inputs(platform, as_of, since).activities.to_pylist()
    everything = read_inputs(platform, as_of).activities.to_pylist()
    assert [(e["contact_email"], e["source"]) for e in windowed] == [
        ("bob@acme.com", "crm_campaign")
    ]
    assert sorted(e["event_id"] for e in everything) == sorted(["w0", windowed[0]["event_id"]])


def test_store_drivers_read_the_same_events(
    platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sf"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text)
    import_salesforce(platform, folder)
    fast = read_inputs(platform, dt.datetime(2026, 4, 1))
    monkeypatch.setattr(inputs, "_adbc_connect", lambda engine: (None, Exception))
    slow = read_inputs(platform, dt.datetime(2026, 4, 1))
    for name in EngineTables.names():
        assert_same(getattr(fast, name), getattr(slow, name))
    assert fast.activities.num_rows == 2 and fast.contacts.num_rows == 2
