"""Word lists for the synthetic market: company names, sectors, stack, intent topics, web pages.

Everything is code so the package ships no data files. Weights are judgement calls for a
data-platform seller (the demo's imaginary vendor); `companies.py` turns them into a latent fit.
"""

from __future__ import annotations

from typing import NamedTuple


def words(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of `text` (keeps long vocabularies readable)."""
    return tuple(text.split())


# Real-word halves of compound names ("Northbridge", "Ironpeak"): they read as plausible brands.
NAME_PREFIXES: tuple[str, ...] = words(
    """
    north south east west blue red green silver gold iron stone bright clear deep high
    true swift bold quiet wild open far grand prime rapid solid steady summit crystal amber
    cedar maple oak pine willow birch aspen harbor river lake bay ocean coral sand storm
    rain cloud sun star moon sky frost snow ember spark flint copper cobalt onyx jade
    ruby pearl falcon hawk raven eagle fox wolf bear lynx otter heron orca sable
    arrow anchor beacon compass keystone lantern shield crown castle tower bridge mill
    forge glen vale brook ridge crest cliff mesa canyon prairie meadow grove orchard
    tide wave wind thunder echo nova astra terra aqua vita lumen vector quantum
    """
)
NAME_ROOTS: tuple[str, ...] = words(
    """
    bridge peak wave field gate stack loop path point line works well wood ford haven
    port mark stone light rock side view wind land vale crest hill brook mont shire
    field way base core grid hub link mind sight scale stream flow span shift craft
    spring water fall burn dale gard holm ton by wick stead moor marsh cove reach
    forge yard cast bound spire arch vault beam helm keel sail mast deck quay
    """
)
# Invented brand words are onset+vowel(+coda) syllables; the space is large enough that 100,000
# names stay at least two edits apart from each other (see naming.py).
ONSETS: tuple[str, ...] = words(
    "b br c cl cr d dr f fl g gr k kr l m n p pr qu r s st t tr v z x h j sh th"
)
VOWELS: tuple[str, ...] = words("a e i o u ai ea io y")
CODAS: tuple[str, ...] = ("", "", "n", "r", "l", "x", "s", "m", "t", "nd", "rk", "v")
ENDINGS: tuple[str, ...] = ("", "", "", "a", "o", "ia", "ix", "ify", "ly", "io", "eon", "ara")

# Never usable as a brand stem: they are descriptors, legal forms or mail providers.
STEM_BLOCKLIST: frozenset[str] = frozenset(
    words(
        """
    gmail yahoo outlook hotmail live aol icloud proton mail email group holding holdings
    company corp inc limited bank data cloud labs systems the and
    """
    )
)


class Sector(NamedTuple):
    """An industry as the market sees it: label, share of companies, fit weight, name words."""

    label: str
    share: float
    fit: float
    revenue_per_employee: float
    descriptors: tuple[str, ...]


SECTORS: tuple[Sector, ...] = (
    Sector(
        "Software",
        0.16,
        1.3,
        260_000,
        (
            "Analytics",
            "Systems",
            "Software",
            "Labs",
            "AI",
            "Technologies",
            "Cloud",
            "Data",
            "Networks",
        ),
    ),
    Sector(
        "Financial Services",
        0.08,
        1.1,
        420_000,
        ("Capital", "Financial", "Payments", "Partners", "Investments", "Lending"),
    ),
    Sector("Banking", 0.04, 0.7, 450_000, ("Bank", "Bancorp", "Savings", "Trust")),
    Sector("Insurance", 0.04, 0.6, 480_000, ("Insurance", "Mutual", "Assurance", "Underwriters")),
    Sector("E-commerce", 0.06, 0.8, 300_000, ("Commerce", "Shop", "Direct", "Marketplace")),
    Sector("Healthcare", 0.09, 0.3, 180_000, ("Health", "Medical", "Care", "Clinics", "Labs")),
    Sector("Retail", 0.08, 0.3, 170_000, ("Retail", "Stores", "Outfitters", "Goods", "Brands")),
    Sector("Media", 0.05, 0.3, 240_000, ("Media", "Studios", "Publishing", "Digital")),
    Sector("Telecommunications", 0.03, 0.4, 380_000, ("Telecom", "Networks", "Wireless")),
    Sector("Logistics", 0.06, 0.0, 200_000, ("Logistics", "Freight", "Shipping", "Transport")),
    Sector(
        "Manufacturing",
        0.10,
        -0.2,
        230_000,
        ("Industries", "Manufacturing", "Components", "Materials", "Works"),
    ),
    Sector(
        "Professional Services",
        0.07,
        0.1,
        160_000,
        ("Consulting", "Advisors", "Partners", "Associates", "Solutions"),
    ),
    Sector("Education", 0.04, -0.6, 90_000, ("Learning", "Academy", "Education", "Institute")),
    Sector("Government", 0.02, -0.9, 120_000, ("Authority", "Agency", "Council")),
    Sector("Energy", 0.03, -0.1, 600_000, ("Energy", "Power", "Renewables", "Utilities")),
    Sector("Hospitality", 0.03, -0.5, 80_000, ("Hotels", "Hospitality", "Resorts", "Dining")),
    Sector("Real Estate", 0.02, -0.5, 350_000, ("Properties", "Realty", "Estates")),
    Sector("Non-profit", 0.01, -1.0, 70_000, ("Foundation", "Alliance", "Trust")),
)
OTHER_SECTOR = Sector("Other", 0.0, 0.0, 200_000, ("Company",))


class Technology(NamedTuple):
    """A product in a company's stack: adoption base rate, tilt towards big companies, fit."""

    name: str
    adoption: float
    size_tilt: float
    fit: float
    is_cdp: bool = False


TECHNOLOGIES: tuple[Technology, ...] = (
    Technology("Salesforce", 0.45, 0.5, 0.3),
    Technology("HubSpot", 0.30, -0.4, 0.1),
    Technology("Marketo", 0.15, 0.4, 0.2),
    Technology("Snowflake", 0.14, 0.6, 0.9),
    Technology("Databricks", 0.08, 0.6, 0.4),
    Technology("BigQuery", 0.10, 0.2, 0.3),
    Technology("Amazon Redshift", 0.08, 0.3, 0.2),
    Technology("Segment", 0.08, 0.1, -0.7, True),
    Technology("mParticle", 0.03, 0.3, -0.7, True),
    Technology("Tealium", 0.03, 0.4, -0.7, True),
    Technology("dbt", 0.09, 0.2, 0.4),
    Technology("Fivetran", 0.07, 0.2, 0.3),
    Technology("Tableau", 0.20, 0.4, 0.1),
    Technology("Looker", 0.10, 0.2, 0.2),
    Technology("Power BI", 0.22, 0.3, 0.0),
    Technology("Google Analytics", 0.70, 0.0, 0.0),
    Technology("WordPress", 0.40, -0.5, -0.1),
    Technology("Shopify", 0.10, -0.3, 0.0),
    Technology("AWS", 0.50, 0.3, 0.2),
    Technology("Microsoft Azure", 0.35, 0.4, 0.0),
    Technology("Google Cloud", 0.20, 0.2, 0.1),
    Technology("Okta", 0.25, 0.6, 0.1),
    Technology("Zendesk", 0.20, -0.1, 0.0),
    Technology("Slack", 0.50, 0.1, 0.1),
    Technology("Jira", 0.35, 0.3, 0.1),
    Technology("Workday", 0.12, 0.9, 0.0),
    Technology("NetSuite", 0.12, 0.0, 0.0),
    Technology("SAP", 0.12, 1.0, -0.2),
)

# Bombora-style intent taxonomy: (category, topics). The demo vendor sells a data platform, so
# the first three categories are what real buying episodes research; "IT Operations" is noise.
INTENT_CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Data Management",
        (
            "Data Lineage",
            "Data Governance",
            "Data Quality",
            "Data Catalog",
            "Master Data Management",
        ),
    ),
    (
        "Cloud Data",
        ("Cloud Data Warehouse", "Data Lakehouse", "ETL", "Reverse ETL", "Data Integration"),
    ),
    (
        "Customer Data",
        (
            "Customer Data Platform",
            "Identity Resolution",
            "Customer Segmentation",
            "Marketing Attribution",
        ),
    ),
    ("IT Operations", ("IT Service Management", "Endpoint Security", "Cloud Cost Management")),
)
# How many of the categories above buying episodes draw their topics from.
RELEVANT_CATEGORIES = 3

# Web pages of the demo vendor: always-on pages, then one solution page per relevant topic.
GENERIC_PAGES: tuple[str, ...] = (
    "/",
    "/blog/modern-data-stack",
    "/blog/what-is-data-lineage",
    "/blog/cdp-vs-warehouse",
    "/careers",
    "/about",
    "/customers",
    "/docs/getting-started",
    "/events",
    "/partners",
)
PRICING_PAGE = "/pricing"
DEMO_PAGE = "/request-a-demo"
