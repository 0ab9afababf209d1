"""Importing CRM exports: Salesforce and HubSpot folders, and any CSV through a mapping file.

Each use-case reads with its connector (pure, nothing written) and hands the batch to
`run_import`, which writes it all or nothing. Notes from the connector (warnings that reject
no row, e.g. a value outside an allowed list) come first in the summary's notes.
"""

from __future__ import annotations

from pathlib import Path

from beachhead.connectors.crm_common import CrmBatch
from beachhead.connectors.hubspot import load_pipelines, read_hubspot
from beachhead.connectors.mapped import read_mapped
from beachhead.connectors.salesforce import read_salesforce
from beachhead.platform import Platform
from beachhead.services.importing import ImportSummary, run_import
from beachhead.services.progress import Progress

PIPELINES_FILE = "pipelines.yaml"


def import_salesforce(
    platform: Platform, folder: Path, strict: bool = False, progress: Progress | None = None
) -> ImportSummary:
    """Import a folder of Salesforce object exports (`Account.csv`, `Opportunity.csv`...)."""
    return _run(platform, read_salesforce(folder), "salesforce", folder, strict, progress)


def import_hubspot(
    platform: Platform, folder: Path, strict: bool = False, progress: Progress | None = None
) -> ImportSummary:
    """Import HubSpot `companies`, `contacts` and `deals` exports.

    Deal stages are read with the workspace's `pipelines.yaml` when there is one (else
    HubSpot's default pipeline).
    """
    pipelines = platform.settings.workspace / PIPELINES_FILE
    stages = load_pipelines(pipelines) if pipelines.is_file() else None
    return _run(platform, read_hubspot(folder, stages), "hubspot", folder, strict, progress)


def import_mapped(
    platform: Platform,
    path: Path,
    entity: str,
    mapping: Path,
    strict: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import one file of `entity` rows (accounts, contacts, opportunities) via `mapping`."""
    return _run(platform, read_mapped(path, entity, mapping), entity, path, strict, progress)


def _run(
    platform: Platform,
    batch: CrmBatch,
    kind: str,
    source: Path,
    strict: bool,
    progress: Progress | None,
) -> ImportSummary:
    summary = run_import(platform, batch, kind, source, strict, progress)
    summary.notes[:0] = batch.notes
    return summary
