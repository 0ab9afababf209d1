"""`beachhead tiers plan|show`: the optimal tiers from a run's propensity, stored as a proposal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pyarrow.dataset as ds
from sqlalchemy.orm import Session

from beachhead.core.identity.domains import registrable_domain
from beachhead.core.targeting.clusters import Member
from beachhead.core.targeting.config import (
    EXPANSION,
    NEW_LOGO,
    TIERS_FILE,
    TiersConfig,
    load_tiers_config,
)
from beachhead.core.targeting.proposal import Candidate, Proposal, propose
from beachhead.core.targeting.value import (
    WonDeal,
    deal_value,
    deal_value_table,
    size_band,
)
from beachhead.errors import NotFoundError
from beachhead.platform import Platform
from beachhead.store import prediction, queries, results, targeting
from beachhead.store.models import ScoreRun

POPULATION_OF = {"new": "new_business", "expansion": "expansion"}  # opportunity type


def tiers_config(platform: Platform) -> TiersConfig:
    return load_tiers_config(platform.settings.workspace / TIERS_FILE)


def plan_tiers(platform: Platform, run_id: int | None = None) -> dict[str, Any]:
    """Plan the tiers from run `run_id` (default: the latest), store the proposal, summarise it."""
    config = tiers_config(platform)
    with platform.store.reader() as session:
        run = _run(session, run_id)
        chosen, as_of = run.id, run.as_of.isoformat()
        topics = _surging_topics(platform, session, run.as_of, config.clusters.intent_weeks)
        candidates, skipped = _candidates(session, chosen, config, topics)
    proposal = propose(candidates, config)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    summary = {**proposal.summary(), "not_planned": skipped}
    digest = config.digest()
    plan = {"created_at": now, "run_id": chosen, "config_hash": digest, "status": "proposed",
            "summary": summary}  # fmt: skip
    with platform.store.unit_of_work() as session:
        plan_id = targeting.add_plan(session, plan, _rows(proposal))
    return {"plan_id": plan_id, "run_id": chosen, "as_of": as_of, "config_hash": digest,
            **summary}  # fmt: skip


def plan_candidates(
    platform: Platform, run_id: int | None = None
) -> tuple[list[Candidate], TiersConfig]:
    """The accounts a plan from run `run_id` would weigh, with the workspace's tiers.yaml."""
    config = tiers_config(platform)
    with platform.store.reader() as session:
        candidates, _ = _candidates(session, _run(session, run_id).id, config, {})
    return candidates, config


def _run(session: Session, run_id: int | None) -> ScoreRun:
    run = results.get_run(session, run_id) if run_id else results.latest_run(session)
    if run is None:
        what = f"no score run #{run_id}" if run_id else "no score run yet"
        raise NotFoundError(what, hint="run: beachhead run")
    return run


def _surging_topics(
    platform: Platform, session: Session, as_of: dt.date, weeks: int
) -> dict[int, tuple[str, ...]]:
    """account_id -> the intent topics it surged on in the `weeks` before `as_of`, strongest
    first (at most three: a cluster trait, not the intent score)."""
    if not platform.signals.intent_files():
        return {}
    start = as_of - dt.timedelta(weeks=weeks)
    where = (ds.field("week") > start) & (ds.field("week") <= as_of) & ds.field("is_surging")
    table = platform.signals.intent_dataset().to_table(["domain", "topic", "score"], filter=where)
    grouped = table.group_by(["domain", "topic"]).aggregate([("score", "max")])
    ordered = grouped.sort_by(
        [("domain", "ascending"), ("score_max", "descending"), ("topic", "ascending")]
    )
    accounts = targeting.domain_accounts(session)
    out: dict[int, list[str]] = {}
    pairs = zip(ordered["domain"].to_pylist(), ordered["topic"].to_pylist(), strict=True)
    for domain, topic in pairs:
        account = accounts.get(domain)
        if account is not None and len(out.setdefault(account, [])) < 3:
            out[account].append(topic)
    return {a: tuple(t) for a, t in out.items()}


def _candidates(
    session: Session, run_id: int, config: TiersConfig, topics: dict[int, tuple[str, ...]]
) -> tuple[list[Candidate], int]:
    """Every account the run gave a propensity, with its deal value; and how many it did not."""
    scored = prediction.run_propensity(session, run_id)
    fit = {r["account_id"]: r["fit_band"] for r in results.run_rows(session, run_id)}
    won = [WonDeal(POPULATION_OF.get(t, t), e, a) for t, e, a in targeting.won_amounts(session)]
    table = deal_value_table(won, config.value)
    out: list[Candidate] = []
    for a in targeting.account_traits(session):
        found = scored.get(a["id"], {})
        if found.get("propensity") is None or a["id"] not in fit:
            continue
        value = deal_value(table, found["population"], a["employees"], config.value)
        member = _member(a, config, topics.get(a["id"], ()))
        motion = EXPANSION if found["population"] == "expansion" else NEW_LOGO
        out.append(Candidate(member, float(found["propensity"]), value.value,
                             value.basis, fit[a["id"]], motion))  # fmt: skip
    return out, len(fit) - len(out)


def _member(account: dict[str, Any], config: TiersConfig, topics: tuple[str, ...]) -> Member:
    return Member(
        account["id"],
        account["industry"],
        size_band(account["employees"], config.value),
        tuple(account["technologies"] or ()),
        account["country"],
        topics,
    )


def _rows(proposal: Proposal) -> Sequence[dict[str, Any]]:
    return [
        {"account_id": p.account_id, "tier": p.tier, "motion": p.motion, "cluster": p.cluster,
         "expected_value": p.expected_value, "explanation": p.explanation}
        for p in proposal.placements
    ]  # fmt: skip


def latest_tiers(session: Session) -> dict[int, tuple[str, str | None, str]]:
    """account_id -> (tier, cluster, motion) in the newest plan (empty when there is none)."""
    plan = targeting.latest_plan(session)
    return targeting.plan_tiers(session, plan.id) if plan is not None else {}


def show_tier(platform: Platform, key: str | None = None) -> dict[str, Any]:
    """The newest plan's summary, or one account's tier and why (by domain or name)."""
    with platform.store.reader() as session:
        plan = targeting.latest_plan(session)
        if plan is None:
            raise NotFoundError("no tier plan yet", hint="run: beachhead tiers plan")
        head = {"plan_id": plan.id, "run_id": plan.run_id, "status": plan.status,
                "created_at": plan.created_at.isoformat(timespec="seconds")}  # fmt: skip
        if key is None:
            return {**head, **plan.summary}
        return {**head, **_account(session, plan.id, key)}


def _account(session: Session, plan_id: int, key: str) -> dict[str, Any]:
    account_id = queries.find_account_id(session, registrable_domain(key), key)
    if account_id is None:
        raise NotFoundError(f"no account with domain or name {key!r}",
                            hint="find it with: beachhead accounts list --search TEXT")  # fmt: skip
    row = targeting.plan_account(session, plan_id, account_id)
    base: dict[str, Any] = {"account_id": account_id, "key": key}
    if row is None:
        reason = "not planned: no propensity in the run (a deal is open, or it was not scored)"
        return {**base, "tier": None, "motion": None, "cluster": None,
                "explanation": {"reason": reason}}  # fmt: skip
    return {**base, "tier": row.tier, "motion": row.motion, "cluster": row.cluster,
            "expected_value": row.expected_value, "explanation": row.explanation}  # fmt: skip
