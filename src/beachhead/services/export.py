"""`beachhead export accounts`: a run's scores with their reasons as CSV, Parquet or JSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy.orm import Session

from beachhead.core.scoring import explain
from beachhead.errors import BeachheadError, NotFoundError
from beachhead.platform import Platform
from beachhead.services.propensity import explain_propensity
from beachhead.services.reports import safe_cell
from beachhead.services.targeting import latest_tiers
from beachhead.store import prediction, results

FORMATS = ("csv", "parquet", "json")
COLUMNS = ("domain", "name", "fit", "fit_band", "intent", "in_market", "engagement", "stage",
           "stage_reason", "propensity", "propensity_regime", "model_version",
           "reasons", "motion", "tier", "cluster")  # fmt: skip


class ExportError(BeachheadError):
    """An export that cannot be written as asked."""


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int
    run_id: int


def explain_scores(row: dict[str, Any]) -> list[str]:
    """One line per component: `fit 78 = Industry is Software +22, ...`, then the stage."""
    reasons: list[dict[str, Any]] = row.get("reasons") or []

    def parts(component: str) -> list[tuple[str, float]]:
        return [(r["label"], float(r["points"])) for r in reasons if r["component"] == component]

    engagement = parts("engagement")
    points = sum(p for _, p in engagement)
    return [
        explain("fit", float(row["fit"]), parts("fit")),
        explain("intent", float(row["intent"]), parts("intent")),
        explain(f"engagement {row['engagement_score']:.0f} from points", points, engagement),
        f"stage {row['stage']}: {row['stage_reason'] or ''}".rstrip(": "),
    ]


def export_accounts(
    platform: Platform, fmt: str, output: Path | None = None, run_id: int | None = None
) -> Exported:
    """Write the accounts of run `run_id` (default: the latest) to `output` in `fmt`."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}")
    with platform.store.reader() as session:
        run = results.get_run(session, run_id) if run_id else results.latest_run(session)
        if run is None:
            what = f"no score run #{run_id}" if run_id else "no score run yet"
            raise NotFoundError(what, hint="run: beachhead run")
        chosen = run.id
        propensity = prediction.run_propensity(session, chosen)
        tiers = latest_tiers(session)
        rows = [
            {**_record(r, propensity.get(r["account_id"])), **_tier(tiers.get(r["account_id"]))}
            for r in results.run_rows(session, chosen)
        ]
    path = output or platform.settings.workspace / "exports" / f"accounts-run{chosen}.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    WRITERS[fmt](path, rows)
    return Exported(path=path, rows=len(rows), run_id=chosen)


def _record(row: dict[str, Any], propensity: dict[str, Any] | None) -> dict[str, Any]:
    p = propensity or {}
    reasons = explain_scores(row) + ([explain_propensity(p)] if p else [])
    value = p.get("propensity")
    return {
        "domain": row["domain"], "name": row["name"], "fit": round(row["fit"], 2),
        "fit_band": row["fit_band"], "intent": round(row["intent"], 2),
        "in_market": bool(row["in_market"]), "engagement": round(row["engagement_score"], 2),
        "stage": row["stage"], "stage_reason": row["stage_reason"],
        "propensity": None if value is None else round(value, 4),
        "propensity_regime": p.get("regime"), "model_version": _version(p),
        "reasons": "; ".join(reasons),
    }  # fmt: skip


def _tier(found: tuple[str, str | None, str] | None) -> dict[str, str | None]:
    """The account's motion (new_logo | expansion), tier and cluster in the newest tier plan
    (none before any plan); each motion has its own tier_1..broad."""
    tier, cluster, motion = found or (None, None, None)
    return {"motion": motion, "tier": tier, "cluster": cluster}


def _version(propensity: dict[str, Any]) -> str | None:
    if not propensity:
        return None
    model_id = propensity.get("model_id")
    return f"v{model_id}" if model_id is not None else "rules"


def _csv(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows([_csv_cell(r[c]) for c in COLUMNS] for r in rows)


def _csv_cell(value: Any) -> Any:
    return value if isinstance(value, bool | int | float) else safe_cell(value)


def _parquet(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    schema = pa.schema(
        [("domain", pa.string()), ("name", pa.string()), ("fit", pa.float64()),
         ("fit_band", pa.string()), ("intent", pa.float64()), ("in_market", pa.bool_()),
         ("engagement", pa.float64()), ("stage", pa.string()), ("stage_reason", pa.string()),
         ("propensity", pa.float64()), ("propensity_regime", pa.string()),
         ("model_version", pa.string()), ("reasons", pa.string()), ("motion", pa.string()),
         ("tier", pa.string()), ("cluster", pa.string())]
    )  # fmt: skip
    pq.write_table(pa.Table.from_pylist(list(rows), schema=schema), path)


def _json(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    path.write_text(json.dumps(list(rows), ensure_ascii=False, indent=1), encoding="utf-8")


WRITERS = {"csv": _csv, "parquet": _parquet, "json": _json}


def latest_scores(session: Session, account_id: int) -> dict[str, Any] | None:
    """The account's scores in the newest run, each number explained, and its stage history."""
    row = results.latest_account_score(session, account_id)
    if row is None:
        return None
    propensity = prediction.latest_account_propensity(session, account_id)
    lines = explain_scores(row) + ([explain_propensity(propensity)] if propensity else [])
    return {
        **{k: v for k, v in row.items() if k != "account_id"},
        "propensity": propensity,
        "explanation": lines,
        "stage_history": results.stage_history(session, account_id),
    }
