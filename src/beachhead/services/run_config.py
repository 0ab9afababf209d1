"""The configuration a run uses: the profile, the scoring rules, and the hash naming them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from beachhead.core.icp.defaults import default_profile
from beachhead.core.icp.io import read_icp
from beachhead.core.icp.model import IcpModel
from beachhead.core.scoring import ScoringConfig, load_scoring_config
from beachhead.services.icp import ICP_FILE

SCORING_FILE = "scoring.yaml"


@dataclass(frozen=True)
class RunConfig:
    """The profile and scoring rules a run used, and the hash that identifies them."""

    icp: IcpModel
    scoring: ScoringConfig
    config_hash: str


def run_config(workspace: Path) -> RunConfig:
    """icp.yaml and scoring.yaml of `workspace` (defaults for a missing file), hashed as used."""
    icp_file, scoring_file = workspace / ICP_FILE, workspace / SCORING_FILE
    icp = read_icp(icp_file) if icp_file.exists() else default_profile()
    scoring = load_scoring_config(scoring_file)
    digest = hashlib.sha256()
    for path, model in ((scoring_file, scoring), (icp_file, icp)):
        text = path.read_text(encoding="utf-8") if path.exists() else model.model_dump_json()
        digest.update(f"{path.name}\n{text}\n".encode())
    return RunConfig(icp=icp, scoring=scoring, config_hash=digest.hexdigest())
