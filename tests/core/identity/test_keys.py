"""Domain and name keys: invariants users rely on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from beachhead.core.identity.domains import derive_domains, registrable_domain
from beachhead.core.identity.freemail import FREE_MAIL_DOMAINS
from beachhead.core.identity.names import name_key

labels = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
suffixes = st.sampled_from(["com", "co.uk", "de", "io", "com.au", "github.io"])


@given(label=labels, suffix=suffixes, scheme=st.sampled_from(["", "http://", "https://"]),
       www=st.booleans(), path=st.sampled_from(["", "/", "/about?x=1", ":8080/a#b"]),
       upper=st.booleans())  # fmt: skip
def test_any_spelling_of_a_website_gives_the_same_domain(
    label: str, suffix: str, scheme: str, www: bool, path: str, upper: bool
) -> None:
    domain = f"{label}.{suffix}"
    spelled = f"{scheme}{'www.' if www else ''}{domain}{path}"
    assert registrable_domain(spelled.upper() if upper else spelled) == domain


@given(st.text(max_size=40))
def test_name_key_is_idempotent(name: str) -> None:
    assert name_key(name_key(name)) == name_key(name)


@given(base=st.sampled_from(["Acme Widgets", "Globex", "Initech Systems"]),
       suffix=st.sampled_from(["", " Inc.", ", LLC", " GmbH", " Corp", " Ltd"]),
       upper=st.booleans())  # fmt: skip
def test_legal_forms_and_case_do_not_change_the_key(base: str, suffix: str, upper: bool) -> None:
    name = base + suffix
    assert name_key(name.upper() if upper else name) == name_key(base)


def test_derived_domains_need_count_and_share() -> None:
    emails = ["acme.com"] * 2 + ["gmail.com"] * 6 + [None]
    assert derive_domains(emails, 2, 0.25, FREE_MAIL_DOMAINS) == ["acme.com"]  # 2 of 8
    assert derive_domains(emails, 2, 0.3, FREE_MAIL_DOMAINS) == []
    assert derive_domains(emails, 3, 0.25, FREE_MAIL_DOMAINS) == []
    assert derive_domains(["gmail.com"] * 5, 2, 0.25, FREE_MAIL_DOMAINS) == []
    assert derive_domains(["gmail.com"] * 5, 2, 0.25) == ["gmail.com"]  # nothing excluded
