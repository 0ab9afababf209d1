"""Fingerprint patterns: where each kind looks, how it is compiled, and a cheap pre-filter.

Most patterns never match a given page, and a regular expression that starts with ``\\b`` or a
character class makes Python's engine try every position of a megabyte page. So each pattern
carries the literal strings one of which any match must contain (its *anchors*); a plain
substring test rules most patterns out before the expression runs.

>>> required_literals(r"(?:pi|cdn)\\.pardot\\.com/pd\\.js")
('.pardot.com/pd.js',)
>>> required_literals(r"\\b_hsq\\s*=")
('_hsq',)
>>> required_literals(r"foo|bar(?:x)?")
('foo', 'bar')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Kinds searched in one text per page; `meta` and `headers` look up one value by key.
TEXT_KINDS: tuple[str, ...] = ("script", "resource", "link", "html", "js", "cookies", "url")
KEYED_KINDS: tuple[str, ...] = ("meta", "headers")
KINDS: tuple[str, ...] = TEXT_KINDS + KEYED_KINDS
# Host names and attribute values are case-insensitive; code and cookie names are not.
CASE_SENSITIVE: frozenset[str] = frozenset({"html", "js", "cookies"})
# How much one match says on its own: a vendor's script host is near-certain, a shared-looking
# cookie name or a link to a tenant URL less so.
DEFAULT_CONFIDENCE: dict[str, float] = {
    "script": 0.9,
    "resource": 0.8,
    "link": 0.6,
    "html": 0.8,
    "js": 0.8,
    "cookies": 0.7,
    "url": 0.9,
    "meta": 0.9,
    "headers": 0.9,
}
_MIN_ANCHOR = 3
_META = set(".^$*+?{}[]|()")
_ESCAPED_CLASSES = set("dDsSwWbBAZzG0123456789")
_INLINE_IGNORECASE = re.compile(r"\(\?[a-zA-Z]*i")


@dataclass(frozen=True)
class Pattern:
    """One compiled fingerprint: `kind` says where it looks, `key` which meta or header."""

    kind: str
    source: str
    regex: re.Pattern[str]
    confidence: float
    key: str = ""
    anchors: tuple[str, ...] = ()


def compile_pattern(kind: str, source: str, confidence: float, key: str = "") -> Pattern:
    """Compile `source` for `kind` (raises `re.error` on a bad expression)."""
    # Texts hold one item per line (script sources, cookie names, repeated meta tags).
    flags = re.MULTILINE
    if kind not in CASE_SENSITIVE:
        flags |= re.IGNORECASE
    # Cookie names are matched whole, one name per line of the cookie text.
    text = f"^(?:{source})$" if kind == "cookies" else source
    # An inline (?i) would make a case-sensitive kind match other cases than the anchor's.
    anchors = () if _INLINE_IGNORECASE.search(source) else required_literals(source)
    if kind not in CASE_SENSITIVE:
        anchors = tuple(anchor.lower() for anchor in anchors)
    return Pattern(kind, source, re.compile(text, flags), confidence, key, anchors)


def required_literals(regex: str) -> tuple[str, ...]:
    """Literals one of which every match of `regex` contains; () when none can be relied on."""
    anchors: list[str] = []
    for branch in _top_level_branches(regex):
        anchor = _longest_literal(branch)
        if len(anchor) < _MIN_ANCHOR or not anchor.isascii():
            return ()
        anchors.append(anchor)
    return tuple(anchors)


def _top_level_branches(regex: str) -> list[str]:
    branches, depth, start, i = [], 0, 0, 0
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(regex, i)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(regex[start:i])
            start = i + 1
        i += 1
    branches.append(regex[start:])
    return branches


def _longest_literal(branch: str) -> str:
    """The longest run of literal characters that sits outside groups and is not optional."""
    best, run, i = "", "", 0
    while i < len(branch):
        literal, i = _next_token(branch, i)
        quantifier = _quantifier(branch, i)
        i += len(quantifier)
        if literal is not None and not quantifier:
            run += literal
            continue
        if literal is not None and _at_least_one(quantifier):
            run += literal
        best, run = max(best, run, key=len), ""
    return max(best, run, key=len)


def _next_token(branch: str, i: int) -> tuple[str | None, int]:
    """(the literal character at `i` or None for anything else, the index after the token)."""
    char = branch[i]
    if char == "\\":
        escaped = branch[i + 1 : i + 2]
        if not escaped or escaped in _ESCAPED_CLASSES or escaped.isalpha():
            return None, i + 2
        return escaped, i + 2
    if char == "[":
        return None, _class_end(branch, i)
    if char == "(":
        return None, _group_end(branch, i)
    if char in _META:
        return None, i + 1
    return char, i + 1


def _quantifier(branch: str, i: int) -> str:
    match = re.match(r"(?:[?*+]|\{\d*(?:,\d*)?\})[?+]?", branch[i:])
    return match.group(0) if match else ""


def _at_least_one(quantifier: str) -> bool:
    if quantifier.startswith("+"):
        return True
    match = re.match(r"\{(\d+)", quantifier)
    return bool(match and int(match.group(1)) >= 1)


def _class_end(regex: str, i: int) -> int:
    j = i + 1
    if j < len(regex) and regex[j] == "^":
        j += 1
    if j < len(regex) and regex[j] == "]":
        j += 1
    while j < len(regex) and regex[j] != "]":
        j += 2 if regex[j] == "\\" else 1
    return j + 1


def _group_end(regex: str, i: int) -> int:
    depth, j = 0, i
    while j < len(regex):
        char = regex[j]
        if char == "\\":
            j += 2
            continue
        if char == "[":
            j = _class_end(regex, j)
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        j += 1
        if depth == 0:
            return j
    return j
