"""Salesforce exports (Data Loader, Data Export, reports) → canonical rows.

A folder holds one file per object, named after it (`Account.csv`, `opportunity.parquet`...).
Headers are API field names; common report labels are accepted as aliases. Every id is
normalised to its 18-character form, so 15-character report ids and 18-character API ids join.
Won/closed come from `IsWon`/`IsClosed` only: stage names are org-defined and never parsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from beachhead.connectors.canonical import Row
from beachhead.connectors.crm_common import (
    CrmBatch,
    ObjectRead,
    add_object,
    api_names,
    canonical_row,
    dedupe,
    opp_type_of,
    parse_email,
    plural,
    read_object,
    skipped_file,
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
    parse_sf_id,
)
from beachhead.connectors.tabular import RowIssue
from beachhead.core.technographics import normalise_stack
from beachhead.errors import InputError

SOURCE = "salesforce"
_SUFFIXES = (".csv", ".parquet")
_TECH_FIELD = re.compile(r"(?i).*technolog.*__c")
_CONTACT_PREFIX, _ACCOUNT_PREFIX, _CAMPAIGN_PREFIX = "003", "001", "701"
_CUSTOM = r"(?i).*__c"


def _id(name: str, *aliases: str, required: bool = False) -> Field:
    return Field(name, parse_sf_id, aliases, required)


def _text(name: str, *aliases: str, required: bool = False) -> Field:
    return Field(name, aliases=aliases, required=required)


def _bool(name: str, *aliases: str) -> Field:
    return Field(name, parse_bool, aliases)


# The first alias is the API name (used in messages); the rest are report labels.
OBJECT_SCHEMAS: dict[str, Schema] = {
    "User": Schema(
        [
            _id("ref", "Id", "User ID", required=True),
            _text("name", "Name", "Full Name"),
            Field("email", parse_email, ("Email",)),
        ],
        keep_custom=False,
    ),
    "Account": Schema(
        [
            _id("ref", "Id", "Account ID", required=True),
            _text("name", "Name", "Account Name", required=True),
            _text("website", "Website"),
            _text("industry", "Industry"),
            Field("employees", parse_int, ("NumberOfEmployees", "Employees")),
            Field("annual_revenue", parse_float, ("AnnualRevenue", "Annual Revenue")),
            _text("country", "BillingCountry", "Billing Country", "BillingCountryCode"),
            _text("state", "BillingState", "Billing State/Province", "BillingStateCode"),
            _text("city", "BillingCity", "Billing City"),
            _text("postal_code", "BillingPostalCode", "Billing Zip/Postal Code"),
            _text("phone", "Phone", "Account Phone"),
            _id("parent_ref", "ParentId", "Parent Account ID"),
            _id("owner_ref", "OwnerId", "Account Owner ID", "Owner ID"),
            _text("account_type", "Type", "Account Type"),
            Field("created_at", parse_datetime, ("CreatedDate", "Created Date")),
        ],
        custom_pattern=_CUSTOM,
    ),
    "Contact": Schema(
        [
            _id("ref", "Id", "Contact ID", required=True),
            _id("account_ref", "AccountId", "Account ID"),
            _text("company", "Account.Name", "Account Name"),
            Field("email", parse_email, ("Email",)),
            _text("first_name", "FirstName", "First Name"),
            _text("last_name", "LastName", "Last Name"),
            _text("title", "Title"),
            _text("department", "Department"),
            _text("country", "MailingCountry", "Mailing Country", "MailingCountryCode"),
            _text("phone", "Phone"),
            _bool("email_opt_out", "HasOptedOutOfEmail", "Email Opt Out"),
            _bool("do_not_call", "DoNotCall", "Do Not Call"),
            _bool("email_bounced", "IsEmailBounced", "Email Bounced"),
            _id("owner_ref", "OwnerId", "Contact Owner ID", "Owner ID"),
        ],
        custom_pattern=_CUSTOM,
    ),
    "Lead": Schema(
        [
            _id("ref", "Id", "Lead ID", required=True),
            _text("company", "Company", required=True),
            Field("email", parse_email, ("Email",)),
            _text("first_name", "FirstName", "First Name"),
            _text("last_name", "LastName", "Last Name"),
            _text("title", "Title"),
            _text("country", "Country", "CountryCode"),
            _text("website", "Website"),
            _text("status", "Status", "Lead Status"),
            _bool("email_opt_out", "HasOptedOutOfEmail", "Email Opt Out"),
            _bool("is_converted", "IsConverted", "Converted"),
            _id("converted_contact_ref", "ConvertedContactId", "Converted Contact ID"),
        ],
        keep_custom=False,
    ),
    "Campaign": Schema(
        [
            _id("ref", "Id", "Campaign ID", required=True),
            _text("name", "Name", "Campaign Name", required=True),
            _text("campaign_type", "Type", "Campaign Type"),
            _text("status", "Status"),
            Field("start_date", parse_date, ("StartDate", "Start Date")),
            Field("end_date", parse_date, ("EndDate", "End Date")),
            Field("budgeted_cost", parse_float, ("BudgetedCost", "Budgeted Cost")),
            Field("actual_cost", parse_float, ("ActualCost", "Actual Cost")),
        ],
        keep_custom=False,
    ),
    "Opportunity": Schema(
        [
            _id("ref", "Id", "Opportunity ID", required=True),
            _id("account_ref", "AccountId", "Account ID"),
            _text("name", "Name", "Opportunity Name"),
            _text("opp_type", "Type", "Opportunity Type"),
            Field("amount", parse_float, ("Amount",)),
            _text("stage", "StageName", "Stage"),
            _bool("is_closed", "IsClosed", "Closed"),
            _bool("is_won", "IsWon", "Won"),
            Field("created_date", parse_date, ("CreatedDate", "Created Date")),
            Field("close_date", parse_date, ("CloseDate", "Close Date")),
            _id("owner_ref", "OwnerId", "Opportunity Owner ID", "Owner ID"),
            _id("campaign_ref", "CampaignId", "Primary Campaign Source ID", "Campaign ID"),
        ],
        custom_pattern=_CUSTOM,
    ),
    "OpportunityHistory": Schema(
        [
            _id("opportunity_ref", "OpportunityId", "Opportunity ID", required=True),
            _text("stage", "StageName", "Stage", required=True),
            Field("changed_at", parse_datetime, ("CreatedDate", "Created Date"), True),
            Field("amount", parse_float, ("Amount",)),
            Field("close_date", parse_date, ("CloseDate", "Close Date")),
        ],
        keep_custom=False,
    ),
    "OpportunityContactRole": Schema(
        [
            _id("opportunity_ref", "OpportunityId", "Opportunity ID", required=True),
            _id("contact_ref", "ContactId", "Contact ID", required=True),
            _text("role", "Role", "Contact Role"),
            _bool("is_primary", "IsPrimary", "Primary"),
        ],
        keep_custom=False,
    ),
    "CampaignMember": Schema(
        [
            _id("ref", "Id", "Campaign Member ID", required=True),
            _id("campaign_ref", "CampaignId", "Campaign ID", required=True),
            _id("contact_ref", "ContactId", "Contact ID"),
            _id("lead_ref", "LeadId", "Lead ID"),
            _text("status", "Status", "Member Status"),
            _bool("has_responded", "HasResponded", "Responded"),
            Field(
                "first_responded_date", parse_date, ("FirstRespondedDate", "First Responded Date")
            ),
        ],
        keep_custom=False,
    ),
    "Task": Schema(
        [
            _id("event_id", "Id", "Activity ID", "Task ID", required=True),
            _id("who", "WhoId", "Name ID"),
            _id("what", "WhatId", "Related To ID"),
            _id("account_ref", "AccountId", "Account ID"),
            _text("subject", "Subject"),
            _text("type", "Type", "Task Type"),
            _text("subtype", "TaskSubtype", "Task Subtype"),
            _text("status", "Status"),
            _bool("is_closed", "IsClosed", "Closed"),
            Field("activity_date", parse_datetime, ("ActivityDate", "Due Date", "Date")),
            Field("completed_at", parse_datetime, ("CompletedDateTime", "Completed Date/Time")),
            Field("created_at", parse_datetime, ("CreatedDate", "Created Date")),
            Field("call_seconds", parse_int, ("CallDurationInSeconds", "Call Duration")),
        ],
        keep_custom=False,
    ),
    "Event": Schema(
        [
            _id("event_id", "Id", "Activity ID", "Event ID", required=True),
            _id("who", "WhoId", "Name ID"),
            _id("what", "WhatId", "Related To ID"),
            _id("account_ref", "AccountId", "Account ID"),
            _text("subject", "Subject"),
            _text("type", "Type", "Event Type"),
            _text("subtype", "EventSubtype", "Event Subtype"),
            Field("start", parse_datetime, ("StartDateTime", "Start", "Start Date Time")),
            Field("activity_datetime", parse_datetime, ("ActivityDateTime",)),
            Field("activity_date", parse_datetime, ("ActivityDate", "Date")),
            Field("created_at", parse_datetime, ("CreatedDate", "Created Date")),
            Field("duration", parse_int, ("DurationInMinutes", "Duration")),
        ],
        keep_custom=False,
    ),
}


def read_salesforce(folder: Path) -> CrmBatch:
    """Read every known object file in `folder` (any subset); unknown files are listed as skipped.

    Raises `InputError` when the folder has no object files or a file lacks a required column.
    """
    found, skipped = _discover(folder)
    batch = CrmBatch(source=SOURCE)
    for name, path in found.items():
        _READERS[name](batch, path)
    batch.files.extend(skipped_file(path) for path in skipped)
    if skipped:
        names = ", ".join(p.name for p in skipped)
        batch.notes.append(f"skipped {plural(len(skipped), 'file')} that name no object: {names}")
    return batch


def _discover(folder: Path) -> tuple[dict[str, Path], list[Path]]:
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder", hint="pass the folder holding Account.csv etc.")
    by_stem = {name.lower(): name for name in OBJECT_SCHEMAS}
    found: dict[str, Path] = {}
    skipped: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        name = by_stem.get(path.stem.lower()) if path.suffix.lower() in _SUFFIXES else None
        if name is None:
            skipped.append(path)
        elif name in found:
            raise InputError(f"{folder}: both {found[name].name} and {path.name} hold {name}")
        else:
            found[name] = path
    if not found:
        expected = ", ".join(f"{n}.csv" for n in OBJECT_SCHEMAS)
        raise InputError(f"{folder}: no Salesforce export files found", hint=f"expected {expected}")
    order = list(OBJECT_SCHEMAS)
    return dict(sorted(found.items(), key=lambda item: order.index(item[0]))), skipped


def _read(path: Path, name: str, key: str | None = "ref") -> ObjectRead:
    return read_object(path, OBJECT_SCHEMAS[name], f"a Salesforce {name} export", key)


def _plain(kind: str) -> Callable[[ParsedRow, str], Row | RowIssue]:
    def convert(parsed: ParsedRow, file: str) -> Row:
        return canonical_row(kind, {**parsed.values, "custom": parsed.custom}, file, parsed.line)

    return convert


def _simple(name: str, kind: str, key: str | None = "ref") -> Callable[[CrmBatch, Path], None]:
    def reader(batch: CrmBatch, path: Path) -> None:
        add_object(batch, _read(path, name, key), kind, _plain(kind))

    return reader


# Accounts ------------------------------------------------------------------------------------


def _read_accounts(batch: CrmBatch, path: Path) -> None:
    add_object(batch, _read(path, "Account"), "accounts", _account)


def _account(parsed: ParsedRow, file: str) -> Row | RowIssue:
    custom = dict(parsed.custom)
    technologies: list[str] = []
    for column in [c for c in custom if _TECH_FIELD.fullmatch(c)]:
        cell = custom.pop(column)
        try:
            technologies.extend(t for t in parse_list(cell) if t not in technologies)
        except ValueError as exc:
            return RowIssue(file, parsed.line, column, str(exc), cell[:80])
    account_type = parsed.values.get("account_type")
    values = {**parsed.values, "custom": custom, "technologies": normalise_stack(technologies)}
    values["is_customer"] = _is_customer(account_type)
    return canonical_row("accounts", values, file, parsed.line)


def _is_customer(account_type: str | None) -> bool | None:
    """'Customer - Direct' and the like are customers; 'Former Customer' is not."""
    if account_type is None:
        return None
    low = account_type.lower()
    return "customer" in low and not any(w in low for w in ("former", "ex-", "lost", "prospect"))


# Opportunities -------------------------------------------------------------------------------


def _read_opportunities(batch: CrmBatch, path: Path) -> None:
    read = _read(path, "Opportunity")
    missing = [
        api
        for api, key in (("IsClosed", "is_closed"), ("IsWon", "is_won"))
        if key not in read.table.columns
    ]
    add_object(batch, read, "opportunities", _opportunity)
    if missing:
        batch.notes.append(
            f"{path.name} has no {' or '.join(missing)} column: won/closed are left unknown "
            "(Beachhead never guesses them from StageName); re-export with IsClosed and IsWon"
        )


def _opportunity(parsed: ParsedRow, file: str) -> Row:
    values: dict[str, Any] = {**parsed.values, "custom": parsed.custom}
    values["opp_type"] = opp_type_of(values.get("opp_type"))
    if values.get("is_won") is True and values.get("is_closed") is None:
        values["is_closed"] = True  # a won deal is closed, even if the export left IsClosed out
    return canonical_row("opportunities", values, file, parsed.line)


def _read_contact_roles(batch: CrmBatch, path: Path) -> None:
    read = _read(path, "OpportunityContactRole", key=None)
    names = api_names(OBJECT_SCHEMAS["OpportunityContactRole"])
    read.rows, duplicates = dedupe(read.rows, ("opportunity_ref", "contact_ref"), read.file, names)
    read.issues.extend(duplicates)
    add_object(batch, read, "contact_roles", _plain("contact_roles"))


# Activities (Task, Event) --------------------------------------------------------------------


def _read_tasks(batch: CrmBatch, path: Path) -> None:
    _read_activities(batch, path, "Task")


def _read_events(batch: CrmBatch, path: Path) -> None:
    _read_activities(batch, path, "Event")


def _read_activities(batch: CrmBatch, path: Path, name: str) -> None:
    read = _read(path, name, key="event_id")
    open_tasks = [row for row in read.rows if not _is_done(row)]
    read.rows = [row for row in read.rows if _is_done(row)]
    add_object(batch, read, "activities", lambda p, f: _activity(p, f, name), batch.activities)
    if open_tasks:
        batch.notes.append(
            f"{path.name}: {plural(len(open_tasks), 'open task')} skipped (not yet done, so "
            "not engagement)"
        )


def _is_done(row: ParsedRow) -> bool:
    status = row.values.get("status")
    if row.values.get("is_closed") is True or status is None:
        return True
    return "complet" in status.lower() or "done" in status.lower()


def _activity(parsed: ParsedRow, file: str, name: str) -> Row | RowIssue:
    v = parsed.values
    occurred = v.get("start") or v.get("completed_at") or v.get("activity_datetime")
    occurred = occurred or v.get("activity_date") or v.get("created_at")
    if occurred is None:
        date_column = "StartDateTime" if name == "Event" else "ActivityDate"
        return RowIssue(file, parsed.line, date_column, "no date: cannot place the activity")
    what, who = v.get("what") or "", v.get("who") or ""
    values = {
        "event_id": v["event_id"],
        "occurred_at": occurred,
        "activity_type": _activity_type(name, v),
        "channel": "sales",
        "contact_ref": who if who.startswith(_CONTACT_PREFIX) else None,
        "account_ref": v.get("account_ref") or (what if what.startswith(_ACCOUNT_PREFIX) else None),
        "campaign_ref": what if what.startswith(_CAMPAIGN_PREFIX) else None,
        "duration_minutes": _minutes(v),
        "source": SOURCE,
    }
    return canonical_row("activities", values, file, parsed.line)


def _activity_type(name: str, v: dict[str, Any]) -> str:
    """call / meeting / email_reply / task_completed, from Type, subtype and Subject."""
    words = " ".join(str(v.get(k) or "") for k in ("type", "subtype")).lower()
    subject = str(v.get("subject") or "").lower()
    if "call" in words or subject.startswith("call"):
        return "call"
    if name == "Event" or "meeting" in words or "demo" in words:
        return "meeting"
    if subject.startswith(("re:", "reply")):
        return "email_reply"  # a logged email counts as engagement only when it is their reply
    return "task_completed"


def _minutes(v: dict[str, Any]) -> float | None:
    if v.get("duration") is not None:
        return float(v["duration"])
    if v.get("call_seconds") is not None:
        return round(int(v["call_seconds"]) / 60, 1)
    return None


_READERS: dict[str, Callable[[CrmBatch, Path], None]] = {
    "User": _simple("User", "users"),
    "Account": _read_accounts,
    "Contact": _simple("Contact", "contacts"),
    "Lead": _simple("Lead", "leads"),
    "Campaign": _simple("Campaign", "campaigns"),
    "Opportunity": _read_opportunities,
    "OpportunityHistory": _simple("OpportunityHistory", "stages", key=None),
    "OpportunityContactRole": _read_contact_roles,
    "CampaignMember": _simple("CampaignMember", "campaign_members"),
    "Task": _read_tasks,
    "Event": _read_events,
}
