"""theme_numbering_gap (subject = the missing number) and theme_without_activity, from Theme nodes."""

from __future__ import annotations

from partnermap.graph.build import build_graph
from partnermap.graph.gaps.themes import theme_numbering_gap, theme_without_activity
from partnermap.model import Provenance, Theme
from tests.graph.gaps import _TAXONOMY, graph_of, subjects
from tests.graph.test_build import make_plan


def rows(*numbers: int) -> list[dict]:
    return [{"text": f"Activity under theme {n}", "theme": (n, f"Theme {n}")} for n in numbers]


def test_missing_theme_numbers_with_the_rows_either_side():
    plan = make_plan("a", rows(1, 2, 6))
    plan.themes = [replace_line(t, 10 * t.number) for t in plan.themes]
    for activity in plan.activities:
        activity.theme = next(t for t in plan.themes if t.number == activity.theme.number)
    gaps = theme_numbering_gap(build_graph([plan], _TAXONOMY))
    assert subjects(gaps) == ["3", "4", "5"]
    first = gaps[0]
    assert (first.label, first.severity) == ("Theme 3", "low")
    assert first.detail == 'The themes of "Plan a" are numbered 1, 2, 6: there is no theme 3.'
    assert first.evidence == [
        {"activity": None, "source": "a.txt", "line": 20},
        {"activity": None, "source": "a.txt", "line": 60},
    ]


def replace_line(theme: Theme, line: int) -> Theme:
    return Theme(theme.name, theme.number, Provenance("a.txt", line=line))


def test_numbering_is_per_plan_and_labels_name_the_plan():
    gaps = theme_numbering_gap(graph_of(("a", rows(1, 3)), ("b", rows(1, 2))))
    assert [(g.subject, g.label) for g in gaps] == [("2", "Theme 2 (a)")]


def test_no_gap_for_complete_or_unnumbered_themes():
    assert theme_numbering_gap(graph_of(("a", rows(1, 2, 3)))) == []
    unnumbered = [{"text": "Something", "theme": (None, "Leadership")}]
    assert theme_numbering_gap(graph_of(("a", unnumbered))) == []


def test_theme_without_activity():
    plan = make_plan("a", rows(1, 2))
    plan.themes.append(Theme("Working in partnership", 3, Provenance("a.txt", line=30)))
    plan.themes.append(Theme("Cross-cutting", None, Provenance("a.txt", line=40)))
    gaps = theme_without_activity(build_graph([plan], _TAXONOMY))
    assert [(g.subject, g.label, g.severity) for g in gaps] == [
        ("3", "Working in partnership", "medium"),
        ("cross-cutting", "Cross-cutting", "medium"),
    ]
    assert gaps[0].detail == 'The theme "Working in partnership" has no activities under it.'
    assert gaps[0].evidence == [{"activity": None, "source": "a.txt", "line": 30}]
