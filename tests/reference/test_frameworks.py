"""The frameworks (data/frameworks/*.yaml): read and checked with each problem's line, and chosen
per plan from its title and text, each with its negative case."""

from __future__ import annotations

import json

import pytest

from partnermap.errors import InputError
from partnermap.pipeline import load_taxonomy, read_plans
from partnermap.reference.frameworks import (
    CHOSEN_BY,
    NONE,
    check_framework,
    check_frameworks,
    choose,
    choose_all,
    framework_sentence,
    load_frameworks,
)
from tests.conftest import ROOT

REAL = ROOT / "tests" / "fixtures" / "real-plans"


@pytest.fixture(scope="module")
def frameworks():
    return load_frameworks()


def plan_of(tmp_path, title: str, rows: list[str], name: str = "plan"):
    """A hand-made CSV plan: a title line, a header, then each row's action (lead, outcome and
    timescale filled in the same for every row)."""
    lines = [title, "Action,Lead,Outcome,Timescale"]
    lines += [f'"{row}",Example Council,Done,March 2025' for row in rows]
    path = tmp_path / f"{name}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (plan,) = read_plans([path])
    return plan


# --- reading and checking -------------------------------------------------------------------------


def test_every_bundled_framework_file_is_valid():
    checked = check_frameworks()
    assert checked, "no framework files"
    for path, framework, problems in checked:
        assert problems == [], f"{path.name}: " + "; ".join(f"line {p.line}: {p.message}" for p in problems)
        assert framework.id == path.stem and framework.name and framework.basis


GOOD = """\
id: example
name: Example partnership
applies_to: [England]
legal_basis:
  - act: Example Act 2020
    provision: s.1
    title: The duty
    url: https://www.legislation.gov.uk/ukpga/2020/1/section/1
guidance: []
recognise:
  title: [example plan]
  text:
    - phrase: EXP
      match_case: true
areas:
  - id: needs_assessment
    name: Needs assessment
    expected_by: Example Act 2020, s.2
    phrases: [needs assessment]
statutory_partners:
  required:
    - sector: police
      body: the chief officer of police
      role: example partner
      provision: Example Act 2020, s.1(2)
  relevant: []
out_of_scope: [business]
"""


def write(tmp_path, text: str, name: str = "example"):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_a_good_file_reads_into_a_framework(tmp_path):
    framework, problems = check_framework(write(tmp_path, GOOD))
    assert problems == []
    assert (framework.id, framework.applies_to, framework.basis) == ("example", ("England",), "Example Act 2020, s.1")
    (partner,) = framework.required
    assert (partner.sector, partner.role, partner.provision) == (
        "police",
        "example partner",
        "Example Act 2020, s.1(2)",
    )
    assert framework.areas[0].expected_by == "Example Act 2020, s.2"
    assert framework.out_of_scope == ("business",)


@pytest.mark.parametrize(
    "change, needle, message",
    [
        (("applies_to: [England]", "applies_to: [England]\ncolour: red"), "colour", "unknown key 'colour'"),
        (("    - sector: police", "    - sector: constables"), "constables", "unknown sector 'constables'"),
        (("id: example", "id: other"), "id: other", "must be the file's name"),
        (("url: https://www", "url: http://www"), "url: http://", "must start with https://"),
        (("out_of_scope: [business]", "out_of_scope: [police]"), "out_of_scope", "out of scope and also"),
        (("out_of_scope: [business]", "no_statutory_partnership: true"), "police", "no partner can be required"),
        (("      role: example partner\n", ""), "sector: police", "needs 'role'"),
        (("    - phrase: EXP", "    - pattern: 'EXP ('"), "pattern:", "bad regular expression"),
        (("applies_to: [England]", "applies_to: [Atlantis]"), "applies_to", "applies_to names 'Atlantis'"),
        (("    expected_by: Example Act 2020, s.2\n", ""), "id: needs_assessment", "needs 'expected_by'"),
    ],
)
def test_each_problem_names_its_line(tmp_path, change, needle, message):
    text = GOOD.replace(*change)
    assert text != GOOD
    _, problems = check_framework(write(tmp_path, text))
    assert [p for p in problems if message in p.message], problems
    found = next(p for p in problems if message in p.message)
    if needle == "police":  # the required list the flag contradicts
        assert found.line == line_of(text, "  required:")
    else:
        assert found.line == line_of(text, needle)


#: GOOD with a second required seat that any one of two sectors can fill
SEAT = """\
    - sector: [health, schools]
      seat: organisation providing health care or education
      body: a person representing health care or education
      role: example partner
      provision: Example Act 2020, s.1(3)
"""
WITH_SEAT = GOOD.replace("  relevant: []", SEAT + "  relevant: []")


def test_a_seat_any_one_of_several_sectors_fills_reads_into_one_partner(tmp_path):
    framework, problems = check_framework(write(tmp_path, WITH_SEAT))
    assert problems == []
    police, seat = framework.required
    assert (police.sectors, seat.sectors, seat.sector) == (("police",), ("health", "schools"), "health/schools")
    assert seat.seat == "organisation providing health care or education"
    assert seat.as_dict()["sector"] == ["health", "schools"] and police.as_dict()["sector"] == "police"
    assert framework.partner("schools") is seat and framework.partner("business") is None


@pytest.mark.parametrize(
    "change, needle, message",
    [
        (("[health, schools]", "[health, constables]"), "[health, constables]", "unknown sector 'constables'"),
        (("[health, schools]", "[health, health]"), "[health, health]", "names sector 'health' twice"),
        (("[health, schools]", "[]"), "sector: []", "must not be empty"),
        (("      seat: organisation providing health care or education\n", ""), "[health, schools]", "needs 'seat'"),
        (
            (
                "  relevant: []",
                (
                    "  relevant:\n    - sector: [health, schools]\n      body: b\n      role: r\n"
                    "      provision: p\n      seat: s"
                ),
            ),
            "  relevant:\n",
            "names one sector",
        ),
        (
            ("  relevant: []", SEAT.replace("[health, schools]", "[schools, health]") + "  relevant: []"),
            "[schools, health]",
            "already fill a required seat",
        ),
        (("      seat: organisation", "      place: organisation"), "place:", "unknown key 'place'"),
    ],
)
def test_each_problem_of_a_seat_of_several_sectors_names_its_line(tmp_path, change, needle, message):
    text = WITH_SEAT.replace(*change)
    assert text != WITH_SEAT
    _, problems = check_framework(write(tmp_path, text))
    found = [p for p in problems if message in p.message]
    assert found, problems
    if needle == "  relevant:\n":  # the relevant list's own seat
        assert found[0].line == line_of(text, "  relevant:") + 1
    else:
        assert found[0].line == line_of(text, needle)


def test_a_bad_file_stops_loading_with_its_file_and_line(tmp_path):
    write(tmp_path, GOOD.replace("    - sector: police", "    - sector: constables"))
    with pytest.raises(InputError) as caught:
        load_frameworks(tmp_path, {"police", "business"})
    assert caught.value.line == line_of(GOOD, "    - sector: police") and "example.yaml" in str(caught.value.source)


# --- choosing a plan's framework --------------------------------------------------------------------

#: a hand-made plan per framework: its title, and rows a partnership of that domain writes
PLANS = {
    "prevent": (
        "Prevent Action Plan 2024-25",
        [
            "Deliver WRAP training to frontline staff",
            "Review referrals to the Channel panel",
            "Refresh the Counter Terrorism Local Profile",
        ],
    ),
    "community_safety": (
        "Community Safety Partnership Plan 2024-27",
        [
            "Reduce antisocial behaviour in the town centre",
            "Refresh the strategic assessment",
            "Support people leaving prison to reduce reoffending",
        ],
    ),
    "serious_violence": (
        "Serious Violence Duty Strategy 2024",
        [
            "Knife crime education sessions",
            "Publish the serious violence strategic needs assessment",
            "Fund the Violence Reduction Unit's outreach workers",
        ],
    ),
    "safeguarding_children": (
        "Safeguarding Children Partnership Business Plan",
        [
            "Audit child protection plans",
            "Train staff to spot child sexual exploitation",
            "Strengthen early help for families",
        ],
    ),
    "safeguarding_adults": (
        "Safeguarding Adults Board Strategic Plan",
        [
            "Publish learning from each safeguarding adults review",
            "Embed Making Safeguarding Personal",
            "Audit section 42 enquiries",
        ],
    ),
    "domestic_abuse": (
        "Domestic Abuse Strategy Action Plan",
        [
            "Commission safe accommodation for survivors",
            "Train staff on coercive control",
            "Extend the sanctuary scheme",
        ],
    ),
    "hate_crime": (
        "Hate Crime Action Plan 2024",
        [
            "Run Hate Crime Awareness Week events",
            "Open third party reporting centres",
            "Support victims of hate incidents",
        ],
    ),
    "health_wellbeing": (
        "Joint Health and Wellbeing Strategy Action Plan",
        [
            "Refresh the joint strategic needs assessment",
            "Reduce health inequalities in the east of the borough",
            "Expand social prescribing",
        ],
    ),
    "youth_justice": (
        "Youth Justice Plan 2024-25",
        [
            "Reduce first time entrants to the youth justice system",
            "Report to the Youth Justice Board each quarter",
            "YOT case managers to review every plan",
        ],
    ),
    "homelessness": (
        "Homelessness and Rough Sleeping Strategy Action Plan",
        [
            "Reduce the use of temporary accommodation",
            "Promote the duty to refer to public bodies",
            "Outreach to every rough sleeper",
        ],
    ),
    "suicide_prevention": (
        "Suicide Prevention Action Plan",
        [
            "Offer support to people bereaved by suicide",
            "Train staff in suicide prevention",
            "Reduce self-harm among young people",
        ],
    ),
}
#: rows of no domain at all
PLAIN = [
    "Hold quarterly meetings",
    "Publish the annual report",
    "Agree the budget",
    "Recruit a coordinator",
    "Review the terms of the group",
    "Update the website",
    "Share the newsletter",
    "Plan next year's work",
]


def test_every_bundled_framework_has_its_hand_made_plan(frameworks):
    assert set(PLANS) == set(frameworks)


@pytest.mark.parametrize("framework_id", sorted(PLANS))
def test_a_plan_is_judged_by_the_framework_its_title_names(tmp_path, frameworks, framework_id):
    title, rows = PLANS[framework_id]
    choice = choose(plan_of(tmp_path, title, rows), frameworks)
    assert (choice.id, choice.chosen_by) == (framework_id, "title")
    assert choice.evidence[0].field == "title" and choice.evidence[0].words.lower() in title.lower()
    assert any(e.field == "text" and e.line is not None for e in choice.evidence)  # the rows' words, with lines


@pytest.mark.parametrize("framework_id", sorted(PLANS))
def test_a_plan_is_judged_by_its_text_when_its_title_says_nothing(tmp_path, frameworks, framework_id):
    _, rows = PLANS[framework_id]
    choice = choose(plan_of(tmp_path, "Action Plan 2024", rows + PLAIN[:3]), frameworks)
    assert (choice.id, choice.chosen_by) == (framework_id, "text")


@pytest.mark.parametrize("framework_id", sorted(PLANS))
def test_one_passing_mention_does_not_make_a_plan_of_that_domain(tmp_path, frameworks, framework_id):
    """The negative case of each: one row of the domain among eight plain ones is no framework."""
    _, rows = PLANS[framework_id]
    choice = choose(plan_of(tmp_path, "Action Plan 2024", PLAIN + rows[:1]), frameworks)
    assert (choice.id, choice.chosen_by) == (None, "none")
    assert choice.text_hits == 1 and "too few" in choice.note


def test_a_community_safety_plan_mentioning_prevent_once_is_still_community_safety(tmp_path, frameworks):
    title, rows = PLANS["community_safety"]
    plan = plan_of(tmp_path, title, [*rows, "Deliver Prevent training (WRAP) to partners"])
    assert choose(plan, frameworks).id == "community_safety"
    # the same without its title: the text alone still says community safety
    untitled = plan_of(tmp_path, "Action Plan 2024", [*rows, "Deliver Prevent training (WRAP) to partners"], "b")
    assert choose(untitled, frameworks).id == "community_safety"


def test_a_plan_of_no_domain_gets_no_framework(tmp_path, frameworks):
    choice = choose(plan_of(tmp_path, "Partnership Action Plan 2024", PLAIN), frameworks)
    assert (choice.framework, choice.chosen_by, choice.evidence) == (None, "none", ())
    assert framework_sentence(choice.as_dict()).startswith("Framework: none (No framework's words")


def test_the_option_overrides_the_words(tmp_path, frameworks):
    title, rows = PLANS["hate_crime"]
    plan = plan_of(tmp_path, title, rows)
    assert (choose(plan, frameworks, override="community_safety").id, choose(plan, frameworks, override=NONE).id) == (
        "community_safety",
        None,
    )
    assert choose(plan, frameworks, override=NONE).chosen_by == "option"
    with pytest.raises(InputError, match="unknown framework 'nope'"):
        choose(plan, frameworks, override="nope")


def test_the_choice_as_data_names_the_framework_and_its_evidence(tmp_path, frameworks):
    title, rows = PLANS["prevent"]
    data = choose(plan_of(tmp_path, title, rows), frameworks).as_dict()
    assert {"id", "name", "basis", "chosen_by", "evidence"} <= set(data)
    assert data["chosen_by"] in CHOSEN_BY and data["basis"].startswith("Counter-Terrorism and Security Act 2015")
    assert json.loads(json.dumps(data)) == data


# --- the real plans ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("doncaster-hate-crime-delivery-plan-2017-q2.md", "hate_crime"),
        ("bathnes-prevent-action-plan-2017-02.csv", "prevent"),
        ("slough-lscb-business-plan-2012-13-priority-1a.txt", "safeguarding_children"),
        # a community safety (antisocial behaviour) plan from Scotland, where the Crime and Disorder Act 1998
        # does not apply: judged by none (tests/reference/test_nations.py)
        ("western-isles-asb-action-plan-2005-08-prevention.xlsx", None),
        ("salford-community-action-plan-objective-1.txt", "health_wellbeing"),
        ("../../../data/plans/bradford-prevent-plan-2017-19.txt", "prevent"),
    ],
)
def test_real_plans_are_judged_by_their_own_framework(name, expected):
    (plan,) = read_plans([REAL / name])
    taxonomy = load_taxonomy(None)
    assert choose_all([plan], taxonomy)[plan.id].id == expected


# --- a taxonomy of the user's own ------------------------------------------------------------------


def test_a_taxonomy_may_carry_its_own_framework_which_judges_every_plan(tmp_path):
    from partnermap.reference.taxonomy_file import default_taxonomy_path

    text = (
        default_taxonomy_path().read_text(encoding="utf-8")
        + """
framework_areas:
  - id: our_board
    name: Our board
    phrases: [quarterly meetings]
"""
    )
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    taxonomy = load_taxonomy(path)
    title, rows = PLANS["hate_crime"]
    plan = plan_of(tmp_path, title, rows)
    choice = choose_all([plan], taxonomy)[plan.id]
    assert (choice.framework.areas[0].id, choice.chosen_by) == ("our_board", "taxonomy")
    assert choose_all([plan], taxonomy, "hate_crime")[plan.id].id == "hate_crime"  # the option still wins
    # the negative case: the bundled taxonomy carries none, so the plan's words decide
    assert choose_all([plan], load_taxonomy(None))[plan.id].chosen_by == "title"


def test_a_taxonomys_framework_section_is_checked_with_its_lines(tmp_path):
    from partnermap.reference.frameworks import own_framework
    from partnermap.reference.taxonomy_file import default_taxonomy_path

    section = "\n".join("  " + line for line in GOOD.replace("sector: police", "sector: constables").splitlines())
    text = default_taxonomy_path().read_text(encoding="utf-8") + "\nframework:\n" + section + "\n"
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        own_framework(load_taxonomy(path))
    assert caught.value.line == line_of(text, "sector: constables")
    good = tmp_path / "good.yaml"
    good.write_text(text.replace("constables", "police"), encoding="utf-8")
    assert own_framework(load_taxonomy(good)).id == "example"


def test_the_framework_line_says_where_its_law_applies():
    """The Salford plan (no nation's words) is judged by health and wellbeing, England's law; the
    line says so."""
    (plan,) = read_plans([REAL / "salford-community-action-plan-objective-1.txt"])
    line = framework_sentence(choose_all([plan], load_taxonomy(None))[plan.id].as_dict())
    assert "; the law of England), chosen from its" in line
    assert "the law of" not in framework_sentence({"id": None, "chosen_by": "none"})  # negative: no framework
