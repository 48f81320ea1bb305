"""partnermap.perf: the collector is paused while big object graphs are made, and only the console
script freezes what was made (a library in a long-lived process must not)."""

from __future__ import annotations

import subprocess
import sys

PROGRAM = """
import gc, sys
from partnermap import perf
if sys.argv[1] == "command":
    perf.one_command()
before = gc.get_freeze_count()
with perf.gc_paused():
    assert not gc.isenabled()
    made = [[i] for i in range(10_000)]
print(gc.isenabled(), gc.get_freeze_count() - before >= 10_000)
"""


def _run(mode: str) -> str:
    return subprocess.run([sys.executable, "-c", PROGRAM, mode], capture_output=True, text=True, check=True).stdout.split()


def test_a_library_caller_gets_the_collector_back_with_nothing_frozen():
    assert _run("library") == ["True", "False"]


def test_the_console_script_freezes_what_a_paused_block_made():
    assert _run("command") == ["True", "True"]


def test_the_console_script_entry_point_turns_it_on():
    program = ("import sys\nfrom partnermap import cli, perf\nsys.argv = ['partnermap', '--version']\n"
               "try:\n    cli.main()\nexcept SystemExit:\n    pass\nprint(perf._freeze_after)")
    assert subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          check=True).stdout.split()[-1] == "True"
