"""Detect technologies in a saved or fetched web page: HTML, response headers, cookies, URL.

Detection is pure and offline. The page is cut into a few texts in one pass per kind (script
sources, other resource URLs, link targets, inline script bodies, meta tags, headers, cookie
names), then every fingerprint of the catalog is tried on the text of its kind. Only structural
evidence counts: a page that merely *mentions* a vendor, or links to the vendor's own site, does
not use it.

>>> page = '<script async src="https://js.hs-scripts.com/123.js"></script>'
>>> [(d.technology, d.confidence) for d in detect(page, headers={"Server": "cloudflare"})]
[('HubSpot', 0.9), ('Cloudflare', 0.9)]
>>> detect("<p>We integrate with Salesforce and HubSpot.</p>")
[]
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from beachhead.core.technographics.catalog import CATEGORIES, Catalog, Technology, default_catalog
from beachhead.core.technographics.patterns import CASE_SENSITIVE, Pattern

# One expression per kind, each run once over the page.
_SCRIPT_SRC = re.compile(r"""<script\b[^<>]*?\ssrc\s*=\s*["']?([^"'\s<>]+)""", re.IGNORECASE)
_RESOURCE = re.compile(
    r"""<(?:link|img|iframe|frame|form|embed|source|object|video|audio)\b[^<>]*?"""
    r"""\s(?:src|href|action|data-src|data)\s*=\s*["']?([^"'\s<>]+)""",
    re.IGNORECASE,
)
_LINK = re.compile(r"""<a\b[^<>]*?\shref\s*=\s*["']?([^"'\s<>]+)""", re.IGNORECASE)
_META = re.compile(r"<meta\b([^<>]*)>", re.IGNORECASE)
_SCRIPT_OPEN = re.compile(r"<script\b([^<>]*)>", re.IGNORECASE)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.IGNORECASE)
_HAS_SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]+))""")
_COOKIE_NAME = re.compile(r"(?:^|[;,])\s*([^=;,\s]+)=")
_COOKIE_ATTRIBUTES = frozenset(
    {"path", "domain", "expires", "max-age", "samesite", "secure", "httponly", "priority"}
)
_LINE_KINDS = frozenset({"script", "resource", "link", "cookies", "url"})
_SOURCE_LABELS = {
    "script": "script src",
    "resource": "resource",
    "link": "link",
    "html": "html",
    "js": "inline script",
    "cookies": "cookie",
    "url": "url",
}
_SNIPPET = 160
# An implied technology is likely, not seen: it gets a share of its parent's confidence.
IMPLIED_FACTOR = 0.8


@dataclass(frozen=True)
class Evidence:
    """Where a fingerprint matched (e.g. "script src") and what it matched."""

    source: str
    match: str

    def __str__(self) -> str:
        return f"{self.source}: {self.match}"


@dataclass(frozen=True)
class Detection:
    """A technology seen on a page, with a confidence in (0, 1] and the evidence for it."""

    technology: str
    category: str
    confidence: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class _Page:
    texts: dict[str, str]
    probes: dict[str, str]
    meta: dict[str, str]
    headers: dict[str, str]


def detect(
    html: str,
    headers: Mapping[str, str] | None = None,
    cookies: Iterable[str] = (),
    url: str | None = None,
    *,
    catalog: Catalog | None = None,
) -> list[Detection]:
    """Technologies the page reveals, in category order.

    `cookies` are names, ``name=value`` pairs or Set-Cookie lines; Set-Cookie headers count too.
    Never raises on arbitrary text.
    """
    catalog = catalog or default_catalog()
    page = _page(html or "", headers or {}, cookies, url or "")
    found: dict[str, Detection] = {}
    for tech in catalog.technologies:
        evidence = [(p, e) for p in tech.patterns if (e := _evidence(p, page)) is not None]
        if evidence:
            found[tech.name] = _detection(tech, evidence)
    _add_implied(found, catalog)
    order = list(CATEGORIES)
    return sorted(found.values(), key=lambda d: (order.index(d.category), d.technology))


def _page(html: str, headers: Mapping[str, str], cookies: Iterable[str], url: str) -> _Page:
    header_map = {str(k).strip().lower(): str(v) for k, v in headers.items()}
    names = _cookie_names(cookies, header_map.get("set-cookie", ""))
    texts = {
        "script": _joined(_SCRIPT_SRC, html),
        "resource": _joined(_RESOURCE, html),
        "link": _joined(_LINK, html),
        "html": html,
        "js": "\n".join(_inline_scripts(html)),
        "cookies": "\n".join(names),
        "url": url.strip(),
    }
    probes = {k: v if k in CASE_SENSITIVE else v.lower() for k, v in texts.items()}
    return _Page(texts, probes, _meta(html), header_map)


def _joined(expression: re.Pattern[str], html: str) -> str:
    return "\n".join(match.group(1) for match in expression.finditer(html))


def _inline_scripts(html: str) -> list[str]:
    """Bodies of <script> tags without src; openings inside an earlier body are skipped."""
    ends = [match.start() for match in _SCRIPT_CLOSE.finditer(html)]
    bodies: list[str] = []
    body_end = 0
    for match in _SCRIPT_OPEN.finditer(html):
        if match.start() < body_end:
            continue
        index = bisect.bisect_left(ends, match.end())
        body_end = ends[index] if index < len(ends) else len(html)
        if not _HAS_SRC.search(match.group(1)):
            bodies.append(html[match.end() : body_end])
    return bodies


def _meta(html: str) -> dict[str, str]:
    meta: dict[str, list[str]] = {}
    for match in _META.finditer(html):
        attrs = {
            m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
            for m in _ATTR.finditer(match.group(1))
        }
        key = attrs.get("name") or attrs.get("property") or attrs.get("http-equiv")
        if key and "content" in attrs:
            meta.setdefault(key.lower(), []).append(attrs["content"])
    return {key: "\n".join(values) for key, values in meta.items()}


def _cookie_names(cookies: Iterable[str], set_cookie: str) -> list[str]:
    names = [str(c).split(";", 1)[0].split("=", 1)[0].strip() for c in cookies]
    names += [m.group(1) for m in _COOKIE_NAME.finditer(set_cookie)]
    unique = dict.fromkeys(n for n in names if n and n.lower() not in _COOKIE_ATTRIBUTES)
    return [name.replace("\n", " ") for name in unique]


def _evidence(pattern: Pattern, page: _Page) -> Evidence | None:
    if pattern.key:
        return _keyed_evidence(pattern, page)
    probe = page.probes[pattern.kind]
    if pattern.anchors and not any(anchor in probe for anchor in pattern.anchors):
        return None
    text = page.texts[pattern.kind]
    match = pattern.regex.search(text)
    if match is None:
        return None
    if pattern.kind in _LINE_KINDS:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        snippet = text[start : end if end >= 0 else len(text)]
    else:
        snippet = " ".join(match.group(0).split())
    return Evidence(_SOURCE_LABELS[pattern.kind], _shorten(snippet))


def _keyed_evidence(pattern: Pattern, page: _Page) -> Evidence | None:
    values = page.meta if pattern.kind == "meta" else page.headers
    value = values.get(pattern.key)
    if value is None or pattern.regex.search(value) is None:
        return None
    label = "meta" if pattern.kind == "meta" else "header"
    return Evidence(f"{label} {pattern.key}", _shorten(" ".join(value.split())) or "(present)")


def _shorten(text: str) -> str:
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


def _detection(tech: Technology, evidence: list[tuple[Pattern, Evidence]]) -> Detection:
    # Two patterns matching the same script tag are one piece of evidence, not two.
    strength: dict[Evidence, float] = {}
    for pattern, item in evidence:
        strength[item] = max(strength.get(item, 0.0), pattern.confidence)
    doubt = math.prod(1 - confidence for confidence in strength.values())
    return Detection(tech.name, tech.category, round(1 - doubt, 2), tuple(strength))


def _add_implied(found: dict[str, Detection], catalog: Catalog) -> None:
    pending = list(found.values())
    while pending:
        parent = pending.pop()
        tech = catalog.get(parent.technology)
        for name in tech.implies if tech else ():
            implied = catalog.get(name)
            if implied is None or implied.name in found:
                continue
            confidence = round(parent.confidence * IMPLIED_FACTOR, 2)
            evidence = (Evidence("implied", f"by {parent.technology}"),)
            found[implied.name] = Detection(implied.name, implied.category, confidence, evidence)
            pending.append(found[implied.name])
