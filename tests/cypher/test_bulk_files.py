"""The import files `load --bulk` writes (no server needed): typed headers, quoting, refusals."""

from __future__ import annotations

import csv

import networkx as nx
import pytest

from partnermap.cypher.bulk import write_import_files
from partnermap.errors import InputError
from partnermap.graph.build import build_graph
from partnermap.pipeline import load_taxonomy, read_plans


def test_the_files_hold_every_row_with_typed_headers_and_literal_text(bradford_path, tmp_path):
    taxonomy = load_taxonomy(None)
    G = build_graph(read_plans([bradford_path], taxonomy=taxonomy), taxonomy)
    args, counts = write_import_files([G], tmp_path)
    assert counts[0]["activities"] == 34
    files = {arg.split("=")[1]: arg.split("=", 2)[2] for arg in args}
    with open(files["Activity"], newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    assert head[0] == "id:ID" and "seq:long" in head and "achieved:boolean" in head and "text:string" in head
    by_id = {row[0]: dict(zip(head, row)) for row in rows[1:]}
    assert len(by_id) == 34
    for nid, data in G.nodes(data=True):
        if data["kind"] == "Activity":
            assert by_id[nid]["text:string"] == data["text"]
    written = sum(1 for arg in args if arg.startswith("--relationships=") for _ in open(arg.split("=", 2)[2])) - sum(
        1 for arg in args if arg.startswith("--relationships=")
    )
    assert written == counts[0]["relationships"] == G.number_of_edges()


def test_a_property_of_two_types_is_refused_by_name(tmp_path):
    G = nx.MultiDiGraph(plans=["p"], taxonomy="t")
    for n, ref in ((1, "1.1"), (2, 7)):
        G.add_node(f"Activity:p:{n}", kind="Activity", id=f"Activity:p:{n}", plan="p", name="x", seq=n, ref=ref)
    G.add_node("Plan:p", kind="Plan", id="Plan:p", plan="p", name="p")
    with pytest.raises(InputError, match=r"Activity\.ref: its values are of several types \(long, string\)"):
        write_import_files([G], tmp_path)


def test_each_field_is_written_as_cell_writes_it(tmp_path):
    """The files are written by the csv module; every field must read as :func:`cell` makes it:
    strings quoted (an empty one too, quotes doubled, line breaks kept), a missing value empty,
    booleans true/false, numbers bare, and 1 and 0 numbers, not booleans."""
    from partnermap.cypher.bulk import _write, cell

    rows = [['say "hi" twice', None, True, False, 3, "", 2.5, "two\nlines", 1, 0, -7, "1,2"], [None] * 12]
    assert _write(tmp_path / "x.csv", ["head"], list(zip(*rows)))  # a line break, said
    expected = "head\n" + "".join(",".join(map(cell, row)) + "\n" for row in rows)
    assert (tmp_path / "x.csv").read_text(encoding="utf-8") == expected
    assert expected.splitlines()[1].startswith('"say ""hi"" twice",,true,false,3,"",2.5,"two')


def test_a_property_of_a_type_the_importer_has_not_is_refused_by_name(tmp_path):
    G = nx.MultiDiGraph(plans=["p"], taxonomy="t")
    G.add_node("Activity:p:1", kind="Activity", id="Activity:p:1", plan="p", name="x", seq=1, ref=["1", "2"])
    G.add_node("Plan:p", kind="Plan", id="Plan:p", plan="p", name="p")
    with pytest.raises(InputError, match=r"cannot bulk-import Activity\.ref: a list value"):
        write_import_files([G], tmp_path)


def test_only_the_files_with_a_line_break_are_read_as_multi_line(bradford_path, tmp_path):
    """Multi-line parsing slows the importer down (about a quarter of a national import): it is
    asked for only for the files that need it, and not at all when none does."""
    from dataclasses import replace

    taxonomy = load_taxonomy(None)
    (plan,) = read_plans([bradford_path], taxonomy=taxonomy)
    flat = replace(plan, activities=[replace(a, text=a.text.replace("\n", " ")) for a in plan.activities])
    for sub in ("flat", "broken"):
        (tmp_path / sub).mkdir()
    args, _ = write_import_files([build_graph([flat], taxonomy)], tmp_path / "flat")
    assert not [arg for arg in args if "multiline" in arg]
    broken = replace(plan, activities=[replace(flat.activities[0], text="two\nlines"), *flat.activities[1:]])
    args, _ = write_import_files([build_graph([broken], taxonomy)], tmp_path / "broken")
    assert "--multiline-fields-format=v2" in args
    (listed,) = [arg.split("=", 1)[1] for arg in args if arg.startswith("--multiline-fields=")]
    assert listed.split(",") == [str(tmp_path / "broken" / "nodes-Activity.csv")]


def test_a_folder_the_importers_file_patterns_would_misread_gets_every_file_read_as_multi_line(bradford_path, tmp_path):
    """--multiline-fields v2 takes file patterns (regular expressions): a path with other characters
    than letters, digits, dots, slashes, dashes and underscores falls back to all files multi-line."""
    from dataclasses import replace

    taxonomy = load_taxonomy(None)
    (plan,) = read_plans([bradford_path], taxonomy=taxonomy)
    broken = replace(plan, activities=[replace(plan.activities[0], text="two\nlines"), *plan.activities[1:]])
    odd = tmp_path / "plans (2019)+"
    odd.mkdir()
    args, _ = write_import_files([build_graph([broken], taxonomy)], odd)
    assert [arg for arg in args if "multiline" in arg] == ["--multiline-fields=true"]
