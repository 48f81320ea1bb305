"""partnermap frameworks list/show, and --framework on the commands that judge."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.errors import EXIT_INPUT
from partnermap.reference.frameworks import load_frameworks

PLAN = (
    "Community Safety Partnership Plan 2024\nAction,Lead,Outcome,Timescale\n"
    '"Reduce antisocial behaviour in the town centre",Doncaster MBC,Fewer reports,March 2025\n'
    '"Joint patrols",South Yorkshire Police,Patrols held,March 2025\n'
)


def invoke(*args, **kwargs):
    return CliRunner().invoke(cli, list(args), terminal_width=200, **kwargs)


@pytest.fixture()
def plan(tmp_path):
    path = tmp_path / "csp.csv"
    path.write_text(PLAN, encoding="utf-8")
    return str(path)


def test_list_names_every_framework_with_its_basis():
    frameworks = load_frameworks()
    data = json.loads(invoke("frameworks", "list", "--format", "json").stdout)
    assert [row["id"] for row in data] == list(frameworks)
    assert all(row["basis"] == frameworks[row["id"]].basis for row in data)
    table = invoke("frameworks", "list").stdout
    assert all(framework_id in table for framework_id in frameworks) and "Statutory partners" in table
    assert "no statutory partnership" in table  # hate crime says so


def test_show_gives_the_partners_with_their_provisions_the_areas_and_the_sources():
    framework = load_frameworks()["community_safety"]
    result = invoke("frameworks", "show", "community_safety")
    assert result.exit_code == 0, result.output
    for partner in framework.required:
        assert partner.provision in result.stdout
    assert all(area.name in result.stdout for area in framework.areas)
    assert all(c.url in result.stdout for c in framework.legal_basis)
    data = json.loads(invoke("frameworks", "show", "community_safety", "--format", "json").stdout)
    assert [p["provision"] for p in data["statutory_partners"]["required"]] == [p.provision for p in framework.required]


def test_show_lists_every_sector_that_can_fill_a_seat():
    """The Domestic Abuse Act 2021, s.58(2) health care seat: an NHS provider or an integrated care board."""
    text = invoke("frameworks", "show", "domestic_abuse").stdout
    assert "  required health or nhs_commissioner (any one fills the seat): " in text
    assert "  required voluntary_community: " in text  # the negative case: a seat of one sector reads as before
    data = json.loads(invoke("frameworks", "show", "domestic_abuse", "--format", "json").stdout)
    seats = {json.dumps(p["sector"]): p for p in data["statutory_partners"]["required"]}
    assert seats['["health", "nhs_commissioner"]']["seat"].startswith("organisation providing health care")
    listed = json.loads(invoke("frameworks", "list", "--format", "json").stdout)
    (row,) = [r for r in listed if r["id"] == "domestic_abuse"]
    assert ["health", "nhs_commissioner"] in row["required"] and "local_authority" in row["required"]


def test_show_an_unknown_framework_is_a_usage_error():
    result = invoke("frameworks", "show", "astrology")
    assert result.exit_code == 2 and "'astrology' is not a framework" in result.stderr


def test_gaps_says_which_framework_and_the_option_overrides_it(plan):
    report = json.loads(invoke("gaps", plan, "--as-of", "2024-07-01", "--format", "json").stdout)
    assert (report["framework"]["id"], report["framework"]["chosen_by"]) == ("community_safety", "title")
    assert report["framework"]["evidence"][0]["field"] == "title"
    assert "statutory_partner_missing" in {g["kind"] for g in report["gaps"]}
    table = invoke("gaps", plan, "--as-of", "2024-07-01").stdout
    assert "Framework: Community safety partnership (Crime and Disorder Act 1998" in table.replace("\n", " ")
    # --framework none: no framework findings at all, and the report says so
    none = json.loads(invoke("gaps", plan, "--as-of", "2024-07-01", "--format", "json", "--framework", "none").stdout)
    assert (none["framework"]["id"], none["framework"]["chosen_by"]) == (None, "option")
    assert not {g["kind"] for g in none["gaps"]} & {"statutory_partner_missing", "framework_area_without_activity"}
    assert "Framework: none (--framework none was given)" in invoke(
        "gaps", plan, "--as-of", "2024-07-01", "--framework", "none"
    ).stdout.replace("\n", " ")
    prevent = json.loads(invoke("gaps", plan, "--format", "json", "--framework", "prevent").stdout)
    assert prevent["framework"]["id"] == "prevent"


def test_an_unknown_framework_is_refused_in_one_line(plan):
    result = invoke("gaps", plan, "--framework", "astrology")
    assert result.exit_code == EXIT_INPUT and "unknown framework 'astrology'" in result.stderr
    assert "Traceback" not in result.output
    assert invoke("gaps", plan, "--framework", "Not An Id").exit_code == 2


@pytest.mark.parametrize("command", [["summary"], ["inspect"]])
def test_summary_and_inspect_say_which_framework(plan, command):
    text = invoke(*command, plan).stdout
    assert "Framework: Community safety partnership" in text
    data = json.loads(invoke(*command, plan, "--format", "json").stdout)
    framework = data["plans"][0]["framework"] if command == ["summary"] else data["framework"]
    assert (framework["id"], framework["chosen_by"]) == ("community_safety", "title")
    forced = json.loads(invoke(*command, plan, "--format", "json", "--framework", "hate_crime").stdout)
    framework = forced["plans"][0]["framework"] if command == ["summary"] else forced["framework"]
    assert (framework["id"], framework["chosen_by"]) == ("hate_crime", "option")


@pytest.mark.parametrize("command", ["coverage", "map", "report", "load", "summary", "inspect", "gaps"])
def test_every_judging_command_has_the_option(command):
    assert "--framework" in invoke(command, "--help").stdout


def test_the_map_and_the_paper_say_which_framework(plan, tmp_path):
    page = tmp_path / "map.html"
    assert invoke("map", plan, "-o", str(page)).exit_code == 0
    assert "Framework: Community safety partnership" in page.read_text(encoding="utf-8")
    paper = tmp_path / "paper.html"
    assert invoke("report", plan, "-o", str(paper), "--framework", "none").exit_code == 0
    assert "Framework: none (--framework none was given)" in paper.read_text(encoding="utf-8")
