"""The statutory partners' sectors: the taxonomy's phrases and acronyms (acronyms by their case) and
the organisation directory's names and shapes (issue 37), each with its negative case."""

from __future__ import annotations

import pytest

from partnermap.reference.directory import load_organisations
from partnermap.reference.taxonomy_file import load_taxonomy


@pytest.fixture(scope="module")
def directory():
    return load_organisations(None)


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(None)


def sectors_in(taxonomy, text: str) -> set[str]:
    return {m.term for m in taxonomy.sector_matcher.find(text, "text")}


@pytest.mark.parametrize(
    "text, sector",
    [
        ("Joint visits with the FRS", "fire_rescue"),
        ("Home fire safety checks by the fire and rescue service", "fire_rescue"),
        ("Refer to the NPS and the CRC", "probation"),
        ("HMPPS offender managers", "probation"),
        ("Visits to HMP Leeds", "prisons"),
        ("Young people in a young offender institution", "prisons"),
        ("The YOT case managers", "youth_justice"),
        ("Referrals to the YJS", "youth_justice"),
        ("Jobcentre Plus work coaches", "employment_benefits"),
        ("DWP", "employment_benefits"),
        ("Registered social landlords and housing associations", "housing"),
        ("Agree with the ICB", "nhs_commissioner"),
        ("the CCG and the LHB", "nhs_commissioner"),
        ("Cases heard at the magistrates' court", "courts_prosecution"),
        ("CPS charging decisions", "courts_prosecution"),
        ("Fund IDVA posts", "victims_services"),
        ("Report to the PCC", "police_crime_commissioner"),
        ("Support veterans under the Armed Forces Covenant", "armed_forces"),
        ("Public health campaign", "local_authority"),  # a council function, not the NHS
    ],
)
def test_the_partners_names_and_acronyms_reach_their_sector(taxonomy, text, sector):
    assert sector in sectors_in(taxonomy, text)


@pytest.mark.parametrize(
    "text, sector",
    [
        ("frs", "fire_rescue"),  # acronyms go by their case
        ("the yot", "youth_justice"),
        ("a dwp", "employment_benefits"),
        ("icb", "nhs_commissioner"),
        ("Police custody suites", "prisons"),  # police custody is not a prison
        ("Fire drills in the office", "fire_rescue"),
        ("A public health campaign", "health"),  # public health is the council's
        ("The mod squad", "armed_forces"),
    ],
)
def test_words_like_them_do_not(taxonomy, text, sector):
    assert sector not in sectors_in(taxonomy, text)


@pytest.mark.parametrize(
    "name, sector",
    [
        ("DMBC", "local_authority"),
        ("Rotherham MBC", "local_authority"),
        ("KCC", "local_authority"),
        ("RBC", "local_authority"),
        ("ADC", "local_authority"),
        ("WBBC", "local_authority"),
        ("CYPS", "local_authority"),
        ("Children's Services", "local_authority"),
        ("Public Health", "local_authority"),
        ("the three LAs", "local_authority"),
        ("Safer Doncaster Partnership", "local_authority"),
        ("Health and Wellbeing Board", "local_authority"),
        ("NPCC", "police"),
        ("College of Policing", "police"),
        ("National Crime Agency", "police"),
        ("NCA", "police"),
        ("disabled people's organisations", "voluntary_community"),
        ("Doncaster Faith Forum", "voluntary_community"),
        ("Doncaster CVS", "voluntary_community"),
        ("VCS", "voluntary_community"),
        ("PCC", "police_crime_commissioner"),
        ("OPCC", "police_crime_commissioner"),
        ("NHS Doncaster ICB", "nhs_commissioner"),
        ("CCG", "nhs_commissioner"),
        ("South Yorkshire Fire & Rescue", "fire_rescue"),
        ("YOS", "youth_justice"),
        ("Probation", "probation"),
        ("HMP Leeds", "prisons"),
        ("Jobcentre Plus", "employment_benefits"),
        ("Registered Providers", "housing"),
        ("St Leger Homes", "housing"),
        ("Victim Support", "victims_services"),
        ("CPS", "courts_prosecution"),
        ("Ministry of Defence", "armed_forces"),
    ],
)
def test_organisations_resolve_to_their_sector(directory, name, sector):
    assert directory.sector_of(name) == sector


@pytest.mark.parametrize(
    "name, not_sector",
    [
        ("BBC", "local_authority"),  # the broadcaster, not a council's shape
        ("abc", "local_authority"),  # a council acronym is written in capitals
        ("PCC", "local_authority"),  # a police and crime commissioner is claimed first
        ("CCG", "local_authority"),
        ("Public Health England", "local_authority"),  # a national NHS body, listed by name
        ("Public Health Wales", "local_authority"),
        ("Children's Social Care", "local_authority"),  # social care keeps its own sector
        ("Safer Streets Fund bid", "local_authority"),  # not a Safer <Place> Partnership
        ("Leeds Faith Centre", "voluntary_community"),
    ],
)
def test_lookalikes_do_not(directory, name, not_sector):
    assert directory.sector_of(name) != not_sector


@pytest.mark.parametrize(
    "leads", [["CYPS"], ["Public Health"], ["DMBC"], ["the three LAs"], ["Safer Doncaster Partnership"]]
)
def test_a_plan_led_by_the_councils_own_teams_reaches_the_local_authority(taxonomy, leads):
    from partnermap.graph.gaps.sector import sector_without_engagement
    from partnermap.graph.gaps.statutory import statutory_partner_missing
    from tests.graph.gaps import graph_of

    rows = [{"text": "Hold quarterly meetings", "leads": leads}]
    G = graph_of(("p", rows), taxonomy=taxonomy, framework="community_safety")
    assert "local_authority" not in {g.subject for g in statutory_partner_missing(G)}
    assert "local_authority" not in {g.subject for g in sector_without_engagement(G)}
    # the negative case: a plan led by a voluntary body alone has no council in it
    other = graph_of(
        ("p", [{"text": "Hold quarterly meetings", "leads": ["Doncaster CVS"]}]),
        taxonomy=taxonomy,
        framework="community_safety",
    )
    assert "local_authority" in {g.subject for g in statutory_partner_missing(other)}
