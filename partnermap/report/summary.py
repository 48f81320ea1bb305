"""What a plan holds, in numbers: the ``partnermap summary`` report.

>>> from partnermap.ingest import read_plan
>>> from partnermap.resources import sample_plan
>>> s = summarise([read_plan(sample_plan())])
>>> s["activities"], [t["number"] for t in s["themes"]]
(34, [1, 2, 4])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from partnermap.model import Plan


def summarise(plans: Sequence[Plan], choices: dict | None = None) -> dict:
    """Activities, themes, organisations (with activities led and partnered), warnings, accounting,
    and each plan's framework (``choices``: plan id -> :class:`partnermap.reference.frameworks.Choice`;
    None when not given).

    Organisations are sorted by activities led, then partnered (most first), then name; each one's
    ``kind`` is ``person`` for a person named as a lead (:attr:`partnermap.model.Organisation.person`),
    else ``organisation``.
    """
    leads: Counter[str] = Counter()
    partners: Counter[str] = Counter()
    people: set[str] = set()
    themes = []
    for plan in plans:
        per_theme = Counter(a.theme.key if a.theme else None for a in plan.activities)
        themes.extend(
            {"plan": plan.id, "number": t.number, "name": t.name, "activities": per_theme[t.key]} for t in plan.themes
        )
        if per_theme[None]:
            themes.append({"plan": plan.id, "number": None, "name": "(no theme)", "activities": per_theme[None]})
        for activity in plan.activities:
            leads.update({o.name for o in activity.leads})
            partners.update({o.name for o in activity.partners})
            people.update(o.name for o in (*activity.leads, *activity.partners) if o.person)
    names = sorted(set(leads) | set(partners), key=lambda n: (-leads[n], -partners[n], n.lower()))
    return {
        "plans": [
            {
                "id": p.id,
                "title": p.title,
                "source": p.source,
                "activities": len(p.activities),
                "columns": p.columns,
                "report": p.report.as_dict(),
                "framework": choices[p.id].as_dict() if choices and p.id in choices else None,
            }
            for p in plans
        ],
        "activities": sum(len(p.activities) for p in plans),
        "themes": themes,
        "organisations": [
            {"name": n, "kind": "person" if n in people else "organisation", "leads": leads[n], "partners": partners[n]}
            for n in names
        ],
        "columns": [
            {
                "plan": p.id,
                "column": c["index"] + 1,
                "header": c["header"],
                "role": c["role"],
                "evidence": c["evidence"],
            }
            for p in plans
            for c in p.column_roles
        ],
        "activity_kinds": dict(sorted(Counter(a.kind for p in plans for a in p.activities if a.kind).items())),
        "warnings": [w.as_dict() for p in plans for w in p.warnings],
    }
