from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from beachhead.cli import tech

runner = CliRunner()
PAGES = Path(__file__).parents[1] / "core" / "technographics" / "pages"


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Beachhead."""

    tech.register(app)
    return app


app = _app()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write((PAGES / "drift.html").read_bytes())

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_detect_a_folder_of_saved_pages_as_a_table() -> None:
    result = runner.invoke(app, ["tech", "detect", str(PAGES)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Marketo" in result.output and "inline script: Munchkin.init(" in result.output
    assert "no known technology found" in result.output  # the page that only mentions vendors
    assert "site(s)" in result.output


def test_detect_json_lists_sites_with_evidence() -> None:
    result = runner.invoke(app, ["tech", "detect", str(PAGES / "pardot.html"), "--json"])
    assert result.exit_code == 0, result.output
    [site] = json.loads(result.output)
    assert site["site"] == "pardot" and site["error"] is None
    found = {d["technology"]: d for d in site["detections"]}
    assert set(found) == {"Pardot", "Salesforce"}
    assert found["Pardot"]["category"] == "marketing_automation"
    assert {"source": "inline script", "match": "piAId ="} in found["Pardot"]["evidence"]


def test_a_url_needs_online_and_fails_in_one_line() -> None:
    result = runner.invoke(app, ["tech", "detect", "https://acme.example"])
    assert result.exit_code == 1
    assert "needs network access" in result.output and "--online" in result.output
    assert "Traceback" not in result.output


def test_online_detection_of_a_local_site(site: str) -> None:
    result = runner.invoke(app, ["tech", "detect", site, "--online", "--json", "--timeout", "5"])
    assert result.exit_code == 0, result.output
    [found] = json.loads(result.output)
    assert found["status"] == 200
    assert [d["technology"] for d in found["detections"]] == ["Drift"]


def test_list_one_category_as_json() -> None:
    result = runner.invoke(app, ["tech", "list", "--category", "crm", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {row["category"] for row in rows} == {"crm"}
    salesforce = next(row for row in rows if row["technology"] == "Salesforce")
    assert "SFDC" in salesforce["aliases"] and "script" in salesforce["detected_from"]


def test_list_table_and_unknown_category() -> None:
    table = runner.invoke(app, ["tech", "list"])
    assert table.exit_code == 0 and "Technology catalog (" in table.output
    bad = runner.invoke(app, ["tech", "list", "--category", "crms"])
    assert bad.exit_code == 1 and "unknown category 'crms'" in bad.output
