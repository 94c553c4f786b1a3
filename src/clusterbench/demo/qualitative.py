# ruff: noqa: E501  (sentences of demonstration text read best unbroken)
"""The qualitative part of demonstration benchmarkings: strategy, business model, the
three megatrends, the expert's observations per area and three success stories, plausible
for the cluster's portfolio and country, dated within its own story and in agreement with
its answers: the strategy is at its V1 level and followed as V7 says, the budget's shares
are its F3 and F4, a working group is mentioned only where V6 counts one, and as many
stories fall in the last two years as A1 says.
Deterministic (the same cluster and interview give the same text). Pure Python, no
Django."""

import datetime as dt
import hashlib
import random

# portfolio -> (who the members are, what they make together, partners they work with,
# story themes: (title, outcome with {n} and {pct} filled in))
SECTORS = {
    "aviation-space": (
        "aerospace suppliers",
        "lightweight structures and satellite components",
        "the national space agency",
        [
            (
                "Shared qualification test bench for composite parts",
                "{n} members qualified parts on the shared bench; test costs fell by about {pct} %.",
            ),
            (
                "Joint bid for a satellite ground-segment contract",
                "A consortium of {n} members won a contract worth EUR {m} million.",
            ),
            (
                "Supplier development programme with two aircraft makers",
                "{n} small members passed supplier audits and entered the approved-vendor lists.",
            ),
        ],
    ),
    "biotechnology": (
        "biotech start-ups, research institutes and contract laboratories",
        "diagnostics and bio-based processes",
        "the university hospital",
        [
            (
                "Shared pilot plant for fermentation scale-up",
                "{n} start-ups scaled up processes without building their own plant; two reached pilot production.",
            ),
            (
                "Investor days with regional venture funds",
                "{n} start-ups pitched; EUR {m} million of seed funding was raised within a year.",
            ),
            (
                "Regulatory support desk for in-vitro diagnostics",
                "{n} members prepared their files for the new EU regulation with the desk's help.",
            ),
        ],
    ),
    "construction": (
        "builders, architects and building-material producers",
        "energy-efficient renovation",
        "the regional housing agency",
        [
            (
                "Deep renovation of a 1970s school as a joint demonstrator",
                "{n} members renovated the building together; its energy use fell by {pct} %.",
            ),
            (
                "Training centre for building information modelling",
                "Staff of {n} member firms were trained in BIM; three public tenders now require it.",
            ),
            (
                "Circular building materials exchange",
                "{n} members reused demolition materials; about {m} thousand tonnes were kept from landfill.",
            ),
        ],
    ),
    "creative-industries": (
        "design studios, media producers and game developers",
        "digital content and design services",
        "the national film and media fund",
        [
            (
                "Co-production market with neighbouring countries",
                "{n} productions found co-producers; EUR {m} million of production budgets were raised.",
            ),
            (
                "Design-driven innovation vouchers for manufacturers",
                "{n} manufacturers worked with member studios; most launched a redesigned product.",
            ),
            (
                "Shared motion-capture studio",
                "{n} members use the studio; rental income covers its running costs.",
            ),
        ],
    ),
    "energy-environment": (
        "energy companies, technology suppliers and utilities",
        "renewable energy and energy-efficiency solutions",
        "the regional energy agency",
        [
            (
                "Local energy community pilot",
                "{n} households and firms share solar power; their bills fell by about {pct} %.",
            ),
            (
                "Joint test field for heat pumps in cold climates",
                "{n} members tested products; two obtained certification for export.",
            ),
            (
                "Green hydrogen feasibility study for the industrial zone",
                "{n} members co-financed the study; an investment of EUR {m} million is being prepared.",
            ),
        ],
    ),
    "food": (
        "food producers, processors and packaging firms",
        "regional food products and food safety",
        "the agricultural university",
        [
            (
                "Joint export stand at an international food fair",
                "{n} members exhibited together; they report new buyers in {k} countries.",
            ),
            (
                "Shared laboratory for shelf-life testing",
                "{n} small producers test products at a fraction of the former cost.",
            ),
            (
                "Protected designation of origin for a regional speciality",
                "{n} producers use the label; their prices rose by about {pct} %.",
            ),
        ],
    ),
    "health-medical": (
        "medical-device makers, clinics and health-IT firms",
        "medical devices and digital health",
        "the university hospital",
        [
            (
                "Hospital procurement of innovation pilot",
                "{n} member products were tested in wards; three were bought by the hospital.",
            ),
            (
                "Medical device regulation readiness programme",
                "{n} members certified products under the new EU regulation.",
            ),
            (
                "Telemonitoring service for chronic patients",
                "{n} members built the service together; about {m} thousand patients use it.",
            ),
        ],
    ),
    "ict": (
        "software firms, IT service providers and start-ups",
        "software and digital services",
        "the technical university",
        [
            (
                "Cybersecurity centre for small firms",
                "{n} members offer audits through the centre; more than {m} hundred small firms were checked.",
            ),
            (
                "IT talent programme with the technical university",
                "{n} members took part; about {pct} % of graduates stayed in the region.",
            ),
            (
                "Joint cloud platform for public services",
                "A consortium of {n} members won a public contract worth EUR {m} million.",
            ),
        ],
    ),
    "micro-nano-optical": (
        "photonics firms, research institutes and component makers",
        "optical and micro-system technologies",
        "the photonics research institute",
        [
            (
                "Open clean-room access for small members",
                "{n} members used the clean room; four brought prototypes to market.",
            ),
            (
                "Photonics skills academy",
                "Staff of {n} member firms were trained; the courses now pay for themselves.",
            ),
            (
                "Joint European project on laser-based sensors",
                "{n} members took part; EUR {m} million of funding came to the region.",
            ),
        ],
    ),
    "materials-chemistry": (
        "chemical producers, materials firms and research institutes",
        "advanced materials and sustainable chemistry",
        "the institute of chemical technology",
        [
            (
                "Bio-based plastics demonstration line",
                "{n} members tested bio-based grades; two switched part of their production.",
            ),
            (
                "Industrial symbiosis in the chemical park",
                "{n} members exchange heat and by-products; CO2 emissions fell by {pct} %.",
            ),
            (
                "Shared analytical laboratory",
                "{n} small members use the laboratory instead of sending samples abroad.",
            ),
        ],
    ),
    "production-engineering": (
        "machine builders, automotive suppliers and engineering firms",
        "production technology and automation",
        "the technical university",
        [
            (
                "Industry 4.0 demonstration factory",
                "{n} members tested automation before buying it; visits led to {k} projects.",
            ),
            (
                "Joint purchasing of energy and raw materials",
                "{n} members buy together; their costs fell by about {pct} %.",
            ),
            (
                "Apprenticeship alliance for mechatronics",
                "{n} members train apprentices together; {m}0 young people started each year.",
            ),
        ],
    ),
    "sports-leisure-tourism": (
        "tour operators, hotels, sports-equipment makers and attractions",
        "year-round tourism and outdoor sports",
        "the regional tourism board",
        [
            (
                "Cross-border cycling route and booking platform",
                "{n} members sell packages on the platform; overnight stays outside summer rose by {pct} %.",
            ),
            (
                "Accessible tourism certification",
                "{n} members were certified; the region is now listed in two accessible-travel guides.",
            ),
            (
                "Joint presence at international travel fairs",
                "{n} members exhibited together; they report new tour operators from {k} countries.",
            ),
        ],
    ),
    "transport-mobility": (
        "logistics companies, vehicle suppliers and transport operators",
        "logistics and clean mobility",
        "the port authority",
        [
            (
                "Electric delivery vans for the city centre",
                "{n} members run electric vans; about {m} hundred tonnes of CO2 were avoided each year.",
            ),
            (
                "Shared digital freight exchange",
                "{n} members share loads; empty runs fell by about {pct} %.",
            ),
            (
                "Rail freight corridor study with neighbouring regions",
                "{n} members co-financed the study; a new weekly train started.",
            ),
        ],
    ),
}

STRATEGIES = [
    "The strategy {start}-{end}, adopted by the general assembly, sets three priorities: {goal1}, {goal2} and {goal3}. Each has yearly targets that the board reviews.",
    "The cluster works to a written strategy for {start}-{end}, prepared with its members in workshops. Its priorities are {goal1}, {goal2} and {goal3}; the action plan is updated every year.",
    "A strategy for {start}-{end} aims at {goal1}. Further priorities are {goal2} and {goal3}. Targets exist for some actions but are not yet monitored systematically.",
]
# By the strategy's level (V1, 0 none to 4 reviewed with members), and how progress is
# followed (V7, 0 not at all to 3 KPIs and a member survey).
STRATEGY_BY_LEVEL = {
    0: "The cluster has no strategy yet: the board decides on activities from year to year, and members have asked for priorities to be set.",
    1: "There is no written strategy; the management works to priorities agreed informally with the board: {goal1} and {goal2}.",
    2: "A strategy for {start}-{end} is written down and names three priorities: {goal1}, {goal2} and {goal3}; an implementation plan is still to be drawn up.",
    3: "The cluster works to a written strategy for {start}-{end}, prepared with its members in workshops, with an action plan for its priorities: {goal1}, {goal2} and {goal3}.",
    4: "The strategy {start}-{end}, adopted by the general assembly, sets three priorities: {goal1}, {goal2} and {goal3}. Its action plan is reviewed with the members every year.",
}
MONITORING_BY_LEVEL = {
    0: "Progress is not measured yet.",
    1: "Progress is discussed informally; targets are not yet monitored systematically.",
    2: "The board follows the progress with a set of KPIs.",
    3: "The board follows the progress with a set of KPIs and a yearly member survey.",
}
GOALS = [
    "internationalisation of small members",
    "innovation projects between members and research",
    "skills and the supply of qualified staff",
    "access to public and private funding",
    "new value chains with neighbouring sectors",
    "visibility of {sector} abroad",
]
# Each names the shares of membership fees, public projects and paid services.
BUSINESS_MODELS = [
    "Membership fees cover about {fees} % of the budget; the rest comes from project funding ({projects} %) and paid services ({services} %), mainly events, training and matchmaking.",
    "The cluster is financed by core funding from the regional government and membership fees (about {fees} %); paid services such as training and joint fairs bring {services} %.",
    "About {fees} % of the income is membership fees, {projects} % European and national projects and {services} % services sold to members; the board aims to raise the share of services.",
]
# Said only of a cluster without membership fees, or without private income besides them.
BUSINESS_MODEL_NO_SERVICES = "Membership fees cover about {fees} % of the budget and public project funding the remaining {projects} %; the cluster sells hardly any services yet."
BUSINESS_MODEL_PUBLIC_ONLY = "The cluster is financed entirely from public projects and grants: it charges no membership fees and sells no services yet."
BUSINESS_MODEL_NO_FEES = "The cluster charges no membership fees: public project funding brings {projects} % of the budget and paid services {services} %."
WORKING_GROUP = "working group"  # texts that name one are said only of a cluster with one (V6)
DIGITAL = [
    "A digital readiness check is offered to members; {n} have used it so far, and the cluster runs a working group on data sharing.",
    "The cluster helps members adopt {topic} through demonstrations with {partner} and a yearly digital day.",
    "Digital transformation is part of the strategy; a first project with the European Digital Innovation Hub started in {year}.",
]
DIGITAL_TOPICS = [
    "cloud services",
    "artificial intelligence",
    "digital twins",
    "e-commerce",
    "cybersecurity",
]
GREEN = [
    "A working group on the green transition helps members measure their carbon footprint; {n} have done so.",
    "Members share good practice on energy efficiency and circular economy; the cluster's own events are run as low-waste events since {year}.",
    "The cluster supports members in meeting EU sustainability reporting rules, with training and a checklist prepared with {partner}.",
]
SOCIAL = [
    "Two social enterprises are members; the cluster links them with members' purchasing departments.",
    "The cluster works with the regional employment office on jobs for long-term unemployed people in member firms.",
    "Social economy is not yet addressed; the expert suggested starting with social enterprises in the members' supply chains.",
    "A mentoring programme brings members' staff into vocational schools; {n} mentors took part last year.",
]
OBSERVATIONS = {
    "S": [
        "A balanced mix of {members}; research is represented mainly by {partner}.",
        "Small and medium-sized firms are the core of the membership; large firms and research are fewer than in comparable clusters.",
        "Membership has grown steadily; members are concentrated in the region's capital.",
    ],
    "M": [
        "The management team is small but experienced; the board meets four times a year and decides on the annual plan.",
        "Roles in the team are clear; a written quality process exists but is not yet used for all services.",
        "Governance is transparent; members elect the board, and minutes are shared with all members.",
    ],
    "F": [
        "Funding rests on several sources, which gives stability; the share of members' own fees is {fees} %.",
        "The cluster depends on public funding for a large part of its budget; paid services are growing but still small.",
        "Financing is secured for the next two years; a plan for the time after the current project is needed.",
    ],
    "V": [
        "Services follow the strategy's priorities; matchmaking and joint fairs are valued most by members.",
        "The service portfolio is broad; some services have few users and could be merged.",
        "Services are well used; the cluster could ask members more systematically what they need.",
    ],
    "C": [
        "Communication is regular and professional: a newsletter, an up-to-date website and active social media.",
        "Internal communication works well; the cluster is less visible outside its region.",
        "Members are informed mainly at events; a regular newsletter would reach those who rarely attend.",
    ],
    "A": [
        "The cluster can show concrete results for its members, documented in its success stories.",
        "Results are visible in projects and new partnerships; their effect on members' turnover is not yet measured.",
        "Achievements are recognised in the region; the cluster is a partner of the regional innovation strategy.",
    ],
}


def _whole(answers: dict, code: str) -> int | None:
    value = answers.get(code)
    return None if value is None else round(float(value))


def _budget_shares(answers: dict, rng: random.Random) -> tuple[int, int, int]:
    """(membership fees, public projects, paid services) in % of the budget: the answers'
    F4 and F3 (private sources: fees, services and sponsorship) where given, else drawn."""
    private, fees = _whole(answers, "F3"), _whole(answers, "F4")
    if private is not None and fees is not None and fees <= private <= 100:
        return fees, 100 - private, private - fees
    fees = rng.choice([15, 20, 25, 30, 35, 40])
    services = rng.choice([10, 15, 20, 25])
    return fees, 100 - fees - services, services


def _business_model(fees: int, projects: int, services: int, rng: random.Random) -> str:
    if fees == 0 and services == 0:
        text = BUSINESS_MODEL_PUBLIC_ONLY
    elif fees == 0:
        text = BUSINESS_MODEL_NO_FEES
    elif services == 0:
        text = BUSINESS_MODEL_NO_SERVICES
    else:
        text = rng.choice(BUSINESS_MODELS)
    return text.format(fees=fees, projects=projects, services=services)


def _strategy(answers: dict, rng: random.Random) -> str:
    """The strategy's text at the level V1 gives and with the monitoring V7 gives; drawn
    from the general texts where V1 is not known."""
    level, monitoring = _whole(answers, "V1"), _whole(answers, "V7")
    if level not in STRATEGY_BY_LEVEL:
        return rng.choice(STRATEGIES)
    text = STRATEGY_BY_LEVEL[level]
    if level and monitoring in MONITORING_BY_LEVEL:  # no strategy: no progress to follow
        text += " " + MONITORING_BY_LEVEL[monitoring]
    return text


def _story_years(
    answers: dict, first_year: int, interview: dt.date, rng: random.Random
) -> list[int]:
    """The years of up to three stories, latest first: as many in the last two years as
    A1 counts (at most three), the others earlier in the cluster's life where it has an
    earlier life; without A1, three years drawn since the cluster's founding."""
    told = _whole(answers, "A1")
    if told is None:
        return sorted((rng.randint(first_year, interview.year) for _ in range(3)), reverse=True)
    recent_from = max(first_year, interview.year - 1)
    recent = [rng.randint(recent_from, interview.year) for _ in range(min(told, 3))]
    earlier = []
    if first_year <= interview.year - 2:
        earlier = [rng.randint(first_year, interview.year - 2) for _ in range(3 - len(recent))]
    return sorted(recent + earlier, reverse=True)


def qualitative_content(
    *,
    name: str,
    portfolio: str,
    country: str,
    interview: dt.date,
    year_founded: int | None,
    area_codes: list[str],
    answers: dict | None = None,
) -> dict[str, dict]:
    """topic -> fields (as QualitativeEntry.fields() reads them) for one benchmarking;
    answers: its answers by indicator code (a number, or None where not known)."""
    answers = answers or {}
    rng = random.Random(hashlib.sha256(f"{name}|{interview.isoformat()}".encode()).digest())
    members, focus, partner, themes = SECTORS.get(portfolio, SECTORS["production-engineering"])
    founded = year_founded or interview.year - 8
    first_year = max(founded, interview.year - 6)
    start = rng.randint(max(founded, interview.year - 3), interview.year)
    goals = rng.sample(GOALS, 3)
    sector = f"{country}'s {focus}"
    fees, projects, services = _budget_shares(answers, rng)
    fill = {"partner": partner, "n": rng.randint(4, 25), "fees": fees}
    groups = _whole(answers, "V6")
    digital = [t for t in DIGITAL if groups or WORKING_GROUP not in t]
    green = [t for t in GREEN if groups or WORKING_GROUP not in t]
    content = {
        "strategy": _strategy(answers, rng).format(
            start=start,
            end=start + rng.choice([3, 4, 5]),
            goal1=goals[0].format(sector=sector),
            goal2=goals[1].format(sector=sector),
            goal3=goals[2].format(sector=sector),
        ),
        "business_model": _business_model(fees, projects, services, rng),
        "digital": rng.choice(digital).format(
            topic=rng.choice(DIGITAL_TOPICS), year=rng.randint(first_year, interview.year), **fill
        ),
        "green": rng.choice(green).format(year=rng.randint(first_year, interview.year), **fill),
        "social": rng.choice(SOCIAL).format(**fill),
    }
    for code in area_codes:
        if code in OBSERVATIONS:
            content[f"observation-{code}"] = rng.choice(OBSERVATIONS[code]).format(
                members=members, **fill
            )
    topics = {key: {"text": text} for key, text in content.items()}
    # Stories of the years since the cluster's founding (at most six back), latest first.
    years = _story_years(answers, first_year, interview, rng)
    for number, ((title, outcome), year) in enumerate(
        zip(rng.sample(themes, len(years)), years, strict=True), 1
    ):
        firms = rng.randint(4, 20)
        topics[f"story-{number}"] = {
            "title": title,
            "year": year,
            "partners": f"{firms} member firms, {partner}",
            "outcome": outcome.format(
                n=firms,
                pct=rng.choice([10, 15, 20, 25, 30]),
                m=rng.randint(2, 9),
                k=rng.randint(3, 8),
            ),
        }
    return topics
