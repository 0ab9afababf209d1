"""HubSpot exports (companies, contacts, deals) → canonical rows.

Headers may be internal property names (`hs_object_id`, `dealstage`) as API and integration
exports write them, or the labels the HubSpot UI export writes ("Record ID", "Deal Stage").
Won/closed come from `hs_is_closed_won`/`hs_is_closed`; when those are absent, from the deal
pipeline's stage metadata (`isClosed`, `probability` 1.0 = won), never from a stage's label alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic import Field as PydanticField

from beachhead.connectors.canonical import Row
from beachhead.connectors.crm_common import (
    CrmBatch,
    add_object,
    canonical_row,
    load_yaml,
    opp_type_of,
    parse_email,
    plural,
    read_object,
    skipped_file,
    validation_error,
)
from beachhead.connectors.fields import (
    Field,
    ParsedRow,
    Schema,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_float,
    parse_int,
    parse_list,
)
from beachhead.connectors.tabular import RowIssue, header_key
from beachhead.errors import InputError

SOURCE = "hubspot"
_SUFFIXES = (".csv", ".parquet")
_HS_ID = re.compile(r"^\d{1,20}$")


@dataclass(frozen=True)
class StageMeta:
    """What a deal stage means, as HubSpot's pipeline metadata says (`isClosed`, probability)."""

    pipeline: str
    stage: str
    is_closed: bool
    is_won: bool
    label: str | None = None


def _default_stages() -> list[StageMeta]:
    """HubSpot's default sales pipeline (`default`): ids, labels and metadata it documents."""
    open_ids = (
        "appointmentscheduled",
        "qualifiedtobuy",
        "presentationscheduled",
        "decisionmakerboughtin",
        "contractsent",
    )
    stages = [StageMeta("default", s, False, False) for s in open_ids]
    return [*stages, StageMeta("default", "closedwon", True, True),
            StageMeta("default", "closedlost", True, False)]  # fmt: skip


DEFAULT_PIPELINE_LABELS = {"default": "Sales Pipeline"}


def parse_hs_id(value: str) -> str:
    """A HubSpot record id (digits). A multi-value association cell keeps its first id."""
    first = value.split(";")[0].strip()
    if not _HS_ID.match(first):
        raise ValueError("not a HubSpot record id (digits)")
    return first


def parse_hs_datetime(value: str) -> dt.datetime:
    """ISO 8601 or epoch milliseconds (the API's two date forms), as naive UTC."""
    text = value.strip()
    if text.isdigit() and len(text) >= 11:
        return dt.datetime.fromtimestamp(int(text) / 1000, dt.UTC).replace(tzinfo=None)
    return parse_datetime(text)


def parse_hs_date(value: str) -> dt.date:
    text = value.strip()
    return parse_hs_datetime(text).date() if text.isdigit() else parse_date(text)


def _id(name: str, *aliases: str, required: bool = False) -> Field:
    return Field(name, parse_hs_id, aliases, required)


def _text(name: str, *aliases: str) -> Field:
    return Field(name, aliases=aliases)


# The first alias is the internal property name (used in messages); the rest are UI labels.
SCHEMAS: dict[str, Schema] = {
    "companies": Schema(
        [
            _id("ref", "hs_object_id", "Record ID", "Company ID", required=True),
            _text("name", "name", "Company name"),
            _text("domain", "domain", "Company Domain Name"),
            _text("website", "website", "Website URL"),
            Field("extra_domains", parse_list, ("hs_additional_domains", "Additional Domains")),
            _text("industry", "industry", "Industry"),
            Field("employees", parse_int, ("numberofemployees", "Number of Employees")),
            Field("annual_revenue", parse_float, ("annualrevenue", "Annual Revenue")),
            _text("country", "country", "Country/Region"),
            _text("state", "state", "State/Region"),
            _text("city", "city", "City"),
            _text("postal_code", "zip", "Postal Code"),
            _text("phone", "phone", "Phone Number"),
            _id("parent_ref", "hs_parent_company_id", "Parent Company ID"),
            _id("owner_ref", "hubspot_owner_id", "Company owner ID", "HubSpot Owner ID"),
            _text("account_type", "type", "Type"),
            _text("lifecycle_stage", "lifecyclestage", "Lifecycle Stage"),
            Field("is_target", parse_bool, ("hs_is_target_account", "Target Account")),
            Field("created_at", parse_hs_datetime, ("createdate", "Create Date")),
        ],
        keep_custom=False,
    ),
    "contacts": Schema(
        [
            _id("ref", "hs_object_id", "Record ID", "Contact ID", required=True),
            Field("email", parse_email, ("email", "Email")),
            _text("first_name", "firstname", "First Name"),
            _text("last_name", "lastname", "Last Name"),
            _text("title", "jobtitle", "Job Title"),
            _text("company", "company", "Company Name"),
            _text("country", "country", "Country/Region"),
            _text("phone", "phone", "Phone Number"),
            _text("lifecycle_stage", "lifecyclestage", "Lifecycle Stage"),
            _text("lead_status", "hs_lead_status", "Lead Status"),
            _text("buying_role", "hs_buying_role", "Buying Role"),
            Field("email_opt_out", parse_bool, ("hs_email_optout", "Unsubscribed from all email")),
            _id(
                "account_ref",
                "associatedcompanyid",
                "Associated Company ID",
                "Associated Company IDs",
                "Company ID",
            ),  # fmt: skip
            _id("owner_ref", "hubspot_owner_id", "Contact owner ID", "HubSpot Owner ID"),
        ],
        keep_custom=False,
    ),
    "deals": Schema(
        [
            _id("ref", "hs_object_id", "Record ID", "Deal ID", required=True),
            _text("name", "dealname", "Deal Name"),
            Field("stage", aliases=("dealstage", "Deal Stage"), required=True),
            _text("pipeline", "pipeline", "Pipeline"),
            Field("amount", parse_float, ("amount", "Amount")),
            Field("close_date", parse_hs_date, ("closedate", "Close Date")),
            Field("created_date", parse_hs_date, ("createdate", "Create Date")),
            Field("is_closed", parse_bool, ("hs_is_closed", "Is Closed")),
            Field("is_won", parse_bool, ("hs_is_closed_won", "Is Closed Won")),
            _text("opp_type", "dealtype", "Deal Type"),
            _id(
                "account_ref",
                "associatedcompanyid",
                "Associated Company ID",
                "Associated Company IDs",
            ),  # fmt: skip
            _id("owner_ref", "hubspot_owner_id", "Deal owner ID", "HubSpot Owner ID"),
        ],
        keep_custom=False,
    ),
}


class StageLookup:
    """Deal stage → metadata, by stage id or label, within the deal's pipeline when known."""

    def __init__(self, stages: list[StageMeta], labels: Mapping[str, str]) -> None:
        self._by_pipeline: dict[str, dict[str, StageMeta]] = {}
        self._pipeline_alias: dict[str, str] = {}
        for meta in stages:
            names = self._by_pipeline.setdefault(meta.pipeline, {})
            for name in (meta.stage, meta.label):
                if name:
                    names[header_key(name)] = meta
            self._pipeline_alias[header_key(meta.pipeline)] = meta.pipeline
        for pipeline, label in labels.items():
            self._pipeline_alias[header_key(label)] = pipeline

    def find(self, stage: str, pipeline: str | None) -> StageMeta | None:
        """The stage's metadata; without a pipeline, only when every pipeline agrees on it."""
        key = header_key(stage)
        if pipeline is not None:
            known = self._pipeline_alias.get(header_key(pipeline))
            return self._by_pipeline.get(known or "", {}).get(key)
        found = [m for stages in self._by_pipeline.values() if (m := stages.get(key))]
        meanings = {(m.is_closed, m.is_won) for m in found}
        return found[0] if len(meanings) == 1 else None


def default_stage_lookup() -> StageLookup:
    return StageLookup(_default_stages(), DEFAULT_PIPELINE_LABELS)


def read_hubspot(folder: Path, stages: StageLookup | None = None) -> CrmBatch:
    """Read `companies`, `contacts` and `deals` files (any subset) from `folder`.

    `stages` gives deal-stage metadata for exports without `hs_is_closed*` columns; by
    default HubSpot's documented default pipeline (see `load_pipelines` for your own).
    """
    found, skipped = _discover(folder)
    batch = CrmBatch(source=SOURCE)
    lookup = stages or default_stage_lookup()
    for name, path in found.items():
        if name == "deals":
            _read_deals(batch, path, lookup)
        else:
            kind = "accounts" if name == "companies" else "contacts"
            read = read_object(path, SCHEMAS[name], f"a HubSpot {name} export")
            add_object(batch, read, kind, _company if name == "companies" else _contact)
    batch.files.extend(skipped_file(path) for path in skipped)
    if skipped:
        names = ", ".join(p.name for p in skipped)
        batch.notes.append(f"skipped {plural(len(skipped), 'file')}: {names}")
    return batch


def _discover(folder: Path) -> tuple[dict[str, Path], list[Path]]:
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder", hint="pass the folder holding companies.csv")
    found: dict[str, Path] = {}
    skipped: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file() or path.name == "pipelines.yaml":
            continue
        stem = path.stem.lower()
        if stem in SCHEMAS and path.suffix.lower() in _SUFFIXES and stem not in found:
            found[stem] = path
        elif stem in found:
            raise InputError(f"{folder}: both {found[stem].name} and {path.name} hold {stem}")
        else:
            skipped.append(path)
    if not found:
        raise InputError(
            f"{folder}: no HubSpot export files found",
            hint="expected companies.csv, contacts.csv and/or deals.csv",
        )
    return {n: found[n] for n in SCHEMAS if n in found}, skipped


def _company(parsed: ParsedRow, file: str) -> Row | RowIssue:
    values: dict[str, Any] = dict(parsed.values)
    if values.get("name") is None and values.get("domain") is None:
        return RowIssue(file, parsed.line, "name", "a company needs a name or a domain")
    values["name"] = values.get("name") or values.get("domain")
    stage = values.pop("lifecycle_stage", None)
    values["is_customer"] = None if stage is None else stage.strip().lower() == "customer"
    is_target = values.pop("is_target", None)
    values["custom"] = {} if is_target is None else {"hs_is_target_account": is_target}
    return canonical_row("accounts", values, file, parsed.line)


def _contact(parsed: ParsedRow, file: str) -> Row:
    values: dict[str, Any] = dict(parsed.values)
    lead_status = values.pop("lead_status", None)
    values["custom"] = {} if lead_status is None else {"hs_lead_status": lead_status}
    return canonical_row("contacts", values, file, parsed.line)


def _read_deals(batch: CrmBatch, path: Path, lookup: StageLookup) -> None:
    read = read_object(path, SCHEMAS["deals"], "a HubSpot deals export")
    unknown: list[int] = []

    def convert(parsed: ParsedRow, file: str) -> Row:
        values = _deal_values(parsed, lookup)
        if values["is_closed"] is None:
            unknown.append(parsed.line)
        return canonical_row("opportunities", values, file, parsed.line)

    add_object(batch, read, "opportunities", convert)
    if unknown:
        batch.notes.append(
            f"{path.name}: {plural(len(unknown), 'deal')} in stages without hs_is_closed / "
            "hs_is_closed_won or known pipeline metadata: won/closed left unknown "
            "(describe your pipelines in pipelines.yaml)"
        )


def _deal_values(parsed: ParsedRow, lookup: StageLookup) -> dict[str, Any]:
    values: dict[str, Any] = dict(parsed.values)
    pipeline = values.pop("pipeline", None)
    values["custom"] = {} if pipeline is None else {"pipeline": pipeline}
    values["opp_type"] = opp_type_of(values.get("opp_type"))
    closed, won = values.get("is_closed"), values.get("is_won")
    if closed is None or won is None:
        meta = lookup.find(values["stage"], pipeline)
        if meta is not None:
            closed = meta.is_closed if closed is None else closed
            won = meta.is_won if won is None else won
    if won is True:
        closed = True
    elif closed is False:
        won = False  # an open deal is not won, whatever the export left blank
    values["is_closed"], values["is_won"] = closed, won
    return values


class _StageMetadata(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    # HubSpot's own key, so the API response loads as is.
    is_closed: bool = PydanticField(False, alias="isClosed")
    probability: float | None = None


class _Stage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    label: str | None = None
    metadata: _StageMetadata = PydanticField(
        default_factory=lambda: _StageMetadata.model_validate({})
    )


class _Pipeline(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    label: str | None = None
    stages: list[_Stage]


class _Pipelines(BaseModel):
    model_config = ConfigDict(extra="ignore")
    results: list[_Pipeline]


def load_pipelines(path: Path) -> StageLookup:
    """Deal pipelines from `pipelines.yaml`: the `GET /crm/v3/pipelines/deals` response as is.

    A stage is closed when `metadata.isClosed` is true and won when it is also at
    `probability` 1.0. HubSpot's default pipeline is known already; the file adds to it.
    """
    data, marks = load_yaml(path)
    try:
        pipelines = _Pipelines.model_validate(data if isinstance(data, dict) else {"results": data})
    except ValidationError as exc:
        raise validation_error(path, marks, exc) from exc
    stages = _default_stages()
    labels = dict(DEFAULT_PIPELINE_LABELS)
    for pipeline in pipelines.results:
        stages = [s for s in stages if s.pipeline != pipeline.id]
        labels[pipeline.id] = pipeline.label or pipeline.id
        for stage in pipeline.stages:
            closed = stage.metadata.is_closed
            won = closed and (stage.metadata.probability or 0.0) >= 1.0
            stages.append(StageMeta(pipeline.id, stage.id, closed, won, stage.label))
    return StageLookup(stages, labels)
