"""Technographics onto accounts: canonical stacks, and detections saved with provenance."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from beachhead.connectors.canonical import CanonicalBatch
from beachhead.core.technographics import Detection, Evidence
from beachhead.platform import Platform
from beachhead.services.progress import NoProgress
from beachhead.services.records import write_records
from beachhead.services.technographics import SiteResult, detect_saved
from beachhead.services.technographics_accounts import (
    normalise_account_stacks,
    save_detections,
    site_domain,
)
from beachhead.store.models import Account

PAGES = Path(__file__).parents[1] / "core" / "technographics" / "pages"
DAY = dt.date(2024, 5, 6)


def _accounts(platform: Platform) -> None:
    rows = [
        {"ref": "a1", "name": "Acme", "website": "https://www.acme.com",
         "technologies": ["sfdc", "hubspot crm"], "file": "a.csv", "line": 2},
        {"ref": "a2", "name": "Globex", "domain": "globex.io", "extra_domains": ["globex.com"],
         "technologies": ["Snowflake"], "file": "a.csv", "line": 3},
    ]  # fmt: skip
    batch = CanonicalBatch("salesforce")
    batch.add("accounts", rows)
    with platform.store.unit_of_work() as session:
        write_records(session, platform.settings, batch, NoProgress())


def _stored(platform: Platform) -> dict[str, tuple[list[str], dict[str, Any]]]:
    with platform.store.reader() as session:
        query = select(Account.domain, Account.technologies, Account.custom)
        return {str(d): (list(t or []), dict(c or {})) for d, t, c in session.execute(query)}


def _site(site: str, *found: tuple[str, float], url: str | None = None) -> SiteResult:
    detections = tuple(
        Detection(name, "chat", confidence, (Evidence("script src", f"{name}.js"),))
        for name, confidence in found
    )
    return SiteResult(site, f"{site}.html", detections, url=url)


def test_normalise_account_stacks_is_set_based_and_idempotent(platform: Platform) -> None:
    _accounts(platform)
    assert normalise_account_stacks(platform) == 1
    assert _stored(platform)["acme.com"][0] == ["Salesforce", "HubSpot"]
    assert normalise_account_stacks(platform) == 0


def test_save_merges_by_domain_with_provenance(platform: Platform) -> None:
    _accounts(platform)
    results = [
        _site("acme.com", ("Drift", 0.96), ("Intercom", 0.3)),
        _site("page2", ("Marketo", 0.9), url="https://shop.globex.com/"),  # an extra domain
        _site("initech.com", ("Drift", 0.9)),
        _site("notes", ("Drift", 0.9)),
    ]
    summary = save_detections(platform, results, today=DAY)
    assert summary.accounts_updated == 2 and summary.technologies_added == 2
    assert summary.unknown_domains == ["initech.com"]
    assert summary.without_domain == ["notes"]
    stack, custom = _stored(platform)["acme.com"]
    assert stack == ["Salesforce", "HubSpot", "Drift"]  # low-confidence Intercom left out
    drift = custom["technographics"]["Drift"]
    assert drift["source"] == "detected" and drift["detected_on"] == "2024-05-06"
    assert drift["evidence"] == ["script src: Drift.js"] and drift["confidence"] == 0.96
    assert _stored(platform)["globex.io"][0] == ["Snowflake", "Marketo"]
    again = save_detections(platform, results, today=DAY)
    assert again.accounts_updated == 0 and again.technologies_added == 0


def test_saved_pages_name_their_domain(tmp_path: Path) -> None:
    html = (PAGES / "drift.html").read_text(encoding="utf-8")
    (tmp_path / "acme.com.html").write_text(html, encoding="utf-8")
    (tmp_path / "page2.html").write_text(html, encoding="utf-8")
    (tmp_path / "page2.url").write_text("[InternetShortcut]\nURL=https://www.globex.io/\n")
    canonical = '<link href="https://initech.co.uk/" rel="canonical">' + html
    (tmp_path / "page3.html").write_text(canonical, encoding="utf-8")
    og = '<meta content="https://hooli.com/x" property="og:url">' + html
    (tmp_path / "page4.html").write_text(og, encoding="utf-8")
    domains = [site_domain(result) for result in detect_saved([tmp_path])]
    assert domains == ["acme.com", "globex.io", "initech.co.uk", "hooli.com"]


def test_failed_fetches_are_not_saved(platform: Platform) -> None:
    _accounts(platform)
    failed = SiteResult("acme.com", "https://acme.com", (), error="timed out")
    summary = save_detections(platform, [failed], today=DAY)
    assert summary.sites == [] and summary.accounts_updated == 0


def test_cli_detect_save_and_normalise(tmp_path: Path, workspace: Path) -> None:
    from typer.testing import CliRunner

    from beachhead.cli.main import app

    platform = Platform.open(workspace)
    try:
        _accounts(platform)
    finally:
        platform.close()
    page = tmp_path / "acme.com.html"
    page.write_text((PAGES / "drift.html").read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    ws = ["--workspace", str(workspace)]
    result = runner.invoke(app, ["tech", "detect", str(page), "--save", "--json", *ws])
    assert result.exit_code == 0, result.output
    saved = json.loads(result.stdout)["saved"]
    assert saved["accounts_updated"] == 1 and saved["sites"][0]["added"] == ["Drift"]
    result = runner.invoke(app, ["tech", "normalise", "--json", *ws])
    assert result.exit_code == 0 and json.loads(result.stdout) == {"accounts_changed": 0}
