"""`beachhead demo`: generate the seeded market, write its exports, load them through the real
importers, and check identity resolution against the market's hidden truth."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from beachhead.demo.export import ExportPaths, write_exports
from beachhead.demo.market import MarketConfig, generate_market
from beachhead.errors import ConfigError, WorkspaceError
from beachhead.platform import Platform
from beachhead.services.accounts import account_stats
from beachhead.services.crm_import import import_hubspot, import_salesforce
from beachhead.services.icp import learn_from_workspace, save_icp
from beachhead.services.importing import ImportSummary
from beachhead.services.pipeline import RunSummary, run_pipeline
from beachhead.services.prediction import TrainSummary, train_models
from beachhead.services.progress import NoProgress, Progress
from beachhead.services.signals import import_activities, import_intent
from beachhead.services.worklist import top_prospects
from beachhead.services.workspace import init_workspace
from beachhead.settings import SETTINGS_FILE

DATA_FOLDER = "demo-data"
TOP_ACCOUNTS = 10


@dataclass
class IdentityCheck:
    """Accounts after dedup against the true number of companies in the exported files."""

    true_companies: int
    accounts: int
    pending_account_reviews: int

    @property
    def exact(self) -> bool:
        return self.true_companies == self.accounts


@dataclass
class DemoResult:
    workspace: Path
    exports: ExportPaths
    imports: list[ImportSummary] = field(default_factory=list)
    identity: IdentityCheck | None = None
    icp_note: str = ""
    model: TrainSummary | None = None
    run: RunSummary | None = None
    top: list[dict[str, Any]] = field(default_factory=list)


def build_demo(
    workspace: Path, config: MarketConfig, reset: bool = False, progress: Progress | None = None
) -> DemoResult:
    """Create (or refresh) a demo workspace and load the generated market into it."""
    sink = progress or NoProgress()
    if reset:
        _remove_workspace(workspace)
    init_workspace(workspace)
    market = generate_market(config)
    exports = write_exports(market, workspace / DATA_FOLDER, _export_progress(sink))
    result = DemoResult(workspace, exports)
    platform = Platform.open(workspace)
    try:
        result.imports = _load(platform, exports, sink)
        result.identity = _identity_check(platform, exports)
        result.icp_note = _learn_profile(platform, config.as_of)
        result.model = train_models(platform, config.as_of, promote=True, progress=sink)
        result.run = run_pipeline(platform, config.as_of, "duckdb", sink)
        result.top = top_prospects(platform, TOP_ACCOUNTS, result.run.run_id)
    finally:
        platform.close()
    return result


def _load(platform: Platform, exports: ExportPaths, sink: Progress) -> list[ImportSummary]:
    return [
        import_salesforce(platform, exports.salesforce_dir, False, sink),
        import_hubspot(platform, exports.hubspot_dir, False, sink),
        import_intent(platform, exports.intent_file, "bombora", None, False, sink),
        import_activities(platform, exports.activities_file, False, sink),
    ]


def _learn_profile(platform: Platform, as_of: dt.date) -> str:
    """Learn icp.yaml from the market's history, unless someone has edited it by hand."""
    learned = learn_from_workspace(platform, as_of)
    try:
        save_icp(platform, learned.model)
    except ConfigError as kept:
        return kept.message
    return f"icp.yaml: {learned.model.regime} profile, {len(learned.model.criteria)} criteria"


def _export_progress(sink: Progress) -> Callable[[str, int], None]:
    started: set[str] = set()

    def report(step: str, rows: int) -> None:
        task = f"write {step}"
        if task not in started:
            sink.start(task, None)
            started.add(task)
        sink.advance(task, rows)

    return report


def _identity_check(platform: Platform, exports: ExportPaths) -> IdentityCheck:
    ids = pq.read_table(exports.truth_dir / "source_ids.parquet", columns=["company_id"])
    true_companies = len(set(ids.column("company_id").to_pylist()))
    with platform.store.reader() as session:
        stats = account_stats(session)
    pending = int(stats["pending_matches"].get("account", 0))
    return IdentityCheck(true_companies, stats["accounts"]["total"], pending)


def _remove_workspace(workspace: Path) -> None:
    if not workspace.exists():
        return
    if not (workspace / SETTINGS_FILE).is_file():
        raise WorkspaceError(
            f"{workspace} is not a Beachhead workspace; refusing to delete it",
            hint="choose an empty folder or an existing demo workspace",
        )
    shutil.rmtree(workspace)
