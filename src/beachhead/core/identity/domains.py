"""Registrable-domain keys for accounts (DOMAIN.md, Identity).

>>> registrable_domain("https://WWW.Example.co.uk/about?x=1")
'example.co.uk'
>>> registrable_domain("Jane.Doe@Sales.Acme.com")
'acme.com'
>>> registrable_domain("acme.github.io")
'acme.github.io'
>>> registrable_domain("not a domain") is None
True
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Container, Iterable
from urllib.parse import urlsplit

import idna
import tldextract

_HOST_OK = re.compile(r"^[a-z0-9.-]+$")


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    # The bundled Public Suffix List snapshot: never fetch it over the network.
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def host_of(value: str | None) -> str | None:
    """The lower-case ASCII host of a URL, bare host or email address; None if there is none.

    >>> host_of(" http://user:pw@Shop.Example.com:8080/path ")
    'shop.example.com'
    >>> host_of("Müller.de")
    'xn--mller-kva.de'
    """
    if not value:
        return None
    text = value.strip().lower()
    if "@" in text and "/" not in text:
        text = text.rsplit("@", 1)[1]
    if "://" not in text:
        text = "http://" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host:
        return None
    return _to_ascii(host.strip(".").removeprefix("www."))


def _to_ascii(host: str) -> str | None:
    if host.isascii():
        return host if _HOST_OK.match(host) else None
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        return None


def registrable_domain(value: str | None) -> str | None:
    """The account key: registrable domain under the Public Suffix List (private suffixes too)."""
    host = host_of(value)
    if host is None:
        return None
    parts = _extractor()(host)
    if not parts.suffix or not parts.domain:
        return None
    return f"{parts.domain}.{parts.suffix}"


def email_domain(email: str | None) -> str | None:
    """The registrable domain of an email address, or None when it is not an address."""
    if not email or "@" not in email:
        return None
    return registrable_domain(email.strip().rsplit("@", 1)[1])


def derive_domains(
    email_domains: Iterable[str | None],
    min_contacts: int,
    min_share: float,
    excluded: Container[str] = frozenset(),
) -> list[str]:
    """Company domains implied by an account's contacts' email domains, most common first.

    A domain counts when at least `min_contacts` contacts use it and they are at least
    `min_share` of the contacts with an address; free-mail domains (`excluded`) never count.

    >>> derive_domains(["acme.com", "acme.com", "gmail.com", None, "acme.co.uk"], 2, 0.25)
    ['acme.com']
    """
    known = [d for d in email_domains if d]
    counts = Counter(d for d in known if d not in excluded)
    kept = [
        (domain, n)
        for domain, n in counts.items()
        if n >= min_contacts and n / len(known) >= min_share
    ]
    return [domain for domain, _ in sorted(kept, key=lambda item: (-item[1], item[0]))]
