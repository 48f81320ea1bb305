"""Each reading rule of the row pipeline (partnermap.ingest.rows) on its own, with its negative case."""

from __future__ import annotations

from partnermap.ingest import columns
from partnermap.ingest.rows import (
    SourceRow,
    State,
    Table,
    Themes,
    Verdict,
    activity_row,
    between_tables,
    classify_above,
    classify_body,
    continuation,
    deadline_timescale,
    demote_theme_column,
    document_part,
    group_activities,
    heading_above_table,
    kind_and_text,
    lead_line,
    listed_subaction,
    no_activity_text,
    number_key,
    page_marker,
    per_row_theme_column,
    place_numbered,
    section_breaks,
    section_theme,
    section_theme_above,
    skipped_table,
    subaction,
    theme_column_row,
    theme_from_column,
    theme_heading_row,
    title_block,
)
from partnermap.model import Activity, Provenance, Theme
from partnermap.reference.orgs import OrgDirectory

HEADER = ["Action", "Lead", "Timescale"]


def table_of(header=HEADER, body=()) -> Table:
    head = SourceRow(list(header), line=1)
    cmap = columns.column_map(head, list(body), OrgDirectory())
    return Table("plan.txt", head, cmap.roles, cmap.extras, OrgDirectory(), Themes("plan.txt"))


def row(*cells, **kw) -> SourceRow:
    return SourceRow(list(cells), line=kw.pop("line", 2), **kw)


def test_skipped_table():
    assert skipped_table(row("x", role="skipped"), table_of(), State()).code == "table_skipped"
    assert skipped_table(row("x"), table_of(), State()) is None


def test_between_tables():
    t = table_of()
    assert between_tables(row("<b>2. Safer streets</b>", role="paragraph"), t, State()).kind == "theme"
    assert between_tables(row("Continued overleaf", role="paragraph"), t, State()).kind == "text"
    assert between_tables(row("Continued overleaf"), t, State()) is None


def test_page_marker():
    t = table_of()
    for marker in (row("Page 3 of 9"), row("12"), row("---"), row(*HEADER), row("Plan", role="heading")):
        assert page_marker(marker, t, State()).kind == "header"
    assert page_marker(row("Train staff", "Council", "2020"), t, State()) is None


def test_theme_heading_row():
    t = table_of()
    assert theme_heading_row(row("Priority 2: Safer streets"), t, State()).theme.number == 2
    assert theme_heading_row(row("Train staff in the new procedures."), t, State()) is None
    assert theme_heading_row(row("Priority 2: Safer streets", "Council"), t, State()) is None  # two cells


def test_continuation():
    t = table_of()
    state = State()
    state.open = type("Open", (), {"theme": None, "text": "Train staff in the", "cell": ""})()
    assert continuation(row("new procedures"), t, state).kind == "merged"  # goes on in lower case
    assert continuation(row("New procedures"), t, state) is None  # no evidence of a break
    assert continuation(row("new procedures", "Council"), t, state) is None  # its own lead
    state.marker = True
    assert continuation(row("Review the policy"), t, state).detail == "it comes right after a page break"


def test_subaction():
    t = table_of(["Action", "Sub-action", "Lead"])
    state = State()
    assert subaction(row("", "Write the leaflet"), t, state) is None  # nothing above to belong to
    state.open = object()
    assert subaction(row("", "Write the leaflet"), t, state).kind == "subaction"
    assert subaction(row("Run a campaign", "Write the leaflet"), t, state) is None


def test_theme_column_row_and_theme_from_column():
    t = table_of(["Theme", "Action", "Lead"])
    assert theme_column_row(row("Safer streets"), t, State()).kind == "theme"
    assert theme_column_row(row("Safer streets", "Train staff", "Council"), t, State()) is None
    state = State()
    theme, value = theme_from_column(row("Safer streets", "Train staff"), t, state)
    assert theme.name == "Safer streets" and value == "Safer streets"
    state.theme, state.column_value = theme, value
    assert theme_from_column(row("", "Next"), t, state)[0] is theme  # carried down


def test_no_activity_text_and_activity_row():
    t = table_of()
    assert no_activity_text(row("", "Council"), t, State()).code == "unrecognised_row"
    assert no_activity_text(row("Train staff", "Council"), t, State()) is None
    assert activity_row(row("Train staff"), t, State()).kind == "activity"


def test_title_and_heading_above_table():
    above = [row("Prevent Action Plan", role="title", line=1), row("Priority 1: Early help", role="heading", line=2)]
    verdicts, title = classify_above(above)
    assert title == "Prevent Action Plan" and [v.rule for v in verdicts] == ["title", "heading_above"]
    verdicts = heading_above_table(above, verdicts, table_of())
    assert verdicts[1].kind == "theme" and verdicts[1].theme.number == 1
    # a plan with a theme column keeps the heading as a heading
    assert (
        heading_above_table(above, classify_above(above)[0], table_of(["Theme", "Action", "Lead"]))[1].kind == "title"
    )


def test_demote_theme_column():
    head = SourceRow(["Objective", "Action", "Lead"], line=1)
    body = [row("", "Objective 1: Health"), row("Get fit", "Walk more", "Council", line=3)]
    cmap = columns.column_map(head, body, OrgDirectory())
    demoted, warning = demote_theme_column(cmap, head, body)
    assert "theme" not in demoted.roles and warning[0] == "theme_column_demoted"
    body = [row("Get fit", "Walk more", "Council", line=3)]  # no theme rows: the column is the theme
    assert demote_theme_column(cmap, head, body) == (cmap, None)


def test_group_activities():
    body = [row("Train staff in the", "Council"), row("new procedures", line=3), row("Audit", "Police", line=4)]
    verdicts = classify_body(body, table_of())
    assert [v.rule for v in verdicts] == ["continuation" if i == 1 else "activity" for i in range(3)]
    pending, numbers = group_activities(body, verdicts)
    assert numbers == [1, 1, 2] and pending[0].values[0] == "Train staff in the new procedures"
    assert group_activities([row("Audit")], [Verdict("theme", "x")]) == ([], [None])


def test_kind_and_deadline():
    assert kind_and_text("<b>Local Project:</b> Mosque training", "") == ("Local Project", "Mosque training")
    assert kind_and_text("Train: staff", "Train: staff") == (None, "Train: staff")
    assert deadline_timescale("August 2005", True).start is None
    assert deadline_timescale("August 2005", False).start is not None
    assert deadline_timescale("Q3 2019/20", True).start is not None  # a range keeps its start


def test_document_part():
    t = table_of()
    for text in ("Section 4: Delivery", "Annex B", "Appendix 2 - Glossary", "Part III"):
        assert document_part(row(text), t, State()).rule == "document_part"
    assert document_part(row("Priority 2: Safer streets"), t, State()) is None
    assert document_part(row("Section 4: Delivery", "Council"), t, State()) is None  # a table row


def test_title_block():
    t = table_of()
    t.above = frozenset({"Northshire Prevent Plan"})
    assert title_block(row("Northshire Prevent Plan"), t, State()).kind == "header"  # the running title
    assert title_block(row("Action plan - statutory duties of local bodies"), t, State()).rule == "title_block"
    assert title_block(row("Northshire Hate Crime Action Plan 2023-24"), t, State()) is not None
    assert title_block(row("Develop a delivery plan for the new hub"), t, State()) is None  # an action
    assert title_block(row("Priority 3: the partnership plan"), t, State()) is None  # a theme


def test_lead_line():
    t = table_of()
    assert lead_line(row("Objective lead - Youth Justice Service"), t, State()).kind == "text"
    assert lead_line(row("Lead officer: Sam Patel"), t, State()) is not None
    assert lead_line(row("Lead the review of the strategy"), t, State()) is None


def test_section_breaks_and_section_theme():
    t = table_of()
    body = [row("Tackling hate crime"), row(*HEADER), row("Review the policy."), row(*HEADER)]
    assert section_breaks(body, t) == frozenset({0})  # a sentence is not a heading
    state = State()
    state.section_break = True
    assert section_theme(row("Tackling hate crime"), t, state) is None  # the plan is not in sections
    t.sectioned = True
    assert section_theme(row("Tackling hate crime"), t, state).theme.name == "Tackling hate crime"
    state.section_break = False
    assert section_theme(row("Tackling hate crime"), t, state) is None


def test_section_theme_above():
    t = table_of()
    above = [row("Cohesion Action Plan 2023-24", line=1), row("Bringing communities together", line=2)]
    body = [row("Hold a party", "NCVS", "2023", line=4), row("Tackling hate crime", line=5), row(*HEADER, line=6)]
    verdicts = section_theme_above(above, classify_above(above)[0], body, t)
    assert t.sectioned and verdicts[1].rule == "section_theme" and verdicts[0].rule == "title"
    # negative: a plan's title right above its header stays the title
    t = table_of()
    verdicts = section_theme_above(above[:1], classify_above(above[:1])[0], body, t)
    assert verdicts[0].rule == "title" and not t.sectioned


def test_listed_subaction():
    t = table_of()
    state = State()
    assert listed_subaction(row("a) review the form"), t, state) is None  # no action above
    state.open = object()
    for text in ("a) review the form", "(ii) train staff", "• audit cases", "c. publish"):
        assert listed_subaction(row(text), t, state).kind == "subaction"
    assert listed_subaction(row("a) review the form", "Police"), t, state) is None  # its own lead
    assert listed_subaction(row("Review the form"), t, state) is None


def test_per_row_theme_column():
    head = SourceRow(["Aim", "Action", "Lead"], line=1)
    per_row = [row(f"Aim {i}", f"Action {i}", "NCVS", line=i + 2) for i in range(4)]
    cmap = columns.column_map(head, per_row, OrgDirectory())
    demoted, warning = per_row_theme_column(cmap, per_row)
    assert "theme" not in demoted.roles and warning[0] == "theme_column_per_row"
    grouped = [row("Aim 1" if i < 2 else "Aim 2", f"Action {i}", "NCVS", line=i + 2) for i in range(4)]
    assert per_row_theme_column(cmap, grouped) == (cmap, None)
    assert per_row_theme_column(cmap, per_row[:2]) == (cmap, None)  # too few rows to tell


def test_number_key_and_place_numbered():
    assert number_key("3.1.2 Train") == ("3", "1", "2") and number_key("Train staff") is None
    themes = [Theme("Safeguarding", 3), Theme("3.1 Referrals"), Theme("Training", 4)]
    activity = Activity("p:1", "Review the pathway", Provenance("p"), theme=themes[2], ref="3.1.2")
    warnings = place_numbered([activity], themes, "p")
    assert activity.theme is themes[1] and warnings[0].code == "theme_by_number"  # the deepest heading
    activity = Activity("p:2", "Audit", Provenance("p"), theme=themes[1], ref="3.1.4")
    assert place_numbered([activity], themes, "p") == [] and activity.theme is themes[1]
    activity = Activity("p:3", "Audit", Provenance("p"), theme=themes[2], ref="3")  # a plain count: not moved
    assert place_numbered([activity], themes, "p") == []
