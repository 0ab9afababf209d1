"""Technographics use-cases: detect technologies in saved pages or, when allowed, live sites.

Detection only reads; `services.technographics_accounts` writes what was found onto accounts.
"""

from __future__ import annotations

import http.client
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit

from beachhead import __version__
from beachhead.core.technographics import CATEGORIES, Detection, Technology, default_catalog
from beachhead.core.technographics import detect as detect_page
from beachhead.errors import InputError
from beachhead.services.progress import NoProgress, Progress

HTML_SUFFIXES = (".html", ".htm")
HEADERS_SUFFIX = ".headers"
URL_SUFFIX = ".url"
MAX_PAGE_BYTES = 5_000_000
USER_AGENT = f"Beachhead/{__version__} (technographics)"
FETCH_TASK = "fetching pages"
_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.IGNORECASE)
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_CANONICAL = re.compile(r"""<link\b[^<>]*\brel\s*=\s*["']?canonical\b[^<>]*>""", re.IGNORECASE)
_OG_URL = re.compile(r"""<meta\b[^<>]*\bproperty\s*=\s*["']?og:url\b[^<>]*>""", re.IGNORECASE)
_ADDRESS = re.compile(r"""\b(?:href|content)\s*=\s*["']?(https?://[^"'\s<>]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class SiteResult:
    """What one page revealed: `site` is the host (or file name), `source` where it came from."""

    site: str
    source: str
    detections: tuple[Detection, ...]
    status: int | None = None
    error: str | None = None
    url: str | None = None  # the page's own address: fetched, `.url` sibling, or canonical


def detect_saved(paths: Sequence[Path]) -> list[SiteResult]:
    """Detect technologies in saved pages: `.html` files, or folders searched for them.

    A sibling `<name>.headers` file of `Name: value` lines (as `curl -D` writes) adds the
    response headers and Set-Cookie names.
    """
    return [_detect_file(path) for path in saved_pages(paths)]


def saved_pages(paths: Sequence[Path]) -> list[Path]:
    """The pages `paths` name: files as given, folders expanded to their .html/.htm files."""
    pages: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in HTML_SUFFIXES)
            if not found:
                raise InputError(f"{path}: no .html files in this folder")
            pages.extend(found)
        elif path.is_file():
            pages.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return pages


def read_headers(path: Path) -> tuple[dict[str, str], list[str]]:
    """Headers and Set-Cookie lines of a saved response; the last response wins on redirects."""
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("HTTP/"):
            headers, cookies = {}, []
            continue
        name, colon, value = line.partition(":")
        if not colon or not _HEADER_NAME.match(name.strip()):
            raise InputError(f"{path}: line {number}: not a 'Name: value' header line: {line!r}")
        key, value = name.strip().lower(), value.strip()
        if key == "set-cookie":
            cookies.append(value)
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers, cookies


def detect_online(
    urls: Sequence[str],
    allow_network: bool,
    timeout: float = 10.0,
    *,
    workers: int = 8,
    progress: Progress | None = None,
) -> list[SiteResult]:
    """Fetch each URL (bare domains get https://) and detect; a failed fetch is a result too.

    Refuses to touch the network unless `allow_network` is True.
    """
    if not urls:
        return []
    if not allow_network:
        raise InputError(
            f"network access is off: not fetching {len(urls)} URL(s)",
            hint="pass --online to fetch live pages, or save the pages and detect offline",
        )
    targets = [normalise_url(url) for url in urls]
    default_catalog()  # parsed once here rather than raced for by the threads
    sink = progress or NoProgress()
    sink.start(FETCH_TASK, len(targets))
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(targets)))) as pool:
        results = []
        for result in pool.map(lambda url: fetch_and_detect(url, timeout), targets):
            results.append(result)
            sink.advance(FETCH_TASK)
    sink.finish(FETCH_TASK)
    return results


def normalise_url(text: str) -> str:
    """An http(s) URL for a URL or bare domain; InputError for anything else."""
    url = text.strip()
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise InputError(f"{text!r} is not an http(s) URL or domain")
    return url


def fetch_and_detect(url: str, timeout: float, max_bytes: int = MAX_PAGE_BYTES) -> SiteResult:
    """One page fetched with urllib; error pages (403, 503...) are still analysed."""
    site = _site_of(url)
    try:
        body, final, status, headers = _fetch(url, timeout, max_bytes)
    except (OSError, ValueError, http.client.HTTPException) as error:
        return SiteResult(site, url, (), error=_reason(error))
    header_map = {k.lower(): ", ".join(headers.get_all(k) or []) for k in headers}
    html = _decode(body, headers.get_content_charset())
    found = detect_page(html, header_map, headers.get_all("Set-Cookie") or [], final)
    return SiteResult(site, final, tuple(found), status=status, url=final)


def _fetch(url: str, timeout: float, max_bytes: int) -> tuple[bytes, str, int, Message]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(max_bytes), response.geturl(), response.status, response.headers
    except urllib.error.HTTPError as error:
        # A block page or an error page still shows headers and often scripts.
        with error:
            return error.read(max_bytes), url, error.code, error.headers


def split_targets(targets: Sequence[str], online: bool) -> tuple[list[Path], list[str]]:
    """Existing paths are saved pages; with `online`, anything else is a URL or domain."""
    paths: list[Path] = []
    urls: list[str] = []
    for target in targets:
        is_url = "://" in target
        if not is_url and Path(target).exists():
            paths.append(Path(target))
        elif online:
            urls.append(target)
        elif is_url or _DOMAIN.match(target):
            raise InputError(
                f"{target}: not a saved page; fetching it needs network access",
                hint="pass --online to fetch live pages",
            )
        else:
            raise InputError(f"{target}: no such file or folder")
    return paths, urls


def detect_targets(
    targets: Sequence[str], online: bool, timeout: float = 10.0, progress: Progress | None = None
) -> list[SiteResult]:
    """Saved pages and (with `online`) live URLs, in the order given by kind: files first."""
    paths, urls = split_targets(targets, online)
    return detect_saved(paths) + detect_online(urls, online, timeout, progress=progress)


def catalog_entries(category: str | None = None) -> list[Technology]:
    """The catalog, or one category of it (matching main and secondary categories)."""
    catalog = default_catalog()
    if category is None:
        return list(catalog.technologies)
    if category not in CATEGORIES:
        raise InputError(
            f"unknown category {category!r}", hint=f"use one of: {', '.join(CATEGORIES)}"
        )
    return catalog.in_category(category)


def _detect_file(path: Path) -> SiteResult:
    headers: dict[str, str] = {}
    cookies: list[str] = []
    sidecar = path.with_suffix(HEADERS_SUFFIX)
    if sidecar.is_file():
        headers, cookies = read_headers(sidecar)
    html = _decode(_read_bytes(path), None)
    site = path.parent.name if path.stem.lower() == "index" and path.parent.name else path.stem
    found = tuple(detect_page(html, headers, cookies))
    return SiteResult(site, str(path), found, url=saved_page_url(path, html))


def saved_page_url(path: Path, html: str) -> str | None:
    """Where a saved page came from: a sibling `.url` file, else its canonical or og:url."""
    sidecar = path.with_suffix(URL_SUFFIX)
    if sidecar.is_file():
        for line in _read_text(sidecar).splitlines():
            text = line.strip().removeprefix("URL=")
            if text and not text.startswith("["):  # skip "[InternetShortcut]"
                return text
    for tag in (_CANONICAL, _OG_URL):
        found = tag.search(html)
        address = _ADDRESS.search(found.group(0)) if found else None
        if address:
            return address.group(1)
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None


def _read_text(path: Path) -> str:
    return _decode(_read_bytes(path), None)


def _decode(body: bytes, charset: str | None) -> str:
    # Fingerprints are ASCII, so an unknown or wrong charset costs nothing but odd snippets.
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _site_of(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.URLError) and not isinstance(error.reason, str):
        error = error.reason if isinstance(error.reason, BaseException) else error
    text = str(error) or type(error).__name__
    return text.removeprefix("<urlopen error ").removesuffix(">")
