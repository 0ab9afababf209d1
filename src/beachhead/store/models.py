"""The canonical record model (DESIGN §3). Signals live in Parquet, not here.

Every record imported from a source system keeps its external id in `external_ids`, so a
re-import updates the same row instead of creating a new one, and merged duplicates keep all
their source ids.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class User(Base):
    """A person on our side: account owner, task assignee."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    source: Mapped[str] = mapped_column(String(32))


class Account(Base):
    """A company. Keyed by its registrable domain when one is known."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str | None] = mapped_column(String(253), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    name_key: Mapped[str] = mapped_column(String(255), index=True)
    website: Mapped[str | None] = mapped_column(String(2048))
    industry: Mapped[str | None] = mapped_column(String(255))
    employees: Mapped[int | None] = mapped_column(Integer)
    annual_revenue: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(String(80))
    state: Mapped[str | None] = mapped_column(String(80))
    city: Mapped[str | None] = mapped_column(String(80))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(40))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    is_customer: Mapped[bool] = mapped_column(Boolean, default=False)
    account_type: Mapped[str | None] = mapped_column(String(40))
    technologies: Mapped[list[str]] = mapped_column(JSON, default=list)
    custom: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AccountDomain(Base):
    """Every domain an account is known by: primary, additional (from the CRM), derived."""

    __tablename__ = "account_domains"
    domain: Mapped[str] = mapped_column(String(253), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    host: Mapped[str | None] = mapped_column(String(253))


class ExternalId(Base):
    """Source-system id → our record. Several source ids may point at one merged account."""

    __tablename__ = "external_ids"
    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[int] = mapped_column(Integer, index=True)


class Contact(Base):
    """A person at an account (Salesforce Contact, HubSpot contact, converted lead)."""

    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    first_name: Mapped[str | None] = mapped_column(String(80))
    last_name: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str | None] = mapped_column(String(255))
    department: Mapped[str | None] = mapped_column(String(80))
    country: Mapped[str | None] = mapped_column(String(80))
    phone: Mapped[str | None] = mapped_column(String(40))
    email_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)
    do_not_call: Mapped[bool] = mapped_column(Boolean, default=False)
    email_bounced: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_basis: Mapped[str | None] = mapped_column(String(32))
    buying_role: Mapped[str | None] = mapped_column(String(40))
    lifecycle_stage: Mapped[str | None] = mapped_column(String(40))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    match_method: Mapped[str | None] = mapped_column(String(24))
    match_score: Mapped[float | None] = mapped_column(Float)
    custom: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String(32))


class Lead(Base):
    """A person not yet converted; matched to an account lead-to-account style."""

    __tablename__ = "leads"
    id: Mapped[int] = mapped_column(primary_key=True)
    company: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    first_name: Mapped[str | None] = mapped_column(String(80))
    last_name: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str | None] = mapped_column(String(255))
    country: Mapped[str | None] = mapped_column(String(80))
    website: Mapped[str | None] = mapped_column(String(2048))
    status: Mapped[str | None] = mapped_column(String(40))
    email_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)
    is_converted: Mapped[bool] = mapped_column(Boolean, default=False)
    converted_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    match_method: Mapped[str | None] = mapped_column(String(24))
    match_score: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(32))


class Opportunity(Base):
    """A deal. Won/closed come from the source's flags, never from stage names."""

    __tablename__ = "opportunities"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(255))
    opp_type: Mapped[str] = mapped_column(String(16))  # new | expansion
    amount: Mapped[float | None] = mapped_column(Float)
    stage: Mapped[str | None] = mapped_column(String(80))
    is_closed: Mapped[bool] = mapped_column(Boolean, default=False)
    is_won: Mapped[bool] = mapped_column(Boolean, default=False)
    created_date: Mapped[dt.date | None] = mapped_column(Date)
    close_date: Mapped[dt.date | None] = mapped_column(Date)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    product: Mapped[str | None] = mapped_column(String(120))
    custom: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String(32))


class OpportunityStage(Base):
    """One row of an opportunity's stage history (Salesforce OpportunityHistory)."""

    __tablename__ = "opportunity_stages"
    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunities.id"), index=True)
    stage: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    amount: Mapped[float | None] = mapped_column(Float)
    close_date: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (UniqueConstraint("opportunity_id", "changed_at", "stage"),)


class OpportunityContactRole(Base):
    """A contact's recorded role on a deal: buying-committee evidence from the CRM."""

    __tablename__ = "opportunity_contact_roles"
    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunities.id"), primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), primary_key=True)
    role: Mapped[str | None] = mapped_column(String(40))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)


class Campaign(Base):
    __tablename__ = "campaigns"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    campaign_type: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str | None] = mapped_column(String(40))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    budgeted_cost: Mapped[float | None] = mapped_column(Float)
    actual_cost: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(32))


class CampaignMember(Base):
    __tablename__ = "campaign_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id"))
    status: Mapped[str | None] = mapped_column(String(40))
    has_responded: Mapped[bool] = mapped_column(Boolean, default=False)
    first_responded_date: Mapped[dt.date | None] = mapped_column(Date)


class MatchCandidate(Base):
    """An uncertain identity decision waiting for a person: merge these accounts? attach this
    person to that account? Accepted and rejected decisions are never reverted by a re-import."""

    __tablename__ = "match_candidates"
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(16))  # account | contact | lead
    subject_id: Mapped[int] = mapped_column(Integer)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    method: Mapped[str] = mapped_column(String(24))
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    __table_args__ = (
        UniqueConstraint("subject", "subject_id", "account_id"),
        Index("ix_match_candidates_status", "status"),
    )


class ImportRun(Base):
    """One import command: what it read, what it changed, what it rejected."""

    __tablename__ = "import_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    source_path: Mapped[str] = mapped_column(Text)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    rejected_rows: Mapped[int] = mapped_column(Integer, default=0)
    report_path: Mapped[str | None] = mapped_column(Text)


class ScoreRun(Base):
    """One `beachhead run`: a snapshot of every account's scores as of a day.

    `config_hash` is the SHA-256 of the scoring.yaml and icp.yaml used (or of the defaults), so
    any score can be traced to the configuration that produced it.
    """

    __tablename__ = "score_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date, index=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    engine: Mapped[str] = mapped_column(String(16))
    config_hash: Mapped[str] = mapped_column(String(64))
    icp_regime: Mapped[str] = mapped_column(String(16))
    accounts_scored: Mapped[int] = mapped_column(Integer, default=0)


class AccountScore(Base):
    """An account's scores in one run, with every contribution behind them in `reasons`.

    `account_id` carries no foreign key: merging accounts deletes one, and past runs must stay.
    """

    __tablename__ = "account_scores"
    run_id: Mapped[int] = mapped_column(ForeignKey("score_runs.id"), primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
    fit: Mapped[float] = mapped_column(Float)
    fit_band: Mapped[str] = mapped_column(String(16))
    intent: Mapped[float] = mapped_column(Float)
    in_market: Mapped[bool] = mapped_column(Boolean, default=False)
    engagement_score: Mapped[float] = mapped_column(Float)
    stage: Mapped[str] = mapped_column(String(40))
    stage_reason: Mapped[str | None] = mapped_column(Text)
    # [{component, code, label, points}, ...]
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class StageChange(Base):
    """An account entering a journey stage: written only when a run's stage differs from the
    account's stage in the run before (`from_stage` null when it had none)."""

    __tablename__ = "stage_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, index=True)
    stage: Mapped[str] = mapped_column(String(40))
    from_stage: Mapped[str | None] = mapped_column(String(40))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    run_id: Mapped[int] = mapped_column(ForeignKey("score_runs.id"), index=True)


class PredictionModel(Base):
    """One trained propensity model version (`beachhead models train`), with its evidence.

    `payload` holds everything needed to predict again bit for bit (per population: the
    regime, the LightGBM model text or coefficients, the calibrator); `metrics` holds the
    held-out evaluation beside the logistic baseline, the leakage findings and the drift
    against the model active when it was trained. Exactly one version is `active` at a time
    once any exists; `previous_id` is the version it replaced, which `models rollback` restores.
    """

    __tablename__ = "prediction_models"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    as_of: Mapped[dt.date] = mapped_column(Date)
    horizon_days: Mapped[int] = mapped_column(Integer)
    train_from: Mapped[dt.date] = mapped_column(Date)
    train_to: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), index=True)  # candidate | active | retired
    regimes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    data_hash: Mapped[str] = mapped_column(String(64))
    config_hash: Mapped[str] = mapped_column(String(64))
    features: Mapped[list[str]] = mapped_column(JSON, default=list)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    activated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    previous_id: Mapped[int | None] = mapped_column(Integer)


class PropensityScore(Base):
    """An account's propensity in one score run, from the model version active then.

    `model_id` is null when no model was trained yet (the rules regime); `factors` are the
    top signed contributions, in probability points, that explain it.
    """

    __tablename__ = "propensity_scores"
    run_id: Mapped[int] = mapped_column(ForeignKey("score_runs.id"), primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
    population: Mapped[str | None] = mapped_column(String(16))
    propensity: Mapped[float | None] = mapped_column(Float)
    regime: Mapped[str] = mapped_column(String(16))
    model_id: Mapped[int | None] = mapped_column(Integer)
    # [{name, label, value, contribution}, ...]
    factors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class TargetPlan(Base):
    """One proposed tier plan (`beachhead tiers plan`) from a score run's propensity.

    `config_hash` is the SHA-256 of the effective tiers.yaml; `summary` holds the per-tier
    figures, the 1:few clusters with their labels and traits, and the guardrail warnings.
    """

    __tablename__ = "target_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    run_id: Mapped[int] = mapped_column(ForeignKey("score_runs.id"), index=True)
    config_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # proposed
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class TargetAccount(Base):
    """An account's motion and tier in one plan, its cluster (new-logo tier_2) and why.

    `account_id` carries no foreign key, like the score tables: past plans outlive merges.
    """

    __tablename__ = "target_accounts"
    plan_id: Mapped[int] = mapped_column(ForeignKey("target_plans.id"), primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
    tier: Mapped[str] = mapped_column(String(16))  # tier_1 | tier_2 | tier_3 | broad
    # new_logo (a prospect) | expansion (a customer): each motion has its own tiers' capacity
    motion: Mapped[str] = mapped_column(String(16), default="new_logo")
    cluster: Mapped[str | None] = mapped_column(String(16))
    expected_value: Mapped[float] = mapped_column(Float)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
