"""Vectorised batches of engagement events, one function per behaviour in the market."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pyarrow as pa

from beachhead.demo.common import Calendar, concat, take
from beachhead.demo.companies import Firms
from beachhead.demo.intent import TOPICS
from beachhead.demo.people import People, ascii_token
from beachhead.demo.vocab import DEMO_PAGE, GENERIC_PAGES, PRICING_PAGE
from beachhead.demo.vocab_people import FIRST_NAMES, FREE_MAIL

TYPES: tuple[str, ...] = (
    "web_visit",
    "email_open",
    "email_click",
    "email_reply",
    "ad_impression",
    "ad_click",
    "form_fill",
    "content_download",
    "webinar_attended",
    "event_attended",
    "meeting",
    "call",
    "demo_request",
    "pricing_page_visit",
)
URLS: tuple[str, ...] = (
    *GENERIC_PAGES,
    PRICING_PAGE,
    DEMO_PAGE,
    *("/solutions/" + t.lower().replace(" ", "-") for t in TOPICS),
)
_PRICING, _DEMO, _TOPIC0 = len(GENERIC_PAGES), len(GENERIC_PAGES) + 1, len(GENERIC_PAGES) + 2
ANONYMOUS, STRAY = -1, -2


def _mix(**weights: float) -> tuple[np.ndarray, np.ndarray]:
    kinds = np.array([TYPES.index(k) for k in weights])
    p = np.array(list(weights.values()))
    return kinds, p / p.sum()


_NURTURE = _mix(
    email_open=55,
    email_click=12,
    web_visit=16,
    content_download=5,
    webinar_attended=4,
    form_fill=2,
    event_attended=2,
    email_reply=1,
    pricing_page_visit=1,
)
_TRAFFIC = _mix(web_visit=42, ad_impression=52, ad_click=4, pricing_page_visit=2)
_EPISODE = _mix(
    web_visit=30,
    pricing_page_visit=8,
    content_download=12,
    email_click=14,
    email_open=12,
    webinar_attended=5,
    email_reply=4,
    form_fill=6,
    event_attended=2,
    demo_request=2,
)
_SURGE = _mix(web_visit=72, pricing_page_visit=16, ad_click=12)


@dataclass(frozen=True)
class MarketView:
    """What the activity generator needs to know about the simulated market."""

    cal: Calendar
    firms: Firms
    people: People
    episodes: dict[str, np.ndarray]
    episode_topics: np.ndarray  # bool, episodes x TOPICS
    converted: np.ndarray  # per episode: it opened an opportunity
    customer: np.ndarray  # per company: customer at as_of


@dataclass(frozen=True)
class Batch:
    """Events as index columns: person (-1 anonymous, -2 stray), company, week, type, url."""

    person: np.ndarray
    company: np.ndarray
    week: np.ndarray
    kind: np.ndarray
    url: np.ndarray  # index into URLS, -1 for none
    duration: np.ndarray  # minutes, 0 for none
    seconds: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    campaign: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    @classmethod
    def concat(cls, parts: list[Batch]) -> Batch:
        names = ("person", "company", "week", "kind", "url", "duration")
        return cls(*(np.concatenate([getattr(p, n) for p in parts]) for n in names))

    def sorted(self, seconds: np.ndarray) -> Batch:
        order = np.argsort(seconds, kind="stable")
        return Batch(
            self.person[order],
            self.company[order],
            self.week[order],
            self.kind[order],
            self.url[order],
            self.duration[order],
            seconds[order],
        )

    def with_campaign(self, campaign: np.ndarray) -> Batch:
        return replace(self, campaign=campaign)


def _urls(rng: np.random.Generator, kind: np.ndarray, topic: np.ndarray | None) -> np.ndarray:
    generic = rng.integers(0, len(GENERIC_PAGES), len(kind))
    page = (
        generic
        if topic is None
        else np.where(rng.random(len(kind)) < 0.8, _TOPIC0 + topic, generic)
    )
    url = np.where(kind == TYPES.index("web_visit"), page, -1)
    url = np.where(kind == TYPES.index("pricing_page_visit"), _PRICING, url)
    return np.where(kind == TYPES.index("demo_request"), _DEMO, url)


def _batch(
    person: np.ndarray,
    company: np.ndarray,
    week: np.ndarray,
    kind: np.ndarray,
    url: np.ndarray,
    duration: np.ndarray | None = None,
) -> Batch:
    minutes = np.zeros(len(kind), np.int64) if duration is None else duration
    return Batch(person, company, week, kind, url, minutes)


def background_nurture(rng: np.random.Generator, view: MarketView) -> Batch:
    """Newsletters, blog visits, webinars: known people, unrelated to buying (noise)."""
    people, weeks = view.people, view.cal.weeks
    rate = rng.lognormal(np.log(0.035), 0.8, people.n)
    rate *= np.where(view.customer[people.company], 1.6, 1.0)
    person = np.repeat(np.arange(people.n), rng.poisson(rate * weeks))
    kind = rng.choice(_NURTURE[0], size=person.size, p=_NURTURE[1])
    week = rng.integers(0, weeks, person.size)
    return _batch(person, people.company[person], week, kind, _urls(rng, kind, None))


def anonymous_traffic(rng: np.random.Generator, view: MarketView) -> Batch:
    """Unidentified web visits and ad impressions, resolved to a company by reverse IP."""
    firms, weeks = view.firms, view.cal.weeks
    rate = np.clip(0.05 * (firms.employees / 100.0) ** 0.3, 0.02, 0.6)
    company = np.repeat(np.arange(firms.n), rng.poisson(rate * weeks))
    kind = rng.choice(_TRAFFIC[0], size=company.size, p=_TRAFFIC[1])
    topic = rng.integers(0, len(TOPICS), company.size)
    url = np.where(rng.random(company.size) < 0.3, _urls(rng, kind, topic), _urls(rng, kind, None))
    week = rng.integers(0, weeks, company.size)
    return _batch(np.full(company.size, ANONYMOUS), company, week, kind, url)


def _episode_topic(rng: np.random.Generator, view: MarketView, episode: np.ndarray) -> np.ndarray:
    topics = view.episode_topics
    listed = np.argsort(~topics, axis=1, kind="stable")  # researched topics first
    count = topics.sum(axis=1)
    pick = (rng.random(episode.size) * count[episode]).astype(np.int64)
    return np.asarray(listed[episode, pick])


def _ramp_weeks(rng: np.random.Generator, view: MarketView, episode: np.ndarray) -> np.ndarray:
    # Density rising linearly through the episode: more research just before the opportunity.
    ramp = np.sqrt(rng.random(episode.size))
    eps = view.episodes
    return np.asarray(eps["start"][episode] + (ramp * eps["duration"][episode]).astype(np.int64))


def _visible(view: MarketView, batch: Batch) -> Batch:
    keep = (batch.week >= 0) & (batch.week < view.cal.weeks)
    names = ("person", "company", "week", "kind", "url", "duration")
    return Batch(*(getattr(batch, n)[keep] for n in names))


def _engaged(view: MarketView) -> tuple[np.ndarray, np.ndarray]:
    """(episode, person) pairs: the first `coverage` committee members of each episode."""
    eps = view.episodes
    company = eps["company"]
    k = np.minimum(eps["coverage"], view.people.committee[company])
    episode = np.repeat(np.arange(len(company)), k)
    rank = np.arange(episode.size) - np.repeat(np.cumsum(k) - k, k)
    return episode, view.people.start[company[episode]] + rank


def episode_engagement(rng: np.random.Generator, view: MarketView) -> Batch:
    """Committee members research the purchase: topic pages, pricing, content, replies."""
    pair_episode, pair_person = _engaged(view)
    per_pair = rng.poisson(1.0 * view.episodes["duration"][pair_episode])
    episode = np.repeat(pair_episode, per_pair)
    person = np.repeat(pair_person, per_pair)
    kind = rng.choice(_EPISODE[0], size=person.size, p=_EPISODE[1])
    url = _urls(rng, kind, _episode_topic(rng, view, episode))
    week = _ramp_weeks(rng, view, episode)
    batch = _batch(person, view.episodes["company"][episode], week, kind, url)
    return Batch.concat([_visible(view, batch), _episode_traffic(rng, view)])


def _episode_traffic(rng: np.random.Generator, view: MarketView) -> Batch:
    eps = view.episodes
    episode = np.repeat(np.arange(len(eps["company"])), rng.poisson(1.5 * eps["duration"]))
    kind = rng.choice(_SURGE[0], size=episode.size, p=_SURGE[1])
    url = _urls(rng, kind, _episode_topic(rng, view, episode))
    week = _ramp_weeks(rng, view, episode)
    batch = _batch(np.full(episode.size, ANONYMOUS), eps["company"][episode], week, kind, url)
    return _visible(view, batch)


def conversion_moments(rng: np.random.Generator, view: MarketView) -> Batch:
    """The demo request and first meeting in the week an opportunity opens."""
    eps = view.episodes
    episode = np.flatnonzero(view.converted)
    champion = view.people.start[eps["company"][episode]]
    week = eps["start"][episode] + eps["duration"][episode]
    demo = rng.random(episode.size) < 0.6
    kind = np.r_[
        np.full(demo.sum(), TYPES.index("demo_request")),
        np.full(episode.size, TYPES.index("meeting")),
    ]
    duration = np.r_[np.zeros(demo.sum(), np.int64), rng.choice([30, 45, 60], episode.size)]
    person = np.r_[champion[demo], champion]
    batch = _batch(
        person,
        np.r_[eps["company"][episode][demo], eps["company"][episode]],
        np.r_[week[demo], week],
        kind,
        _urls(rng, kind, None),
        duration,
    )
    return _visible(view, batch)


def timely_follow_up(rng: np.random.Generator, view: MarketView) -> Batch:
    """An SDR call to the champion in the first two weeks of a surge (the 'timing' effect)."""
    eps = view.episodes
    episode = np.flatnonzero(eps["timely"])
    company = eps["company"][episode]
    week = eps["start"][episode] + rng.integers(0, 2, episode.size)
    minutes = rng.integers(4, 26, episode.size)
    batch = _batch(
        view.people.start[company],
        company,
        week,
        np.full(episode.size, TYPES.index("call")),
        np.full(episode.size, -1),
        minutes,
    )
    return _visible(view, batch)


def stray_visitors(rng: np.random.Generator, view: MarketView, n: int) -> tuple[Batch, pa.Array]:
    """Free-mail visitors from no company in the market (students, job seekers): pure noise."""
    kind = rng.choice(_mix(web_visit=60, content_download=25, form_fill=15)[0], size=n)
    names = take([ascii_token(f) for f in FIRST_NAMES], rng.integers(0, len(FIRST_NAMES), n))
    digits = pa.array(rng.integers(100, 100_000, n)).cast(pa.string())
    mail = take(FREE_MAIL, rng.integers(0, len(FREE_MAIL), n))
    email = concat(names, digits, "@", mail)
    batch = _batch(
        np.full(n, STRAY),
        np.zeros(n, np.int64),
        rng.integers(0, view.cal.weeks, n),
        kind,
        _urls(rng, kind, None),
    )
    return batch, email
