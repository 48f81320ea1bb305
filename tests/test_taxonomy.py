"""The taxonomy: phrase matching rules, YAML loading/validation with line numbers, `taxonomy check`."""

from __future__ import annotations

import textwrap

import pytest
import yaml
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.errors import InputError
from partnermap.reference.taxonomy import Matcher, MatcherSet, Phrase, Term
from partnermap.reference.taxonomy_file import check_taxonomy, default_taxonomy_path, load_taxonomy

# the sector ids of FRAMEWORKS_SCHEMA.md (issue 37): the statutory partners the frameworks name
SECTOR_IDS = [
    "local_authority",
    "police",
    "schools",
    "early_years",
    "further_education",
    "higher_education",
    "health",
    "social_care",
    "prisons",
    "probation",
    "youth_justice",
    "fire_rescue",
    "faith",
    "voluntary_community",
    "online",
    "business",
    "housing",
    "employment_benefits",
    "nhs_commissioner",
    "courts_prosecution",
    "victims_services",
    "police_crime_commissioner",
    "armed_forces",
]


@pytest.fixture(scope="module")
def default():
    return load_taxonomy(None)


def found(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    """(term id, words as written) for every match in ``text``."""
    return [(m.term, m.mention.phrase) for m in matcher.find(text, "text")]


def sectors_in(taxonomy, text: str) -> set[str]:
    return {term for term, _ in found(taxonomy.sector_matcher, text)}


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# --- matching rules (a small hand-made term list) -------------------------------------------------

SCHOOLS = Term(
    "schools", "Schools", (Phrase("school"), Phrase("primary school"), Phrase("key stage"), Phrase("nursery"))
)


def test_plurals_possessives_and_case():
    text = "Schools, a school's head, the schools' staff, two nurseries and SCHOOL"
    assert [p for _, p in found(Matcher([SCHOOLS]), text)] == ["Schools", "school's", "schools'", "nurseries", "SCHOOL"]


def test_word_boundaries():
    assert found(Matcher([SCHOOLS]), "homeschooling and preschoolers") == []


def test_multi_word_phrases_span_any_whitespace_and_the_longest_wins():
    matches = Matcher([SCHOOLS]).find("visits to primary\n  schools in Key   Stage 2", "outcome")
    assert [(m.mention.phrase, m.mention.field) for m in matches] == [
        ("primary\n  schools", "outcome"),
        ("Key   Stage", "outcome"),
    ]


def test_the_longest_phrase_at_one_start_wins():
    youth = Term("youth", "Youth", (Phrase("young"), Phrase("young people"), Phrase("people at risk")))
    assert found(Matcher([youth]), "young people at risk, young  people and the young") == [
        ("youth", "young people"),
        ("youth", "young  people"),
        ("youth", "young"),
    ]


def test_spans_point_at_the_words_in_each_field():
    fields = [("text", "Work with schools"), ("outcome", "Pupils in every school")]
    matches = Matcher([SCHOOLS]).find_in(fields)
    assert [(m.mention.field, m.mention.phrase) for m in matches] == [("text", "schools"), ("outcome", "school")]
    for m in matches:
        text = dict(fields)[m.mention.field]
        assert text[m.mention.start : m.mention.end] == m.mention.phrase


def test_hyphen_matches_a_space_and_apostrophes_either_way():
    online = Term("online", "Online", (Phrase("on-line"), Phrase("children's centre")))
    assert [p for _, p in found(Matcher([online]), "on line and on-line at the children’s centre")] == [
        "on line",
        "on-line",
        "children’s centre",
    ]


def test_context_rules_reject_and_let_shorter_phrases_match():
    terms = [
        Term("early_years", "Early years", (Phrase("young children", unless_followed_by=("at risk",)),)),
        Term("children", "Children", (Phrase("children"),)),
        Term("health", "Health", (Phrase("health", not_within=("health and safety",)),)),
        Term("schools", "Schools", (Phrase("academy", unless_preceded_by=("police",)),)),
    ]
    matcher = Matcher(terms)
    assert found(matcher, "young children at risk") == [("children", "children")]
    assert found(matcher, "young children play") == [("early_years", "young children")]
    assert found(matcher, "health and safety; mental health") == [("health", "health")]
    assert found(matcher, "the Police Academy and an academy") == [("schools", "academy")]


def test_match_case_and_patterns():
    terms = [
        Term("health", "Health", (Phrase("GP", match_case=True),)),
        Term("schools", "Schools", (Phrase(r"key stage [1-5]", pattern=True),)),
    ]
    assert found(Matcher(terms), "a gp, a GP, GPs; Key Stage 2 and key stage 9") == [
        ("health", "GP"),
        ("health", "GPs"),
        ("schools", "Key Stage 2"),
    ]


def test_text_whose_lower_case_is_longer_and_pattern_lists_still_match():
    # "İ".lower() is two characters: such text goes by the regex, as do lists with patterns
    assert found(Matcher([SCHOOLS]), "İlkley schools and a nursery") == [("schools", "schools"), ("schools", "nursery")]
    terms = [Term("schools", "Schools", (Phrase("school"), Phrase(r"key stage [1-5]", pattern=True)))]
    assert found(Matcher(terms), "Key Stage 3 at the school") == [("schools", "Key Stage 3"), ("schools", "school")]


def spans(matches) -> list[tuple[str, int, int]]:
    return [(m.term, m.mention.start, m.mention.end) for m in matches]


def plan_texts(bradford_path, default) -> list[str]:
    """Every activity text and outcome of the Bradford plan, and each again with its spaces made
    other runs of separators (tabs, newlines, several spaces, hyphens, curly apostrophes)."""
    from partnermap.ingest import read_plan

    plan = read_plan(bradford_path, taxonomy=default)
    texts = [t for a in plan.activities for t in (a.text, a.outcome.text if a.outcome else None) if t]
    separators = [" ", "  ", "-", " - ", "\t", "\n  ", "--", "’ ", " '"]
    return texts + [
        "".join(separators[i % len(separators)] if ch == " " else ch for i, ch in enumerate(t)) for t in texts
    ]


def test_the_automaton_finds_what_the_regex_finds(bradford_path, default):
    matchers = default.matchers.matchers
    texts = plan_texts(bradford_path, default)
    assert len(texts) > 100
    total = 0
    for matcher in matchers:
        for text in texts:
            expected = list(matcher._regex_spans(text))
            assert spans(matcher.find(text, "text")) == expected, text
            total += len(expected)
    assert total > len(texts)  # the plan mentions sectors, audiences, areas and concepts often


def test_a_matcher_set_gives_each_matcher_its_own_results(bradford_path, default):
    matchers = default.matchers
    assert isinstance(matchers, MatcherSet)
    for text in [*plan_texts(bradford_path, default), "", None]:
        each = matchers.find_each("outcome", text)
        assert [spans(found) for found in each] == [spans(m.find(text, "outcome")) for m in matchers.matchers]
        assert all(
            m.mention.field == "outcome" and m.mention.phrase == text[m.mention.start : m.mention.end]
            for found in each
            for m in found
        )


def test_texts_matched_together_give_what_each_gives_alone(bradford_path, default, monkeypatch):
    from partnermap.reference import taxonomy

    matchers = default.matchers
    texts = plan_texts(bradford_path, default)
    # context rules next to the joins, a text holding the join character, one whose lower case
    # changes its length (that batch goes text by text), nothing at all
    texts[3:3] = ["Prevent", "schools", "", None, "police\x00schools", "İstanbul police", "\x00"]
    texts.append("Bradford Council for Mosques")
    monkeypatch.setattr(taxonomy, "_BATCH_CHARS", 500)  # many batches, joins at every kind of text
    together = list(matchers.spans_of_each(texts))
    assert [[list(spans) for spans in each] for each in together] == [matchers.spans_of(t) for t in texts]
    assert sum(bool(spans) for each in together for spans in each) > len(texts) // 2


def test_a_key_never_reaches_across_the_join(default):
    # "police" ends one text and "officers" starts the next: "police officers" is not found
    (first, second) = default.matchers.spans_of_each(["work with the police", "officers said"])
    audiences = default.matchers.matchers[1]
    assert audiences is default.audience_matcher
    assert not first[1] and not second[1]
    assert [term for term, *_ in default.matchers.spans_of("work with the police officers said")[1]]


# --- the default taxonomy -------------------------------------------------------------------------


def test_default_has_the_specified_sectors_and_no_framework_of_its_own(default):
    """The Prevent toolkit areas moved to data/frameworks/prevent.yaml: the default taxonomy judges no plan."""
    assert [s.id for s in default.sectors] == SECTOR_IDS
    assert default.framework_areas == []
    audience_sectors = {a.id: a.sectors for a in default.audiences}
    assert audience_sectors["madrassa_teachers"] == ("faith",)
    assert audience_sectors["teachers"] == ("schools",)
    assert audience_sectors["pupils"] == ("schools",)


@pytest.mark.parametrize(
    "text, sector, expected",
    [
        ("students", "higher_education", False),
        ("university students", "higher_education", True),
        ("children at risk", "early_years", False),
        ("nursery staff", "early_years", True),
        ("Review arrangements for use of Council facilities", "local_authority", True),
        ("Bradford Council for Mosques", "local_authority", False),
        ("Bradford Council for Mosques", "faith", True),
        ("health and safety standards", "health", False),
        ("increased support to mental health sector", "health", True),
        ("madrassa teachers", "faith", True),
        ("madrassa teachers", "schools", False),
        ("a school's pupils", "schools", True),
    ],
)
def test_default_sector_context(default, text, sector, expected):
    assert (sector in sectors_in(default, text)) is expected


def test_default_audiences(default):
    audiences = {
        term
        for term, _ in found(
            default.audience_matcher, "Empowering mothers; madrassa teachers and students; frontline staff"
        )
    }
    assert {"parents_carers", "madrassa_teachers", "students", "frontline_staff"} <= audiences
    assert "teachers" not in audiences  # "madrassa teachers" is the longer phrase


# --- loading and validation -----------------------------------------------------------------------

GOOD = """\
name: custom
sectors:
  - id: schools
    name: Schools
    phrases: [school]
audiences:
  - id: pupils
    sectors: [schools]
    phrases: [pupil]
concepts:
  - id: resilience
    phrases: [resilience]
framework_areas:
  - id: training
    name: Training
    phrases:
      - phrase: WRAP
        match_case: true
"""


def write(tmp_path, text: str, name: str = "taxonomy.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_custom_file_loads(tmp_path):
    taxonomy = load_taxonomy(write(tmp_path, GOOD))
    assert taxonomy.name == "custom"
    assert [t.id for t in taxonomy.sectors] == ["schools"]
    assert taxonomy.audiences[0].sectors == ("schools",)
    assert taxonomy.concepts[0].name == "resilience"  # name defaults to the id
    assert taxonomy.framework_areas[0].phrases == (Phrase("WRAP", match_case=True),)
    assert taxonomy.audiences[0].line == line_of(GOOD, "id: pupils")


@pytest.mark.parametrize(
    "change, needle, message",
    [
        (("    name: Schools\n", "    name: Schools\n    colour: red\n"), "colour", "unknown key 'colour'"),
        (("  - id: pupils\n", "  - id: schools\n    phrases: [x]\n  - id: pupils\n"), None, None),
        (("    sectors: [schools]", "    sectors: [schools, nowhere]"), "nowhere", "unknown sector 'nowhere'"),
        (("    phrases: [resilience]", "    phrases: []"), "phrases: []", "must not be empty"),
        (
            ("    phrases: [pupil]", "    phrases: [pupil]\n    phrases: [child]"),
            "phrases: [child]",
            "duplicate key 'phrases'",
        ),
        (("      - phrase: WRAP", "      - pattern: 'WRAP ('"), "pattern:", "bad regular expression"),
        (("        match_case: true", "        match_case: sometimes"), "match_case", "must be true or false"),
        (("  - id: resilience", "  - id: Resilience"), "id: Resilience", "lower_snake_case"),
    ],
)
def test_problems_name_their_line(tmp_path, change, needle, message):
    text = GOOD.replace(*change)
    assert text != GOOD
    taxonomy, problems = check_taxonomy(write(tmp_path, text))
    if needle is None:  # a duplicated sector id under audiences: not a problem (ids are per section)
        assert problems == []
        return
    assert [(p.line, message in p.message) for p in problems] == [(line_of(text, needle), True)]


def test_duplicate_ids_and_shared_phrases(tmp_path):
    text = GOOD.replace("    phrases: [school]\n", "    phrases: [school]\n  - id: schools\n    phrases: [schools]\n")
    _, problems = check_taxonomy(write(tmp_path, text))
    second = [i for i, line in enumerate(text.splitlines(), 1) if line == "  - id: schools"][1]
    assert [p.line for p in problems] == [second]
    assert "duplicate sector id 'schools' (first defined on line 3)" in problems[0].message
    text = GOOD.replace("    phrases: [school]\n", "    phrases: [school]\n  - id: academies\n    phrases: [schools]\n")
    _, problems = check_taxonomy(write(tmp_path, text))
    assert "phrase 'schools' of sector 'academies' is already a phrase of sector 'schools'" in problems[0].message


def test_load_raises_input_error_for_the_first_problem(tmp_path):
    path = write(tmp_path, GOOD.replace("sectors: [schools]", "sectors: [nowhere]"))
    with pytest.raises(InputError) as info:
        load_taxonomy(path)
    assert info.value.line == line_of(GOOD, "sectors: [schools]")
    assert str(info.value).startswith(f"{path}:{info.value.line}: ")


def test_not_yaml_names_the_line(tmp_path):
    path = write(tmp_path, "name: x\nsectors:\n  - id: [unclosed\n")
    with pytest.raises(InputError) as info:
        load_taxonomy(path)
    assert info.value.line is not None and info.value.source == str(path)


def test_missing_sections_are_reported(tmp_path):
    _, problems = check_taxonomy(write(tmp_path, "name: only\n"))
    assert sorted(p.message for p in problems) == sorted(
        f"the taxonomy has no {s!r} section" for s in ("sectors", "audiences", "concepts")
    )


# --- partnermap taxonomy check ---------------------------------------------------------------------


def test_check_ok_on_the_default():
    data = yaml.safe_load(default_taxonomy_path().read_text(encoding="utf-8"))
    result = CliRunner().invoke(cli, ["taxonomy", "check", str(default_taxonomy_path())])
    assert result.exit_code == 0, result.output
    counts = ", ".join(
        f"{len(data[k])} {label}"
        for k, label in [("sectors", "sectors"), ("audiences", "audiences"), ("concepts", "concepts")]
    )
    assert result.stdout == f"OK: {counts}\n"


def test_check_reports_each_problem_with_file_and_line(tmp_path):
    text = GOOD.replace("    name: Schools\n", "    name: Schools\n    colour: red\n").replace(
        "sectors: [schools]", "sectors: [nowhere]"
    )
    path = write(tmp_path, text)
    result = CliRunner().invoke(cli, ["taxonomy", "check", str(path)])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"{path}:{line_of(text, 'colour')}: unknown key 'colour' in a sector "
        "(expected one of: id, name, description, phrases, channel)",
        f"{path}:{line_of(text, 'nowhere')}: audience 'pupils' names unknown sector 'nowhere'",
    ]
    assert result.stdout == ""


def test_check_on_a_file_that_is_not_yaml(tmp_path):
    path = write(tmp_path, "name: x\nsectors: [unclosed\n")
    result = CliRunner().invoke(cli, ["taxonomy", "check", str(path)])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {path}:") and "not valid YAML" in result.stderr
