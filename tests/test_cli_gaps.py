"""The gaps, coverage, partners and compare commands: every format, --fail-on exit codes, errors."""

from __future__ import annotations

import json
import textwrap
from datetime import date

import pytest
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.errors import EXIT_FAIL_ON
from partnermap.graph.gaps import KINDS
from partnermap.pipeline import build

PLAN = """\
Theme,Activity,Lead,Partners,Expected outcome,Timescale,RAG
1. Leadership,Assemblies in primary schools,Bradford MDC,West Yorkshire Police,200 pupils reached,Jan-Mar 2018,Red
1. Leadership,Briefings for frontline staff,Bradford MDC,West Yorkshire Police,Staff are aware,Ongoing,
3. Partnership,Mentoring for young people,West Yorkshire Police,Bradford MDC,Young people supported,Oct 2018,
"""
NEW = """\
Theme,Activity,Lead,Partners,Expected outcome,Timescale
1. Leadership,Assemblies in primary schools and academies,Bradford MDC,West Yorkshire Police,200 pupils,Jan-Mar 2019
2. Capabilities,Mentoring in further education colleges,West Yorkshire Police,Bradford MDC,50 students,Oct 2019
"""
OVERDUE = (
    'The timescale "Jan-Mar 2018" ended on 31 March 2018, before 1 July 2018, and its status is "Red" (off track).'
)
THEME_GAP = 'The themes of "plan" are numbered 1, 3: there is no theme 2.'


@pytest.fixture()
def run(tmp_path, monkeypatch):
    (tmp_path / "plan.csv").write_text(PLAN, encoding="utf-8")
    (tmp_path / "new.csv").write_text(NEW, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, code: int = 0) -> str:
        result = CliRunner().invoke(cli, list(args))
        assert result.exit_code == code, result.output
        return result.output

    return invoke


# the hand-made plan has no domain words: no framework judges it, and the report says so
NO_FRAMEWORK = {
    "id": None,
    "name": None,
    "basis": None,
    "applies_to": [],
    "chosen_by": "none",
    "evidence": [],
    "title_hits": 0,
    "text_hits": 0,
    "note": "No framework's words were found in the plan",
    "nation": {"name": None, "evidence": [], "hits": 0, "note": ""},
    "law_applies": None,
    "set_aside": None,
}
NONE_SAID = (
    "Framework: none (No framework's words were found in the plan): no finding depends on a framework's "
    "law or guidance."
)
GAPS = ("gaps", "plan.csv", "--as-of", "2018-07-01", "--kind", "overdue", "--kind", "theme_numbering_gap")


def test_gaps_json(run):
    assert json.loads(run(*GAPS, "--format", "json")) == {
        "as_of": "2018-07-01",
        "as_of_reason": "given",
        "period_end": "2018-10-31",
        "plans": [{"id": "plan", "title": "plan", "source": "plan.csv", "activities": 3, "framework": NO_FRAMEWORK}],
        "framework": NO_FRAMEWORK,
        "gaps": [
            {
                "kind": "overdue",
                "subject": "Activity:plan:1",
                "label": "Assemblies in primary schools",
                "severity": "high",
                "detail": OVERDUE,
                "evidence": [{"activity": "Activity:plan:1", "source": "plan.csv", "line": 2}],
            },
            {
                "kind": "theme_numbering_gap",
                "subject": "2",
                "label": "Theme 2",
                "severity": "low",
                "detail": THEME_GAP,
                "evidence": [
                    {"activity": None, "source": "plan.csv", "line": 2},
                    {"activity": None, "source": "plan.csv", "line": 4},
                ],
            },
        ],
    }


def test_gaps_csv(run):
    assert run(*GAPS, "--format", "csv") == (
        "severity,kind,subject,label,detail,activities,locations\n"
        f'high,overdue,Activity:plan:1,Assemblies in primary schools,"{OVERDUE.replace(chr(34), 2 * chr(34))}",'
        "Activity:plan:1,plan.csv:2\n"
        f'low,theme_numbering_gap,2,Theme 2,"{THEME_GAP.replace(chr(34), 2 * chr(34))}",,plan.csv:2; plan.csv:4\n'
    )


def test_gaps_markdown(run):
    assert run(*GAPS, "--format", "markdown") == (
        "# Gap report\n\n"
        "As of 1 July 2018. 1 plan: plan (3 activities).\n\n"
        f"{NONE_SAID}\n\n"
        "2 gaps: 1 high, 0 medium, 1 low.\n\n"
        "## High (1)\n\n"
        "| Gap | Subject | Finding | Where |\n| --- | --- | --- | --- |\n"
        f"| Overdue | Assemblies in primary schools | {OVERDUE} | line 2 |\n\n"
        "## Low (1)\n\n"
        "| Gap | Subject | Finding | Where |\n| --- | --- | --- | --- |\n"
        f"| Theme numbering gap | Theme 2 | {THEME_GAP} | lines 2, 4 |\n"
    )


def test_gaps_table(run):
    lines = [line.rstrip() for line in run(*GAPS).splitlines()]
    assert lines == [
        "As of 1 July 2018. 1 plan: plan (3 activities).",
        *textwrap.wrap(NONE_SAID, 80),
        "2 gaps: 1 high, 0 medium, 1 low.",
        "",
        "HIGH (1)",
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━┓",
        "┃ Gap                              ┃ Finding                          ┃ Where  ┃",
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━┩",
        '│ Overdue: Assemblies in primary   │ The timescale "Jan-Mar 2018"     │ line 2 │',
        "│ schools                          │ ended on 31 March 2018, before 1 │        │",
        "│                                  │ July 2018, and its status is     │        │",
        '│                                  │ "Red" (off track).               │        │',
        "└──────────────────────────────────┴──────────────────────────────────┴────────┘",
        "",
        "LOW (1)",
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┓",
        "┃ Gap                          ┃ Finding                          ┃ Where      ┃",
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━┩",
        '│ Theme numbering gap: Theme 2 │ The themes of "plan" are         │ lines 2, 4 │',
        "│                              │ numbered 1, 3: there is no theme │            │",
        "│                              │ 2.                               │            │",
        "└──────────────────────────────┴──────────────────────────────────┴────────────┘",
    ]


def test_every_kind_fits_80_columns_and_no_gaps_is_said(run):
    assert max(len(line) for line in run("gaps", "plan.csv", "--as-of", "2018-07-01").splitlines()) <= 80
    assert run("gaps", "plan.csv", "--as-of", "2017-01-01", "--kind", "overdue") == (
        "As of 1 January 2017. 1 plan: plan (3 activities).\n"
        + "\n".join(textwrap.wrap(NONE_SAID, 80))
        + "\n0 gaps: 0 high, 0 medium, 0 low.\n"
    )


def test_as_of_defaults_to_the_plans_end_once_its_period_is_over(run, tmp_path):
    """The plan's last timescale ends in October 2018: read today, it is reported as of then, and says so."""
    report = json.loads(run("gaps", "plan.csv", "--kind", "overdue", "--format", "json"))
    assert (report["as_of"], report["as_of_reason"], report["period_end"]) == ("2018-10-31", "plan_end", "2018-10-31")
    assert run("gaps", "plan.csv", "--kind", "overdue").splitlines()[0] == (
        "The plan’s period ended on 31 October 2018 (the last date its timescales give); findings are as of that "
        "date unless --as-of is given."
    )
    assert "period ended" not in run("gaps", "plan.csv", "--kind", "overdue", "--as-of", "2018-07-01")
    future = date.today().year + 2
    (tmp_path / "future.csv").write_text(f"Activity,Lead,Timescale\nTrain staff,Council,March {future}\n")
    report = json.loads(run("gaps", "future.csv", "--kind", "overdue", "--format", "json"))
    assert (report["as_of"], report["as_of_reason"]) == (date.today().isoformat(), "today")


@pytest.mark.parametrize(
    "kinds, fail_on, code",
    [
        (["overdue"], "high", EXIT_FAIL_ON),
        (["open_ended_timescale"], "high", 0),
        (["open_ended_timescale"], "medium", 0),
        (["open_ended_timescale"], "low", EXIT_FAIL_ON),
        (["lead_concentration"], "high", 0),  # 67%: medium
        (["lead_concentration"], "medium", EXIT_FAIL_ON),
        ([], "high", EXIT_FAIL_ON),
    ],
)
def test_fail_on_exit_codes(run, kinds, fail_on, code):
    args = [arg for kind in kinds for arg in ("--kind", kind)]
    run("gaps", "plan.csv", "--as-of", "2018-07-01", *args, "--fail-on", fail_on, "--format", "json", code=code)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--kind", "nope"], "'nope' is not a gap kind"),
        (["--as-of", "07/31/2018"], "Invalid value for '--as-of'"),
        (["--fail-on", "urgent"], "Invalid value for '--fail-on'"),
        (["--plan", "plan"], "--plan applies to --source neo4j only"),
        (["--uri", "bolt://db:7687"], "apply to --source neo4j only"),
        (["--source", "neo4j"], "with --source neo4j name plans with --plan ID, not files"),
    ],
)
def test_usage_errors(run, args, message):
    assert message in run("gaps", "plan.csv", *args, code=2)


def test_no_plan_is_a_usage_error(run):
    assert "Missing argument" in run("gaps", code=2)


def test_help_lists_every_kind(run):
    text = " ".join(run("gaps", "--help").split())
    assert all(kind in text for kind in KINDS)


def test_neo4j_source_reports_the_same(run, monkeypatch):
    """--source neo4j reads the stored graph (here a stand-in returning the built graph) and reports alike."""
    import partnermap.cypher.connect as connect
    import partnermap.cypher.store as store

    asked = []
    monkeypatch.setattr(connect, "resolve_settings", lambda *given: ("settings", *given))
    monkeypatch.setattr(
        store, "read_graph", lambda settings, plans: asked.append((settings, plans)) or build(["plan.csv"]).graph
    )
    from_file = run("gaps", "plan.csv", "--as-of", "2018-07-01", "--format", "json")
    stored = run("gaps", "--source", "neo4j", "--plan", "plan", "--as-of", "2018-07-01", "--format", "json")
    assert stored == from_file
    assert asked == [(("settings", None, None, None, None), ["plan"])]
    run(
        "gaps",
        "--source",
        "neo4j",
        "--uri",
        "bolt://db:7687",
        "--user",
        "u",
        "--password",
        "p",
        "--database",
        "d",
        "--format",
        "json",
    )
    assert asked[-1] == (("settings", "bolt://db:7687", "u", "p", "d"), None)


def test_coverage_formats(run):
    assert run("coverage", "plan.csv", "--format", "csv").splitlines()[:2] == [
        "sector,name,1,3,total",
        "armed_forces,Armed forces,0,0,0",
    ]
    csv_rows = {line.split(",")[0]: line for line in run("coverage", "plan.csv", "--format", "csv").splitlines()}
    assert csv_rows["schools"] == "schools,Schools,1,0,1"
    assert csv_rows[""] == ",All activities,2,1,3"
    data = json.loads(run("coverage", "plan.csv", "--format", "json"))
    assert [t["column"] for t in data["themes"]] == ["1", "3"]
    assert {"sector": "schools", "theme": "3"} in data["empty_cells"]
    table = run("coverage", "plan.csv")
    (schools,) = [line for line in table.splitlines() if line.startswith("│ Schools ")]
    assert schools.endswith("│ 1 │ - │ 1     │")
    # 23 sectors x 2 themes, less schools' and the police's and the council's cells the plan fills
    assert table.endswith("Themes: 1 = Leadership; 3 = Partnership.\n41 empty cells (-).\n")


def test_partners_formats(run):
    assert run("partners", "plan.csv", "--format", "csv") == (
        "organisation,sector,led,partnered,degree,betweenness\n"
        "Bradford MDC,local_authority,2,1,1,0\nWest Yorkshire Police,police,1,2,1,0\n"
    )
    assert json.loads(run("partners", "plan.csv", "--format", "json"))[0] == {
        "organisation": "Bradford MDC",
        "sector": "local_authority",
        "led": 2,
        "partnered": 1,
        "degree": 1,
        "betweenness": 0.0,
    }
    assert "Betweenness" in run("partners", "plan.csv")


def test_compare_formats(run):
    assert run("compare", "plan.csv", "new.csv", "--format", "csv").splitlines() == [
        "status,old_activity,old_text,old_timescale,old_source,old_line,new_activity,new_text,new_timescale,"
        "new_source,new_line,similarity,changes",
        "changed,Activity:plan:1,Assemblies in primary schools,Jan-Mar 2018,plan.csv,2,Activity:new:1,"
        "Assemblies in primary schools and academies,Jan-Mar 2019,new.csv,2,80.6,"
        "timescale: Jan-Mar 2018 -> Jan-Mar 2019; status: Red -> -; outcome: 200 pupils reached -> 200 pupils",
        "dropped,Activity:plan:2,Briefings for frontline staff,Ongoing,plan.csv,3,,,,,,,",
        "dropped,Activity:plan:3,Mentoring for young people,Oct 2018,plan.csv,4,,,,,,,",
        "added,,,,,,Activity:new:2,Mentoring in further education colleges,Oct 2019,new.csv,3,,",
        "sector_gained,,,,,,,Further education,,,,,",
    ]
    data = json.loads(run("compare", "plan.csv", "new.csv", "--format", "json"))
    assert (data["old_plans"], data["new_plans"]) == (["plan"], ["new"])
    assert [len(data[k]) for k in ("carried_over", "dropped", "added")] == [1, 2, 1]
    table = run("compare", "plan.csv", "new.csv")
    assert table.splitlines()[:5] == [
        "plan -> new: 1 changed, 2 dropped, 1 added, 0 carried over unchanged.",
        "Sectors gained: Further education.",
        "Sectors lost: none.",
        "Organisations gained: none.",
        "Organisations lost: none.",
    ]
    changed = data["changed"][0]["changes"]
    assert changed["timescale"] == {"before": "Jan-Mar 2018", "after": "Jan-Mar 2019"}
    assert "lead" not in changed and "partners" not in changed
    only = run("compare", "plan.csv", "plan.csv", "--changes-only", "--format", "csv").splitlines()
    assert only == [only[0]]  # a plan against itself: nothing changed, the unchanged left out
    assert (
        len(json.loads(run("compare", "plan.csv", "new.csv", "--threshold", "90", "--format", "json"))["carried_over"])
        == 0
    )


def test_bradford_gaps_from_the_command_line(bradford_path):
    result = CliRunner().invoke(
        cli, ["gaps", str(bradford_path), "--as-of", "2018-07-01", "--format", "json", "--fail-on", "high"]
    )
    assert result.exit_code == EXIT_FAIL_ON
    report = json.loads(result.output)
    assert report["plans"][0]["activities"] == 34
    kinds = {(g["kind"], g["subject"]) for g in report["gaps"]}
    assert {
        ("theme_numbering_gap", "3"),
        ("lead_concentration", "Bradford MDC"),
        ("statutory_partner_missing", "early_years"),
        ("sector_without_engagement", "business"),
    } <= kinds
    assert (report["framework"]["id"], report["framework"]["chosen_by"]) == ("prevent", "title")
    markdown = CliRunner().invoke(cli, ["gaps", str(bradford_path), "--as-of", "2018-07-01", "--format", "markdown"])
    assert markdown.exit_code == 0 and markdown.output.startswith("# Gap report\n")


@pytest.mark.neo4j
def test_the_graph_stored_in_neo4j_gives_the_same_report(neo4j_settings, bradford_path):
    from partnermap.cypher.connect import open_driver
    from partnermap.cypher.store import load_graph

    path = str(bradford_path)
    driver = open_driver(neo4j_settings)
    try:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        load_graph(driver, build([path]).graph)
    finally:
        driver.close()
    env = {
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USERNAME": neo4j_settings.user,
        "NEO4J_PASSWORD": neo4j_settings.password,
        "NEO4J_DATABASE": "",
    }
    args = ["--as-of", "2018-07-01", "--format", "json"]
    stored = CliRunner(env=env).invoke(cli, ["gaps", "--source", "neo4j", *args])
    from_file = CliRunner().invoke(cli, ["gaps", path, *args])
    assert stored.exit_code == 0, stored.output
    assert stored.output == from_file.output
    assert len(json.loads(stored.output)["gaps"]) > 40
