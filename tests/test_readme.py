"""Every command shown in the README and in docs/, run as a new user would: each in its own fresh process.

In-process CLI tests once hid a command that crashed on import (a circular import that only a
new interpreter hit), so this test runs ``python -m partnermap ...`` through subprocess for every
``partnermap`` line of the ``sh`` blocks of the README and of every page in ``docs/``, and checks
its exit code and a line of its output against :data:`EXPECTED`. A documented command without an
expectation fails the test, so the documents and this list cannot drift apart. The Neo4j commands
talk to the test session's server.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
#: the documents whose ``sh`` blocks are run: the README and every page in docs/
DOCUMENTS = [README, *sorted((ROOT / "docs").glob("*.md"))]
PLAN = "data/plans/bradford-prevent-plan-2017-19.txt"
BATHNES = "tests/fixtures/real-plans/bathnes-prevent-action-plan-2017-02.csv"
WESTERN_ISLES = "tests/fixtures/real-plans/western-isles-asb-action-plan-2005-08-prevention.xlsx"

#: the command as written in the README -> (exit code, a regular expression one output line matches)
EXPECTED: dict[str, tuple[int, str]] = {
    f"partnermap gaps {PLAN}": (0, r"^As of \d+ \w+ \d{4}\. 1 plan: Bradford District Prevent Plan 2017-19"),
    f"partnermap summary {PLAN}": (0, r"\(.*bradford-prevent-plan-2017-19\.txt\): 34 activities; 46 rows read"),
    f"cat {PLAN} | partnermap summary -": (0, r"\(<stdin>\): 34 activities; 46 rows read"),
    f"partnermap inspect {PLAN}": (0, r"^│ 6 +│ theme 1\. EFFECTIVE LEADERSHIP"),
    "partnermap inspect tests/fixtures/real-plans/salford-community-action-plan-objective-1.txt --format json": (
        0,
        r'"became": "merged into 1"',
    ),
    f'partnermap summary {BATHNES} --column "lead=Work to date"': (
        0,
        r"│ 3 │ Work to date +│ lead +│ override │",
    ),
    "partnermap summary plan.docx plan.pdf saved-page.html": (0, r"\(plan\.pdf\): 34 activities; "),
    f"partnermap summary {PLAN} --max-pages 500 --max-page-chars 50000": (0, r": 34 activities; 46 rows read"),
    "partnermap gaps plan.pdf --table 2": (0, r"^As of \d+ \w+ \d{4}\. 1 plan: Bradford District Prevent Plan"),
    f"partnermap gaps {PLAN} --as-of 31/03/2018 --kind overdue": (0, r"^As of 31 March 2018\. "),
    f"partnermap gaps {PLAN} --format markdown --fail-on high": (1, r"^## High \(\d+\)$"),
    f"partnermap coverage {PLAN} --format csv": (0, r"^sector,"),
    f"partnermap partners {PLAN}": (0, r"Bradford MDC +│ local_authority │ 34"),
    f"partnermap compare {PLAN} {PLAN}": (0, r"carried over"),
    f"partnermap coverage {PLAN} --explain": (0, r"Local risk assessment +│ NO +│ no activity"),
    f"partnermap compare {PLAN} tests/fixtures/bradford-prevent-plan-2019-21.txt --changes-only": (
        0,
        r"^bradford-prevent-plan-2017-19 -> bradford-prevent-plan-2019-21: 2 changed, 0 dropped, 0 added, "
        r"32 carried over unchanged\.$",
    ),
    "partnermap taxonomy check data/taxonomy.yaml": (0, r"^OK: \d+ sectors, \d+ audiences"),
    "partnermap frameworks list": (0, r"community_safety"),
    "partnermap frameworks show domestic_abuse": (
        0,
        r"^  required health or nhs_commissioner \(any one fills the seat\)",
    ),
    f"partnermap gaps {WESTERN_ISLES}": (0, r"^Framework: none \(The plan's words fit Community safety partnership"),
    f"partnermap gaps {WESTERN_ISLES} --framework community_safety": (
        0,
        r"^England and Wales\), given with --framework; the plan appears to be from Scotland",
    ),
    "partnermap frameworks show community_safety": (0, r"^Community safety partnership \(community_safety\)"),
    f"partnermap gaps {PLAN} --as-of 2018-07-01 --framework none": (0, r"^Framework: none"),
    "partnermap summary tests/fixtures/real-plans/doncaster-hate-crime-delivery-plan-2017-q2.md": (
        0,
        r"^Framework: Hate crime",
    ),
    f"partnermap export {PLAN} --format gexf -o bradford.gexf": (
        0,
        r"^Wrote 134 nodes and 257 edges to bradford\.gexf$",
    ),
    f"partnermap export {PLAN} --format csv -o gephi/": (0, r"^Wrote .* to gephi/nodes\.csv, gephi/edges\.csv$"),
    f"partnermap export {PLAN} --format kumu -o bradford-kumu.xlsx": (0, r"to bradford-kumu\.xlsx$"),
    f"partnermap export {PLAN} --format json -o -": (0, r'^ "directed": true,$'),
    f"partnermap map {PLAN} -o map.html": (0, r"^Wrote the map to map\.html$"),
    f"partnermap map {PLAN} -o lanes.html --layout lanes --as-of 2018-07-01": (0, r"^Wrote the map to lanes\.html$"),
    f"partnermap report {PLAN} -o paper.docx --as-of 2018-07-01": (0, r"^Wrote the paper to paper\.docx$"),
    f'partnermap report {PLAN} -o paper.html --title "Prevent board, July 2018"': (
        0,
        r"^Wrote the paper to paper\.html$",
    ),
    f"partnermap report {PLAN} -o paper.md": (0, r"^Wrote the paper to paper\.md and its pictures beside it"),
    f"partnermap report {PLAN} --compare tests/fixtures/bradford-prevent-plan-2019-21.txt -o changes.docx": (
        0,
        r"^Wrote the paper to changes\.docx$",
    ),
    f"partnermap map {PLAN} -o health.html --focus sector:health --depth 2": (0, r"^Wrote the map to health\.html$"),
    f'partnermap map {PLAN} -o capabilities.html --theme 2 --title "Capabilities"': (
        0,
        r"^Wrote the map to capabilities\.html$",
    ),
    "partnermap neo4j start": (0, r"^uri: +bolt://127\.0\.0\.1:\d+$"),
    f"partnermap load {PLAN}": (0, r"^Loaded bradford-prevent-plan-2017-19: 34 activities"),
    "partnermap gaps --source neo4j --plan bradford-prevent-plan-2017-19": (0, r"^As of .*1 plan: Bradford"),
    "partnermap cypher list": (0, r"overdue"),
    "partnermap cypher show overdue": (0, r"^// name: overdue$"),
    "partnermap cypher run overdue --param as_of=2018-06-30 --format csv": (
        0,
        r"^plan,activity,name,timescale,ended,lead,source,line$",
    ),
    'partnermap cypher query "MATCH (o:Organisation)-[:LEADS]->(a:Activity) RETURN o.name, count(a) ORDER BY 2 DESC"': (
        0,
        r"Bradford MDC .*34",
    ),
    "partnermap neo4j status": (0, r"^password file: "),
    "partnermap neo4j stop": (0, r"^Neo4j was not running\.$"),  # run on an empty home: see below
}
#: README lines that are not partnermap commands and are run elsewhere (install, the suite itself)
NOT_RUN = ("python3 -m pip install .", "scripts/test")


def sh_commands(path: Path) -> list[str]:
    """The command lines of a Markdown file's ``sh`` blocks, in order (``&&`` chains split)."""
    commands, in_sh = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_sh = line.strip() == "```sh"
            continue
        if in_sh and line.strip() and not line.lstrip().startswith("#"):
            commands.extend(part.strip() for part in line.split(" && "))
    return commands


def readme_commands() -> list[str]:
    """The command lines of every document's ``sh`` blocks, each once, in the order first shown."""
    return list(dict.fromkeys(c for path in DOCUMENTS for c in sh_commands(path)))


def test_the_readme_shows_commands_and_each_has_an_expectation():
    commands = [c for c in readme_commands() if c not in NOT_RUN]
    assert len(commands) >= 20
    missing = [c for c in commands if c not in EXPECTED]
    assert not missing, f"documented commands without an expectation in tests/test_readme.py: {missing}"
    stale = [c for c in EXPECTED if c not in commands]
    assert not stale, f"expectations for commands no document shows any more: {stale}"


def test_sh_blocks_are_read_from_every_document(tmp_path):
    """The negative case: a command in a docs page counts, one in a ``text`` block does not."""
    page = tmp_path / "page.md"
    page.write_text(
        "```sh\npartnermap summary a.txt && partnermap gaps a.txt\n# a comment\n```\n"
        "```text\npartnermap inspect a.txt\n```\n",
        encoding="utf-8",
    )
    assert sh_commands(page) == ["partnermap summary a.txt", "partnermap gaps a.txt"]
    assert any(path.parent.name == "docs" for path in DOCUMENTS)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A fresh folder with the repository's data/ linked in (the README's paths are relative), and
    the Bradford plan as the Word document, PDF and saved web page the README reads: the Word file
    (and so the PDF) has a version table before the plan's table."""
    from partnermap.ingest import read_plan
    from partnermap.resources import sample_plan
    from tests.ingest.documents import html_table, to_pdf, web_page, word_document
    from tests.ingest.test_documents import bradford_rows

    folder = tmp_path_factory.mktemp("readme")
    (folder / "data").symlink_to(ROOT / "data")
    (folder / "tests").symlink_to(ROOT / "tests")
    plan = read_plan(sample_plan())
    rows = bradford_rows(plan)
    word_document(folder / "plan.docx", [rows], title=plan.title, unrelated=[["Version", "Date"], ["1.0", "2017"]])
    to_pdf(folder / "plan.docx")
    web_page(folder / "saved-page.html", [html_table([[c or "" for c in r] for r in rows])], h1=plan.title)
    return folder


def _run(command: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    stdin = None
    if "|" in command and command.startswith("cat "):
        source, command = (part.strip() for part in command.split("|", 1))
        stdin = (cwd / shlex.split(source)[1]).read_bytes()
    words = shlex.split(command)
    assert words[0] == "partnermap", command
    return subprocess.run(
        [sys.executable, "-m", "partnermap", *words[1:]],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=300,
    )


@pytest.mark.neo4j
@pytest.mark.parametrize("command", [c for c in readme_commands() if c not in NOT_RUN])
def test_readme_command_in_a_fresh_process(command, workdir, neo4j_server, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    # the Neo4j commands find the test session's server through its home; `neo4j stop` gets an
    # empty home of its own so that it does not stop the server the other tests use
    home = tmp_path / "no-server" if command == "partnermap neo4j stop" else neo4j_server.home
    env.update(PARTNERMAP_NEO4J_HOME=str(home), NO_COLOR="1", COLUMNS="200")
    result = _run(command, workdir, env)
    code, pattern = EXPECTED[command]
    out = result.stdout.decode("utf-8", "replace")
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == code, f"{command}\nstdout: {out[-2000:]}\nstderr: {err[-2000:]}"
    assert any(re.search(pattern, line) for line in out.splitlines()), (
        f"{command}: no line matches {pattern!r}\n{out[:3000]}"
    )
    assert "internal error" not in err and "Traceback" not in err
    assert "\x1b[" not in out  # plain output to a pipe


def test_shell_completion_script_in_a_fresh_process():
    env = {**os.environ, "_PARTNERMAP_COMPLETE": "bash_source"}
    result = subprocess.run([sys.executable, "-m", "partnermap"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "_partnermap_completion()" in result.stdout and "complete " in result.stdout
