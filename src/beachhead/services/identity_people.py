"""Attaching people (contacts, leads) and deals to accounts, lead-to-account style.

Order of evidence: the CRM's own account id (`crm_id`); a company domain given with the row
(`domain`); the person's email domain unless it is free mail (`email_domain`); the company
name — identical after normalisation (`name_exact`), or close with a supporting signal such as
the country (`name_fuzzy`). Close names without a signal are queued for review. A person's
account chosen by a person (`manual`) is never changed by an import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from beachhead.connectors.canonical import Row
from beachhead.core.identity.matching import NameMatch, Signals
from beachhead.core.identity.merging import FieldRules
from beachhead.core.identity.names import name_key
from beachhead.core.identity.plan import TargetKey, stored_id
from beachhead.services.counts import EntityCounts
from beachhead.services.identity import candidate_row as make_candidate
from beachhead.services.identity import (
    company_domain,
    excluded_domains,
    load_book,
    write_candidates,
)
from beachhead.services.record_writer import (
    EntitySpec,
    Values,
    WriteContext,
    clean_ref,
    lower_email,
    row_values,
    text,
    write_entity,
)
from beachhead.store import queries
from beachhead.store.models import Contact, Lead

CRM_ID, DOMAIN, EMAIL_DOMAIN, MANUAL = "crm_id", "domain", "email_domain", "manual"
EXACT_SCORE = 100.0  # what an exact company-name match scores
MATCH_GROUP = ("account_id", "match_method", "match_score")


@dataclass(frozen=True)
class AccountMatch:
    """Which account a row belongs to, how we know, and what a person should look at."""

    account_id: int | None = None
    method: str | None = None
    score: float | None = None
    review: tuple[NameMatch, ...] = ()
    hinted: str | None = None  # the column that named an account, when the row named one


def find_account(
    ctx: WriteContext, row: Row, exclude: frozenset[int] = frozenset()
) -> AccountMatch:
    """The account a contact, lead or opportunity row belongs to (see the module docstring)."""
    ref = clean_ref(row.get("account_ref"))
    if ref is not None and (known := ctx.ref_id("accounts", ref)) is not None:
        return AccountMatch(known, CRM_ID)
    book, excluded = load_book(ctx), excluded_domains(ctx.settings)
    for column, method in (
        ("account_domain", DOMAIN),
        ("website", DOMAIN),
        ("email", EMAIL_DOMAIN),
    ):
        handle = book.owner(company_domain(text(row, column), excluded))
        if handle is not None and (account_id := book.id_of(handle)) not in exclude:
            return AccountMatch(account_id, method, 100.0)
    company = text(row, "account_name") or text(row, "company")
    hinted = _hint(row, ref)
    if company is None:
        return AccountMatch(hinted=hinted)
    handles = frozenset(h for i in exclude if (h := book.handle_of(i)) is not None)
    signals = Signals(country=text(row, "country"), phone=text(row, "phone"))
    found = book.match_name(name_key(company), signals, exclude=handles)
    if found.handle is None:
        return AccountMatch(review=_worth_asking(found.review, row, excluded), hinted=hinted)
    return AccountMatch(book.id_of(found.handle), found.method, found.score, hinted=hinted)


def _worth_asking(
    review: tuple[NameMatch, ...], row: Row, excluded: frozenset[str]
) -> tuple[NameMatch, ...]:
    """A person who writes from a company domain no account has works somewhere else unless
    the company name is exactly an account's: look-alike names are not worth a review."""
    if company_domain(text(row, "email"), excluded) is None:
        return review
    return tuple(m for m in review if m.score >= EXACT_SCORE)


def _hint(row: Row, ref: str | None) -> str | None:
    """The column a row named its account in, so an unresolved one can be reported."""
    if ref is not None:
        return "account_ref"
    if text(row, "account_domain") is not None:
        return "account_domain"
    return "account_name" if text(row, "account_name") else None


@dataclass
class PersonMatcher:
    """Matches each placed person row to an account; remembers what needs a person's review."""

    ctx: WriteContext
    subject: str
    rows: list[Row]
    rejected: dict[int, frozenset[int]] = field(default_factory=dict)
    reviews: dict[TargetKey, tuple[AccountMatch, Row]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        decided = queries.decided_pairs(self.ctx.session, self.subject)
        self.rejected = {
            person: frozenset(a for a, status in accounts.items() if status == "rejected")
            for person, accounts in decided.items()
        }

    def placed(self, key: TargetKey, index: int, values: Values) -> None:
        person_id = stored_id(key)
        exclude = self.rejected.get(person_id, frozenset()) if person_id else frozenset()
        match = find_account(self.ctx, self.rows[index], exclude)
        if match.account_id is not None:
            values.update(account_id=match.account_id, match_method=match.method,
                          match_score=match.score)  # fmt: skip
        elif match.review and key not in self.reviews:
            self.reviews[key] = (match, self.rows[index])

    def write(self, final: dict[TargetKey, Values], ids: dict[TargetKey, int]) -> None:
        """Queue candidates for people still without an account after the merge."""
        rows = []
        for key, (match, row) in self.reviews.items():
            if final[key].get("account_id") is not None:
                continue
            company = text(row, "account_name") or text(row, "company")
            for candidate in match.review:
                account_id = load_book(self.ctx).id_of(candidate.handle)
                if account_id is None or account_id in self.rejected.get(ids[key], ()):
                    continue
                evidence = {"company": company, "signals": list(candidate.signals)}
                rows.append(make_candidate(self.ctx, self.subject, ids[key], account_id,
                                           candidate.score, row, evidence))  # fmt: skip
        write_candidates(self.ctx, rows)


def _is_manual(stored: Values) -> bool:
    return stored.get("match_method") == MANUAL


CONTACT_TEXT = (
    "first_name", "last_name", "title", "department", "country", "phone", "email_opt_out",
    "do_not_call", "email_bounced", "consent_basis", "buying_role", "lifecycle_stage", "custom",
)  # fmt: skip


def _prepare_contact(ctx: WriteContext, row: Row) -> Values | None:
    values = row_values(row, CONTACT_TEXT)
    if (email := lower_email(row)) is not None:
        values["email"] = email
    if (owner := ctx.ref_id("users", row.get("owner_ref"))) is not None:
        values["owner_id"] = owner
    return values


CONTACTS = EntitySpec(
    "contacts",
    Contact,
    (*CONTACT_TEXT, "email", "owner_id", *MATCH_GROUP),
    _prepare_contact,
    natural_ref=lambda values: values.get("email"),
    unique_email=True,
    rules=FieldRules(
        mapping=frozenset({"custom"}),
        sticky=frozenset({"email_opt_out", "do_not_call", "email_bounced"}),
        groups=(MATCH_GROUP,),
    ),
    defaults={
        "email_opt_out": False,
        "do_not_call": False,
        "email_bounced": False,
        "custom": dict,
    },  # fmt: skip
    locked=MATCH_GROUP,
    is_locked=_is_manual,
)

LEAD_TEXT = (
    "company", "first_name", "last_name", "title", "country", "website", "status",
    "email_opt_out", "is_converted",
)  # fmt: skip


def _prepare_lead(ctx: WriteContext, row: Row) -> Values | None:
    values = row_values(row, LEAD_TEXT)
    if (email := lower_email(row)) is not None:
        values["email"] = email
    converted = ctx.ref_id("contacts", row.get("converted_contact_ref"))
    if converted is not None:
        values["converted_contact_id"] = converted
    return values


LEADS = EntitySpec(
    "leads",
    Lead,
    (*LEAD_TEXT, "email", "converted_contact_id", *MATCH_GROUP),
    _prepare_lead,
    natural_ref=lambda values: values.get("email"),
    rules=FieldRules(sticky=frozenset({"email_opt_out"}), groups=(MATCH_GROUP,)),
    defaults={"email_opt_out": False, "is_converted": False},
    locked=MATCH_GROUP,
    is_locked=_is_manual,
)


def write_people(
    ctx: WriteContext, spec: EntitySpec, subject: str, rows: list[Row]
) -> EntityCounts:
    matcher = PersonMatcher(ctx, subject, rows)
    written = write_entity(ctx, spec, rows, matcher.placed)
    matcher.write(written.resolved.final, written.ids)
    return written.counts


def write_contacts(ctx: WriteContext, rows: list[Row]) -> EntityCounts:
    """Contacts: deduplicated by email across sources, attached to accounts."""
    return write_people(ctx, CONTACTS, "contact", rows)


def write_leads(ctx: WriteContext, rows: list[Row]) -> EntityCounts:
    """Leads: matched to accounts lead-to-account style."""
    return write_people(ctx, LEADS, "lead", rows)
