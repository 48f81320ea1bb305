"""sector_without_engagement and sector_not_delivering; sector_activities agrees with sector_engagement."""

from __future__ import annotations

from dataclasses import replace

from partnermap.graph.engagement import sector_engagement
from partnermap.graph.gaps.sector import sector_activities, sector_not_delivering, sector_without_engagement
from tests.graph.gaps import _TAXONOMY, graph_of, subjects
from tests.graph.test_build import Directory

ROWS = [
    {"text": "Assemblies in primary schools", "leads": ["Bradford MDC"], "partners": ["West Yorkshire Police"]},
    {"text": "Briefings for madrassa teachers", "leads": ["Bradford MDC"], "line": 9},
]


def test_sectors_nobody_reaches_or_delivers():
    gaps = sector_without_engagement(graph_of(("a", ROWS)))
    engaged = {"schools", "faith", "local_authority", "police"}  # madrassa teachers are a faith audience
    assert subjects(gaps) == sorted(s.id for s in _TAXONOMY.sectors if s.id not in engaged)
    early = next(g for g in gaps if g.subject == "early_years")
    # the hand-made plan has no domain words: no framework, so no law expects any sector (low)
    assert (early.severity, early.label, early.evidence) == ("low", "Early years", [])
    assert early.detail == (
        "No activity reaches the Early years sector and no organisation from it leads or "
        "partners one. No framework judges the plan, so no law or guidance expects the sector."
    )


def test_sectors_reached_but_not_delivering_cite_the_activities():
    gaps = sector_not_delivering(graph_of(("a", ROWS)))
    assert subjects(gaps) == ["faith", "schools"]
    faith = gaps[0]
    assert faith.severity == "medium"
    assert faith.evidence == [{"activity": "Activity:a:2", "source": "a.txt", "line": 9}]
    assert faith.detail == (
        "1 activity reaches the Faith institutions sector, but no organisation from it leads or partners any."
    )


def test_an_organisation_of_the_sector_delivering_closes_the_gap():
    taxonomy = replace(_TAXONOMY, directory=Directory({"Shipley Academy": "schools"}))
    G = graph_of(("a", [{**ROWS[0], "partners": ["Shipley Academy"]}]), taxonomy=taxonomy)
    assert "schools" not in subjects(sector_not_delivering(G))
    # delivering alone (no activity naming a school) is engagement too
    G = graph_of(("a", [{"text": "Staff briefings", "leads": ["Shipley Academy"]}]), taxonomy=taxonomy)
    assert "schools" not in subjects(sector_without_engagement(G))


def test_sector_activities_match_sector_engagement():
    G = graph_of(("a", ROWS), ("b", [{"text": "Training for parents and pupils", "leads": ["West Yorkshire Police"]}]))
    fast = sector_activities(G)
    for sector, found in sector_engagement(G).items():
        assert fast[sector].reached == {e.activity for e in found.reached}
        assert fast[sector].delivering == {e.activity for e in found.delivering}


def test_the_early_stopping_sector_sets_are_empty_exactly_where_the_full_ones_are():
    from partnermap.graph.build import build_graph
    from partnermap.graph.gaps.sector import sector_engaged
    from partnermap.graph.query import evidence
    from partnermap.pipeline import load_taxonomy
    from partnermap.synthetic import synthetic_plan

    taxonomy = load_taxonomy(None)
    G = build_graph([synthetic_plan(300, seed=2, plan_id="s")], taxonomy)
    sparse = build_graph([synthetic_plan(12, seed=3, plan_id="t")], taxonomy)  # sectors left out, some not delivering
    seen = set()
    for graph in (G, sparse):
        full, early = sector_activities(graph), sector_engaged(graph)
        assert full.keys() == early.keys()
        for sector, (found, nid) in early.items():
            assert graph.nodes[nid]["kind"] == "Sector"
            assert found.name == full[sector].name and found.channel == full[sector].channel
            assert bool(found.reached) == bool(full[sector].reached)
            assert bool(found.delivering) == bool(full[sector].delivering)
            assert found.reached <= full[sector].reached and found.delivering <= full[sector].delivering
            seen.add((bool(found.reached), bool(found.delivering)))
        # the finders give what the full sets give: an unengaged sector is a sector finding or, where
        # the plan's framework requires it, a statutory one (none where out of its scope)
        from partnermap.graph.gaps.law import framework_groups
        from partnermap.graph.gaps.statutory import statutory_partner_missing

        (group,) = framework_groups(graph)
        statutory = {g.subject for g in statutory_partner_missing(graph)}
        assert sorted(g.subject for g in sector_without_engagement(graph)) == sorted(
            s
            for s, f in full.items()
            if not f.reached and not f.delivering and s not in statutory and s not in group.out_of_scope
        )
        assert statutory == {s for s in group.partners("required") if s in full and not full[s].delivering}
        for gap in sector_not_delivering(graph):
            assert gap.evidence == evidence(graph, full[gap.subject].reached)
    assert {(True, True), (False, False)} <= seen
