"""Organisation names: aliases, sectors, and when to split a cell."""

from __future__ import annotations

import pytest

from partnermap.errors import InputError
from partnermap.reference.directory import default_directory, load_organisations
from partnermap.reference.orgs import KnownOrganisation, OrgDirectory


@pytest.fixture(scope="module")
def directory():
    return default_directory()


def names(directory, cell):
    return [o.name for o in directory.split(cell)]


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Bradford MDC/ West Yorkshire Police", ["Bradford MDC", "West Yorkshire Police"]),
        ("Bradford Metropolitan District Council", ["Bradford MDC"]),
        ("the Bradford Metropolitan District Council.", ["Bradford MDC"]),
        ("Bradford MDC and West Yorkshire Police", ["Bradford MDC", "West Yorkshire Police"]),
        (
            "Bradford MDC & WYP; NHS England, Shipley College",
            ["Bradford MDC", "West Yorkshire Police", "NHS England", "Shipley College"],
        ),
        ("Children and Families Service", ["Children and Families Service"]),
        ("Youth Service & Community Group", ["Youth Service & Community Group"]),
        ("Bradford MDC / Bradford Council", ["Bradford MDC"]),
        ("", []),
    ],
)
def test_split_and_canonicalise(directory, cell, expected):
    assert names(directory, cell) == expected


def test_raw_text_is_kept(directory):
    assert [o.raw for o in directory.split("CBMDC / WYP")] == ["CBMDC", "WYP"]


@pytest.mark.parametrize(
    "name, sector",
    [
        ("Bradford MDC", "local_authority"),
        ("West Yorkshire Police", "police"),
        ("Leeds City Council", "local_authority"),
        ("Shipley College", "further_education"),
        ("University of Leeds", "higher_education"),
        ("HMP Leeds", "prisons"),
        ("NHS Bradford", "health"),
        ("Bradford Council for Mosques", "faith"),
        ("Home Office", None),
        ("Nobody In Particular", None),
    ],
)
def test_sector_of(directory, name, sector):
    assert directory.sector_of(name) == sector


def test_bad_directory_names_the_line(tmp_path):
    path = tmp_path / "orgs.yaml"
    path.write_text("organisations:\n  known:\n    - name: A\n      colour: red\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_organisations(path)
    assert err.value.line == 4 and "colour" in str(err.value)
    path.write_text("organisations:\n  patterns:\n    - {pattern: '(', sector: x}\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad regular expression") as err:
        load_organisations(path)
    assert err.value.line == 3


# --- people's names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "Jane Smith",
        "Mohammed Khan",
        "Chris O'Neill",
        "J. Smith",
        "Cllr Jane Smith",
        "Dr A. Patel",
        "Cllr Khan",
        "Anne-Marie McDonald",
    ],
)
def test_a_persons_name_is_a_person(directory, written):
    (org,) = directory.split(written)
    assert (org.name, org.role, org.person) == (written, "", True)
    assert directory.sector_of(org.name) is None


@pytest.mark.parametrize(
    "written",
    [
        "Safer Harbourside Partnership",
        "Bradford MDC",
        "Youth Offending Team",
        "Public Health",
        "Community Safety",
        "Early Help",
        "Victim Support",
        "Ward Councillors",
        "Prevent Lead",
        "WYP",
        "Smith",
        "Women's Aid",
        "Northshire Constabulary",
        "Shipley College",
        "Thames Valley",
        "North Yorkshire",
        "Bradford Trident",
    ],
)
def test_a_bodys_name_is_not_a_person(directory, written):
    assert [o.person for o in directory.split(written)] == [False]


def test_people_one_per_line_and_joined_by_and(directory):
    cell = "Jane Smith\nMohammed Khan\nChris O'Neill"
    assert [(o.name, o.person) for o in directory.split(cell)] == [
        ("Jane Smith", True),
        ("Mohammed Khan", True),
        ("Chris O'Neill", True),
    ]
    assert [(o.name, o.person) for o in directory.split("Jane Smith and Mohammed Khan")] == [
        ("Jane Smith", True),
        ("Mohammed Khan", True),
    ]
    assert names(directory, "Children and Families Service") == ["Children and Families Service"]  # negative


def test_a_persons_role_and_body():
    d = OrgDirectory([KnownOrganisation("West Yorkshire Police", "police", ("WYP",))])
    (org,) = d.split("Jane Smith (Head of Service)")
    assert (org.name, org.role, org.person, org.raw) == (
        "Jane Smith",
        "Head of Service",
        True,
        "Jane Smith (Head of Service)",
    )
    (org,) = d.split("Sam Patel – Cohesion Officer")
    assert (org.name, org.role, org.person) == ("Sam Patel", "Cohesion Officer", True)
    (org,) = d.split("Jill King (WYP)")  # a person of a body the directory knows: the body leads
    assert (org.name, org.role, org.person) == ("West Yorkshire Police", "Jill King", False)
    defined = d.for_plan(defined={"WBC": "Warrington Borough Council"})
    assert [(o.name, o.role, o.person) for o in defined.split("Jill King (WBC)")] == [
        ("Warrington Borough Council", "Jill King", False)
    ]


def test_a_person_is_the_plans_own_bodys_lead_when_the_plan_says_whose_it_is(directory):
    owned = directory.for_plan(owner="Bradford MDC")
    assert [(o.name, o.role, o.person, o.raw) for o in owned.split("Jane Smith\nDr A. Patel (Head of Service)")] == [
        ("Bradford MDC", "Jane Smith", False, "Jane Smith"),
        ("Bradford MDC", "Head of Service", False, "Dr A. Patel (Head of Service)"),
    ]
    assert [o.person for o in directory.split("Jane Smith")] == [True]  # negative: no owner, a person


def test_a_name_the_directory_knows_is_never_a_person():
    assert [o.person for o in OrgDirectory().split("Sharing Voices")] == [True]  # by its shape alone
    d = OrgDirectory([KnownOrganisation("Sharing Voices", "voluntary_community")])
    assert [(o.name, o.person) for o in d.split("Sharing Voices")] == [("Sharing Voices", False)]
    assert [(o.name, o.person) for o in d.split("Sharing Voices and Jane Smith")] == [
        ("Sharing Voices", False),
        ("Jane Smith", True),
    ]
