"""sector_engagement: reached vs delivering with provenance, from the graph alone, deterministic."""

from __future__ import annotations

import json
import textwrap

import pytest

from partnermap.graph.build import build_graph
from partnermap.graph.engagement import sector_engagement
from partnermap.graph.export import from_node_link, node_link
from partnermap.pipeline import build
from tests.graph.test_build import PLAN_A, PLAN_B, make_plan, stub_taxonomy

ENGAGED = ["schools", "health", "social_care", "faith", "voluntary_community", "police", "local_authority"]
NOT_ENGAGED = ["early_years", "further_education", "higher_education", "prisons", "probation"]


@pytest.fixture(scope="module")
def bradford(bradford_path):
    return build([bradford_path])


@pytest.fixture(scope="module")
def source_lines(bradford_path):
    return bradford_path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def engagement(bradford):
    return sector_engagement(bradford.graph)


@pytest.mark.parametrize("sector", ENGAGED)
def test_bradford_engaged_with_provenance(engagement, bradford, bradford_path, source_lines, sector):
    found = engagement[sector]
    assert found.engaged
    for evidence in [*found.reached, *found.delivering]:
        activity = bradford.graph.nodes[evidence.activity]
        assert (evidence.source, evidence.line) == (str(bradford_path), activity["line"])
        if evidence in found.reached:  # the matched words are in the activity's source lines
            written = " ".join(source_lines[evidence.line - 1 : (activity["line_end"] or evidence.line)])
            assert " ".join(evidence.via.split()).lower() in " ".join(written.split()).lower()


@pytest.mark.parametrize("sector", NOT_ENGAGED)
def test_bradford_not_engaged(engagement, sector):
    assert not engagement[sector].engaged
    assert engagement[sector].reached == engagement[sector].delivering == []


def test_bradford_health_is_the_mental_health_sector_activity(engagement, bradford):
    activities = {e.activity for e in engagement["health"].reached}
    texts = {bradford.graph.nodes[a]["text"] for a in activities}
    assert texts == {
        "Increased support to mental health sector to recognise and respond to issue of "
        "radicalisation and hate narratives"
    }
    assert "mental health sector" in {e.via for e in engagement["health"].reached}


def test_bradford_police_delivers_and_the_council_reaches(engagement, source_lines):
    police = engagement["police"]
    assert police.delivering and {e.relation for e in police.delivering} <= {"LEADS", "PARTNERS_IN"}
    assert all("West Yorkshire Police" in source_lines[e.line - 1] for e in police.delivering)
    council = engagement["local_authority"]
    assert "Council facilities" in {e.via for e in council.reached}
    assert council.delivering  # Bradford MDC leads everything


def test_bradford_faith_names_madrassa_and_mosques(engagement):
    vias = {e.via.lower() for e in engagement["faith"].reached}
    assert {"madrassa teachers", "mosques"} <= vias


def test_reached_and_delivering_are_kept_apart(engagement):
    for found in engagement.values():
        assert {e.relation for e in found.reached} <= {"REACHES", "TARGETS"}
        assert {e.relation for e in found.delivering} <= {"LEADS", "PARTNERS_IN"}


def test_computed_from_the_graph_alone_and_in_activity_order():
    G = build_graph([make_plan("a", PLAN_A), make_plan("b", PLAN_B)], stub_taxonomy())
    expected = {k: v.as_dict() for k, v in sector_engagement(G).items()}
    # the same graph rebuilt in reverse insertion order, through JSON (no taxonomy object at all)
    data = json.loads(json.dumps(node_link(G)))
    data["nodes"].reverse()
    data["edges"].reverse()
    H = from_node_link(data)
    assert {k: v.as_dict() for k, v in sector_engagement(H).items()} == expected
    delivering = [e.activity for e in sector_engagement(H)["local_authority"].delivering]
    assert delivering == ["Activity:a:1", "Activity:a:2", "Activity:b:1"]


def test_a_custom_taxonomy_changes_the_results(tmp_path, bradford_path):
    custom = tmp_path / "custom.yaml"
    custom.write_text(
        textwrap.dedent("""\
        name: custom
        sectors:
          - id: early_years
            name: Early years
            phrases: [children]
          - id: faith
            name: Faith
            phrases: [church]
        audiences:
          - id: mothers
            name: Mothers
            sectors: [early_years]
            phrases: [mother]
        concepts:
          - id: resilience
            phrases: [resilience]
        framework_areas:
          - id: channel
            phrases: [Channel]
        """),
        encoding="utf-8",
    )
    built = build([bradford_path], {"taxonomy": custom})
    found = sector_engagement(built.graph)
    assert sorted(found) == ["early_years", "faith"]
    assert found["early_years"].engaged and not found["faith"].engaged  # Bradford names no church
    assert "mothers" in {e.via for e in found["early_years"].reached}
    assert built.graph.graph["taxonomy"] == "custom"
