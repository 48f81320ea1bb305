"""build_graph: the shape promised by partnermap.graph.schema, on hand-made plans and on Bradford."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from partnermap.graph import schema as S
from partnermap.graph.build import build_graph
from partnermap.ingest.progress import progress_of
from partnermap.model import (
    Activity,
    Organisation,
    Outcome,
    Plan,
    Provenance,
    Theme,
    Timescale,
)
from partnermap.pipeline import build
from partnermap.reference.frameworks import choose_all, load_frameworks
from partnermap.reference.taxonomy_file import load_taxonomy


class Directory:
    """A stand-in organisation directory: exact names to sectors."""

    def __init__(self, sectors: dict[str, str]):
        self.sectors = sectors

    def sector_of(self, name: str) -> str | None:
        return self.sectors.get(name)


def make_plan(plan_id: str, rows: list[dict]) -> Plan:
    """A plan of activities from dicts (text, outcome, leads, partners, theme, line, timescale, status)."""
    themes: dict[int, Theme] = {}
    activities = []
    for n, row in enumerate(rows, start=1):
        theme = None
        if "theme" in row:
            number, name = row["theme"]
            theme = themes.setdefault(number, Theme(name, number, Provenance(f"{plan_id}.txt", line=1)))
        activities.append(
            Activity(
                id=f"{plan_id}:{n}",
                text=row["text"],
                provenance=Provenance(f"{plan_id}.txt", line=row.get("line", n + 1)),
                theme=theme,
                leads=[Organisation(o, o) for o in row.get("leads", [])],
                partners=[Organisation(o, o) for o in row.get("partners", [])],
                outcome=Outcome(row["outcome"]) if "outcome" in row else None,
                timescale=row.get("timescale"),
                status=row.get("status"),
                progress=progress_of(row.get("status")),
                lead_text="/".join(row.get("leads", [])),
            )
        )
    return Plan(
        id=plan_id,
        title=f"Plan {plan_id}",
        source=f"{plan_id}.txt",
        themes=list(themes.values()),
        activities=activities,
    )


def stub_taxonomy():
    """The default taxonomy with a two-organisation stand-in directory."""
    return replace(
        load_taxonomy(None), directory=Directory({"Bradford MDC": "local_authority", "West Yorkshire Police": "police"})
    )


@pytest.fixture(scope="module")
def taxonomy():
    return stub_taxonomy()


PLAN_A = [
    {
        "text": "Training for madrassa teachers in primary schools",
        "outcome": "Greater resilience",
        "leads": ["Bradford MDC"],
        "partners": ["West Yorkshire Police"],
        "theme": (1, "Leadership"),
        "timescale": Timescale(
            "Oct 2018",
            start=date(2018, 10, 1),
            end=date(2018, 10, 31),
            milestones=[date(2018, 10, 1), date(2018, 10, 15)],
        ),
    },
    {"text": "Prepare a communications strategy", "leads": ["Bradford MDC"], "status": "Complete"},
]
PLAN_B = [
    {
        "text": "Briefings for frontline staff",
        "outcome": "More referrals",
        "leads": ["Bradford MDC"],
        "theme": (2, "Capabilities"),
    }
]


@pytest.fixture(scope="module")
def graph(taxonomy):
    plans = [make_plan("a", PLAN_A), make_plan("b", PLAN_B)]
    return build_graph(plans, taxonomy, choices=choose_all(plans, taxonomy, "prevent"))


def edges_of(G, rel: str) -> set[tuple[str, str]]:
    return {(u, v) for u, v, k in G.edges(keys=True) if k == rel}


def test_every_node_has_its_schema_properties(graph):
    for nid, data in graph.nodes(data=True):
        label = S.label_of(nid)
        assert data["kind"] == label and data["id"] == nid and data["name"]
        assert set(data) == {*S.COMMON_NODE_PROPERTIES, *S.NODE_PROPERTIES[label]}


def test_every_edge_is_keyed_by_its_type_and_follows_the_schema(graph):
    for u, v, key, data in graph.edges(keys=True, data=True):
        assert data["type"] == key and list(data) == list(S.EDGE_PROPERTIES)  # all, in schema order
        sources, targets = S.RELATIONSHIPS[key]
        assert S.label_of(u) in sources and S.label_of(v) in targets
        assert data["source"] is not None


def test_plans_share_organisations_sectors_and_taxonomy_nodes(graph, taxonomy):
    assert graph.graph == {"plans": ["a", "b"], "taxonomy": taxonomy.name}
    mdc = S.node_id(S.ORGANISATION, "Bradford MDC")
    assert {v for _, v, k in graph.out_edges(mdc, keys=True) if k == S.LEADS} == {
        "Activity:a:1",
        "Activity:a:2",
        "Activity:b:1",
    }
    assert graph.nodes[mdc]["sector"] == "local_authority"
    assert edges_of(graph, S.IN_SECTOR) >= {
        (mdc, "Sector:local_authority"),
        ("Organisation:West Yorkshire Police", "Sector:police"),
    }
    assert ("Organisation:West Yorkshire Police", "Activity:a:1") in edges_of(graph, S.PARTNERS_IN)


def test_every_sector_and_framework_area_is_a_node_but_audiences_only_when_found(graph, taxonomy):
    kinds = {kind: {d["name"] for _, d in graph.nodes(data=True) if d["kind"] == kind} for kind in S.LABELS}
    assert kinds[S.SECTOR] == {s.name for s in taxonomy.sectors}
    # the plans are judged by Prevent (--framework prevent): its areas are nodes, another framework's are not
    assert kinds[S.FRAMEWORK_AREA] == {a.name for a in load_frameworks()["prevent"].areas}
    assert kinds[S.AUDIENCE] == {"Madrassa teachers", "Staff and practitioners"}
    assert ("Audience:madrassa_teachers", "Sector:faith") in edges_of(graph, S.IN_SECTOR)


def test_matches_carry_their_words(graph):
    edge = graph.edges["Activity:a:1", "Sector:schools", S.REACHES]
    assert (edge["field"], edge["phrase"], edge["source"], edge["line"]) == ("text", "primary schools", "a.txt", 2)
    assert PLAN_A[0]["text"][edge["start"] : edge["end"]] == "primary schools"
    about = graph.edges["Outcome:a:1", "Concept:resilience", S.ABOUT]
    assert (about["field"], about["phrase"]) == ("outcome", "resilience")
    assert ("Activity:a:2", "FrameworkArea:prevent:communications_engagement") in edges_of(graph, S.ADDRESSES)


def test_activity_properties(graph):
    first, second = graph.nodes["Activity:a:1"], graph.nodes["Activity:a:2"]
    assert (first["seq"], first["theme"], first["timescale"], first["start"], first["end"]) == (
        1,
        "1",
        "Oct 2018",
        "2018-10-01",
        "2018-10-31",
    )
    assert first["milestones"] == "2018-10-01;2018-10-15"
    assert (first["achieved"], second["achieved"]) == (False, True)  # status "Complete"
    assert (second["outcome"], second["theme"]) == (None, None)


def test_structure_edges(graph):
    part_of = edges_of(graph, S.PART_OF)
    assert {
        ("Activity:a:1", "Theme:a:1"),
        ("Theme:a:1", "Plan:a"),
        ("Activity:a:2", "Plan:a"),
        ("Activity:b:1", "Theme:b:2"),
        ("Theme:b:2", "Plan:b"),
    } == part_of
    assert ("Activity:a:1", "Outcome:a:1") in edges_of(graph, S.AIMS_FOR)
    assert "Outcome:a:2" not in graph  # no outcome written


def test_an_organisation_of_an_unknown_sector_has_none(taxonomy):
    odd = replace(taxonomy, directory=Directory({"Bradford MDC": "not_a_sector"}))
    G = build_graph([make_plan("a", PLAN_A)], odd)
    assert G.nodes["Organisation:Bradford MDC"]["sector"] is None
    assert S.IN_SECTOR not in {k for _, _, k in G.out_edges("Organisation:Bradford MDC", keys=True)}


# --- Bradford --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bradford(bradford_path):
    return build([bradford_path]).graph


def activity_with(G, words: str) -> str:
    (found,) = [n for n, d in G.nodes(data=True) if d["kind"] == S.ACTIVITY and words in d["text"]]
    return found


@pytest.mark.parametrize(
    "words, audience",
    [
        ("Engage young people to educate", "young_people"),
        ("Empowering mothers", "parents_carers"),
        ("training for parents on internet safety", "parents_carers"),
        ("training with madrassa teachers", "madrassa_teachers"),
        ("programme of WRAP for frontline staff", "frontline_staff"),
        ("Prevent report to elected members", "elected_members"),
    ],
)
def test_bradford_audiences_in_the_right_activities(bradford, bradford_path, words, audience):
    activity = activity_with(bradford, words)
    targets = {v for _, v, k in bradford.out_edges(activity, keys=True) if k == S.TARGETS}
    assert S.node_id(S.AUDIENCE, audience) in targets
    edge = bradford.edges[activity, S.node_id(S.AUDIENCE, audience), S.TARGETS]
    source_lines = bradford_path.read_text(encoding="utf-8").splitlines()
    assert words.split()[0] in source_lines[edge["line"] - 1]


def test_bradford_audiences_not_invented(bradford):
    targeted = {v for _, v, k in bradford.edges(keys=True) if k == S.TARGETS}
    assert "Audience:teachers" not in targeted  # only "madrassa teachers" appear
    assert "Audience:offenders" not in targeted


def test_an_edge_made_twice_keeps_its_first_definition(taxonomy):
    """One organisation named twice as lead (two spellings) leads once, with the words first met;
    the same organisation as partner is another edge (another type)."""
    plan = make_plan("a", [{"text": "Brief staff"}])
    plan.activities[0].leads = [Organisation("Bradford MDC", "Bradford Council"), Organisation("Bradford MDC", "BMDC")]
    plan.activities[0].partners = [Organisation("Bradford MDC", "BMDC")]
    G = build_graph([plan], taxonomy)
    found = [(key, data["phrase"]) for _, _, key, data in G.in_edges("Activity:a:1", keys=True, data=True)]
    assert found == [(S.LEADS, "Bradford Council"), (S.PARTNERS_IN, "BMDC")]


def _short_name_whole(text: str, limit: int) -> str:
    """short_name as it was: the whole text's spaces collapsed, then cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-") + "…"


def test_short_name_of_a_long_text_is_that_of_the_whole_text():
    import random

    from partnermap.graph.build import short_name

    rng = random.Random(7)
    pieces = ["a", "word", "longerword", " ", "  ", "\n", "\t ", ",", "-", ";", "é", "\u00a0", "\u2003"]
    checked = 0
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 120)))
        for limit in (1, 2, 5, 20, 80):
            assert short_name(text, limit) == _short_name_whole(text, limit), (text, limit)
            checked += len(text) > 2 * limit
    assert checked > 1000  # the shortcut for long texts was taken
    assert short_name("x" * 200, 80) == "x" * 79 + "…"  # one unbroken word is cut inside it, as before


def test_a_term_in_the_text_and_the_outcome_is_linked_once_from_where_it_comes_first(taxonomy):
    """An activity's sector, audience and area edges come from its text first, then its outcome;
    an outcome's concepts from the outcome first, then the activity's text."""
    plan = make_plan(
        "p",
        [
            {
                "text": "Resilience sessions in primary schools",
                "outcome": "Madrassa teachers in secondary schools trained; resilience grows",
            }
        ],
    )
    G = build_graph([plan], taxonomy)
    schools = G.get_edge_data("Activity:p:1", "Sector:schools")
    assert list(schools) == [S.REACHES]
    assert (schools[S.REACHES]["field"], schools[S.REACHES]["phrase"]) == ("text", "primary schools")
    teachers = G.edges["Activity:p:1", "Audience:madrassa_teachers", S.TARGETS]
    assert (teachers["field"], teachers["phrase"]) == ("outcome", "Madrassa teachers")
    assert plan.activities[0].outcome.text[teachers["start"] : teachers["end"]] == "Madrassa teachers"
    about = G.edges["Outcome:p:1", "Concept:resilience", S.ABOUT]
    assert (about["field"], about["phrase"].lower()) == ("outcome", "resilience")
    faith = G.get_edge_data("Audience:madrassa_teachers", "Sector:faith")
    assert list(faith) == [S.IN_SECTOR]  # the audience node came with its sector


def test_the_graph_is_the_one_networkx_builds_from_the_same_nodes_and_edges(bradford_path, taxonomy):
    """The builder hands networkx its own dicts (_Builder.graph): the result must be what networkx's
    add_nodes_from and add_edges_from make of the same nodes and edges in the same order."""
    import networkx as nx

    for plans in ([make_plan("a", PLAN_A), make_plan("b", PLAN_B)], build([bradford_path]).plans):
        G = build_graph(plans, taxonomy)
        H = nx.MultiDiGraph(**G.graph)
        H.add_nodes_from(G.nodes(data=True))
        H.add_edges_from(G.edges(keys=True, data=True))
        assert nx.utils.graphs_equal(G, H) and G.number_of_edges() > 0
        assert list(G.nodes(data=True)) == list(H.nodes(data=True))
        assert list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True))
        for n in G:
            assert list(G.succ[n]) == list(H.succ[n]) and set(G.pred[n]) == set(H.pred[n])
        G.add_edge("Plan:a" if "Plan:a" in G else next(iter(G)), "extra", "PART_OF")  # the views see changes
        assert G.number_of_edges() == H.number_of_edges() + 1 and "extra" in G.nodes
