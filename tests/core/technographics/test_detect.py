from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beachhead.core.technographics import CATEGORIES, Detection, detect

PAGES = Path(__file__).parent / "pages"


def page(name: str) -> str:
    """A hand-written snippet shaped like the vendor's published embed code."""
    return (PAGES / f"{name}.html").read_text(encoding="utf-8")


def _names(found: list[Detection]) -> set[str]:
    return {d.technology for d in found}


def _one(found: list[Detection], name: str) -> Detection:
    return next(d for d in found if d.technology == name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("hubspot", {"HubSpot"}),
        ("marketo", {"Marketo"}),
        ("pardot", {"Pardot", "Salesforce"}),
        ("gtm", {"Google Tag Manager"}),
        ("segment", {"Segment"}),
        ("wordpress", {"WordPress"}),
        ("shopify", {"Shopify"}),
        ("drift", {"Drift"}),
        ("intercom", {"Intercom"}),
        ("okta_login", {"Okta"}),
        ("okta_employee_link", {"Okta"}),
        ("sixsense", {"6sense"}),
        ("ga4", {"Google Analytics"}),
        ("google_ads_only", {"Google Ads"}),
        ("web_to_lead", {"Salesforce"}),
        ("next_js", {"Next.js", "React"}),
    ],
)
def test_embed_codes_are_detected_and_nothing_else(name: str, expected: set[str]) -> None:
    assert _names(detect(page(name))) == expected


def test_a_page_that_only_mentions_vendors_detects_nothing() -> None:
    assert detect(page("mentions_only")) == []


def test_evidence_says_which_pattern_matched_where() -> None:
    hubspot = _one(detect(page("hubspot")), "HubSpot")
    assert hubspot.category == "crm"
    assert [str(e) for e in hubspot.evidence] == [
        "script src: //js.hs-scripts.com/4412345.js",
        "html: <!-- Start of HubSpot",
    ]
    assert hubspot.confidence == pytest.approx(1 - 0.1 * 0.2)


def test_implied_technology_is_less_certain_than_what_implies_it() -> None:
    found = detect(page("pardot"))
    pardot, salesforce = _one(found, "Pardot"), _one(found, "Salesforce")
    assert salesforce.confidence < pardot.confidence
    assert [str(e) for e in salesforce.evidence] == ["implied: by Pardot"]


def test_cloudflare_from_headers_and_set_cookie() -> None:
    headers = {
        "Server": "cloudflare",
        "CF-RAY": "8a1b2c3d4e5f-LHR",
        "Set-Cookie": "__cf_bm=abc.def; path=/; expires=Tue, 01-Jan-30 00:00:00 GMT",
    }
    cloudflare = _one(detect("", headers=headers), "Cloudflare")
    assert cloudflare.category == "cdn"
    assert {e.source for e in cloudflare.evidence} == {"cookie", "header server", "header cf-ray"}


def test_cookie_names_values_and_set_cookie_lines_all_count() -> None:
    found = detect("", cookies=["_ga=GA1.2.3.4", "hubspotutk", "OptanonConsent=x; Path=/"])
    assert _names(found) == {"Google Analytics", "HubSpot", "OneTrust"}


def test_every_meta_tag_of_a_name_is_seen() -> None:
    html = '<meta name=generator content="Elementor 3.18"><meta name=generator content=WordPress>'
    assert _names(detect(html)) == {"WordPress"}


def test_page_url_reveals_hosted_platforms() -> None:
    assert _names(detect("<html></html>", url="https://acme-store.myshopify.com/")) == {"Shopify"}


def test_header_names_are_case_insensitive_and_presence_counts() -> None:
    found = detect("", headers={"X-Vercel-Id": "fra1::abc", "X-Powered-By": "Next.js"})
    assert _names(found) == {"Vercel", "Next.js", "React"}


def test_results_come_in_category_order() -> None:
    html = page("hubspot") + page("gtm") + page("wordpress") + page("drift")
    order = [d.category for d in detect(html)]
    assert order == sorted(order, key=list(CATEGORIES).index)


def test_vendor_hosts_must_match_exactly_not_as_words() -> None:
    html = '<script src="https://example.com/assets/hs-scripts-loader.js"></script>'
    assert detect(html) == []


_FRAGMENTS = st.sampled_from(
    [
        "<script",
        " src=",
        '"',
        "'",
        ">",
        "</script>",
        "<a href=",
        "<meta name=generator content=",
        "js.hs-scripts.com/",
        "<!-- Start of HubSpot",
        "\n",
        "<",
        "=",
        " ",
        "_hsq =",
        "\x00",
        "é",
    ]
)
_HTMLISH = st.one_of(st.text(), st.lists(st.one_of(_FRAGMENTS, st.text(max_size=5))).map("".join))


@settings(max_examples=300, deadline=None)
@given(
    html=_HTMLISH,
    headers=st.dictionaries(st.text(max_size=20), st.text(max_size=40), max_size=4),
    cookies=st.lists(st.text(max_size=30), max_size=4),
    url=st.one_of(st.none(), st.text(max_size=40)),
)
def test_detect_never_raises_and_stays_in_range(
    html: str, headers: dict[str, str], cookies: list[str], url: str | None
) -> None:
    found = detect(html, headers, cookies, url)
    for detection in found:
        assert 0 < detection.confidence <= 1
        assert detection.category in CATEGORIES
        assert detection.evidence
    assert len({d.technology for d in found}) == len(found)
