"""`scoring.yaml` as a typed model: weights, windows, half-lives, thresholds and stage rules.

Every default is a convention revenue teams already know (DOMAIN.md, "Scores and scales users
already know"); a workspace overrides only what it argues about. `load_scoring_config` reads the
file and turns any problem into one `ConfigError` naming the file, line and field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from beachhead.core.yamlfile import load_settings, parse_settings

ACTIVITY_TYPES = (
    "web_visit", "pricing_page_visit", "email_open", "email_click", "email_reply",
    "ad_impression", "ad_click", "form_fill", "content_download", "webinar_attended",
    "event_attended", "meeting", "call", "demo_request", "task_completed",
)  # fmt: skip
ActivityType = Literal[
    "web_visit", "pricing_page_visit", "email_open", "email_click", "email_reply",
    "ad_impression", "ad_click", "form_fill", "content_download", "webinar_attended",
    "event_attended", "meeting", "call", "demo_request", "task_completed",
]  # fmt: skip
Seniority = Literal["cxo", "vp", "director", "manager", "ic", "unknown"]
Weight = Annotated[float, Field(ge=0)]

# Engagement "minutes" in the spirit of Demandbase (email open 0.1, reply 1, call 1, meeting =
# its duration) with G2's ordering of buying signals (pricing > comparison > research).
DEFAULT_ACTIVITY_WEIGHTS: dict[str, float] = {
    "ad_impression": 0.01, "ad_click": 0.2, "email_open": 0.1, "email_click": 0.5,
    "email_reply": 1.0, "web_visit": 0.5, "pricing_page_visit": 3.0, "content_download": 3.0,
    "form_fill": 5.0, "call": 1.0, "webinar_attended": 10.0, "event_attended": 15.0,
    "meeting": 30.0, "demo_request": 20.0, "task_completed": 0.0,
}  # fmt: skip
DEFAULT_SENIORITY_WEIGHTS: dict[str, float] = {
    "cxo": 2.0, "vp": 1.5, "director": 1.25, "manager": 1.0, "ic": 0.5, "unknown": 0.5,
}  # fmt: skip


def _types(*names: ActivityType) -> list[ActivityType]:
    return list(names)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Columns a stage condition may test, with their kind (journey_stages builds them per account).
FACTS: dict[str, Literal["number", "bool", "text"]] = {
    "fit": "number", "fit_band": "text", "intent": "number", "in_market": "bool",
    "surging_topics": "number", "breadth": "number", "freshness_days": "number",
    "engagement": "number", "engagement_score": "number", "minutes_90d": "number",
    "engaged_people": "number", "departments_engaged": "number", "depth_3x3": "number",
    "spike": "bool", "last_activity_days": "number", "is_customer": "bool",
    "customer": "bool", "won_deals": "number", "open_new_opps": "number",
    "open_expansion_opps": "number", "days_since_won_expansion": "number",
}  # fmt: skip
CompareOp = Literal[">=", ">", "<=", "<", "==", "!="]


class Condition(_Strict):
    """`field op value` over one per-account fact; a missing (null) fact never matches."""

    field: str
    op: CompareOp
    value: bool | float | str

    @model_validator(mode="after")
    def _check(self) -> Condition:
        kind = FACTS.get(self.field)
        if kind is None:
            raise ValueError(f"unknown field {self.field!r}; one of: {', '.join(FACTS)}")
        value_kind: dict[type, str] = {bool: "bool", float: "number", int: "number", str: "text"}
        if value_kind[type(self.value)] != kind:
            raise ValueError(f"{self.field} is a {kind}; {self.value!r} is not")
        if kind != "number" and self.op not in ("==", "!="):
            raise ValueError(f"{self.field} is a {kind}: use == or !=")
        return self

    def text(self) -> str:
        if isinstance(self.value, bool):
            return self.field if self.value == (self.op == "==") else f"not {self.field}"
        value = f"{self.value:g}" if isinstance(self.value, float) else self.value
        return f"{self.field} {self.op} {value}"


class Stage(_Strict):
    """A journey stage: it matches when every `all` condition and (if any) one `any` holds."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    name: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str
    all_of: list[Condition] = Field(default_factory=list, alias="all")
    any_of: list[Condition] = Field(default_factory=list, alias="any")

    @model_validator(mode="after")
    def _has_conditions(self) -> Stage:
        if not self.all_of and not self.any_of:
            raise ValueError(f"stage {self.name!r} needs `all` or `any` conditions")
        return self

    def reason(self) -> str:
        parts = [c.text() for c in self.all_of]
        if self.any_of:
            alternatives = " or ".join(c.text() for c in self.any_of)
            parts.append(f"({alternatives})" if parts and len(self.any_of) > 1 else alternatives)
        return f"{self.label}: {' and '.join(parts)}"


def _when(field: str, op: CompareOp, value: bool | float | str) -> Condition:
    return Condition(field=field, op=op, value=value)


def default_stages() -> list[Stage]:
    """Bottom-up journey (Demandbase-style), listed from the top: the first match wins."""
    customer = _when("customer", "==", True)
    return [
        Stage(name="expansion", label="Expansion", all_of=[customer],
              any_of=[_when("open_expansion_opps", ">=", 1),
                   _when("days_since_won_expansion", "<=", 180)]),
        Stage(name="customer", label="Customer", all_of=[customer]),
        Stage(name="opportunity", label="Opportunity", all_of=[_when("open_new_opps", ">=", 1)]),
        Stage(name="mqa", label="Qualified (MQA)", all_of=[_when("fit", ">=", 70)],
              any_of=[_when("engagement_score", ">=", 50), _when("in_market", "==", True)]),
        Stage(name="engaged", label="Engaged", all_of=[_when("minutes_90d", ">=", 10)]),
        Stage(name="aware", label="Aware",
              any_of=[_when("last_activity_days", "<=", 90), _when("freshness_days", "<=", 90)]),
    ]  # fmt: skip


class IntentConfig(_Strict):
    """Third- and first-party topic intent (Bombora Company Surge conventions)."""

    surge_threshold: float = Field(60, ge=0, le=100)  # a topic score >= this is surging
    average_score: float = Field(50, ge=0, lt=100)  # the provider's "normal" level
    recent_weeks: int = Field(3, ge=1, le=52)  # "last 3 weeks"
    baseline_weeks: int = Field(12, ge=1, le=104)  # "... vs the prior 12"
    in_market_breadth: float = Field(0.25, gt=0, le=1)  # share of tracked topics surging
    lift_for_full_momentum: float = Field(20, gt=0)  # recent minus baseline mean, in points
    tracked_topics: list[str] = Field(default_factory=list)  # empty = every topic seen
    first_party_providers: list[str] = Field(default_factory=lambda: ["website"])
    strength_weight: float = Field(0.4, ge=0, le=1)
    breadth_weight: float = Field(0.3, ge=0, le=1)
    recency_weight: float = Field(0.15, ge=0, le=1)
    momentum_weight: float = Field(0.15, ge=0, le=1)

    @model_validator(mode="after")
    def _weights_sum_to_one(self) -> IntentConfig:
        total = self.strength_weight + self.breadth_weight + self.recency_weight
        total += self.momentum_weight
        if abs(total - 1.0) > 1e-9:
            raise ValueError(
                f"strength/breadth/recency/momentum weights must sum to 1, not {total:g}"
            )
        return self


class FirstPartyConfig(_Strict):
    """Intent read from visits to topic-tagged pages of the company's own website."""

    topic_pages: dict[str, str] = Field(default_factory=dict)  # URL path prefix -> topic
    points_per_visit: float = Field(20, gt=0, le=100)  # weekly topic score per visit, max 100
    visit_types: list[ActivityType] = Field(
        default_factory=lambda: _types("web_visit", "pricing_page_visit")
    )
    provider: str = "website"

    @model_validator(mode="after")
    def _prefixes_are_paths(self) -> FirstPartyConfig:
        bad = [p for p in self.topic_pages if not p.startswith("/")]
        if bad:
            raise ValueError(f"page prefixes must start with '/': {', '.join(bad)}")
        return self


class EngagementConfig(_Strict):
    """Decayed, person-weighted engagement points (Demandbase minutes, Marketo caps)."""

    activity_weights: dict[ActivityType, Weight] = Field(
        default_factory=lambda: dict(DEFAULT_ACTIVITY_WEIGHTS)  # type: ignore[arg-type]
    )
    minutes_types: list[ActivityType] = Field(default_factory=lambda: _types("meeting"))
    seniority_weights: dict[Seniority, Weight] = Field(
        default_factory=lambda: dict(DEFAULT_SENIORITY_WEIGHTS)  # type: ignore[arg-type]
    )
    anonymous_weight: float = Field(1.0, ge=0)
    half_life_days: float = Field(30, gt=0)
    lookback_days: int = Field(180, ge=1)
    recent_days: int = Field(90, ge=1)  # the window of minutes_90d
    daily_cap: int = Field(20, ge=1)  # events per person per type per day that count
    score_scale: float = Field(50, gt=0)  # engagement_score = 100 * (1 - exp(-points / scale))
    spike_ratio: float = Field(2.0, gt=0)  # this week vs the mean of the prior weeks
    spike_weeks: int = Field(4, ge=1)
    spike_floor: float = Field(5.0, ge=0)  # and this week's points at least this
    depth_people: int = Field(3, ge=1)  # 3 x 3: three departments, three people deep
    depth_departments: int = Field(3, ge=1)

    def activity_weight(self, activity_type: str) -> float:
        return float(self.activity_weights.get(activity_type, 0.0))  # type: ignore[call-overload]

    def seniority_weight(self, seniority: str) -> float:
        return float(self.seniority_weights.get(seniority, 0.5))  # type: ignore[call-overload]


class ScoringConfig(_Strict):
    """The whole of `scoring.yaml`."""

    version: Literal[1] = 1
    intent: IntentConfig = Field(default_factory=IntentConfig)
    first_party: FirstPartyConfig = Field(default_factory=FirstPartyConfig)
    engagement: EngagementConfig = Field(default_factory=EngagementConfig)
    stages: list[Stage] = Field(default_factory=default_stages)
    default_stage: str = Field("unaware", pattern=r"^[a-z0-9_]+$")
    default_stage_label: str = "Unaware"

    def activity_window_days(self) -> int:
        """How far back any score looks at activities; older events cannot change a run."""
        intent_weeks = self.intent.recent_weeks + self.intent.baseline_weeks + 1
        spike_weeks = self.engagement.spike_weeks + 1
        engagement = self.engagement
        return max(engagement.lookback_days, engagement.recent_days, 7 * intent_weeks,
                   7 * spike_weeks)  # fmt: skip

    @model_validator(mode="after")
    def _unique_stages(self) -> ScoringConfig:
        names = [s.name for s in self.stages] + [self.default_stage]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"duplicate stage names: {', '.join(duplicates)}")
        return self


SCORING_HINT = "see docs/reference/scoring-yaml.md"


def load_scoring_config(path: Path) -> ScoringConfig:
    """Read `scoring.yaml`; a missing file means every default.

    Raises `ConfigError` naming the file, line and field of the first problem.
    """
    return load_settings(path, ScoringConfig, SCORING_HINT)


def parse_scoring_config(text: str, source: str = "scoring.yaml") -> ScoringConfig:
    """Validate YAML text as a `ScoringConfig` (`source` names it in messages)."""
    return parse_settings(text, source, ScoringConfig, SCORING_HINT)
