from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beachhead.core.technographics import default_catalog
from beachhead.core.technographics.patterns import (
    CASE_SENSITIVE,
    Pattern,
    compile_pattern,
    required_literals,
)


@pytest.mark.parametrize(
    ("regex", "anchors"),
    [
        (r"js\.hs-scripts\.com/", ("js.hs-scripts.com/",)),
        (r"\b_hsq\s*=", ("_hsq",)),
        (r"(?:pi|cdn)\.pardot\.com/pd\.js", (".pardot.com/pd.js",)),
        (r"https?://[a-z0-9-]+\.my\.salesforce\.com", (".my.salesforce.com",)),
        (r"abc?def", ("def",)),
        (r"abcd+ef", ("abcd",)),
        (r"ab{2}cdef", ("cdef",)),
        (r"[xyz]{3}long", ("long",)),
        (r"foo|barbaz", ("foo", "barbaz")),
        (r"foo|(?:x)", ()),
        (r"a\.b", ("a.b",)),
        (r"a\.", ()),
        (r"(?i)abcdef", ("abcdef",)),
        (r"", ()),
    ],
)
def test_required_literals(regex: str, anchors: tuple[str, ...]) -> None:
    assert required_literals(regex) == anchors


def test_anchors_follow_the_case_rules_of_their_kind() -> None:
    assert compile_pattern("script", "JS\\.Acme\\.com", 0.9).anchors == ("js.acme.com",)
    assert compile_pattern("js", "AcmeTrack\\(", 0.8).anchors == ("AcmeTrack(",)
    assert compile_pattern("js", "(?i)acmetrack", 0.8).anchors == ()


def test_cookie_patterns_match_whole_names_only() -> None:
    pattern = compile_pattern("cookies", "_ga", 0.7)
    assert pattern.regex.search("x\n_ga\ny") and not pattern.regex.search("_gat\n_gax")


def _generatable(pattern: Pattern) -> bool:
    # Hypothesis cannot generate strings for look-arounds.
    return pattern.anchors != () and "(?=" not in pattern.source and "(?!" not in pattern.source


_PATTERNS = [p for tech in default_catalog().technologies for p in tech.patterns if _generatable(p)]


@settings(max_examples=250, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.data())
def test_every_match_of_a_catalog_pattern_contains_one_of_its_anchors(data: st.DataObject) -> None:
    pattern = data.draw(st.sampled_from(_PATTERNS))
    flags = 0 if pattern.kind in CASE_SENSITIVE else re.IGNORECASE
    text = data.draw(st.from_regex(re.compile(pattern.source, flags), fullmatch=True))
    probe = text if pattern.kind in CASE_SENSITIVE else text.lower()
    assert any(anchor in probe for anchor in pattern.anchors), (pattern.source, text)
