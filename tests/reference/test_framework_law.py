"""Each framework's statutory partners, checked against a table written from the Acts themselves.

The tables below were written by reading each Act's text (legislation.gov.uk): for every framework
in ``data/frameworks/``, the sectors the law names as *required* partners (responsible, specified or
safeguarding partners) and as *relevant* ones (must co-operate, duty to refer), each with the
provision that names it. A framework file that names a partner the Act does not, leaves out one it
does, or cites another provision fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

FRAMEWORKS = Path(__file__).resolve().parents[2] / "data" / "frameworks"

# framework id -> {"required": {seat: provision}, "relevant": {seat: provision}}
# A seat is a sector id, or a tuple of the sector ids any one of which fills it (an Act that names a
# seat by the interest represented, not by a body). A provision here is the part of the file's
# `provision` that must appear in it, e.g. "s.5".
Seat = str | tuple[str, ...]
LAW_A: dict[str, dict[str, dict[Seat, str]]] = {
    # prevent, community_safety, serious_violence, youth_justice, homelessness
    # Counter-Terrorism and Security Act 2015: s.26 duty on the specified authorities of Sch.6 Part 1;
    # s.38 co-operation by the partners of local (Channel) panels listed in Sch.7.
    # Read in the Act: Sch.6 Pt 1 local government, criminal justice and police (incl. the PCC). Not read:
    # Sch.6 education/child care and health entries, Sch.7 health and youth offending team entries (see notes).
    "prevent": {
        "required": {
            "local_authority": "Sch.6",
            "prisons": "Sch.6",
            "probation": "Sch.6",
            "schools": "Sch.6",
            "early_years": "Sch.6",
            "further_education": "Sch.6",
            "higher_education": "Sch.6",
            "social_care": "Sch.6",
            "health": "Sch.6",
            "police": "Sch.6",
            "police_crime_commissioner": "Sch.6",
        },
        "relevant": {"nhs_commissioner": "Sch.7", "youth_justice": "Sch.7"},
    },
    # Crime and Disorder Act 1998, s.5(1): the responsible authorities ((c), police authorities,
    # repealed 2012); s.5(2) co-operating bodies prescribed by order; PRSRA 2011, s.10(2) for the PCC.
    "community_safety": {
        "required": {
            "local_authority": "s.5(1)(a)",
            "probation": "s.5(1)(aa)",
            "police": "s.5(1)(b)",
            "fire_rescue": "s.5(1)(d)",
            "nhs_commissioner": "s.5(1)(e)",
        },
        "relevant": {
            "police_crime_commissioner": "s.10(2)",
            "health": "s.5(2)",
            "schools": "s.5(2)",
            "further_education": "s.5(2)",
        },
    },
    # Police, Crime, Sentencing and Courts Act 2022: s.8 duty on the specified authorities of s.11 and
    # Sch.1; educational, prison and youth custody authorities of s.12 and Sch.2 consulted (s.8(4)) and
    # co-operating (s.15); the local policing body's involvement (s.14, read). Sch.1 police, fire and health
    # rows and Sch.2 further education and prison rows not read in the Act's text (see notes).
    "serious_violence": {
        "required": {
            "local_authority": "Sch.1",
            "probation": "Sch.1",
            "youth_justice": "Sch.1",
            "police": "Sch.1",
            "fire_rescue": "Sch.1",
            "nhs_commissioner": "Sch.1",
        },
        "relevant": {
            "schools": "Sch.2",
            "further_education": "Sch.2",
            "prisons": "Sch.2",
            "police_crime_commissioner": "s.14",
        },
    },
    # Crime and Disorder Act 1998: s.38(1)/s.39(1)/s.40(1) the local authority's duties; s.39(3) the
    # duty to co-operate (police (a), probation provider (ab), ICB or LHB (b)); s.39(5) the members of
    # a youth offending team (probation (a), children's social work (b), police (c), health (d),
    # education (e)). Read: s.39(1)-(4) as in force. Not read: current s.38(2), s.39(5)(b)-(e) (see notes).
    "youth_justice": {
        "required": {
            "local_authority": "s.39(1)",
            "youth_justice": "s.39(1)",
            "police": "s.39(3)(a)",
            "probation": "s.39(3)(ab)",
            "nhs_commissioner": "s.39(3)(b)",
            "social_care": "s.39(5)(b)",
        },
        "relevant": {"schools": "s.39(5)(e)"},
    },
    # Homelessness Act 2002: s.1(1) the local housing authority's review and strategy, s.1(2) the social
    # services authority's duty to assist; Housing Act 1996: s.213B duty to refer (specified public
    # authorities in the Homelessness (Review Procedure etc.) Regulations 2018), s.213 co-operation.
    # Read: the 2018 Schedule paras 1-12. Not read: s.213B, s.213, and the provision naming the Secretary of
    # State for Defence (armed_forces rests on the Code of Guidance, para 4.3; see notes).
    "homelessness": {
        "required": {"local_authority": "s.1(1)", "social_care": "s.1(2)"},
        "relevant": {
            "prisons": "s.213B",
            "youth_justice": "s.213B",
            "probation": "s.213B",
            "employment_benefits": "s.213B",
            "health": "s.213B",
            "armed_forces": "s.213B",
            "housing": "s.213(1)",
        },
    },
}

LAW_B: dict[str, dict[str, dict[Seat, str]]] = {
    # safeguarding_children, safeguarding_adults, domestic_abuse, hate_crime, health_wellbeing, ...
    # Children Act 2004, s.16E(3): the three safeguarding partners; relevant agencies specified by
    # SI 2018/789, Schedule (paras 1-14 read: education and childcare; paras 15 on NOT read, so no health,
    # criminal justice or police agency is listed from it); s.10(4) relevant partners. "The local
    # authority" is one body, but the sectors split it: its children's social care named on its own is
    # the social care sector, so either sector fills the local authority's seat.
    "safeguarding_children": {
        "required": {
            ("local_authority", "social_care"): "s.16E(3)",
            "nhs_commissioner": "s.16E(3)",
            "police": "s.16E(3)",
        },
        "relevant": {
            "schools": "SI 2018/789, Schedule paras 1-4 and 6-8",
            "early_years": "SI 2018/789, Schedule paras 5, 13 and 14",
            "further_education": "SI 2018/789, Schedule paras 9, 10 and 12",
            "higher_education": "SI 2018/789, Schedule para 11",
            "police_crime_commissioner": "s.10(4)(b)",
            "probation": "s.10(4)(c)",
            "youth_justice": "s.10(4)(d)",
        },
    },
    # Care Act 2014, Sch.2 para.1(1): the SAB's members; s.6: relevant partners (mutual duty to
    # co-operate, s.6(1) and (7)) and persons the authority must co-operate with (s.6(2)-(4)).
    # Read: Sch.2 paras 1 and 4, s.6(1)-(4). Not read: the s.6(7) list (from summaries; see notes).
    # The local authority's seat: the council, or its adult social care named on its own (as above).
    "safeguarding_adults": {
        "required": {
            ("local_authority", "social_care"): "Sch.2 para.1(1)(a)",
            "nhs_commissioner": "Sch.2 para.1(1)(b)",
            "police": "Sch.2 para.1(1)(c)",
        },
        "relevant": {
            "health": "s.6(7)",
            "employment_benefits": "s.6(7)",
            "prisons": "s.6(7)",
            "probation": "s.6(7)",
            "social_care": "s.6(2)-(3)(a)",
            "housing": "s.6(2)-(3)(d)",
        },
    },
    # Domestic Abuse Act 2021, s.58(2): the board's minimum membership, as interests represented
    # (the local authority; victims; children; charities and voluntary organisations; health care;
    # policing or criminal justice). Children's interests have no sector of their own. s.58 itself was NOT
    # read (seats from councils' summaries matching s.12(4)). A seat named by interest is filled by any
    # one of the sectors whose bodies hold it: victims (a victims' service or a domestic abuse charity),
    # health care (an NHS provider or an integrated care board), policing or criminal justice.
    "domestic_abuse": {
        "required": {
            "local_authority": "s.58(2)",
            ("victims_services", "voluntary_community"): "s.58(2)",
            "voluntary_community": "s.58(2)",
            ("health", "nhs_commissioner"): "s.58(2)",
            (
                "police",
                "police_crime_commissioner",
                "probation",
                "courts_prosecution",
                "prisons",
                "youth_justice",
            ): "s.58(2)",
        },
        "relevant": {},
    },
    # Hate crime: no Act requires a partnership or names partners (the offences and sentencing law
    # place no duty on local bodies).
    "hate_crime": {"required": {}, "relevant": {}},
    # Health and Social Care Act 2012, s.194(2): the board's members (councillor and director of
    # public health: the council; directors of adult social services and children's services: social
    # care; the ICB); the Local Healthwatch (s.194(2)(e)) recorded as voluntary sector, relevant.
    "health_wellbeing": {
        "required": {
            "local_authority": "s.194(2)(a)",
            "social_care": "s.194(2)(b)",
            "nhs_commissioner": "s.194(2)(f)",
        },
        "relevant": {"voluntary_community": "s.194(2)(e)"},
    },
    # Suicide prevention: no Act requires a partnership or names partners (national strategy 2023).
    "suicide_prevention": {"required": {}, "relevant": {}},
}

LAW = {**LAW_A, **LAW_B}


def _seat(sector: str | list | tuple) -> str | frozenset:
    """A seat as compared: one sector id, or the set of ids any one of which fills it (in any order)."""
    return sector if isinstance(sector, str) else frozenset(sector)


def _partners(data: dict, kind: str) -> dict[str | frozenset, str]:
    return {_seat(p["sector"]): p["provision"] for p in (data.get("statutory_partners") or {}).get(kind) or []}


def _files() -> list[Path]:
    return sorted(FRAMEWORKS.glob("*.yaml"))


def test_every_framework_file_has_its_law_table():
    assert _files(), "no framework files"
    assert {path.stem for path in _files()} == set(LAW)


def _check_partners(framework: str, kind: str, data: dict) -> None:
    """Assert that a framework file's ``kind`` partners are the seats and provisions of LAW."""
    found = _partners(data, kind)
    expected = {_seat(seat): provision for seat, provision in LAW[framework][kind].items()}
    assert set(found) == set(expected), f"{framework} {kind}: {sorted(map(str, found))} != {sorted(map(str, expected))}"
    for seat, provision in expected.items():
        assert provision in found[seat], f"{framework} {kind} {seat}: {found[seat]!r} lacks {provision!r}"


def _load(framework: str) -> dict:
    return yaml.safe_load((FRAMEWORKS / f"{framework}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("framework", sorted(LAW))
@pytest.mark.parametrize("kind", ["required", "relevant"])
def test_partners_are_those_the_act_names(framework, kind):
    _check_partners(framework, kind, _load(framework))


@pytest.mark.parametrize("framework", sorted(LAW))
def test_legal_basis_cites_primary_legislation(framework):
    data = yaml.safe_load((FRAMEWORKS / f"{framework}.yaml").read_text(encoding="utf-8"))
    urls = [item["url"] for item in data.get("legal_basis") or []]
    if data.get("no_statutory_partnership"):
        assert not _partners(data, "required")
    else:
        assert urls and all(url.startswith("https://www.legislation.gov.uk/") for url in urls), urls


def test_a_partner_the_act_does_not_name_fails():
    """The negative case: a file naming a partner the Act does not, leaving one out, or citing another
    provision fails the same check."""
    data = _load("community_safety")
    required = data["statutory_partners"]["required"]
    extra = {
        **data,
        "statutory_partners": {
            **data["statutory_partners"],
            "required": [*required, {"sector": "business", "provision": "s.5(1)(z)"}],
        },
    }
    missing = {**data, "statutory_partners": {**data["statutory_partners"], "required": required[1:]}}
    wrong = {
        **data,
        "statutory_partners": {
            **data["statutory_partners"],
            "required": [{**required[0], "provision": "s.99"}, *required[1:]],
        },
    }
    _check_partners("community_safety", "required", data)
    for bad in (extra, missing, wrong):
        with pytest.raises(AssertionError):
            _check_partners("community_safety", "required", bad)


def test_a_seat_of_several_sectors_is_compared_as_a_whole():
    """A seat listed in another order is the same seat; one sector short, or one sector alone, is not."""
    data = {"statutory_partners": {"required": [{"sector": ["nhs_commissioner", "health"], "provision": "s.58(2)"}]}}
    assert set(_partners(data, "required")) == {_seat(("health", "nhs_commissioner"))}
    assert set(_partners(data, "required")) != {_seat(("health",))} != {"health"}
