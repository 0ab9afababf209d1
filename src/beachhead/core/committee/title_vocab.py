"""Word lists for job-title classification: abbreviations, rank words and function words.

Every phrase is written in its normalised form (lower case, ASCII, abbreviations expanded, one
space between tokens) because the classifier matches whole tokens, never substrings. Tables are
plain text so a reviewer can read and extend them without reading code:

* `value weight: phrase | phrase ...` lines (continued by lines starting with `|`);
* `key=value; key=value` pairs (`-` means no value);
* whitespace-separated word sets.
"""

from __future__ import annotations


def _grouped(text: str) -> dict[str, tuple[str, float]]:
    """Parse 'value weight: a | b' lines (continuation lines start with '|')."""
    rows: dict[str, tuple[str, float]] = {}
    value, weight = "", 0.0
    for line in text.strip().splitlines():
        if not line.startswith(" "):
            head, line = line.split(":", 1)
            value, weight_text = head.split()
            weight = float(weight_text)
        for phrase in line.split("|"):
            if phrase.strip():
                rows[" ".join(phrase.split())] = (value, weight)
    return rows


def _pairs(text: str) -> dict[str, str]:
    pairs = (item.split("=") for item in text.replace("\n", ";").split(";") if item.strip())
    return {key.strip(): value.strip() for key, value in pairs}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _sequence(text: str) -> tuple[str, ...]:
    return tuple(text.split())


RoleRule = tuple[str, str, str | None, float, str]


def _role_rules(text: str) -> tuple[RoleRule, ...]:
    """Parse 'rank condition role base reason' lines ('-' role: none)."""
    rules: list[RoleRule] = []
    for line in text.strip().splitlines():
        rank, condition, role, base, reason = line.split(maxsplit=4)
        rules.append((rank, condition, None if role == "-" else role, float(base), reason))
    return tuple(rules)


# Ten levels (LinkedIn targeting = People Data Labs), lowest first; the highest in a title wins.
SENIORITY_LEVELS = _sequence("unpaid training entry senior manager director vp cxo partner owner")
# The coarse five used for weights (plus unknown).
COARSE_SENIORITY: dict[str, str] = _pairs(
    "owner=cxo; partner=cxo; cxo=cxo; vp=vp; director=director; manager=manager; senior=ic;"
    "entry=ic; training=ic; unpaid=ic; unknown=unknown"
)
FUNCTIONS = _sequence("""
    executive it_engineering data security finance procurement legal_compliance operations
    marketing sales customer_success hr product other
""")
TECHNICAL_FUNCTIONS: frozenset[str] = frozenset({"it_engineering", "data", "security"})
BUYING_ROLES = _sequence("""
    economic_buyer decision_maker executive_sponsor champion technical_evaluator end_user
    influencer procurement legal gatekeeper blocker
""")

# Token -> replacement, applied before matching ("Sr. Data Eng II" -> "senior data engineering ii").
ABBREVIATIONS: dict[str, str] = _pairs("""
sr=senior; snr=senior; jr=junior; jnr=junior; mgr=manager; mngr=manager; dir=director
eng=engineering; engr=engineer; ops=operations; mktg=marketing; mkt=marketing
mkting=marketing; acct=account; accts=accounts; acctg=accounting; svcs=services; svc=service
srvcs=services; mgmt=management; mgt=management; exec=executive; asst=assistant
assoc=associate; dev=developer; biz=business; info=information; sys=systems; sw=software
hw=hardware; infra=infrastructure; pres=president; coord=coordinator; spec=specialist
rep=representative; reps=representatives; cust=customer; natl=national; intl=international
prod=product; proj=project; pgm=program; fin=finance; comms=communications
comm=communications; dept=department; corp=corporate; chmn=chairman; supv=supervisor
supvr=supervisor; pm=product manager; tpm=technical program manager; ea=executive assistant
ae=account executive; gm=general manager; bd=business development
bdm=business development manager; kam=key account manager; csm=customer success manager
swe=software engineer; sde=software development engineer; hrbp=hr business partner
fd=finance director; cofounder=co founder
bizdev=business development; revops=revenue operations; secops=security; devsecops=security
peopleops=people operations
""")
# Ampersand terms that are one word, kept before '&' becomes 'and'.
AMPERSAND_TERMS: dict[str, str] = _pairs(
    "fp&a=fpa; r&d=rnd; p&l=pnl; m&a=mna; l&d=lnd; s&op=sop; b&i=bi; t&e=tne"
)

# Phrase -> (ten-level seniority, confidence that the words state a rank).
SENIORITY_CUES = _grouped("""
owner 0.95:           founder | co founder
owner 0.9:            founding partner | co owner | proprietor | sole proprietor
                    | owner operator
owner 0.6:            self employed | entrepreneur
partner 0.95:         managing partner
partner 0.9:          senior partner | general partner | equity partner | name partner
partner 0.7:          associate partner | venture partner
cxo 0.95:             ceo | cfo | cio | cto | cmo | coo | chief executive | executive chairman
cxo 0.9:              ciso | cro | chro | cdao | caio | president | presidente | praesident
                    | prasident | pdg | chairman | chairwoman | chairperson | chair of the board
                    | board chair | vorstandsvorsitzender
cxo 0.85:             cso | cpo | cdo | cco | cao | clo | geschaftsfuhrer | geschaftsfuhrerin
                    | geschaeftsfuehrer | directeur general | directrice generale
cxo 0.8:              cxo | vorstand | director general | directora general | diretor geral
                    | direttore generale
cxo 0.7:              gerente general | executive board | management board | secretary general
cxo 0.6:              general counsel | gen counsel | non executive director
cxo 0.5:              board member | member of the board | board of directors | board director
                    | executive committee
vp 0.95:              vp | vice president | svp | evp | senior vice president
                    | executive vice president
vp 0.9:               gvp | rvp | group vice president | regional vice president
                    | vicepresidente | vice presidente | vizeprasident
vp 0.7:               avp | assistant vice president | associate vice president | vice chairman
                    | vice chair
director 0.95:        senior director
director 0.9:         director | executive director
director 0.85:        directeur | directrice | directora | diretor | diretora | direttore
                    | direktor | direktorin
director 0.8:         managing director | gen manager | directors | deputy director
                    | general manager | leiter | leiterin
director 0.7:         dirigente | country manager
director 0.6:         art director | creative director | account director | prokurist
                    | treasurer
director 0.5:         chair | chief of staff
manager 0.9:          manager | team manager
manager 0.85:         supervisor | team lead | team leader | team leiter | gerente
manager 0.8:          managers | superintendent | foreman
manager 0.75:         jefe | jefa
manager 0.7:          project leiter | gestor | chef de
manager 0.6:          associate director | assistant director | responsable | controller
                    | comptroller | account manager | product manager | project manager
                    | program manager | programme manager | partner manager | community manager
                    | office manager | category manager | associate manager
manager 0.5:          campaign manager | case manager
senior 0.9:           senior
senior 0.8:           distinguished
senior 0.7:           fellow
senior 0.6:           assistant manager | expert | architect
senior 0.5:           strategist | attorney | counsel | professor | corporate secretary
                    | company secretary | business partner
entry 0.9:            junior | entry level
entry 0.8:            graduate
entry 0.7:            associate product manager | executive assistant | assistant to
entry 0.6:            assistant | account executive
entry 0.5:            product owner | associate
training 0.95:        intern | internship | trainee | praktikant | praktikantin | stagiaire
                    | werkstudent | werkstudentin
training 0.9:         interns | apprentice | apprenticeship | working student | becario
                    | becaria | estagiario
training 0.8:         student
unpaid 0.95:          volunteer
unpaid 0.9:           unpaid | voluntario | ehrenamtlich
unpaid 0.8:           pro bono
""")

# Nouns that name an individual contributor's job: "entry" unless something ranks higher.
IC_NOUNS: frozenset[str] = _words("""
    engineer engineers developer programmer analyst specialist coordinator representative
    representatives consultant designer accountant administrator admin officer clerk agent
    technician scientist researcher recruiter buyer purchaser writer editor planner generalist
    advisor adviser associate assistant paralegal auditor bookkeeper marketer seller sdr bdr
    tester sourcer copywriter evangelist lecturer teacher instructor receptionist secretary
    statistician actuary lawyer solicitor ingeniero ingenieur engenheiro entwickler
    desarrollador desenvolvedor sysadmin dba executive member operator investigator
""")

# Phrase -> (function, weight). Domain words weigh 1.0 or more, generic job nouns less, so
# "Data Engineer" is data and "Security Engineer" is security; ties go to the earlier word.
FUNCTION_CUES = _grouped("""
executive 1.2:        chief executive
executive 1:          ceo | president | presidente | chief of staff | geschaftsfuhrer
                    | geschaftsfuhrerin | geschaeftsfuehrer | directeur general
                    | director general | pdg
executive 0.8:        chairman | chairwoman | chairperson | managing director | general manager
                    | country manager | corporate development | vorstand | secretary general
                    | gen manager
executive 0.5:        founder | co founder | proprietor | owner operator | entrepreneur | board
                    | board of directors | executive committee | strategy
it_engineering 1.5:   data center | datacenter
it_engineering 1.2:   information technology | information systems | cto | cio | desktop support
                    | enterprise applications
it_engineering 1:     it | technology | engineering | software | devops | sre | site reliability
                    | infrastructure | network | networking | cloud | programmer | full stack
                    | fullstack | frontend | front end | backend | back end | help desk
                    | helpdesk | service desk | sysadmin | system admin | systems admin | dba
                    | hardware | firmware | embedded | informatik | informatique | informatica
                    | sistemas | entwickler | desarrollador | desenvolvedor
                    | technical program manager
it_engineering 0.8:   tech | developer | systems | ios | android | qa | quality assurance
                    | tester | database | erp | rnd | entwicklung | ingenieur | ingeniero
                    | engenheiro
it_engineering 0.6:   system | architect | architecture | platform | web | mobile | salesforce
                    | applications
it_engineering 0.5:   technical | engineer | engineers | development | application
it_engineering 0.4:   administrator | digital
data 1.5:             data engineering | data engineer | analytics engineer
data 1.2:             business intelligence | machine learning | artificial intelligence
                    | big data | cdao | caio
data 1:               data | analytics | analytic | bi | ml | ai | statistician | statistics
                    | cdo | daten | datos | donnees | dados
data 0.8:             etl
data 0.6:             scientist | insights
data 0.5:             reporting
data 0.3:             analyst
security 1.5:         information security
security 1.2:         security | cybersecurity | infosec | ciso | identity and access | appsec
security 1:           cyber | pentester | penetration | threat | vulnerability | sicherheit
                    | seguridad | securite | seguranca
security 0.8:         soc | iam
security 0.6:         cso
finance 1.2:          fpa | accounts payable | accounts receivable | cfo | investor relations
finance 1:            finance | financial | financials | accounting | accountant | controller
                    | controlling | comptroller | treasurer | treasury | tax | audit | auditor
                    | bookkeeper | bookkeeping | actuary | actuarial | finanzen | finanz
                    | finanzas | financas | finances | financiero | contabilidad | buchhaltung
                    | comptabilite
finance 0.8:          payroll | billing | investment | investments | wealth | banking
finance 0.6:          fund | funds | portfolio
finance 0.5:          pnl
procurement 1.8:      strategic sourcing
procurement 1.5:      procurement | purchasing | purchaser | sourcing | vendor management
                    | vendor manager | einkauf | einkaufer | compras | achats | acheteur
                    | acquisti
procurement 1.2:      supply management
procurement 1:        buyer | supplier | suppliers | category manager
procurement 0.8:      vendor
legal_compliance 1.5: general counsel | gen counsel | data protection | data privacy
legal_compliance 1.2: legal | counsel | attorney | lawyer | solicitor | barrister | paralegal
                    | compliance | dpo | clo | corporate secretary | company secretary
legal_compliance 1:   privacy | regulatory | contracts | intellectual property | notary
                    | juriste | juridique | juridico | abogado | rechtsanwalt | jurist
legal_compliance 0.8: governance | patent | ethics
legal_compliance 0.6: contract
legal_compliance 0.5: risk
operations 1.2:       coo | supply chain | business operations
operations 1:         logistics | manufacturing | facilities | warehouse | fulfillment
                    | fulfilment | pmo | business analyst | office manager
                    | continuous improvement | six sigma | health and safety | ehs | hse
                    | back office | logistik
operations 0.8:       operating | production | plant | facility | project management
                    | project manager | program manager | programme manager | administrative
                    | real estate | maintenance | transportation | inventory | shared services
                    | executive assistant | assistant to | receptionist | operaciones
                    | operacoes | betrieb | produktion
operations 0.6:       operations | quality | administration | secretary
operations 0.5:       operation
operations 0.4:       admin
operations 0.3:       coordination | coordinator
marketing 1.5:        media buyer
marketing 1.2:        marketing | marketer | demand generation | demand gen | lead gen
                    | lead generation | social media
                    | public relations | cmo | mercadeo | mercadotecnia
marketing 1:          brand | branding | seo | sem | ppc | smm | communications | pr | campaign
                    | campaigns | art director | advertising | abm | copywriter | copywriting
                    | market research | graphic | werbung
marketing 0.8:        growth | content | communication | events | creative
marketing 0.6:        demand | social | event | media | lifecycle | community | editorial
marketing 0.5:        editor
sales 1.2:            sales | account executive | key account | business development
                    | business developer | bdr | sdr | cro | presales | pre sales | vertrieb
                    | verkauf | ventas | vendas | ventes | solutions engineer | solution engineer
sales 1:              seller | account manager | account management | account director
                    | new business
sales 0.8:            selling | revenue | channel | partnerships | alliances | partner manager
                    | commercial | territory | solution consultant | solutions consultant
                    | comercial
sales 0.6:            channels | partnership | alliance | ecommerce | e commerce
sales 0.5:            account
sales 0.4:            accounts
customer_success 1.5: customer success | client success | technical account manager
customer_success 1.2: customer experience | customer support | customer service | customer care
                    | client services
customer_success 1:   cx | client relations | customer relations | onboarding
                    | professional services | renewals | kundenservice
customer_success 0.8: renewal | retention
customer_success 0.6: support | implementation | customer | customers
customer_success 0.4: client | clients
customer_success 0.3: services
hr 1.5:               human resources | recursos humanos | ressources humaines
hr 1.2:               hr | human capital | talent acquisition | recruiter | recruiting
                    | recruitment | learning and development | total rewards | chro
                    | employee experience | employee relations | rh
hr 1:                 talent | sourcer | lnd | compensation | benefits | personnel | diversity
                    | dei | organizational development | organisational development
                    | personalwesen
hr 0.8:               people | inclusion | workforce
hr 0.6:               training | culture
hr 0.4:               personal
product 1.2:          product management | product owner | ux | user experience | user research
                    | interaction design
product 1:            product | ui | user interface | produit | producto | produkt
product 0.8:          products | design | cpo
product 0.6:          designer
""")

# Phrases that say something about the buying role whatever the rank.
GATEKEEPER_PHRASES: frozenset[str] = frozenset(
    _pairs(
        "executive assistant=1; personal assistant=1; administrative assistant=1;"
        "admin assistant=1; office assistant=1; executive secretary=1; secretary=1;"
        "receptionist=1; chief of staff=1; office manager=1; executive coordinator=1;"
        "assistant to=1"
    )
)
INFLUENCER_PHRASES: frozenset[str] = frozenset(
    {"consultant", "consulting", "advisor", "adviser", "advisory board", "advisory"}
)
# Phrases with a rank word that is not a rank: they consume the tokens and add nothing.
NEUTRAL_PHRASES: frozenset[str] = frozenset(
    _pairs(
        "product owner=1; business owner=1; process owner=1; service owner=1; data owner=1;"
        "channel partner=1; partner success=1; head hunter=1;"
        "executive search=1; executive producer=1; advisory board=1; executive office=1"
    )
)
# A segment starting with one of these describes a past job: its rank does not count.
PAST_MARKERS: frozenset[str] = _words("former ex retired past previously")

# Words whose meaning depends on their place in the title; the classifier decides.
OWNER_WORDS: frozenset[str] = _words("owner owners")
PARTNER_WORDS: frozenset[str] = _words("partner partners")
LEAD_WORDS: frozenset[str] = _words("lead leader leads")
HEAD_WORDS: frozenset[str] = _words("head")
# Grades at the end of a title ("Engineer II", "Analyst 3") -> ten-level seniority.
GRADES: dict[str, str] = _pairs(
    "i=entry; ii=entry; 1=entry; 2=entry; iii=senior; iv=senior; v=senior; 3=senior; 4=senior;"
    "5=senior"
)
MODIFIER_WORDS: frozenset[str] = _words("staff principal chief") | frozenset(GRADES)
# After "staff" or "principal", these nouns make an individual-contributor rank.
SENIOR_IC_NEXT: frozenset[str] = _words("""
    engineer engineering software data scientist designer architect developer researcher
    product analyst accountant consultant program technical security research machine
""")
# "Chief <noun>" without "officer": a senior individual, not a C-level.
CHIEF_IC_NOUNS: frozenset[str] = _words("""
    engineer architect scientist economist technologist editor evangelist designer strategist
    investment meteorologist
""")
# Words that end a title's job part: what follows names the employer.
EMPLOYER_MARKERS: frozenset[str] = _words("at chez bei")

# German compounds: head-noun suffix -> English token, and prefix stem -> English token(s).
GERMAN_HEADS: dict[str, str] = _pairs("""
leiterin=leiter; leiter=leiter; managerin=manager; manager=manager; entwicklerin=developer
entwickler=developer; ingenieurin=engineer; ingenieur=engineer; direktorin=director
direktor=director; beraterin=consultant; berater=consultant
""")
GERMAN_STEMS: dict[str, str] = _pairs("""
vertrieb=sales; verkauf=sales; einkauf=procurement; marketing=marketing; finanz=finance
finanzen=finance; personal=hr; produktion=production; betrieb=operations; logistik=logistics
entwicklung=development; software=software; it=it; daten=data; sicherheit=security
produkt=product; projekt=project; team=team; gruppen=team; gruppe=team; abteilung=department
bereich=division; niederlassung=branch; kundenservice=customer service; recht=legal
qualitat=quality; vertriebs=sales
""")

# CRM buying-role picklists -> canonical role ('-': no role). Keys are normalised: lower case,
# '&' -> 'and', other punctuation -> '_'. Salesforce OpportunityContactRole.Role defaults,
# HubSpot hs_buying_role values and labels, and the canonical names themselves.
CRM_ROLES: dict[str, str | None] = {
    key: (None if value == "-" else value)
    for key, value in _pairs("""
business_user=end_user; decision_maker=decision_maker; economic_buyer=economic_buyer
economic_decision_maker=economic_buyer; evaluator=technical_evaluator
executive_sponsor=executive_sponsor; influencer=influencer
technical_buyer=technical_evaluator; other=-; blocker=blocker; budget_holder=economic_buyer
champion=champion; end_user=end_user; legal_and_compliance=legal
technical_evaluator=technical_evaluator; procurement=procurement; legal=legal
gatekeeper=gatekeeper
""").items()
}

# Suggested buying role: the first rule whose rank ('*' = any) and condition hold. Conditions:
# gatekeeper / advisor (title words), procurement / legal / finance / executive (function),
# top (executive or finance, or a function named as buying), buying (a buying function; every
# function when none is named), technical (IT, data, security), technical_unnamed (technical,
# not named as buying), known (a function was found), any.
ROLE_RULES = _role_rules("""
*         gatekeeper         gatekeeper           0.8   assists or screens for an executive
*         procurement        procurement          0.85  procurement negotiates the terms
*         legal              legal                0.85  legal and compliance own the paper process
cxo       top                economic_buyer       0.8   C-level in {function} holds the budget
cxo       any                executive_sponsor    0.7   C-level in {function} backs, not buys
vp        finance            economic_buyer       0.7   VP in finance approves the spend
vp        buying             decision_maker       0.7   VP in {function} owns the selection
vp        any                executive_sponsor    0.5   VP outside the buying functions
director  executive          economic_buyer       0.6   general management holds a P&L
director  buying             decision_maker       0.6   director in {function} owns the selection
director  technical          technical_evaluator  0.5   director in {function} judges technical fit
director  any                influencer           0.4   director outside the buying functions
manager   technical_unnamed  technical_evaluator  0.6   manager in {function} judges technical fit
manager   buying             champion             0.55  manager in {function} owns the pain
manager   any                influencer           0.4   manager outside the buying functions
ic        advisor            influencer           0.5   advisers shape criteria without authority
ic        technical          technical_evaluator  0.5   {level} in {function} tests the product
ic        buying             end_user             0.5   {level} in {function} would use the product
ic        any                influencer           0.3   {level} outside the buying functions
unknown   advisor            influencer           0.4   advisers shape criteria without authority
unknown   known              end_user             0.2   rank unknown in {function}
unknown   any                -                    0.0   the title names neither rank nor function
""")
