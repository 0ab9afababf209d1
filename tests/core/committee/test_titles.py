from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beachhead.core.committee import (
    classify_title,
    classify_titles,
    department_function,
    normalize_title,
    role_from_crm,
)
from beachhead.core.committee import title_vocab as vocab
from beachhead.errors import BeachheadError

# Hand-written messy titles: (title, ten-level seniority, function, suggested buying role).
CASES: list[tuple[str, str, str, str | None]] = [
    ("VP, Data", "vp", "data", "decision_maker"),
    ("Dir. IT Ops", "director", "it_engineering", "decision_maker"),
    ("SVP Eng", "vp", "it_engineering", "decision_maker"),
    ("VP Eng", "vp", "it_engineering", "decision_maker"),
    ("V.P. Sales", "vp", "sales", "decision_maker"),
    ("S.V.P., Operations", "vp", "operations", "decision_maker"),
    ("Vice President of Marketing", "vp", "marketing", "decision_maker"),
    ("Executive Vice President, Sales", "vp", "sales", "decision_maker"),
    ("AVP, Technology", "vp", "it_engineering", "decision_maker"),
    ("VP Finance & Controller", "vp", "finance", "economic_buyer"),
    ("Head of Procurement EMEA", "director", "procurement", "procurement"),
    ("Head of Data", "director", "data", "decision_maker"),
    ("Head of Growth", "director", "marketing", "decision_maker"),
    ("Head of People", "director", "hr", "decision_maker"),
    ("Head of IT @ Acme", "director", "it_engineering", "decision_maker"),
    ("Director of Sales Coordination", "director", "sales", "decision_maker"),
    ("Director, Enterprise Applications", "director", "it_engineering", "decision_maker"),
    ("Managing Director", "director", "executive", "economic_buyer"),
    ("Gen Mgr", "director", "executive", "economic_buyer"),
    ("CISO", "cxo", "security", "executive_sponsor"),
    ("CTO", "cxo", "it_engineering", "executive_sponsor"),
    ("CFO", "cxo", "finance", "economic_buyer"),
    ("Chief Financial Officer", "cxo", "finance", "economic_buyer"),
    ("Chief Revenue Officer", "cxo", "sales", "executive_sponsor"),
    ("Chief Information Security Officer", "cxo", "security", "executive_sponsor"),
    ("Chief Data & Analytics Officer", "cxo", "data", "executive_sponsor"),
    ("Chief Procurement Officer", "cxo", "procurement", "procurement"),
    ("Chief Executive", "cxo", "executive", "economic_buyer"),
    ("CEO at Cisco Systems", "cxo", "executive", "economic_buyer"),
    ("President", "cxo", "executive", "economic_buyer"),
    ("Chairman of the Board", "cxo", "executive", "economic_buyer"),
    ("Co-Founder & CEO", "owner", "executive", "economic_buyer"),
    ("Founder", "owner", "executive", "economic_buyer"),
    ("Owner", "owner", "executive", "economic_buyer"),
    ("Managing Partner", "partner", "executive", "economic_buyer"),
    ("Principal", "partner", "executive", "economic_buyer"),
    ("Chief of Staff", "director", "executive", "gatekeeper"),
    ("Chief of Staff to the CEO", "director", "executive", "gatekeeper"),
    ("Chief Architect", "senior", "it_engineering", "technical_evaluator"),
    ("Chief Engineer", "senior", "it_engineering", "technical_evaluator"),
    ("Account Executive", "entry", "sales", "end_user"),
    ("Sr Acct Exec", "senior", "sales", "end_user"),
    ("Acct Mgr", "manager", "sales", "champion"),
    ("Executive Assistant", "entry", "operations", "gatekeeper"),
    ("EA to CEO", "entry", "operations", "gatekeeper"),
    ("Assistant to the VP of Sales", "entry", "operations", "gatekeeper"),
    ("Receptionist", "entry", "operations", "gatekeeper"),
    ("Office Manager", "manager", "operations", "gatekeeper"),
    ("Sales Coordinator", "entry", "sales", "end_user"),
    ("Product Owner", "entry", "product", "end_user"),
    ("Product Manager", "manager", "product", "champion"),
    ("Product Marketing Manager", "manager", "marketing", "champion"),
    ("Partner Marketing Manager", "manager", "marketing", "champion"),
    ("Channel Partner Manager", "manager", "sales", "champion"),
    ("HR Business Partner", "senior", "hr", "end_user"),
    ("Procurement Specialist", "entry", "procurement", "procurement"),
    ("Buyer", "entry", "procurement", "procurement"),
    ("Media Buyer", "entry", "marketing", "end_user"),
    ("IT Manager", "manager", "it_engineering", "technical_evaluator"),
    ("Teamleiter IT", "manager", "it_engineering", "technical_evaluator"),
    ("Tech Lead", "manager", "it_engineering", "technical_evaluator"),
    ("Lead Engineer", "senior", "it_engineering", "technical_evaluator"),
    ("Sr. Data Eng II", "senior", "data", "technical_evaluator"),
    ("Software Engineer III", "senior", "it_engineering", "technical_evaluator"),
    ("Staff Software Engineer", "senior", "it_engineering", "technical_evaluator"),
    ("Principal Engineer", "senior", "it_engineering", "technical_evaluator"),
    ("Data Scientist", "entry", "data", "technical_evaluator"),
    ("BI Developer", "entry", "data", "technical_evaluator"),
    ("Security Analyst", "entry", "security", "technical_evaluator"),
    ("DevOps Engineer", "entry", "it_engineering", "technical_evaluator"),
    ("Salesforce Administrator", "entry", "it_engineering", "technical_evaluator"),
    ("Solutions Engineer", "entry", "sales", "end_user"),
    ("Senior Manager, FP&A", "manager", "finance", "champion"),
    ("Mgr, Mktg Ops", "manager", "marketing", "champion"),
    ("Demand Gen Manager", "manager", "marketing", "champion"),
    ("Customer Success Manager", "manager", "customer_success", "champion"),
    ("Controller", "manager", "finance", "champion"),
    ("Supply Chain Manager", "manager", "operations", "champion"),
    ("Business Analyst", "entry", "operations", "end_user"),
    ("Recruiter", "entry", "hr", "end_user"),
    ("General Counsel", "cxo", "legal_compliance", "legal"),
    ("Corporate Counsel", "senior", "legal_compliance", "legal"),
    ("Legal Ops Manager", "manager", "legal_compliance", "legal"),
    ("Data Protection Officer", "entry", "legal_compliance", "legal"),
    ("Senior Consultant", "senior", "other", "influencer"),
    ("Marketing Intern", "training", "marketing", "end_user"),
    ("Summer Intern, Finance", "training", "finance", "end_user"),
    ("Former CEO", "unknown", "executive", "end_user"),
    ("Geschäftsführer", "cxo", "executive", "economic_buyer"),
    ("Vertriebsleiter", "director", "sales", "decision_maker"),
    ("Einkaufsleiter", "director", "procurement", "procurement"),
    ("Softwareentwickler", "entry", "it_engineering", "technical_evaluator"),
    ("Directeur Commercial", "director", "sales", "decision_maker"),
    ("Directeur Général", "cxo", "executive", "economic_buyer"),
    ("Responsable Achats", "manager", "procurement", "procurement"),
    ("Gerente de Ventas", "manager", "sales", "champion"),
    ("vicepresidente de ventas", "vp", "sales", "decision_maker"),
    ("", "unknown", "other", None),
    ("!!!", "unknown", "other", None),
]


@pytest.mark.parametrize(("title", "level", "function", "role"), CASES)
def test_messy_titles(title: str, level: str, function: str, role: str | None) -> None:
    profile = classify_title(title)
    assert (profile.seniority_detail, profile.function, profile.buying_role) == (
        level,
        function,
        role,
    ), profile.reasons


def test_coarse_seniority_folds_the_ten_levels() -> None:
    assert classify_title("Co-Founder & CEO").seniority == "cxo"
    assert classify_title("Managing Partner").seniority == "cxo"
    assert classify_title("Sr. Data Eng II").seniority == "ic"
    assert classify_title("Marketing Intern").seniority == "ic"
    assert classify_title("").seniority == "unknown"


@pytest.mark.parametrize(
    "title", ["Director of Sales Coordination", "Coordinator", "Director", "Cooperative Lead"]
)
def test_c_level_tokens_inside_words_do_not_count(title: str) -> None:
    profile = classify_title(title)
    assert profile.seniority != "cxo"
    assert not any("'cto'" in r or "'coo'" in r for r in profile.reasons)


def test_every_classification_explains_itself() -> None:
    profile = classify_title("VP Finance & Controller")
    assert profile.reasons == (
        "'vp' → seniority vp",
        "'finance', 'controller' → function finance",
        "role economic_buyer: VP in finance approves the spend",
    )
    assert profile.normalized == "vp finance and controller"


def test_department_overrides_the_title_function() -> None:
    profile = classify_title("Analyst", department="Finance & Accounting")
    assert profile.function == "finance"
    assert "department 'Finance & Accounting' → function finance" in profile.reasons
    assert classify_title("Analyst", department="Team 7").function == "data"
    assert department_function("Procurement") == "procurement"


def test_crm_role_overrides_inference() -> None:
    profile = classify_title("Marketing Intern", crm_role="Economic Buyer")
    assert (profile.buying_role, profile.role_source, profile.confidence) == (
        "economic_buyer",
        "crm",
        1.0,
    )
    assert (
        profile.reasons[-1]
        == "CRM value 'Economic Buyer' → role economic_buyer (overrides the title)"
    )
    assert classify_title("Marketing Intern", crm_role="Other").role_source == "inferred"


@pytest.mark.parametrize(
    ("value", "role"),
    [
        ("Business User", "end_user"),
        ("Decision Maker", "decision_maker"),
        ("Economic Buyer", "economic_buyer"),
        ("Economic Decision Maker", "economic_buyer"),
        ("Evaluator", "technical_evaluator"),
        ("Executive Sponsor", "executive_sponsor"),
        ("Influencer", "influencer"),
        ("Technical Buyer", "technical_evaluator"),
        ("Other", None),
        ("BLOCKER", "blocker"),
        ("BUDGET_HOLDER", "economic_buyer"),
        ("CHAMPION", "champion"),
        ("DECISION_MAKER", "decision_maker"),
        ("END_USER", "end_user"),
        ("EXECUTIVE_SPONSOR", "executive_sponsor"),
        ("INFLUENCER", "influencer"),
        ("LEGAL_AND_COMPLIANCE", "legal"),
        ("OTHER", None),
        ("Budget Holder", "economic_buyer"),
        ("Legal & Compliance", "legal"),
        (" technical_evaluator ", "technical_evaluator"),
        ("Gatekeeper", "gatekeeper"),
        ("Chief Vibes", None),
        ("", None),
        (None, None),
    ],
)
def test_role_from_crm(value: str | None, role: str | None) -> None:
    assert role_from_crm(value) == role


def test_buying_functions_change_the_suggestion() -> None:
    assert classify_title("CISO", buying_functions=["security"]).buying_role == "economic_buyer"
    outside = classify_title("VP Marketing", buying_functions=["security"])
    assert outside.buying_role == "executive_sponsor"
    champion = classify_title("Data Engineering Manager", buying_functions=["data"])
    assert champion.buying_role == "champion"
    assert classify_title("Data Engineering Manager").buying_role == "technical_evaluator"


def test_unknown_buying_function_is_a_user_error() -> None:
    with pytest.raises(BeachheadError, match="unknown function"):
        classify_title("CISO", buying_functions=["sec"])


def test_classify_titles_matches_one_by_one_and_shares_repeats() -> None:
    titles = ["VP, Data", "ciso", "VP, Data", None, "Dir. IT Ops"]
    profiles = classify_titles(titles, ["Data", None, "Data", None, None])
    assert profiles[0] is profiles[2]
    assert profiles[3] == classify_title("")
    assert profiles[1] == classify_title("ciso")
    assert profiles[0] == classify_title("VP, Data", department="Data")
    with pytest.raises(BeachheadError):
        classify_titles(["a", "b"], ["x"])


def test_normalisation_expands_abbreviations_and_drops_the_employer() -> None:
    assert normalize_title("Sr. Mgr, Mktg Ops @ Acme") == "senior manager ; marketing operations"
    assert normalize_title("Acct Svcs Dir – EMEA") == "account services director ; emea"
    assert normalize_title("Vertriebsleiter") == "sales leiter"


def test_profile_as_dict_is_plain_data() -> None:
    data = classify_title("IT Manager").as_dict()
    assert data["seniority"] == "manager"
    assert isinstance(data["reasons"], list)


@given(st.text())
def test_never_raises_and_stays_in_range(title: str) -> None:
    profile = classify_title(title)
    assert 0.0 <= profile.confidence <= 1.0
    assert 0.0 <= profile.seniority_confidence <= 1.0
    assert 0.0 <= profile.function_confidence <= 1.0
    assert profile.seniority_detail in (*vocab.SENIORITY_LEVELS, "unknown")
    assert profile.seniority == vocab.COARSE_SENIORITY[profile.seniority_detail]
    assert profile.function in vocab.FUNCTIONS
    assert profile.buying_role in (*vocab.BUYING_ROLES, None)
    assert profile.buying_role != "blocker"
    assert profile.reasons


C_LEVEL_TOKENS = [p for p, (level, _) in vocab.SENIORITY_CUES.items() if level == "cxo"]
LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)


@given(st.sampled_from([t for t in C_LEVEL_TOKENS if " " not in t]), LETTERS, LETTERS)
def test_c_level_words_match_whole_tokens_only(token: str, before: str, after: str) -> None:
    word = f"{before}{token}{after}"
    profile = classify_title(f"Senior {word} Specialist")
    if (word,) not in {(p,) for p in vocab.SENIORITY_CUES}:
        assert profile.seniority_detail == "senior", (word, profile.reasons)


@given(st.lists(st.text(max_size=30), max_size=20))
def test_batch_equals_single(titles: list[str]) -> None:
    assert classify_titles(titles) == [classify_title(t) for t in titles]
