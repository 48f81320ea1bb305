"""partnermap summary on the bundled Bradford plan."""

from __future__ import annotations

import json

from click.testing import CliRunner

from partnermap.cli import cli


def test_summary_json(bradford_path):
    result = CliRunner().invoke(cli, ["summary", str(bradford_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["activities"] == 34
    assert [(t["number"], t["name"], t["activities"]) for t in data["themes"]] == [
        (1, "EFFECTIVE LEADERSHIP", 9),
        (2, "CAPABILITIES", 9),
        (4, "WORKING IN PARTNERSHIP", 16),
    ]
    assert data["organisations"] == [
        {"name": "Bradford MDC", "kind": "organisation", "leads": 34, "partners": 0},
        {"name": "West Yorkshire Police", "kind": "organisation", "leads": 5, "partners": 0},
    ]
    assert [(w["code"], w["line"]) for w in data["warnings"]] == [
        ("theme_numbering_gap", 36),
        ("row_merged", 41),
        ("row_merged", 50),
    ]
    assert set(data["warnings"][0]) == {"code", "message", "source", "line"}
    assert data["activity_kinds"] == {"Local Project": 7}


def test_summary_table(bradford_path):
    result = CliRunner().invoke(cli, ["summary", str(bradford_path)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == (
        f"Bradford District Prevent Plan 2017-19 – Local Authority ({bradford_path}): 34 activities; "
        "46 rows read = 34 activities + 2 merged + 3 theme + 7 header/title + 0 skipped"
    )
    assert "│ 4 │ WORKING IN PARTNERSHIP │ 16         │" in lines
    assert "│ West Yorkshire Police │ organisation │ 5     │ 0        │" in lines
    assert all(len(line) <= 80 for line in lines[1:])


def test_two_plans_add_up(bradford_path):
    result = CliRunner().invoke(cli, ["summary", str(bradford_path), str(bradford_path), "--format", "json"])
    data = json.loads(result.output)
    assert data["activities"] == 68
    assert [p["id"] for p in data["plans"]] == ["bradford-prevent-plan-2017-19", "bradford-prevent-plan-2017-19-2"]
