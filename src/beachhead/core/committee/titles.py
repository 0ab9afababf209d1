"""Job title -> seniority, function and suggested buying role, with the reasons.

Rules, not a model: a title is folded to ASCII lower case, split into segments at commas,
slashes and dashes, abbreviations are expanded, then phrases from `title_vocab` are matched on
whole tokens (longest first), so `cto` never fires inside "director" nor `coo` inside
"coordinator". The highest rank in the title wins; the function is the one with most weight
(a department, when given, overrides it); the buying role follows from both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from functools import lru_cache

from beachhead.core.committee import title_vocab as v
from beachhead.errors import BeachheadError

Segments = tuple[tuple[str, ...], ...]
# TitleProfile's fields but `normalized`, in order.
_Fields = tuple[str, str, str, str | None, float, float, float, str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class TitleProfile:
    """What a title says about a person; `reasons` lists the words and rules that decided it.

    `confidence` is the confidence in `buying_role` (1.0 when the CRM recorded it).
    """

    seniority: str
    seniority_detail: str
    function: str
    buying_role: str | None
    confidence: float
    seniority_confidence: float
    function_confidence: float
    role_source: str
    reasons: tuple[str, ...]
    normalized: str

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["reasons"] = list(self.reasons)
        return data


@dataclass(frozen=True, slots=True)
class _Cue:
    level: str | None = None
    level_conf: float = 0.0
    function: str | None = None
    weight: float = 0.0
    flag: str | None = None


@dataclass(frozen=True, slots=True)
class _Hit:
    phrase: str
    cue: _Cue


def _inherited_function(phrase: str) -> tuple[str | None, float]:
    """A rank phrase that swallows a function word keeps its function ("product manager")."""
    found = [v.FUNCTION_CUES[word] for word in phrase.split() if word in v.FUNCTION_CUES]
    return max(found, key=lambda cue: cue[1]) if found else (None, 0.0)


def _inherited_level(phrase: str) -> tuple[str | None, float]:
    """A function phrase keeps the rank of its head noun ("business analyst" -> entry)."""
    words = phrase.split()
    for start in range(1, len(words)):
        suffix = " ".join(words[start:])
        if suffix in v.SENIORITY_CUES:
            return v.SENIORITY_CUES[suffix]
    return ("entry", 0.5) if words[-1] in v.IC_NOUNS else (None, 0.0)


def _build_cues() -> dict[tuple[str, ...], _Cue]:
    flags = dict.fromkeys(v.INFLUENCER_PHRASES, "influencer")
    flags.update(dict.fromkeys(v.GATEKEEPER_PHRASES, "gatekeeper"))
    phrases = {*v.SENIORITY_CUES, *v.FUNCTION_CUES, *v.IC_NOUNS, *flags, *v.NEUTRAL_PHRASES}
    cues: dict[tuple[str, ...], _Cue] = {}
    for phrase in phrases:
        level, level_conf = v.SENIORITY_CUES.get(phrase) or _inherited_level(phrase)
        function, weight = v.FUNCTION_CUES.get(phrase) or _inherited_function(phrase)
        cues[tuple(phrase.split())] = _Cue(level, level_conf, function, weight, flags.get(phrase))
    return cues


_CUES = _build_cues()
# Longest phrase starting with each word: most words start none, so most lookups are one.
_LONGEST: dict[str, int] = {}
for _phrase in _CUES:
    _LONGEST[_phrase[0]] = max(_LONGEST.get(_phrase[0], 0), len(_phrase))
_CONTEXT_WORDS = v.OWNER_WORDS | v.PARTNER_WORDS | v.LEAD_WORDS | v.HEAD_WORDS | v.MODIFIER_WORDS
_RANK = {level: i for i, level in enumerate(v.SENIORITY_LEVELS)}
# Typographic punctuation to ASCII before accents are dropped, so it still separates.
_PUNCTUATION = str.maketrans("\u2010\u2011\u2013\u2014\u2022\u00b7\uff0c\u3001", "----||,,")
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}")
_SEPARATORS = re.compile(r"\s+-+\s+|[,/|;()\[\]{}:+\\]")
_TOKEN = re.compile(r"[a-z0-9]+")
_JOINERS = frozenset({"and", "or", "of", "for", "in", "to"})
_GERMAN_HEADS = tuple(sorted(v.GERMAN_HEADS, key=len, reverse=True))


def _fold(text: str) -> str:
    text = text.casefold()
    if not text.isascii():
        text = text.translate(_PUNCTUATION)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    if "&" in text:
        for term, word in v.AMPERSAND_TERMS.items():
            if term in text:
                text = text.replace(term, f" {word} ")
        text = text.replace("&", " and ")
    text = text.replace("@", " at ")
    return _DOTTED.sub(lambda m: m.group().replace(".", ""), text)


def _split_compound(token: str) -> list[str] | None:
    """German compounds: 'vertriebsleiter' -> ['sales', 'leiter']."""
    if not token.endswith(_GERMAN_HEADS):
        return None
    for head in _GERMAN_HEADS:
        if token.endswith(head) and len(token) > len(head) + 1:
            prefix = token[: -len(head)]
            stem = v.GERMAN_STEMS.get(prefix) or v.GERMAN_STEMS.get(prefix.removesuffix("s"))
            if stem is None and (prefix,) in _CUES:
                stem = prefix
            return None if stem is None else [*stem.split(), v.GERMAN_HEADS[head]]
    return None


def _expand(tokens: Iterable[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        if token in v.ABBREVIATIONS:
            out.extend(v.ABBREVIATIONS[token].split())
        elif len(token) > 7 and (token,) not in _CUES:
            out.extend(_split_compound(token) or [token])
        else:
            out.append(token)
    return out


@lru_cache(maxsize=100_000)
def title_segments(title: str) -> Segments:
    """A title as segments of normalised tokens; the employer after 'at' is dropped.

    >>> title_segments("Sr. Data Eng II @ Acme")
    (('senior', 'data', 'engineering', 'ii'),)
    >>> title_segments("VP, Finance & Controller")
    (('vp',), ('finance', 'and', 'controller'))
    """
    return _segments(title)


def _segments(title: str) -> Segments:
    segments: list[tuple[str, ...]] = []
    seen = 0
    for part in _SEPARATORS.split(_fold(title)):
        tokens = _expand(_TOKEN.findall(part))
        cut = None
        if not v.EMPLOYER_MARKERS.isdisjoint(tokens):
            markers = (i for i, t in enumerate(tokens) if t in v.EMPLOYER_MARKERS and seen + i)
            cut = next(markers, None)
        if cut is not None:
            tokens = tokens[:cut]
        if tokens:
            segments.append(tuple(tokens))
            seen += len(tokens)
        if cut is not None:
            break
    return tuple(segments)


def normalize_title(title: str) -> str:
    """The normalised form the classifier reads (segments joined by ' ; ').

    >>> normalize_title("Dir. IT Ops / EMEA")
    'director it operations ; emea'
    """
    return " ; ".join(" ".join(segment) for segment in title_segments(title))


def _context_cue(tokens: Sequence[str], i: int) -> tuple[_Cue, str] | None:
    """Rank words whose meaning depends on their neighbours."""
    token = tokens[i]
    prev = tokens[i - 1] if i else None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    initial = prev is None or prev in _JOINERS
    if token in v.OWNER_WORDS:
        return (_Cue("owner", 0.9, "executive", 0.5), token) if initial else None
    if token in v.PARTNER_WORDS:
        alone = nxt is None or nxt in _JOINERS or (nxt,) not in _CUES
        return (_Cue("partner", 0.8, "executive", 0.3), token) if initial and alone else None
    if token in v.LEAD_WORDS:
        heads = nxt is None or nxt in _JOINERS
        return _Cue("manager" if heads else "senior", 0.75 if heads else 0.6), token
    if token in v.HEAD_WORDS:
        return _Cue("director", 0.85 if prev is None else 0.75), token
    if token in ("staff", "principal"):
        return _modifier_cue(token, nxt)
    if token == "chief":
        return _chief_cue(tokens, i)
    return _level_number_cue(tokens, i)


def _modifier_cue(token: str, nxt: str | None) -> tuple[_Cue, str] | None:
    if nxt in v.SENIOR_IC_NEXT:
        return _Cue("senior", 0.8), f"{token} {nxt}"
    if token == "principal" and (nxt is None or nxt in _JOINERS):
        return _Cue("partner", 0.6, "executive", 0.3), token
    return (_Cue("senior", 0.6), token) if token == "principal" else None


def _chief_cue(tokens: Sequence[str], i: int) -> tuple[_Cue, str]:
    """'Chief X Officer': C-level; 'Chief Architect': senior individual; 'Bureau Chief': a head."""
    rest = tokens[i + 1 : i + 6]
    if "officer" in rest:
        return _Cue("cxo", 0.9), "chief ... officer"
    noun = next((t for t in rest if t in v.CHIEF_IC_NOUNS), None)
    if noun is not None:
        return _Cue("senior", 0.7), f"chief ... {noun}"
    if i == 0 and rest:
        return _Cue("cxo", 0.6), "chief ..."
    return _Cue("director", 0.6), "chief"


def _level_number_cue(tokens: Sequence[str], i: int) -> tuple[_Cue, str] | None:
    """'Engineer II' / 'Analyst 3': a grade at the end of a segment."""
    token = tokens[i]
    if i == 0 or i + 1 != len(tokens):
        return None
    if token in v.GRADES:
        return _Cue(v.GRADES[token], 0.6), token
    return None


@lru_cache(maxsize=100_000)
def _scan_segment(tokens: tuple[str, ...]) -> tuple[tuple[_Hit, ...], bool]:
    """Greedy longest-phrase matching; stops after 'assistant to' (the rest is the boss)."""
    hits: list[_Hit] = []
    i = 0
    while i < len(tokens):
        for size in range(min(_LONGEST.get(tokens[i], 0), len(tokens) - i), 0, -1):
            cue = _CUES.get(tuple(tokens[i : i + size]))
            if cue is not None:
                hits.append(_Hit(" ".join(tokens[i : i + size]), cue))
                if cue.flag == "gatekeeper" and "to" in tokens[i + size - 1 : i + size + 1]:
                    return tuple(hits), True
                i += size
                break
        else:
            found = _context_cue(tokens, i) if tokens[i] in _CONTEXT_WORDS else None
            if found is not None:
                hits.append(_Hit(found[1], found[0]))
            i += 1
    return tuple(hits), False


def _scan(segments: Segments) -> tuple[tuple[_Hit, ...], tuple[str, ...]]:
    """All hits of a title in order, and notes on words whose rank was set aside."""
    hits: list[_Hit] = []
    notes: list[str] = []
    for tokens in segments:
        found, stopped = _scan_segment(tokens)
        if tokens[0] in v.PAST_MARKERS:
            found = tuple(replace(h, cue=replace(h.cue, level=None, level_conf=0.0)) for h in found)
            notes.append(f"'{tokens[0]}': a past job, its rank does not count")
        hits.extend(found)
        if stopped:
            notes.append("words after 'to' name the person assisted")
            break
    return tuple(hits), tuple(notes)


def _seniority(hits: Sequence[_Hit], remit: bool) -> tuple[str, float, str]:
    ranked = [h for h in hits if h.cue.level is not None]
    if not ranked and remit:
        return "manager", 0.4, "'... management' → seniority manager"
    if not ranked:
        return "unknown", 0.0, "no rank or job word → seniority unknown"
    best = max(ranked, key=lambda h: (_RANK[h.cue.level or "entry"], h.cue.level_conf))
    level = best.cue.level or "unknown"
    return level, best.cue.level_conf, f"'{best.phrase}' → seniority {level}"


def _function(hits: Sequence[_Hit]) -> tuple[str, float, str | None]:
    scores: dict[str, float] = {}
    first: dict[str, int] = {}
    for order, hit in enumerate(hits):
        if hit.cue.function is not None:
            scores[hit.cue.function] = scores.get(hit.cue.function, 0.0) + hit.cue.weight
            first.setdefault(hit.cue.function, order)
    if not scores:
        return "other", 0.0, None
    best = max(scores, key=lambda f: (scores[f], -first[f]))
    share = scores[best] / sum(scores.values())
    confidence = min(0.95, (0.5 + 0.5 * share) * min(1.0, 0.4 + scores[best] / 2))
    words = ", ".join(f"'{h.phrase}'" for h in hits if h.cue.function == best)
    return best, round(confidence, 2), f"{words} → function {best}"


@lru_cache(maxsize=4096)
def department_function(department: str) -> str | None:
    """The function a CRM department value names, if any.

    >>> department_function("Finance & Accounting")
    'finance'
    >>> department_function("Team 7") is None
    True
    """
    function, _, _ = _function(_scan(title_segments(department))[0])
    return None if function == "other" else function


def _conditions(
    level: str, function: str, hits: Sequence[_Hit], buying: frozenset[str] | None
) -> frozenset[str]:
    """The ROLE_RULES conditions that hold for this person."""
    named = buying is not None and function in buying
    technical = function in v.TECHNICAL_FUNCTIONS
    flags = {h.cue.flag for h in hits if h.cue.flag}
    held = {
        "any": True,
        "gatekeeper": "gatekeeper" in flags,
        "advisor": "influencer" in flags,
        "procurement": function == "procurement",
        "legal": function == "legal_compliance",
        "finance": function == "finance",
        "executive": function == "executive",
        "top": function in ("executive", "finance") or named,
        "buying": buying is None or named,
        "technical": technical,
        "technical_unnamed": technical and not named,
        "known": function != "other",
    }
    return frozenset(name for name, holds in held.items() if holds)


def _suggest_role(
    level: str, function: str, conditions: frozenset[str]
) -> tuple[str | None, float, str]:
    rank = v.COARSE_SENIORITY[level]
    for rule_rank, condition, role, base, why in v.ROLE_RULES:
        if rule_rank in ("*", rank) and condition in conditions:
            return role, base, why.format(function=function, level=level)
    raise AssertionError(f"ROLE_RULES has no fallback for {rank}")  # the table ends with 'any'


def _classify(segments: Segments, department: str, buying: frozenset[str] | None) -> TitleProfile:
    hits, notes = _scan(segments)
    remit = any(segment[-1] == "management" for segment in segments)
    fields = _profile(hits, notes, remit, department, buying)
    return TitleProfile(*fields, normalized=" ; ".join(" ".join(s) for s in segments))


@lru_cache(maxsize=100_000)
def _profile(
    hits: tuple[_Hit, ...],
    notes: tuple[str, ...],
    remit: bool,
    department: str,
    buying: frozenset[str] | None,
) -> _Fields:
    """A profile's fields from what the title's words matched; equal matches share them."""
    level, level_conf, level_reason = _seniority(hits, remit)
    function, function_conf, function_reason = _function(hits)
    reasons = [level_reason, *notes]
    from_department = department_function(department) if department else None
    if from_department is not None:
        function, function_conf = from_department, 0.95
        function_reason = f"department '{department}' → function {function}"
    if function == "other" and v.COARSE_SENIORITY[level] == "cxo":
        function, function_conf = "executive", 0.6
        function_reason = "top rank, no function word → function executive"
    if function_reason:
        reasons.append(function_reason)
    conditions = _conditions(level, function, hits, buying)
    role, base, why = _suggest_role(level, function, conditions)
    confidence = base * (0.5 + 0.5 * level_conf) * (0.5 + 0.5 * function_conf)
    reasons.append(f"role {role}: {why}" if role else f"no role: {why}")
    return (
        v.COARSE_SENIORITY[level],
        level,
        function,
        role,
        round(min(1.0, max(0.0, confidence)), 2),
        level_conf,
        function_conf,
        "inferred",
        tuple(reasons),
    )


def _buying(functions: Iterable[str] | None) -> frozenset[str] | None:
    if functions is None:
        return None
    chosen = frozenset(functions)
    unknown = sorted(chosen - set(v.FUNCTIONS))
    if unknown:
        raise BeachheadError(
            f"unknown function(s) {', '.join(unknown)} in buying functions",
            hint=f"use any of: {', '.join(v.FUNCTIONS)}",
        )
    return chosen


_CRM_KEY = re.compile(r"[^a-z0-9]+")


def role_from_crm(value: str | None) -> str | None:
    """The canonical buying role for a Salesforce or HubSpot role value (None: no role).

    >>> role_from_crm("Economic Decision Maker")
    'economic_buyer'
    >>> role_from_crm("LEGAL_AND_COMPLIANCE"), role_from_crm("Legal & Compliance")
    ('legal', 'legal')
    >>> role_from_crm("Other") is None
    True
    """
    if not value:
        return None
    key = _CRM_KEY.sub("_", value.casefold().replace("&", " and ")).strip("_")
    return v.CRM_ROLES.get(key)


def _with_crm_role(profile: TitleProfile, crm_role: str | None) -> TitleProfile:
    role = role_from_crm(crm_role)
    if role is None:
        return profile
    reasons = (*profile.reasons[:-1], f"CRM value '{crm_role}' → role {role} (overrides the title)")
    return replace(profile, buying_role=role, confidence=1.0, role_source="crm", reasons=reasons)


def classify_title(
    title: str | None,
    department: str | None = None,
    *,
    crm_role: str | None = None,
    buying_functions: Iterable[str] | None = None,
) -> TitleProfile:
    """Classify one job title; a department overrides the function, a CRM role the role.

    `buying_functions` names the functions that buy the product (default: any function).

    >>> p = classify_title("VP, Data")
    >>> p.seniority, p.function, p.buying_role
    ('vp', 'data', 'decision_maker')
    >>> classify_title("Director of Sales Coordination").seniority_detail
    'director'
    >>> classify_title("Chief of Staff").buying_role
    'gatekeeper'
    """
    profile = _classify(title_segments(title or ""), department or "", _buying(buying_functions))
    return _with_crm_role(profile, crm_role) if crm_role else profile


def classify_titles(
    titles: Iterable[str | None],
    departments: Iterable[str | None] | None = None,
    *,
    buying_functions: Iterable[str] | None = None,
) -> list[TitleProfile]:
    """Classify many titles; repeats are classified once (profiles are shared, immutable).

    >>> [p.seniority for p in classify_titles(["CISO", "IT Manager", "CISO"])]
    ['cxo', 'manager', 'cxo']
    """
    buying = _buying(buying_functions)
    cache: dict[tuple[str, str], TitleProfile] = {}
    titles = list(titles)
    depts = [None] * len(titles) if departments is None else list(departments)
    if len(depts) != len(titles):
        raise BeachheadError(f"{len(titles)} titles but {len(depts)} departments")
    out: list[TitleProfile] = []
    for title, department in zip(titles, depts, strict=True):
        key = (title or "", department or "")
        profile = cache.get(key)
        if profile is None:
            profile = cache[key] = _classify(_segments(key[0]), key[1], buying)
        out.append(profile)
    return out
