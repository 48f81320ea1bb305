"""Deterministic synthetic action plans of any size, for benchmarks and load tests.

The same ``n`` and ``seed`` always give the same plan. It looks like a district Prevent plan:
numbered themes, a council and police force leading most activities, schools, colleges, mosques,
NHS bodies and community groups from a set of towns as partners (more towns for bigger plans),
activities naming the taxonomy's audiences and institutions, outcomes (about a quarter with a
measurable target), the timescale styles real plans use, and a few gaps and near-duplicates
(missing leads and outcomes, "TBC", unreadable timescales, repeated activities).

>>> plan = synthetic_plan(200)
>>> len(plan.activities), len(plan.themes), plan.activities[0].id
(200, 8, 'synthetic:1')
>>> synthetic_plan(200).activities[7].text == plan.activities[7].text
True
"""

from __future__ import annotations

import calendar
import csv
import random
from collections.abc import Iterator
from datetime import date
from os import PathLike
from pathlib import Path

from partnermap.ingest.progress import progress_of
from partnermap.model import Activity, Organisation, Outcome, Plan, Provenance, Theme, Timescale

THEMES = (
    "Effective leadership",
    "Capabilities",
    "Understanding risk",
    "Working in partnership",
    "Reducing permissive environments",
    "Communications and engagement",
    "Supporting vulnerable people",
    "Online safety",
)
TOWNS = (
    "Keighley",
    "Shipley",
    "Bingley",
    "Ilkley",
    "Manningham",
    "Girlington",
    "Heaton",
    "Allerton",
    "Thornton",
    "Queensbury",
    "Wibsey",
    "Idle",
    "Eccleshill",
    "Baildon",
    "Silsden",
    "Haworth",
    "Saltaire",
    "Bowling",
    "Tong",
    "Holme Wood",
    "Buttershaw",
    "Clayton",
    "Denholme",
    "Cullingworth",
    "Menston",
    "Burley",
    "Steeton",
    "Oxenhope",
    "Wyke",
    "Low Moor",
    "Frizinghall",
    "Undercliffe",
    "Bolton Woods",
    "Toller",
    "Little Horton",
    "Great Horton",
    "Wrose",
    "Windhill",
    "Crossflatts",
    "Riddlesden",
)
ORG_KINDS = (
    "{} Primary School",
    "{} Academy",
    "{} College",
    "{} Mosque",
    "{} Community Trust",
    "NHS {} Health Centre",
    "{} Youth Offending Team",
    "{} Nursery",
    "{} Business Ltd",
)
COUNCIL, POLICE = "Bradford MDC", "West Yorkshire Police"
VERBS = (
    "Deliver",
    "Provide",
    "Develop",
    "Review",
    "Run",
    "Commission",
    "Extend",
    "Evaluate",
    "Coordinate",
    "Pilot",
    "Refresh",
    "Embed",
)
THINGS = (
    "WRAP training",
    "awareness sessions",
    "a safeguarding package",
    "the referral pathway",
    "Channel panel support",
    "a communications campaign",
    "online safety workshops",
    "the risk assessment",
    "mentoring support",
    "a community engagement programme",
    "Prevent briefings",
    "a training programme",
    "guidance on venue hire",
    "safe giving advice",
    "information sharing protocols",
    "a peer support network",
)
AUDIENCES = (
    "young people",
    "parents and carers",
    "frontline staff",
    "madrassa teachers",
    "faith leaders",
    "elected members",
    "social workers",
    "pupils",
    "students",
    "head teachers",
    "police officers",
    "women",
    "managers",
    "vulnerable adults",
)
PLACES = (
    "primary schools",
    "secondary schools",
    "colleges",
    "the university",
    "mosques",
    "nurseries",
    "the prison",
    "care homes",
    "community groups",
    "local businesses",
    "GP surgeries",
    "youth centres",
)
PURPOSES = (
    "build resilience to extremist narratives",
    "increase appropriate referrals",
    "raise awareness of Prevent",
    "improve information sharing",
    "challenge hate narratives",
    "support vulnerable people",
    "strengthen governance",
    "reduce the online threat",
)
OUTCOMES = (
    "{a} are more aware of radicalisation and where to get support",
    "Greater confidence among {a} to report concerns",
    "Increased referrals to Channel from {a}",
    "{a} are resilient to extremist narratives",
    "Partners share information effectively",
    "Communities understand and trust the Prevent programme",
)
MEASURED = (
    "{n}% of {a} trained by {m} {y}",
    "{n} sessions delivered to {a} by {m} {y}",
    "Referrals from {a} up {n}% on the previous year",
)
STATUSES = ("", "", "", "On track", "Complete", "Delayed")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _timescale(rng: random.Random) -> Timescale:
    """A timescale in one of the styles real plans use, with its dates."""
    roll = rng.random()
    year = rng.choice((2017, 2018, 2019, 2020))
    m1 = rng.randint(1, 10)
    m2 = rng.randint(m1 + 1, 12)
    abbr, name = calendar.month_abbr, calendar.month_name
    if roll < 0.18:
        return Timescale("Ongoing", ongoing=True)
    if roll < 0.26:
        return Timescale("Achieved", achieved=True)
    if roll < 0.29:
        return Timescale("TBC", unscheduled=True)
    if roll < 0.30:
        return Timescale("When funding allows", parsed=False)
    if roll < 0.45:
        return Timescale(f"{abbr[m1]}-{abbr[m2]} {year}", start=date(year, m1, 1), end=_month_end(year, m2))
    if roll < 0.58:
        return Timescale(f"{name[m1]} {year}", start=date(year, m1, 1), end=_month_end(year, m1))
    if roll < 0.68:
        return Timescale(f"From {name[m1]} {year}", start=date(year, m1, 1))
    if roll < 0.80:
        return Timescale(f"By {name[m2]} {year}", end=_month_end(year, m2))
    if roll < 0.90:
        return Timescale(f"April {year} – March {year + 1}", start=date(year, 4, 1), end=date(year + 1, 3, 31))
    quarter = rng.randint(1, 4)
    first = 4 + 3 * (quarter - 1)
    qyear = year + (first > 12)
    first = (first - 1) % 12 + 1
    return Timescale(
        f"Q{quarter} {year}/{(year + 1) % 100:02d}", start=date(qyear, first, 1), end=_month_end(qyear, first + 2)
    )


def _rows(n: int, seed: int) -> Iterator[dict]:
    """The plan's rows as dicts: theme (number, name), text, leads, partners, outcome, timescale, status."""
    rng = random.Random(seed)
    towns = TOWNS[: min(len(TOWNS), 4 + n // 2500)]
    orgs = [kind.format(town) for town in towns for kind in ORG_KINDS]
    per_theme = -(-n // len(THEMES))
    texts: list[str] = []
    for i in range(n):
        if texts and rng.random() < 0.005:  # a near-duplicate of an earlier activity
            text = rng.choice(texts).rstrip(".") + "."
        else:
            text = (
                f"{rng.choice(VERBS)} {rng.choice(THINGS)} for {rng.choice(AUDIENCES)} at {rng.choice(PLACES)} "
                f"in {rng.choice(towns)} to {rng.choice(PURPOSES)}"
            )
        texts.append(text)
        roll = rng.random()
        leads = [] if roll < 0.03 else [COUNCIL] if roll < 0.5 else [POLICE] if roll < 0.7 else [rng.choice(orgs)]
        partners = sorted(set(rng.sample(orgs, rng.randint(0, 3))) - set(leads))
        audience = rng.choice(AUDIENCES)
        if rng.random() < 0.04:
            outcome = None
        elif rng.random() < 0.25:
            outcome = rng.choice(MEASURED).format(
                n=rng.randint(2, 90),
                a=audience,
                m=calendar.month_name[rng.randint(1, 12)],
                y=rng.choice((2018, 2019, 2020)),
            )
        else:
            outcome = rng.choice(OUTCOMES).format(a=audience)
        outcome = outcome[0].upper() + outcome[1:] if outcome else None
        number = i // per_theme + 1
        yield {
            "theme": (number, THEMES[number - 1]),
            "text": text,
            "leads": leads,
            "partners": partners,
            "outcome": outcome,
            "timescale": _timescale(rng),
            "status": rng.choice(STATUSES),
        }


def synthetic_plan(n: int, *, seed: int = 0, plan_id: str = "synthetic") -> Plan:
    """A :class:`Plan` of ``n`` activities, as if read from ``<plan_id>.csv`` (header on line 1)."""
    source = f"{plan_id}.csv"
    themes: dict[int, Theme] = {}
    activities = []
    for line, row in enumerate(_rows(n, seed), start=2):
        number, name = row["theme"]
        theme = themes.setdefault(number, Theme(name, number, Provenance(source, line=line)))
        activities.append(
            Activity(
                id=f"{plan_id}:{line - 1}",
                text=row["text"],
                provenance=Provenance(source, line=line),
                theme=theme,
                leads=[Organisation(o, o) for o in row["leads"]],
                partners=[Organisation(o, o) for o in row["partners"]],
                outcome=Outcome(row["outcome"]) if row["outcome"] else None,
                timescale=row["timescale"],
                status=row["status"] or None,
                progress=progress_of(row["status"]),
                lead_text="; ".join(row["leads"]),
                partners_text="; ".join(row["partners"]),
            )
        )
    return Plan(
        id=plan_id,
        title=f"Synthetic plan ({n} activities)",
        source=source,
        themes=list(themes.values()),
        activities=activities,
    )


CSV_HEADER = ("Theme", "Activity", "Lead", "Partners", "Expected outcome", "Timescale", "Status")


def write_synthetic_plan(path: str | PathLike, n: int, *, seed: int = 0) -> Path:
    """Write the synthetic plan of ``n`` activities as a CSV file (one row per activity)."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_HEADER)
        for row in _rows(n, seed):
            number, name = row["theme"]
            writer.writerow(
                [
                    f"{number}. {name}",
                    row["text"],
                    "; ".join(row["leads"]),
                    "; ".join(row["partners"]),
                    row["outcome"] or "",
                    row["timescale"].text,
                    row["status"],
                ]
            )
    return path
