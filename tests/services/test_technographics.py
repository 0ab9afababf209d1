from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from beachhead.errors import InputError
from beachhead.services.technographics import (
    catalog_entries,
    detect_online,
    detect_saved,
    normalise_url,
    read_headers,
    split_targets,
)

HUBSPOT = '<script id="hs-script-loader" async src="//js.hs-scripts.com/4412345.js"></script>'
BLOCKED = "<html><body>Checking your browser...</body></html>"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        status, body = (200, HUBSPOT) if self.path == "/" else (403, BLOCKED)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Server", "cloudflare")
        self.send_header("Set-Cookie", "__cf_bm=abc; path=/; HttpOnly")
        self.send_header("Set-Cookie", "hubspotutk=123; path=/")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def site() -> Iterator[str]:
    """A web site on 127.0.0.1 serving a HubSpot page at / and a 403 elsewhere."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_saved_page_with_headers_file(tmp_path: Path) -> None:
    (tmp_path / "acme.com.html").write_text(HUBSPOT)
    (tmp_path / "acme.com.headers").write_text(
        "HTTP/1.1 301 Moved\r\nLocation: https://www.acme.com/\r\n\r\n"
        "HTTP/2 200\r\nserver: cloudflare\r\nset-cookie: __cf_bm=x; path=/\r\n"
        "set-cookie: _ga=GA1.1; path=/\r\n"
    )
    [result] = detect_saved([tmp_path / "acme.com.html"])
    assert result.site == "acme.com" and result.error is None
    names = {d.technology for d in result.detections}
    assert names == {"HubSpot", "Cloudflare", "Google Analytics"}


def test_folders_are_searched_and_index_pages_named_after_their_folder(tmp_path: Path) -> None:
    (tmp_path / "globex.io").mkdir()
    (tmp_path / "globex.io" / "index.html").write_text(HUBSPOT)
    (tmp_path / "initech.com.htm").write_text("<p>nothing here</p>")
    (tmp_path / "notes.txt").write_text("ignored")
    results = detect_saved([tmp_path])
    assert [(r.site, len(r.detections)) for r in results] == [("globex.io", 1), ("initech.com", 0)]


def test_headers_file_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "acme.headers"
    path.write_text("Server: nginx\nthis is not a header\n")
    with pytest.raises(InputError, match=r"acme\.headers: line 2: not a 'Name: value'"):
        read_headers(path)


def test_missing_paths_and_empty_folders_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        detect_saved([tmp_path / "nope.html"])
    with pytest.raises(InputError, match=r"no \.html files in this folder"):
        detect_saved([tmp_path])


def test_online_detection_refuses_without_permission() -> None:
    with pytest.raises(InputError, match="network access is off") as raised:
        detect_online(["https://acme.com"], allow_network=False)
    assert raised.value.hint is not None and "--online" in raised.value.hint


def test_online_detection_reads_body_headers_and_cookies(site: str) -> None:
    [result] = detect_online([site + "/"], allow_network=True, timeout=5)
    assert (result.site, result.status, result.error) == ("127.0.0.1", 200, None)
    hubspot = next(d for d in result.detections if d.technology == "HubSpot")
    assert {e.source for e in hubspot.evidence} == {"script src", "cookie"}
    assert "Cloudflare" in {d.technology for d in result.detections}


def test_error_pages_are_analysed_and_failures_reported_per_site(site: str) -> None:
    dead = f"http://127.0.0.1:{_closed_port()}/"
    blocked, failed = detect_online([site + "/blocked", dead], allow_network=True, timeout=5)
    assert blocked.status == 403
    assert "Cloudflare" in {d.technology for d in blocked.detections}
    assert failed.detections == () and failed.error and "refused" in failed.error.lower()


def test_urls_and_domains() -> None:
    assert normalise_url(" acme.com ") == "https://acme.com"
    for bad in ("ftp://acme.com", "http://", "https://[::1"):
        with pytest.raises(InputError, match="not an http"):
            normalise_url(bad)


def test_targets_split_into_saved_pages_and_urls(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text("")
    assert split_targets([str(page), "acme.com"], online=True) == ([page], ["acme.com"])
    with pytest.raises(InputError, match="needs network access") as raised:
        split_targets(["https://acme.com"], online=False)
    assert raised.value.hint == "pass --online to fetch live pages"
    with pytest.raises(InputError, match="no such file or folder"):
        split_targets([str(tmp_path / "missing")], online=False)


def test_catalog_entries_by_category() -> None:
    assert {tech.category for tech in catalog_entries("cdp")} == {"cdp"}
    with pytest.raises(InputError, match="unknown category 'crms'") as raised:
        catalog_entries("crms")
    assert raised.value.hint is not None and "marketing_automation" in raised.value.hint


def test_a_silent_server_times_out_as_a_per_site_error() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        [result] = detect_online([url], allow_network=True, timeout=0.3)
    assert result.error is not None and "timed out" in result.error
