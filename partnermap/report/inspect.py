"""How a plan file was read (``partnermap inspect``): what a user checks before trusting a report.

The column header chosen and why, each column's role and the evidence for it (its name, its
content, or a ``--column`` override), then every source row with where it is and what it became:
activity N, merged into N, theme, header, title, text, or skipped with the warning that says why;
and the reading rule that decided (named as in :mod:`partnermap.ingest.rows`).

>>> from partnermap.ingest import read_plan
>>> from partnermap.resources import sample_plan
>>> data = inspection(read_plan(sample_plan()))
>>> [c["role"] for c in data["columns"]], data["rows"][2]["became"]
(['activity', 'lead', 'outcome', 'timescale'], 'theme 1. EFFECTIVE LEADERSHIP')
"""

from __future__ import annotations

import textwrap

from partnermap.model import Plan
from partnermap.reference.frameworks import framework_sentence
from partnermap.report.formats import to_table

EVIDENCE = {"name": "its header", "content": "its content", "override": "--column", "second": "its header (2nd role)"}


def _became(record) -> str:
    if record.kind == "activity":
        return f"activity {record.activity}"
    if record.kind == "merged":
        return f"merged into {record.activity}"
    if record.kind == "theme":
        return f"theme {record.theme}"
    if record.kind in ("skipped", "unrecognised"):
        return f"skipped ({record.code})"
    return record.kind


def _where(location: str, source: str) -> str:
    """A row's place without the file name: ``12``, ``[Plan]:row 5``, ``page 2, row 14``."""
    return location[len(source) :].lstrip(":") if location.startswith(source) else location


def inspection(plan: Plan, choice=None) -> dict:
    """The reading of one plan as plain data (see the module docstring), with the framework it is
    judged by (``choice``: a :class:`partnermap.reference.frameworks.Choice`) when given."""
    return {
        "plan": plan.id,
        "title": plan.title,
        "source": plan.source,
        "owner": plan.owner,
        "framework": choice.as_dict() if choice is not None else None,
        "header": plan.header,
        "columns": [
            {
                "column": c["index"] + 1,
                "header": c["header"],
                "role": c["role"],
                "evidence": EVIDENCE.get(c["evidence"], c["evidence"]),
                "detail": c["detail"],
            }
            for c in plan.column_roles
        ],
        "rows": [
            {
                "location": r.location,
                "where": _where(r.location, plan.source),
                "line": r.line,
                "became": _became(r),
                "rule": r.rule,
                "text": r.text,
                "why": r.detail,
            }
            for r in plan.rows
        ],
        "report": plan.report.as_dict(),
        "warnings": [w.as_dict() for w in plan.warnings],
    }


def inspection_text(data: dict, width: int = 100) -> str:
    """The inspection as text: a summary line, the header, the columns table, the rows table."""
    r = data["report"]
    header = data["header"]
    lines = [
        f"{data['title']} ({data['source']})",
        (
            f"{r['rows_read']} rows read = {r['activities']} activities + {r['merges']} merged + "
            f"{r['theme_rows']} theme + {r['header_rows']} header/title + {r['warning_rows']} skipped"
        ),
        (
            f"Column header: {header.get('location')} (score {header.get('score')}; roles "
            f"{', '.join(header.get('roles', []))}): {' | '.join(c for c in header.get('cells', []) if c)}"
        ),
    ]
    if data.get("owner"):
        lines.append(f"Owner: {data['owner']} (bare role titles are its leads)")
    if "framework" in data:
        lines.append(textwrap.fill(framework_sentence(data["framework"]), width))
    out = "\n".join(lines) + "\n\n"
    out += to_table(
        data["columns"],
        ["column", "header", "role", "evidence", "detail"],
        ["#", "Header", "Role", "Evidence", "Detail"],
        title="Columns",
        width=width,
    )
    out += to_table(
        data["rows"],
        ["where", "became", "rule", "text"],
        ["Where", "Became", "Rule", "Text"],
        title="Rows",
        width=width,
    )
    return out
