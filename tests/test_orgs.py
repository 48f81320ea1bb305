"""Organisation names: aliases, sectors, and when to split a cell."""

from __future__ import annotations

import pytest

from partnermap.errors import InputError
from partnermap.reference.directory import load_organisations
from partnermap.reference.directory import default_directory
from partnermap.reference.orgs import OrgDirectory


@pytest.fixture(scope="module")
def directory():
    return default_directory()


def names(directory, cell):
    return [o.name for o in directory.split(cell)]


@pytest.mark.parametrize("cell, expected", [
    ("Bradford MDC/ West Yorkshire Police", ["Bradford MDC", "West Yorkshire Police"]),
    ("Bradford Metropolitan District Council", ["Bradford MDC"]),
    ("the Bradford Metropolitan District Council.", ["Bradford MDC"]),
    ("Bradford MDC and West Yorkshire Police", ["Bradford MDC", "West Yorkshire Police"]),
    ("Bradford MDC & WYP; NHS England, Shipley College", ["Bradford MDC", "West Yorkshire Police", "NHS England",
                                                          "Shipley College"]),
    ("Children and Families Service", ["Children and Families Service"]),
    ("Youth Service & Community Group", ["Youth Service & Community Group"]),
    ("Bradford MDC / Bradford Council", ["Bradford MDC"]),
    ("", []),
])
def test_split_and_canonicalise(directory, cell, expected):
    assert names(directory, cell) == expected


def test_raw_text_is_kept(directory):
    assert [o.raw for o in directory.split("CBMDC / WYP")] == ["CBMDC", "WYP"]


@pytest.mark.parametrize("name, sector", [
    ("Bradford MDC", "local_authority"), ("West Yorkshire Police", "police"), ("Leeds City Council", "local_authority"),
    ("Shipley College", "further_education"), ("University of Leeds", "higher_education"),
    ("HMP Leeds", "prisons"), ("NHS Bradford", "health"), ("Bradford Council for Mosques", "faith"),
    ("Home Office", None), ("Nobody In Particular", None),
])
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
