"""Where a plan is from (data/nations.yaml), and a framework whose law does not apply there: set
aside when the plan's words would choose it, said so when it is given. Each with its negative case."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.pipeline import read_plans
from partnermap.reference.frameworks import choose, framework_sentence, load_frameworks
from partnermap.reference.nations import NATIONS, check_nations, load_nations, place
from tests.reference.test_frameworks import PLAIN, PLANS, REAL, plan_of

WESTERN_ISLES = REAL / "western-isles-asb-action-plan-2005-08-prevention.xlsx"


@pytest.fixture(scope="module")
def frameworks():
    return load_frameworks()


def western_isles():
    (plan,) = read_plans([WESTERN_ISLES])
    return plan


# --- the nations file ----------------------------------------------------------------------------


def test_the_bundled_nations_file_is_valid_and_names_the_four_nations():
    nations, problems = check_nations()
    assert problems == []
    assert tuple(n.name for n in nations) == NATIONS and all(n.phrases for n in nations)


GOOD = """\
nations:
  - id: scotland
    name: Scotland
    phrases: [Scottish Government]
"""


@pytest.mark.parametrize(
    "change, needle, message",
    [
        (("name: Scotland", "name: Atlantis"), "name: Atlantis", "'Atlantis' is not one of"),
        (("    phrases:", "    colour: blue\n    phrases:"), "colour", "unknown key 'colour'"),
        (("[Scottish Government]", "[{pattern: '(Scot'}]"), "pattern", "bad regular expression"),
    ],
)
def test_a_problem_in_a_nations_file_names_its_line(tmp_path, change, needle, message):
    path = tmp_path / "nations.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert check_nations(path)[1] == []  # the negative case: the good file has none
    text = GOOD.replace(*change)
    path.write_text(text, encoding="utf-8")
    (problem,) = [p for p in check_nations(path)[1] if message in p.message]
    assert problem.line == next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# --- placing a plan ------------------------------------------------------------------------------


def test_the_western_isles_plan_is_placed_in_scotland_by_its_own_words():
    plan = western_isles()
    choice = choose(plan, load_frameworks())
    found = choice.placement
    assert found.nation == "Scotland"
    words = {(e.words, e.line) for e in found.evidence}
    assert ("Scottish Executive", 5) in words and ("(Scotland) Act", 13) in words
    assert all(e.source and e.source.endswith(WESTERN_ISLES.name) for e in found.evidence)


def test_an_english_plan_naming_scotland_yard_or_scottish_dancing_is_not_scottish(tmp_path, frameworks):
    title, rows = PLANS["community_safety"]
    plan = plan_of(
        tmp_path,
        title,
        [
            *rows,
            "Youth panel visit to New Scotland Yard",
            "Scottish dancing event for older residents",
            "Scotland Yard talk on fraud",
        ],
    )
    choice = choose(plan, frameworks)
    assert (choice.placement.nation, choice.placement.hits) == (None, 0)
    assert (choice.id, choice.chosen_by, choice.law_applies) == ("community_safety", "title", None)
    # the negative case: Scotland's own bodies do place the same plan there
    scottish = plan_of(
        tmp_path,
        title,
        [*rows, "Joint patrols with Police Scotland", "Report to the Scottish Government each quarter"],
        "scottish",
    )
    assert choose(scottish, frameworks).placement.nation == "Scotland"


def test_a_plan_with_no_nations_words_is_placed_nowhere_and_judged_as_before(tmp_path, frameworks):
    title, rows = PLANS["domestic_abuse"]
    choice = choose(plan_of(tmp_path, title, rows), frameworks)
    assert choice.placement.nation is None and choice.placement.evidence == ()
    assert (choice.id, choice.law_applies) == ("domestic_abuse", None)
    assert "appears to be from" not in choice.sentence()


def test_one_passing_mention_of_another_nation_places_nothing(tmp_path, frameworks):
    title, rows = PLANS["community_safety"]
    plan = plan_of(tmp_path, title, [*rows, *PLAIN, "Learn from the Scottish Government's violence reduction unit"])
    choice = choose(plan, frameworks)
    assert choice.placement.nation is None and "too few" in choice.placement.note
    assert choice.id == "community_safety"
    # the negative case: the same words in the title place it
    titled = plan_of(tmp_path, "Scottish Government Community Safety Plan", [*rows, *PLAIN], "titled")
    assert choose(titled, frameworks).placement.nation == "Scotland"


def test_northern_ireland_named_as_part_of_the_uk_places_nothing():
    items = [
        ("Hate crime data across England, Wales and Northern Ireland", "p.csv", 3),
        ("Partners in Great Britain and Northern Ireland", "p.csv", 4),
    ]
    assert place("Action Plan", items).nation is None
    # the negative case: the plan's own Northern Irish bodies
    items = [("Agree the plan with the PSNI", "p.csv", 3), ("Policing and Community Safety Partnership", "p.csv", 4)]
    assert place("Action Plan", items).nation == "Northern Ireland"


def test_words_of_two_nations_as_strong_place_it_in_neither():
    items = [("Funded by the Welsh Government", "p.csv", 3), ("Funded by the Scottish Government", "p.csv", 4)]
    found = place("Action Plan", items)
    assert found.nation is None and "both" in found.note
    assert place("Action Plan", items[:1] * 2).nation == "Wales"  # the negative case: one nation's words


# --- a framework whose law does not apply where the plan is from ------------------------------------


def test_the_western_isles_plan_is_judged_by_no_framework_and_says_why(frameworks):
    choice = choose(western_isles(), frameworks)
    assert (choice.id, choice.chosen_by, choice.set_aside.id) == (None, "none", "community_safety")
    assert choice.note == (
        "The plan's words fit Community safety partnership but place it in Scotland, "
        "where the Crime and Disorder Act 1998 does not apply"
    )
    assert choice.evidence  # the community safety words it uses, still shown
    line = choice.sentence()
    assert line.startswith(
        "Framework: none (The plan's words fit Community safety partnership but place it in "
        "Scotland, where the Crime and Disorder Act 1998 does not apply: "
    )
    assert '"Scottish Executive" (western-isles-asb-action-plan-2005-08-prevention.xlsx:5)' in line
    data = json.loads(json.dumps(choice.as_dict()))
    assert data["nation"]["name"] == "Scotland" and data["set_aside"]["applies_to"] == ["England", "Wales"]


def test_a_framework_given_for_a_plan_from_elsewhere_judges_it_and_says_its_law_does_not_apply(frameworks):
    choice = choose(western_isles(), frameworks, override="community_safety")
    assert (choice.id, choice.chosen_by, choice.law_applies) == ("community_safety", "option", False)
    line = choice.sentence()
    assert "; the law of England and Wales), given with --framework; the plan appears to be from Scotland (" in line
    assert line.endswith("), where that law does not apply.")
    # the negative case: Prevent's law applies in Scotland, so nothing is said
    prevent = choose(western_isles(), frameworks, override="prevent")
    assert prevent.law_applies is True and "appears to be from" not in prevent.sentence()


WELSH_DOMESTIC_ABUSE = [
    "Commission refuge places with Welsh Women's Aid",
    "Deliver the VAWDASV (Wales) Act 2015 national training framework",
    "Report progress to the Welsh Government each quarter",
]
WELSH_COMMUNITY_SAFETY = [
    "Reduce antisocial behaviour in Wrexham town centre with North Wales Police",
    "Refresh the strategic assessment for the Public Services Board",
    "Report to the Welsh Government on reducing reoffending",
]


def test_a_welsh_domestic_abuse_plan_is_not_judged_by_the_domestic_abuse_act_2021(tmp_path, frameworks):
    plan = plan_of(tmp_path, "Domestic Abuse Strategy Action Plan", WELSH_DOMESTIC_ABUSE)
    choice = choose(plan, frameworks)
    assert choice.placement.nation == "Wales"
    assert (choice.id, choice.set_aside.id) == (None, "domestic_abuse")
    assert "place it in Wales, where the Domestic Abuse Act 2021 does not apply" in choice.note
    assert '"Welsh Government" (plan.csv:' in choice.sentence()


def test_a_welsh_community_safety_plan_is_judged_by_the_crime_and_disorder_act(tmp_path, frameworks):
    """The negative case: the Crime and Disorder Act 1998 applies in Wales."""
    plan = plan_of(tmp_path, "Community Safety Partnership Plan 2024-27", WELSH_COMMUNITY_SAFETY)
    choice = choose(plan, frameworks)
    assert (choice.placement.nation, choice.id, choice.law_applies) == ("Wales", "community_safety", True)
    assert choice.set_aside is None and "appears to be from" not in choice.sentence()


def test_the_gap_report_of_the_western_isles_plan_quotes_no_act_that_does_not_apply_there():
    def report(*args):
        result = CliRunner().invoke(cli, ["gaps", str(WESTERN_ISLES), "--format", "json", *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    judged = report()
    assert judged["framework"]["id"] is None and judged["framework"]["nation"]["name"] == "Scotland"
    assert not any("Crime and Disorder Act" in g["detail"] for g in judged["gaps"])
    assert not {g["kind"] for g in judged["gaps"]} & {"statutory_partner_missing", "framework_area_without_activity"}
    # the negative case: given with --framework, the Act judges it, and the header says it does not apply there
    forced = report("--framework", "community_safety")
    assert forced["framework"]["law_applies"] is False
    assert any(g["kind"] == "statutory_partner_missing" for g in forced["gaps"])
    table = (
        CliRunner()
        .invoke(cli, ["gaps", str(WESTERN_ISLES), "--framework", "community_safety"], terminal_width=200)
        .stdout
    )
    assert "the plan appears to be from Scotland" in " ".join(table.split())


def test_a_placement_needs_nothing_but_the_bundled_file():
    assert load_nations() is load_nations()  # read once
    assert framework_sentence({"id": None, "chosen_by": "none", "note": "x", "nation": {"name": "Scotland"}}) == (
        "Framework: none (x): no finding depends on a framework's law or guidance."
    )  # no set-aside: no words


def test_the_map_says_why_the_western_isles_plan_is_judged_by_no_framework(tmp_path):
    page = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["map", str(WESTERN_ISLES), "-o", str(page)])
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert "place it in Scotland, where the Crime and Disorder Act 1998 does not apply" in text
    assert "read before frameworks were chosen" not in text
