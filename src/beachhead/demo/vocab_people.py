"""People: names, messy job titles by seniority x function, buying-committee roles."""

from __future__ import annotations

from beachhead.demo.vocab import words

FIRST_NAMES: tuple[str, ...] = words(
    """
    James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara
    Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony
    Betty Mark Sandra Steven Ashley Paul Emily Andrew Michelle Joshua Amanda Kevin Melissa
    Brian Stephanie George Rebecca Timothy Laura Ryan Emma Jacob Olivia Nicholas Sophia Eric
    Hannah Jonathan Chloe Justin Grace Samuel Zoe Benjamin Ava Aaron Mia Adam Leah Nathan Ruth
    Oliver Amelia Lucas Isla Liam Freya Noah Ella Ethan Maya Raj Priya Arjun Ananya Vikram Neha
    Wei Mei Jun Yuki Hiro Sakura Min Ji-woo Seo-yeon Carlos Sofia Diego Lucia Mateo Camila Juan
    Valentina Pedro Ana Luis Elena Pablo Marta Lars Ingrid Sven Astrid Nils Karin Jan Anna
    Lukas Lena Felix Clara Jonas Marie Pierre Camille Louis Chloé Hugo Léa Mohammed Fatima
    Omar Aisha Ali Layla Yusuf Amira Kwame Ama Chidi Ngozi Tunde Zainab Sean Siobhan Conor Aoife
    """
)
LAST_NAMES: tuple[str, ...] = words(
    """
    Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
    Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
    Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill
    Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips
    Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers
    Morgan Peterson Cooper Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks
    Bennett Gray James Hughes Price Sanders Patel Shah Sharma Gupta Singh Kumar Iyer Reddy Chen
    Wang Li Zhang Liu Yang Huang Zhao Wu Tanaka Suzuki Sato Watanabe Kim Park Choi Jung Müller
    Schmidt Schneider Fischer Weber Meyer Wagner Becker Dubois Laurent Bernard Moreau Rossi
    Russo Ferrari Esposito Bianchi Andersson Johansson Karlsson Nilsson Larsen Hansen Jensen
    O'Brien O'Connor McCarthy Byrne Kowalski Nowak Novak Okafor Adeyemi Mensah Haddad Khalil
    Cohen Levi Friedman Silva Santos Oliveira Costa Pereira Ferreira van_Dijk de_Vries
    """
)
# "_" keeps two-word surnames ("van Dijk") together as one word.
LAST_NAMES = tuple(name.replace("_", " ") for name in LAST_NAMES)

SENIORITIES: tuple[str, ...] = ("cxo", "vp", "director", "manager", "ic")
FUNCTIONS: dict[str, str] = {  # function key -> the Department value CRMs show
    "data": "Data & Analytics",
    "it": "IT",
    "engineering": "Engineering",
    "marketing": "Marketing",
    "sales": "Sales",
    "finance": "Finance",
    "procurement": "Procurement",
    "security": "Information Security",
    "operations": "Operations",
    "legal": "Legal",
    "executive": "Executive",
    "hr": "Human Resources",
}


def _t(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|"))


# Real CRMs hold abbreviations, commas and levels; whole-token title parsing is tested on these.
TITLES: dict[tuple[str, str], tuple[str, ...]] = {
    ("cxo", "data"): _t(
        "Chief Data Officer|CDO|Chief Data & Analytics Officer|Chief Analytics Officer"
    ),
    ("cxo", "it"): _t("CIO|Chief Information Officer"),
    ("cxo", "engineering"): _t("CTO|Chief Technology Officer|Co-Founder & CTO"),
    ("cxo", "marketing"): _t("CMO|Chief Marketing Officer"),
    ("cxo", "sales"): _t("Chief Revenue Officer|CRO|Chief Sales Officer"),
    ("cxo", "finance"): _t("CFO|Chief Financial Officer"),
    ("cxo", "security"): _t("CISO|Chief Information Security Officer"),
    ("cxo", "operations"): _t("COO|Chief Operating Officer"),
    ("cxo", "executive"): _t("CEO|Chief Executive Officer|Co-Founder & CEO|President & CEO"),
    ("cxo", "legal"): _t("General Counsel|Chief Legal Officer"),
    ("cxo", "procurement"): _t("Chief Procurement Officer"),
    ("vp", "data"): _t(
        "VP, Data|VP of Data & Analytics|Vice President, Data Engineering|SVP Data|VP Analytics"
    ),
    ("vp", "it"): _t("VP, IT|VP Infrastructure|Vice President of Information Technology"),
    ("vp", "engineering"): _t(
        "SVP Eng|VP Engineering|VP of Engineering|Vice President, Platform Engineering"
    ),
    ("vp", "marketing"): _t("VP Marketing|VP, Demand Generation|SVP Marketing|VP Growth"),
    ("vp", "sales"): _t("SVP Sales|VP of Sales|VP, Revenue Operations"),
    ("vp", "finance"): _t("VP Finance|VP, Finance & Controller"),
    ("vp", "procurement"): _t("VP, Procurement|VP Strategic Sourcing"),
    ("vp", "security"): _t("VP Security|VP, Information Security"),
    ("vp", "operations"): _t("VP Operations|SVP Operations"),
    ("director", "data"): _t(
        "Director of Data Engineering|Dir. Data Platform|Director,"
        " Analytics|Head of Data|Head of Analytics|Director of BI"
    ),
    ("director", "it"): _t("Dir. IT Ops|IT Director|Director, Enterprise Applications|Head of IT"),
    ("director", "engineering"): _t(
        "Director of Engineering|Head of Engineering|Engineering Director"
    ),
    ("director", "marketing"): _t(
        "Marketing Director|Director, Marketing Operations|Head of Growth|Director of Demand Gen"
    ),
    ("director", "sales"): _t("Sales Director|Director, Sales Operations"),
    ("director", "finance"): _t("Director of FP&A|Finance Director"),
    ("director", "procurement"): _t(
        "Head of Procurement|Director, Strategic Sourcing|Procurement Director"
    ),
    ("director", "security"): _t("Director of Security|Head of Information Security"),
    ("director", "operations"): _t("Director of Operations|Head of Operations"),
    ("manager", "data"): _t(
        "Data Engineering Manager|Analytics Manager|BI Manager|Manager, Data Platform"
    ),
    ("manager", "it"): _t("IT Manager|Manager, IT Operations|Systems Manager"),
    ("manager", "engineering"): _t("Engineering Manager|Sr. Engineering Manager"),
    ("manager", "marketing"): _t(
        "Marketing Manager|Marketing Ops Manager|Sr. Marketing Manager|Digital Marketing Manager"
    ),
    ("manager", "sales"): _t("Sales Manager|Sales Ops Manager"),
    ("manager", "finance"): _t("Controller|Finance Manager|Accounting Manager"),
    ("manager", "procurement"): _t("Procurement Manager|Sourcing Manager|Vendor Manager"),
    ("manager", "security"): _t("Security Manager|IT Security Manager"),
    ("manager", "operations"): _t("Operations Manager|Business Operations Manager"),
    ("manager", "legal"): _t("Legal Manager|Contracts Manager"),
    ("manager", "hr"): _t("HR Manager|Talent Acquisition Manager"),
    ("ic", "data"): _t(
        "Data Engineer|Sr. Data Eng II|Senior Data Engineer|Analytics Engineer|"
        "Data Analyst|Data Scientist|BI Developer|Sr. Data Analyst"
    ),
    ("ic", "it"): _t("Systems Administrator|IT Specialist|Salesforce Administrator|IT Analyst"),
    ("ic", "engineering"): _t(
        "Software Engineer|Sr. Software Engineer|Staff Engineer|Platform Engineer III"
    ),
    ("ic", "marketing"): _t(
        "Marketing Specialist|Marketing Ops Specialist|Campaign Manager|"
        "Content Marketing Specialist"
    ),
    ("ic", "sales"): _t("Account Executive|SDR|Sales Development Rep|Enterprise Account Executive"),
    ("ic", "finance"): _t("Financial Analyst|Accountant|Sr. Financial Analyst"),
    ("ic", "procurement"): _t("Procurement Specialist|Buyer|Sourcing Analyst"),
    ("ic", "security"): _t("Security Analyst|Security Engineer"),
    ("ic", "operations"): _t("Operations Analyst|Business Analyst"),
    ("ic", "legal"): _t("Corporate Counsel|Paralegal|Legal Counsel"),
    ("ic", "executive"): _t("Executive Assistant|Chief of Staff|Office Manager"),
    ("ic", "hr"): _t("Recruiter|HR Generalist"),
}
# Appended to some senior titles: companies label regional leaders this way.
REGION_QUALIFIERS: tuple[str, ...] = (" EMEA", ", North America", " - APAC", " (Americas)")

# Committee slots in the order a deal recruits them: the champion first, legal and security
# late. Each role lists the (seniority, function) cells its people come from.
COMMITTEE_SLOTS: tuple[str, ...] = (
    "champion",
    "decision_maker",
    "technical_evaluator",
    "economic_buyer",
    "end_user",
    "influencer",
    "procurement",
    "executive_sponsor",
    "end_user",
    "technical_evaluator",
    "legal",
    "blocker",
)
ROLE_CELLS: dict[str, tuple[tuple[str, str], ...]] = {
    "champion": (
        ("director", "data"),
        ("manager", "data"),
        ("director", "marketing"),
        ("manager", "engineering"),
    ),
    "decision_maker": (
        ("vp", "data"),
        ("director", "data"),
        ("vp", "it"),
        ("vp", "engineering"),
        ("director", "it"),
    ),
    "technical_evaluator": (
        ("ic", "data"),
        ("manager", "data"),
        ("ic", "engineering"),
        ("ic", "it"),
        ("manager", "it"),
    ),
    "economic_buyer": (("cxo", "finance"), ("cxo", "data"), ("cxo", "it"), ("vp", "finance")),
    "end_user": (
        ("ic", "data"),
        ("ic", "marketing"),
        ("manager", "marketing"),
        ("ic", "operations"),
        ("ic", "sales"),
    ),
    "influencer": (
        ("director", "marketing"),
        ("manager", "operations"),
        ("vp", "marketing"),
        ("director", "sales"),
        ("manager", "sales"),
    ),
    "procurement": (
        ("manager", "procurement"),
        ("ic", "procurement"),
        ("director", "procurement"),
        ("manager", "finance"),
    ),
    "executive_sponsor": (
        ("cxo", "executive"),
        ("cxo", "marketing"),
        ("cxo", "sales"),
        ("cxo", "engineering"),
        ("cxo", "operations"),
    ),
    "legal": (("ic", "legal"), ("manager", "legal"), ("cxo", "legal")),
    "blocker": (
        ("cxo", "security"),
        ("director", "security"),
        ("manager", "security"),
        ("vp", "security"),
    ),
    "none": (
        ("ic", "executive"),
        ("ic", "sales"),
        ("manager", "hr"),
        ("ic", "hr"),
        ("manager", "finance"),
        ("ic", "finance"),
    ),
}
# CRM picklists the true role is written as. Several roles collapse (CRMs are coarse).
SF_CONTACT_ROLE: dict[str, str] = {
    "champion": "Influencer",
    "decision_maker": "Decision Maker",
    "technical_evaluator": "Technical Buyer",
    "economic_buyer": "Economic Buyer",
    "end_user": "Business User",
    "influencer": "Influencer",
    "procurement": "Other",
    "executive_sponsor": "Executive Sponsor",
    "legal": "Other",
    "blocker": "Evaluator",
    "none": "Other",
}
HS_BUYING_ROLE: dict[str, str] = {
    "champion": "CHAMPION",
    "decision_maker": "DECISION_MAKER",
    "technical_evaluator": "INFLUENCER",
    "economic_buyer": "BUDGET_HOLDER",
    "end_user": "END_USER",
    "influencer": "INFLUENCER",
    "procurement": "OTHER",
    "executive_sponsor": "EXECUTIVE_SPONSOR",
    "legal": "LEGAL_AND_COMPLIANCE",
    "blocker": "BLOCKER",
    "none": "OTHER",
}
FREE_MAIL: tuple[str, ...] = (
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "icloud.com",
    "aol.com",
    "proton.me",
    "gmx.de",
)
