"""The board paper's pictures, drawn with matplotlib's Agg backend (no display needed).

Each figure is drawn from a plain ``data`` dict that :mod:`partnermap.report.paper` computes
from the same functions as the other commands (coverage, the gap report, partner statistics),
and is returned as a :class:`Figure` holding that data, a PNG and its alt text, so tests can
compare what is drawn with the report's JSON.

* :func:`coverage_heatmap` - sectors x themes, activity counts; empty cells hatched red;
* :func:`timeline` - a Gantt chart of activities by theme, the report date marked, overdue bars red;
* :func:`partnership_network` - organisations linked by shared activities, sized by activities
  led, with the sectors no activity reaches listed beside it;
* :func:`activities_led` - a bar chart of activities led per organisation.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from datetime import date

from partnermap.safe import terminal_text

GAP_RED = "#c62828"
AMBER = "#ef8f00"
BAR = "#3f6fb5"
GREY = "#9e9e9e"
DPI = 110
MAX_TIMELINE_ROWS = 80  # activities drawn on the timeline; the caption says when there are more


@dataclass
class Figure:
    """One picture: ``name`` (file stem), ``title``, ``alt`` text, ``caption``, the PNG and the data drawn."""

    name: str
    title: str
    alt: str
    caption: str
    png: bytes
    data: dict = field(default_factory=dict)


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    # plan text is drawn as written: "$5k to $10k" is not mathtext
    plt.rcParams.update({"font.size": 8, "svg.fonttype": "path", "figure.dpi": DPI, "text.parse_math": False})
    return plt


def _png(fig) -> bytes:
    """The figure as PNG bytes. A character the font lacks is drawn as a box: that is said by
    matplotlib as a warning per glyph, which would reach stderr on a successful run, so it is kept
    quiet here."""
    import warnings

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    _plt().close(fig)
    return buffer.getvalue()


def _short(text: str, width: int) -> str:
    text = " ".join(terminal_text(text).split())  # plan text: no control characters drawn
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def coverage_heatmap(data: dict) -> Figure:
    """``data``: ``sectors`` (names), ``columns`` (theme labels), ``counts`` (rows of ints)."""
    plt = _plt()
    sectors, columns, counts = data["sectors"], data["columns"], data["counts"]
    fig, ax = plt.subplots(
        layout="constrained", figsize=(max(4.5, 1.1 * len(columns) + 2.5), max(2.5, 0.28 * len(sectors) + 1.2))
    )
    peak = max([max(row) for row in counts if row] + [1])
    ax.imshow([[c / peak for c in row] for row in counts] or [[0]], cmap="Blues", vmin=0, vmax=1.4, aspect="auto")
    for i, row in enumerate(counts):
        for j, value in enumerate(row):
            if value == 0:
                ax.add_patch(
                    plt.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", edgecolor=GAP_RED, linewidth=0)
                )
                ax.text(j, i, "0", ha="center", va="center", color=GAP_RED, fontweight="bold")
            else:
                ax.text(j, i, str(value), ha="center", va="center", color="black")
    ax.set_xticks(range(len(columns)), [textwrap.fill(_short(c, 40), 16) for c in columns])
    ax.set_yticks(range(len(sectors)), [_short(s, 34) for s in sectors])
    ax.tick_params(length=0)
    ax.set_title("Activities reaching each sector, by theme (red: none)")
    empty = sum(v == 0 for row in counts for v in row)
    alt = (
        f"Heatmap of {len(sectors)} sectors by {len(columns)} themes; {empty} of {len(sectors) * len(columns)} "
        "cells are empty (no activity of that theme reaches that sector)"
    )
    unreached = [s for s, row in zip(sectors, counts) if not any(row)]
    caption = f"{empty} empty cells." + (f" Reached by no theme: {', '.join(unreached)}." if unreached else "")
    return Figure("coverage", "Sector coverage by theme", alt, caption, _png(fig), data)


def timeline(data: dict) -> Figure:
    """``data``: ``as_of`` (ISO date), ``rows`` ({label, theme, start, end, overdue}, ISO dates),
    ``undated`` (count of activities without dates, not drawn)."""
    plt = _plt()
    import matplotlib.dates as mdates

    rows = data["rows"][:MAX_TIMELINE_ROWS]
    as_of = date.fromisoformat(data["as_of"])
    lines: list[tuple[str, dict | None]] = []  # a header line per theme, then its activities
    for i, row in enumerate(rows):
        if i == 0 or row["theme"] != rows[i - 1]["theme"]:
            lines.append((row["theme"], None))
        lines.append((row["label"], row))
    themes = [label for label, row in lines if row is None]
    fig, ax = plt.subplots(layout="constrained", figsize=(8.5, max(2.0, 0.22 * len(lines) + 1.2)))
    for y, (_, row) in enumerate(lines):
        if row is None:
            if y:
                ax.axhline(y - 0.5, color=GREY, linewidth=0.5)
            continue
        start, end = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
        colour = GAP_RED if row["overdue"] else BAR
        ax.barh(y, max((end - start).days, 6), left=mdates.date2num(start), height=0.6, color=colour)
    ax.axvline(mdates.date2num(as_of), color="black", linestyle="--", linewidth=1)
    ax.text(mdates.date2num(as_of), len(lines) - 0.7, f"report date {as_of.isoformat()} ", fontsize=7, ha="right")
    ax.set_yticks(range(len(lines)), [_short(label, 48) for label, _ in lines])
    for tick, (_, row) in zip(ax.get_yticklabels(), lines):
        if row is None:
            tick.set_fontweight("bold")
    ax.set_ylim(len(lines) - 0.5, -1.2)
    ax.xaxis_date()
    locator = mdates.AutoDateLocator(maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_title("Timeline of activities by theme (red: overdue)")
    overdue = sum(r["overdue"] for r in data["rows"])
    more = len(data["rows"]) - len(rows)
    alt = (
        f"Gantt chart of {len(data['rows'])} dated activities in {len(themes)} themes, with the report date "
        f"{as_of.isoformat()} marked; {overdue} overdue bars in red"
    )
    caption = (
        f"{overdue} of {len(data['rows'])} dated activities overdue."
        + (f" The first {len(rows)} are drawn; {more} more are in the appendix." if more else "")
        + (f" {data['undated']} activities without dates are not drawn." if data.get("undated") else "")
    )
    return Figure("timeline", "Timeline", alt, caption, _png(fig), data)


def partnership_network(data: dict) -> Figure:
    """``data``: ``nodes`` ({id, name, led}), ``edges`` ({source, target, weight}), ``unreached``
    (sector names no activity reaches)."""
    plt = _plt()
    import networkx as nx

    P = nx.Graph()
    P.add_nodes_from((n["id"], n) for n in data["nodes"])
    P.add_edges_from((e["source"], e["target"], {"weight": e["weight"]}) for e in data["edges"])
    fig, ax = plt.subplots(layout="constrained", figsize=(7.5, 5.5))
    if P.number_of_nodes():
        pos = nx.spring_layout(P, seed=7, k=1.6 / max(1, P.number_of_nodes()) ** 0.5)
        nx.draw_networkx_edges(
            P, pos, ax=ax, edge_color="#b0b7c3", width=[0.6 + 0.4 * P.edges[e]["weight"] for e in P.edges]
        )
        most = max([P.nodes[n]["led"] for n in P] + [1])
        sizes = [80 + 1400 * P.nodes[n]["led"] / most for n in P]
        nx.draw_networkx_nodes(P, pos, ax=ax, node_size=sizes, node_color=BAR, alpha=0.85)
        labelled = sorted(P, key=lambda n: -P.nodes[n]["led"])[:25]
        nx.draw_networkx_labels(
            P, pos, labels={n: _short(P.nodes[n]["name"], 28) for n in labelled}, ax=ax, font_size=7
        )
    ax.margins(0.18)
    ax.set_axis_off()
    ax.set_title("Partnership network (size: activities led)")
    if data["unreached"]:
        shown = data["unreached"][:12]
        ax.text(
            1.02,
            0.98,
            "Sectors not reached:\n"
            + "\n".join(f"\u25c6 {s}" for s in shown)
            + (f"\n+{len(data['unreached']) - len(shown)} more" if len(data["unreached"]) > len(shown) else ""),
            transform=ax.transAxes,
            va="top",
            color=GAP_RED,
            fontsize=8,
        )
    alt = (
        f"Network of {P.number_of_nodes()} organisations linked by {P.number_of_edges()} shared activities, "
        f"sized by activities led; {len(data['unreached'])} sectors no activity reaches are listed in red"
    )
    caption = "Organisations linked when they work on an activity together." + (
        f" Not reached: {', '.join(data['unreached'])}." if data["unreached"] else ""
    )
    return Figure("network", "Partnership network", alt, caption, _png(fig), data)


def activities_led(data: dict) -> Figure:
    """``data``: ``rows`` ({organisation, led}), most first."""
    plt = _plt()
    rows = [r for r in data["rows"] if r["led"]][:30]
    fig, ax = plt.subplots(layout="constrained", figsize=(7.0, max(1.8, 0.26 * len(rows) + 1.0)))
    ax.barh(range(len(rows)), [r["led"] for r in rows], color=BAR)
    ax.set_yticks(range(len(rows)), [_short(r["organisation"], 40) for r in rows])
    ax.invert_yaxis()
    for y, r in enumerate(rows):
        ax.text(r["led"], y, f" {r['led']}", va="center", fontsize=7)
    ax.set_xlabel("activities led")
    ax.set_title("Activities led per organisation")
    leaders = sum(1 for r in data["rows"] if r["led"])
    top = rows[0] if rows else None
    alt = f"Bar chart of activities led by each of {leaders} leading organisations" + (
        f"; {top['organisation']} leads the most, {top['led']}" if top else ""
    )
    caption = f"{leaders} organisations lead at least one activity." + (
        f" The first {len(rows)} are drawn." if leaders > len(rows) else ""
    )
    return Figure("led", "Activities led", alt, caption, _png(fig), data)
