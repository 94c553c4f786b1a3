"""The synthetic demonstration population, as plain data (no Django).

Deterministic: the same seed and reference date give the same population on any machine
and database, because every draw comes from one NumPy generator in a fixed order. Values
are correlated through a latent "maturity" per cluster so that peers look like real ones.

Coherent in time (METHODOLOGY section 7): interviews run from November 2010 to the end of
the month before the reference date, each cluster's latest one placed so that an
engagement interviewed at the reference date compares with about half the population
(the 5-year reference window) and about a quarter of the labels are still valid (a Bronze
Label lasts 2 years); organisations are founded before their first interview, their age
(M1) follows from it, and each evidence note is dated on its own interview.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import yaml

from clusterbench.methodology.spec import FrameworkSpec
from clusterbench.yamlfiles import SAFE_LOADER

DATA_FILE = Path(__file__).resolve().parent / "data" / "countries.yaml"
SEED = 20101101
CLUSTER_COUNT = 936
FIRST_INTERVIEW = dt.date(2010, 11, 1)
FAILING_SHARE = 0.10  # share of benchmarkings built to miss one eligibility condition
REBENCHMARKED = {2: 0.18, 3: 0.05}  # share of clusters interviewed twice, three times
REBENCHMARK_MONTHS = (20, 30)  # months between two benchmarkings of a cluster
# Where each cluster's latest interview falls, in months back from the last interview:
# within 24 (its label still valid), within 60 (still a peer in the 5-year reference
# window), or any time before.
LATEST_INTERVIEW_BANDS = ((24, 0.27), (60, 0.28), (None, 0.45))

# Relative frequency of the comparative portfolios among benchmarked clusters.
PORTFOLIO_WEIGHTS = {
    "aviation-space": 4,
    "biotechnology": 6,
    "construction": 5,
    "creative-industries": 6,
    "energy-environment": 12,
    "food": 9,
    "health-medical": 9,
    "ict": 14,
    "micro-nano-optical": 4,
    "materials-chemistry": 6,
    "production-engineering": 13,
    "sports-leisure-tourism": 5,
    "transport-mobility": 7,
}

# Where the expert saw the evidence for each asked indicator.
EVIDENCE_SOURCES = {
    "S1": "the membership register",
    "S2": "the membership register by category",
    "S3": "the membership register with company sizes",
    "S4": "the membership register by category",
    "S5": "the member addresses",
    "S6": "the membership register with joining dates",
    "M1": "the founding statutes",
    "M2": "the staff list and employment contracts",
    "M4": "the staff CVs",
    "M5": "the training records of the team",
    "M6": "the staff list with start dates",
    "M7": "the statutes and the minutes of the general assembly",
    "F1": "the approved annual accounts",
    "F3": "the annual accounts by income source",
    "F4": "the annual accounts by income source",
    "F5": "the signed funding agreements",
    "V1": "the strategy document and its action plan",
    "V2": "the service portfolio",
    "V3": "the events calendar",
    "V4": "the project list",
    "V5": "the activity report",
    "V6": "the list of working groups and their meeting minutes",
    "V7": "the KPI dashboard and the latest member survey",
    "C1": "the contact log of the management",
    "C2": "samples of each channel",
    "C3": "the website",
    "C4": "the participation lists of projects and events",
    "C5": "the signed partnership agreements",
    "A1": "the published success stories",
    "A2": "the press review",
    "A3": "the award certificates",
    "A4": "the membership register two years ago and today",
    "A5": "the latest participant satisfaction survey",
    "A6": "the invitations and minutes of policy bodies",
}


@dataclass(frozen=True)
class SyntheticBenchmarking:
    interview_date: dt.date
    expert_index: int
    values: dict[str, Decimal | None]  # asked indicator code -> value, None = not known
    evidence: dict[str, str]


@dataclass(frozen=True)
class SyntheticCluster:
    name: str
    name_en: str
    country: str  # ISO alpha-2
    region: str
    portfolio: str  # slug
    website: str
    year_founded: int
    address: str
    contact_name: str
    contact_email: str
    time_zone: str
    benchmarkings: tuple[SyntheticBenchmarking, ...] = field(default=())


def load_country_data(path: Path = DATA_FILE) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)


def apportion(weights: dict[str, float], total: int) -> dict[str, int]:
    """Split total over keys in proportion to weights, each at least 1 (largest remainder)."""
    keys = list(weights)
    share = np.array([weights[k] for k in keys], dtype=float)
    spare = total - len(keys)
    exact = share / share.sum() * spare
    counts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: spare - counts.sum()]] += 1
    return {k: int(c) + 1 for k, c in zip(keys, counts, strict=True)}


def generate(
    framework: FrameworkSpec,
    *,
    seed: int = SEED,
    count: int = CLUSTER_COUNT,
    experts: int = 12,
    data: dict | None = None,
    reference_date: dt.date,
) -> list[SyntheticCluster]:
    """The population as it stood on reference_date (interviews up to the month before)."""
    last = last_interview_day(reference_date)
    if last < FIRST_INTERVIEW + dt.timedelta(days=5 * 365):
        raise ValueError(
            f"The reference date must be in {FIRST_INTERVIEW.year + 5} or later, so that "
            f"interviews from {FIRST_INTERVIEW:%B %Y} fill a 5-year reference window."
        )
    data = data or load_country_data()
    rng = np.random.default_rng(seed)
    countries = data["countries"]
    if count < len(countries):
        raise ValueError(
            f"The population needs at least {len(countries)} cluster organisations, "
            f"one per country; got {count}."
        )
    per_country = apportion({c["alpha2"]: c["weight"] for c in countries}, count)
    slugs = list(PORTFOLIO_WEIGHTS)
    p_portfolio = np.array([PORTFOLIO_WEIGHTS[s] for s in slugs], dtype=float)
    p_portfolio /= p_portfolio.sum()
    clusters = []
    for country in countries:
        used_names: set[str] = set()
        for _ in range(per_country[country["alpha2"]]):
            cluster = _cluster(rng, country, data["portfolios_en"], slugs, p_portfolio, used_names)
            dates = interview_dates(rng, last)
            # Founded before its first interview: M1, the years since, follows from it.
            cluster["year_founded"] = dates[0].year - 1 - int(rng.gamma(2.0, 3.0))
            runs = _benchmarkings(rng, framework, cluster, dates, experts)
            clusters.append(SyntheticCluster(**{**cluster, "benchmarkings": runs}))
    return clusters


def last_interview_day(reference_date: dt.date) -> dt.date:
    """The last day of the month before the reference date's month."""
    return reference_date.replace(day=1) - dt.timedelta(days=1)


def interview_dates(rng, last: dt.date) -> list[dt.date]:
    """One cluster's interview dates, oldest first, between FIRST_INTERVIEW and last:
    the latest in one of LATEST_INTERVIEW_BANDS, earlier ones 20 to 30 months apart."""
    roll = rng.random()
    runs = 3 if roll < REBENCHMARKED[3] else 2 if roll < REBENCHMARKED[3] + REBENCHMARKED[2] else 1
    gaps = [
        int(rng.integers(REBENCHMARK_MONTHS[0], REBENCHMARK_MONTHS[1] + 1)) for _ in range(runs - 1)
    ]
    earliest_latest = add_months(FIRST_INTERVIEW, sum(gaps))  # room for the earlier ones
    bands, low = [], last
    for months, share in LATEST_INTERVIEW_BANDS:
        start = FIRST_INTERVIEW if months is None else add_months(last, -months)
        start = max(start, earliest_latest)
        if start < low:
            bands.append((start, low, share))
        low = min(low, start)
    shares = np.array([share for _start, _end, share in bands])
    start, end, _share = bands[int(rng.choice(len(bands), p=shares / shares.sum()))]
    latest = _weekday(start + dt.timedelta(days=int(rng.integers(1, (end - start).days + 1))))
    dates = [latest]
    for gap in reversed(gaps):
        dates.insert(0, _weekday(add_months(dates[0], -gap)))
    return dates


def _weekday(date: dt.date) -> dt.date:
    """Interviews are held on working days: a weekend date moves back to the Friday."""
    return date - dt.timedelta(days=max(0, date.weekday() - 4))


# Where the evidence of a level is not the whole of what the highest level needs: an
# informal strategy has no strategy document, informal monitoring no KPI dashboard.
EVIDENCE_SOURCES_BY_LEVEL = {
    "V1": {
        1: "the minutes of the board meetings where the priorities were agreed",
        2: "the strategy document",
        3: "the strategy document and its action plan",
        4: "the strategy document, its action plan and the minutes of its review with members",
    },
    "V7": {
        1: "the management's own notes on its activities",
        2: "the KPI dashboard",
        3: "the KPI dashboard and the latest member survey",
    },
}


def evidence_source(code: str, value=None) -> str:
    """The documents that show an answer's value."""
    level = None if value is None else round(float(value))
    by_level = EVIDENCE_SOURCES_BY_LEVEL.get(code, {})
    return by_level.get(level) or EVIDENCE_SOURCES.get(code, "the documents shown")


def evidence_note(code: str, date: dt.date, value=None) -> str:
    """Where the expert saw the evidence for an answer, on the day of its interview: for
    a value of nothing (no working group, no strategy), that there was nothing to see."""
    seen = f"seen during the interview on {date.day} {date:%B %Y}"
    if value is not None and value == 0:
        return f"None, confirmed by the management and {seen}."
    return f"Taken from {evidence_source(code, value)}, {seen}."


NOT_RECORDED = "The cluster management does not record this figure."


# How a cluster's figures move between two benchmarkings in the demonstration: counts
# and money grow a little on average, shares drift, so that a follow-up report has
# progress to show; the baseline figures (S1, S2, M2) never fall below their old value,
# so that an eligible cluster stays eligible.
FOLLOW_UP_COUNTS = {
    "S1": None,
    "V3": None,
    "V4": None,
    "V5": None,
    "V6": None,
    "C5": None,
    "A1": None,
    "A2": None,
    "A3": None,
    "S2": 8,
    "V2": 10,
    "C2": 8,
}
FOLLOW_UP_SHARES = ("S3", "S4", "S5", "S6", "M4", "F3", "F4", "C1", "C4", "A5")
FOLLOW_UP_RATES = {"M2": 1, "M5": 1, "M6": 1, "F1": -2, "F5": 1}
NEVER_FALLS = ("S1", "S2", "M2")


def follow_up_values(
    previous: dict[str, Decimal | None], *, year_founded: int, interview_date: dt.date
) -> dict[str, Decimal | None]:
    """A new benchmarking's answers from the cluster's previous ones: the organisation's
    age (M1) as of the new interview, and the other figures moved the way a cluster's
    figures move in a few years (seeded by the date, so the same inputs give the same
    answers)."""
    rng = np.random.default_rng(interview_date.toordinal() * 10_000 + year_founded)
    values = dict(previous)
    for code, value in previous.items():
        if value is None:
            continue
        old = float(value)
        if code in FOLLOW_UP_COUNTS:
            new = round(old * (1 + rng.normal(0.12, 0.2)))
            top = FOLLOW_UP_COUNTS[code]
            new = max(0, new if top is None else min(top, new))
            values[code] = Decimal(new)
        elif code in FOLLOW_UP_SHARES:
            values[code] = _dec(np.clip(old + rng.normal(3, 8), 0, 100), 1)
        elif code in FOLLOW_UP_RATES:
            values[code] = _dec(max(0.0, old * (1 + rng.normal(0.08, 0.2))), FOLLOW_UP_RATES[code])
        if code in NEVER_FALLS and values[code] < value:
            values[code] = value
    # Membership fees are private income: their share (F4) never exceeds the private one (F3).
    if values.get("F3") is not None and values.get("F4") is not None:
        values["F4"] = min(values["F4"], values["F3"])
    if "M1" in values:
        values["M1"] = Decimal(interview_date.year - year_founded)
    return values


def _cluster(rng, country, topics_en, slugs, p_portfolio, used_names) -> dict:
    regions = country["regions"]
    for _attempt in range(200):
        slug = slugs[rng.choice(len(slugs), p=p_portfolio)]
        region = regions[rng.integers(len(regions))]
        by_city = bool(rng.random() < 0.3)
        place, place_en = (
            (region["city"], region["city_en"]) if by_city else (region["name"], region["name_en"])
        )
        style = int(rng.integers(3))
        topic_en = topics_en[slug]
        name_en = (
            f"{place_en} {topic_en} Cluster",
            f"{topic_en} Cluster {place_en}",
            f"{place_en} {topic_en} Network",
        )[style]
        if name_en.lower() not in used_names:
            break
    else:
        raise RuntimeError(f"not enough distinct names for {country['alpha2']}")
    used_names.add(name_en.lower())
    pattern = country["patterns"][style % len(country["patterns"])]
    name = pattern.format(topic=country["topics"][slug], region=place, city=place)
    domain = _slug(name_en) + ".example"
    person = country["people"][rng.integers(len(country["people"]))]
    street = country["streets"][rng.integers(len(country["streets"]))]
    return {
        "name": name,
        "name_en": name_en,
        "country": country["alpha2"],
        "region": region["name_en"],
        "portfolio": slug,
        # .example is reserved for documentation: no link of the demo leads anywhere real.
        "website": f"https://www.{domain}",
        "address": f"{street} {int(rng.integers(1, 120))}, {region['city']}",
        "contact_name": person["name"],
        "contact_email": f"{person['email']}@{domain}",
        "time_zone": region["time_zone"],
    }


def _benchmarkings(rng, framework, cluster, dates, experts) -> tuple[SyntheticBenchmarking, ...]:
    maturity = float(rng.normal())
    participants = float(np.exp(np.log(70) + 0.55 * maturity + 0.45 * rng.normal()))
    result = []
    for i, date in enumerate(dates):
        if i:
            maturity += 0.25  # clusters tend to improve between benchmarkings
        growth = float(np.clip(rng.normal(6 + 4 * maturity, 14), -60, 300))
        participants = max(5.0, participants * (1 + growth / 100) if i else participants)
        values = _values(rng, maturity, participants, growth, date.year - cluster["year_founded"])
        _fail_or_pass_baseline(rng, framework, values)
        _forget_some(rng, framework, values)
        evidence = {
            code: evidence_note(code, date, value) if value is not None else NOT_RECORDED
            for code, value in values.items()
        }
        result.append(
            SyntheticBenchmarking(
                interview_date=date,
                expert_index=int(rng.integers(experts)),
                values=values,
                evidence=evidence,
            )
        )
    return tuple(result)


def _values(rng, z: float, participants: float, growth: float, age: int) -> dict:
    def pct(a: float, b: float, shift: float = 0.0) -> Decimal:
        return _dec(np.clip(100 * rng.beta(a, b) + shift, 0, 100), 1)

    def level(top: int, centre: float) -> Decimal:
        return Decimal(int(np.clip(round(centre + 0.9 * z + 0.7 * rng.normal()), 0, top)))

    def count(mean: float) -> Decimal:
        return Decimal(int(rng.poisson(max(mean, 0.1))))

    fte = float(
        np.clip(
            np.exp(np.log(3) + 0.45 * np.log(participants / 70) + 0.3 * z + 0.35 * rng.normal()),
            0.5,
            60,
        )
    )
    private = float(np.clip(100 * rng.beta(3.5, 6.3) + 6 * z, 0, 100))
    return {
        "S1": Decimal(round(participants)),
        "S2": Decimal(int(np.clip(2 + rng.binomial(6, 0.45 + 0.08 * z), 2, 8))),
        "S3": pct(6, 2),
        "S4": pct(2, 10),
        "S5": pct(8, 1.5),
        "S6": pct(5, 2, 4 * z),
        "M1": Decimal(age),
        "M2": _dec(fte, 1),
        "M4": pct(8, 1.5),
        "M5": _dec(rng.gamma(2, 2.5) + 0.8 * max(z, 0), 1),
        "M6": _dec(min(max(age, 1), rng.gamma(3, 1.3) + 0.5 * max(z, 0)), 1),
        "M7": level(4, 2.3),
        "F1": _dec(fte * rng.uniform(80_000, 100_000) * np.exp(0.15 * rng.normal()), -2),
        "F3": _dec(private, 1),
        "F4": _dec(private * rng.beta(4, 3), 1),
        "F5": Decimal(
            str([0.5, 1, 1, 2, 3, 4, 5][int(np.clip(round(2.5 + 1.4 * z + rng.normal()), 0, 6))])
        ),
        "V1": level(4, 2.4),
        "V2": Decimal(int(np.clip(round(5 + 1.6 * z + 1.5 * rng.normal()), 1, 10))),
        "V3": count(10 * fte**0.6 * np.exp(0.2 * z)),
        "V4": count(5 + 2.5 * z),
        "V5": count(5 + 2 * z),
        "V6": count(3 + z),
        "V7": level(3, 1.8),
        "C1": pct(5, 4, 8 * z),
        "C2": Decimal(int(np.clip(round(4.5 + 1.2 * z + 1.2 * rng.normal()), 1, 8))),
        "C3": Decimal(int(np.clip(round(2.6 + 0.5 * z + 0.5 * rng.normal()), 2, 3))),
        "C4": pct(5, 4, 8 * z),
        "C5": count(5 + 2.5 * z),
        "A1": count(3 + 1.5 * z),
        "A2": count(9 * np.exp(0.35 * z)),
        "A3": count(0.7 * np.exp(0.6 * z)),
        "A4": _dec(growth, 1),
        "A5": pct(8, 2),
        "A6": level(3, 1.5),
    }


def _fail_or_pass_baseline(rng, framework: FrameworkSpec, values: dict) -> None:
    """Make a share of benchmarkings miss exactly one baseline condition; the rest meet all."""
    conditions = framework.eligibility
    failing = rng.random() < FAILING_SHARE
    broken = int(rng.integers(len(conditions)))
    for i, condition in enumerate(conditions):
        spec = framework.indicator(condition.indicator)
        value = values[condition.indicator]
        if failing and i == broken:
            step = Decimal(1) if spec.kind in ("count", "ordinal") else Decimal("0.1")
            values[condition.indicator] = max(
                spec.minimum or Decimal(0), condition.threshold - step * int(rng.integers(1, 4))
            )
        elif value < condition.threshold:
            values[condition.indicator] = condition.threshold


def _forget_some(rng, framework: FrameworkSpec, values: dict) -> None:
    """A few answers are "not known", never on the baseline so eligibility stays decidable."""
    baseline = {c.indicator for c in framework.eligibility}
    for code in values:
        chance = 0.08 if code in ("A5", "A4", "C1") else 0.02
        if code not in baseline and rng.random() < chance:
            values[code] = None


def _dec(value: float, places: int) -> Decimal:
    """Round to `places` decimals (negative: to tens, hundreds...) as an exact Decimal."""
    rounded = round(float(value), places)
    return Decimal(str(rounded)) if places > 0 else Decimal(int(rounded))


def add_months(date: dt.date, months: int) -> dt.date:
    """The same day (at most the 28th) `months` months later, or earlier when negative."""
    year, month = divmod(date.month - 1 + months, 12)
    return dt.date(date.year + year, month + 1, min(date.day, 28))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def fingerprint(clusters: list[SyntheticCluster]) -> str:
    """A short hash of everything generated, to show two runs gave the same population."""
    digest = hashlib.sha256()
    for cluster in sorted(clusters, key=lambda c: (c.country, c.name_en)):
        digest.update(
            f"{cluster.country}|{cluster.name}|{cluster.name_en}|{cluster.portfolio}".encode()
        )
        for run in cluster.benchmarkings:
            digest.update(run.interview_date.isoformat().encode())
            for code in sorted(run.values):
                value = run.values[code]
                digest.update(f"{code}={'' if value is None else value.normalize()};".encode())
    return digest.hexdigest()[:16]
