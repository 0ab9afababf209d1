"""The rules profile used until there is enough history to learn one (regime `rules`).

These are generic B2B priors, chosen to be safe rather than clever, and meant to be edited:

* Company size carries most of the weight. Mid-market and enterprise companies (201-5,000
  employees) have the budget, the teams and the buying process an account-based motion
  serves; very small companies rarely justify the cost of a coordinated play.
* A CRM and a marketing-automation platform show a go-to-market team mature enough to buy
  and adopt B2B software; a public cloud shows a modern stack.
* Technology-forward industries buy software faster; the public sector, education and
  non-profits buy through long procurement cycles and small budgets.

An account with nothing known scores 40; a 200-employee company with a CRM scores 55 (the
Moderate band); the best profile reaches 100.

>>> from beachhead.core.icp.points import fit_points
>>> profile = default_profile()
>>> best = {"employees": 900, "industry": "Software", "technologies": ["HubSpot", "AWS"]}
>>> profile.regime, fit_points(profile, best), fit_points(profile, {"employees": 200})
('rules', 100.0, 45.0)
"""

from __future__ import annotations

from beachhead.core.icp.candidates import band, tech_criterion
from beachhead.core.icp.model import Criterion, Evidence, IcpModel

CRM = ("Salesforce", "HubSpot", "Microsoft Dynamics 365", "Pipedrive", "Zoho CRM")
MARKETING_AUTOMATION = ("Marketo", "Pardot", "Eloqua", "HubSpot", "Mailchimp")
CLOUD = ("AWS", "Microsoft Azure", "Google Cloud")
TECH_FORWARD = ("Software", "Financial Services", "E-commerce", "Telecommunications", "Media")
SLOW_BUYERS = ("Government", "Education", "Non-profit")
PRIOR_NOTE = "prior: a generic B2B rule, not learned from your deals"


def _stack(criterion_id: str, label: str, values: tuple[str, ...], weight: float) -> Criterion:
    base = tech_criterion(values[0], "has", weight)
    return base.model_copy(update={"id": criterion_id, "label": label, "values": list(values)})


def _industries(criterion_id: str, label: str, values: tuple[str, ...], weight: float) -> Criterion:
    return Criterion(
        id=criterion_id, label=label, field="industry", op="in", values=list(values), weight=weight
    )


def default_criteria() -> list[Criterion]:
    criteria = [
        band("employees", 1, 51, -15),
        band("employees", 51, 201, 5),
        band("employees", 201, 5001, 25),
        band("employees", 5001, None, 15),
        _stack("uses_crm", "Uses a CRM", CRM, 10),
        _stack("uses_marketing_automation", "Uses marketing automation", MARKETING_AUTOMATION, 10),
        _stack("uses_public_cloud", "Runs on a public cloud", CLOUD, 5),
        _industries("tech_forward_industry", "Technology-forward industry", TECH_FORWARD, 10),
        _industries(
            "slow_buying_industry", "Public sector, education, non-profit", SLOW_BUYERS, -15
        ),
    ]
    note = Evidence(note=PRIOR_NOTE)
    return [c.model_copy(update={"evidence": note}) for c in criteria]


def default_profile() -> IcpModel:
    """The rules profile (the learn report says why it is used)."""
    return IcpModel(regime="rules", base=40, criteria=default_criteria())
