"""The ``partnermap`` command line: thin click commands over the library.

Each command parses its options, calls one library function and formats the result with
:mod:`partnermap.report.formats`. Errors from the library (:class:`partnermap.errors.PartnermapError`)
become one line on stderr and an exit code; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import errno
import functools
import sys
from typing import TYPE_CHECKING

import click

from partnermap import __version__
from partnermap.errors import EXIT_INPUT, EXIT_INTERNAL, PartnermapError
from partnermap.report.formats import TABLE_FORMATS, render, to_json

if TYPE_CHECKING:
    from partnermap.ingest.options import ReadOptions

EPILOG = """\b
Exit codes: 0 ok; 1 gaps at or above --fail-on; 2 usage error;
3 input error (unreadable plan, taxonomy or output path); 4 Neo4j/service
error; 5 internal error. A pipe closed early ends quietly (SIGPIPE).
"""


#: errors writing output: no space, quota, file too big, read-only file system, an I/O error
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO}


class PartnermapGroup(click.Group):
    """A click group that turns library errors into one clear line and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `partnermap ... | head`: the reader has gone; end as other tools do
            _closed_pipe()
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except PartnermapError as exc:
            if _debug(ctx):
                raise
            _echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            raise click.Abort() from None
        except OSError as exc:
            if exc.errno not in _WRITE_ERRORS or _debug(ctx):
                raise
            # the output could not be written (a full disk, a read-only or failing device): the
            # environment's fault, not a bug, and said in one line like a bad input
            where = f"{exc.filename}: " if exc.filename else ""
            _echo(f"Error: {where}cannot write the output: {exc.strerror or exc}", err=True)
            ctx.exit(EXIT_INPUT)
        except Exception as exc:  # a bug: one line, traceback with --debug
            if _debug(ctx):
                raise
            _echo(f"Error: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)", err=True)
            ctx.exit(EXIT_INTERNAL)


def _echo(message: object = "", *, err: bool = False, nl: bool = True) -> None:
    """Print a line (or a whole table) of output: plan text in it is data, so escape sequences,
    control characters and bidirectional overrides are removed (:func:`partnermap.safe.terminal_text`)
    before it reaches the terminal."""
    from partnermap.safe import terminal_text

    click.echo(terminal_text(message), err=err, nl=nl)


def _closed_pipe() -> None:
    """End quietly after standard output was closed by its reader: as if killed by SIGPIPE (what the
    shell reports as 141 for ``cat``, ``grep`` and the rest), with nothing on stderr."""
    import os
    import signal

    try:  # nothing more may be flushed into the closed pipe at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
    os._exit(128 + 13)


def _debug(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("debug")) or bool((root.obj or {}).get("debug"))


def format_option(*choices: str, default: str = "table"):
    """A ``--format`` option with the given choices (table, json, csv by default)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices or TABLE_FORMATS, case_sensitive=False),
        default=default,
        show_default=True,
        help="Output format.",
    )


class _InputFormat(click.ParamType):
    """A plan format name (partnermap.ingest.INPUT_FORMATS), checked only when used."""

    name = "format"

    def convert(self, value, param, ctx):
        from partnermap.ingest import INPUT_FORMATS

        if value.lower() in INPUT_FORMATS:
            return value.lower()
        self.fail(f"{value!r} is not a plan format (choose from: {', '.join(INPUT_FORMATS)})", param, ctx)


class _ReportDate(click.ParamType):
    """A report date: ISO (2018-03-31) or UK day-first (31/03/2018, 31 March 2018, 31 Mar 2018)."""

    name = "date"

    def convert(self, value, param, ctx):
        from datetime import date

        from partnermap.ingest.timescale import parse_date

        if isinstance(value, date):
            return value
        try:
            return parse_date(value)
        except ValueError:
            self.fail(f"{value!r} is not a date (write 2018-03-31, 31/03/2018 or 31 March 2018)", param, ctx)


_plan_paths = click.Path(exists=True, dir_okay=False, allow_dash=True)
_sheet_option = click.option(
    "--sheet", default=None, help="Excel: the sheet to read (default: the one with an action-plan header)."
)
_taxonomy_option = click.option(
    "--taxonomy",
    "taxonomy_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Taxonomy YAML file (default: the bundled one).",
)


class _FrameworkId(click.ParamType):
    """A framework id (``partnermap frameworks list``) or ``none``; a taxonomy file's own framework
    is known only once the taxonomy is read, so an unknown id is refused then (exit 3)."""

    name = "framework"

    def convert(self, value, param, ctx):
        import re

        if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9_]*", value):
            return value
        self.fail(f"{value!r} is not a framework id (see partnermap frameworks list) or none", param, ctx)


_framework_option = click.option(
    "--framework",
    "framework",
    type=_FrameworkId(),
    default=None,
    metavar="ID|none",
    help="Judge every plan by this framework (partnermap frameworks list), or by none "
    "(default: each plan's own, chosen from its title and text).",
)
_input_format_option = click.option(
    "--input-format",
    "input_format",
    type=_InputFormat(),
    default=None,
    help="Read the plans as this format: txt, md, csv, tsv, xlsx, docx, pdf or html (default: by the file's "
    "extension; standard input, PLAN -, by its first bytes).",
)


_table_option = click.option(
    "--table",
    "table",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Word, PDF or web page: read table N alone (default: the tables that share the "
    "action-plan header; the others are skipped with a warning).",
)


def _column_pairs(ctx, param, values: tuple[str, ...]) -> dict[str, str]:
    from partnermap.ingest.columns import ROLES

    pairs = {}
    for item in values:
        role, sep, header = item.partition("=")
        role = role.strip().lower()
        if not sep or role not in ROLES or not header.strip():
            raise click.BadParameter(f"{item!r} is not ROLE=HEADER with ROLE one of {', '.join(ROLES)}")
        pairs[role] = header.strip()
    return pairs


_column_option = click.option(
    "--column",
    "column_pairs",
    multiple=True,
    callback=_column_pairs,
    metavar="ROLE=HEADER",
    help="Read the column headed HEADER as ROLE (activity, lead, partners, outcome, timescale, status, theme, "
    "subaction, ref); repeatable; wins over the header's own words.",
)
_columns_file_option = click.option(
    "--columns",
    "columns_file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    metavar="FILE",
    help="A YAML file mapping roles to headers (activity: Specific Actions), as --column does.",
)
_owner_option = click.option(
    "--owner",
    default=None,
    metavar="ORG",
    help='The organisation whose plan it is: bare role titles ("Prevent Lead") are its leads '
    "(default: the organisation the plan's title names, if the directory knows it).",
)


class _Size(click.ParamType):
    name = "size"

    def convert(self, value, param, ctx):
        from partnermap.ingest.limits import parse_size

        if isinstance(value, int):
            return value
        try:
            return parse_size(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


_max_size_option = click.option(
    "--max-size",
    type=_Size(),
    default="200MB",
    show_default=True,
    metavar="SIZE",
    help="Refuse a plan file bigger than this (e.g. 50MB, 1GB); a workbook or Word file may unpack to 5x it "
    "(at least 1 GB).",
)
_max_rows_option = click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=100_000,
    show_default=True,
    help="Spreadsheets: refuse data below this row.",
)
_max_columns_option = click.option(
    "--max-columns",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="Spreadsheets: refuse data right of this column.",
)
# Documents' limits: field of partnermap.ingest.limits.Limits (max_NAME, its default there) -> (is a size, help);
# each is the option --max-NAME.
_DOCUMENT_LIMITS = {
    "markup": (True, "Word, web page: refuse a document part or page bigger than this (XML or HTML)."),
    "paragraphs": (False, "Word, web page: refuse more paragraphs and table cells than this."),
    "table_cells": (False, "Word, web page: refuse a table of more cells than this (spans counted)."),
    "styles": (False, "Word: refuse more styles than this."),
    "pages": (False, "PDF: refuse more pages than this."),
    "page_chars": (False, "PDF: refuse a page that draws more characters than this."),
    "chars": (False, "PDF: refuse a document whose pages draw more characters than this in all."),
    "page_graphics": (False, "PDF: refuse a page that draws more lines, rectangles and curves than this."),
    "page_forms": (False, "PDF: refuse a page that draws more forms and images than this."),
    "page_grid": (False, "PDF: refuse a page whose ruling lines cross more often than this (before table finding)."),
    "stream": (True, "PDF: refuse a stream that inflates to more than this."),
}


def _document_limit_options(func):
    """The document readers' limits (:data:`_DOCUMENT_LIMITS`), each ``--max-NAME`` for Limits.max_NAME."""
    from partnermap.ingest.limits import DEFAULT_LIMITS, human_size

    for name, (size, text) in reversed(_DOCUMENT_LIMITS.items()):  # the last added is listed first
        default = getattr(DEFAULT_LIMITS, f"max_{name}")
        func = click.option(
            f"--max-{name.replace('_', '-')}",
            f"max_{name}",
            default=default,
            type=_Size() if size else click.IntRange(min=1),
            metavar="SIZE" if size else "N",
            show_default=human_size(default).replace(" ", "") if size else True,
            help=text,
        )(func)
    return func


def _columns_from_file(path: str | None) -> dict[str, str]:
    if path is None:
        return {}
    from partnermap.errors import InputError
    from partnermap.files import load_yaml_data
    from partnermap.ingest.columns import ROLES

    data = load_yaml_data(path, what="the column mapping") or {}
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise InputError("expected a mapping of roles to header texts (activity: Specific Actions)", source=path)
    unknown = sorted({k.lower() for k in data} - set(ROLES))
    if unknown:
        raise InputError(
            f"unknown role{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} (roles: {', '.join(ROLES)})",
            source=path,
        )
    return {k.lower(): v for k, v in data.items()}


#: The options of every command that reads plans, in the order --help lists them. Each sets the
#: ReadOptions field of its name (``columns_file`` and ``column_pairs`` together set ``columns``),
#: and each limit option the Limits field of its name: a new limit is a Limits field and an option here.
_READING_OPTIONS = (
    _taxonomy_option,
    _sheet_option,
    _table_option,
    _input_format_option,
    _column_option,
    _columns_file_option,
    _owner_option,
    _max_size_option,
    _max_rows_option,
    _max_columns_option,
    _document_limit_options,
)


def read_options(
    *,
    taxonomy_path=None,
    sheet=None,
    table=None,
    input_format=None,
    column_pairs=None,
    columns_file=None,
    owner=None,
    **limits,
) -> ReadOptions:
    """The :class:`~partnermap.ingest.options.ReadOptions` the reading options' values give
    (the ``--column`` pairs win over the ``--columns`` file; ``limits`` are Limits fields)."""
    from partnermap.ingest.limits import Limits
    from partnermap.ingest.options import ReadOptions

    columns = {**_columns_from_file(columns_file), **(column_pairs or {})}
    return ReadOptions(
        taxonomy=taxonomy_path,
        sheet=sheet,
        table=table,
        input_format=input_format,
        columns=columns,
        owner=owner,
        limits=Limits(**limits),
    )


def reading_options(func):
    """Add the reading options (:data:`_READING_OPTIONS`) to a command, which gets their values
    as one ``options`` (:func:`read_options`)."""

    @functools.wraps(func)
    def wrapper(*args, taxonomy_path, sheet, table, input_format, column_pairs, columns_file, owner, **kwargs):
        from dataclasses import fields

        from partnermap.ingest.limits import Limits

        limits = {limit.name: kwargs.pop(limit.name) for limit in fields(Limits) if limit.name in kwargs}
        options = read_options(
            taxonomy_path=taxonomy_path,
            sheet=sheet,
            table=table,
            input_format=input_format,
            column_pairs=column_pairs,
            columns_file=columns_file,
            owner=owner,
            **limits,
        )
        return func(*args, options=options, **kwargs)

    for option in reversed(_READING_OPTIONS):
        wrapper = option(wrapper)
    return wrapper


def plan_arguments(func):
    """PLANS (one or more files, ``-`` for standard input) and the reading options."""
    func = reading_options(func)
    func = click.argument("plans", nargs=-1, required=True, type=_plan_paths)(func)
    return func


def neo4j_options(func):
    """--uri/--user/--password/--database, defaulting to NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and
    NEO4J_DATABASE, else the local server of `partnermap neo4j start`."""
    func = click.option(
        "--database", default=None, help="Database name (default: $NEO4J_DATABASE, else the server's default)."
    )(func)
    func = click.option("--password", default=None, help="Password (default: $NEO4J_PASSWORD). Never printed.")(func)
    func = click.option("--user", default=None, help="User name (default: $NEO4J_USERNAME, else neo4j).")(func)
    func = click.option(
        "--uri",
        default=None,
        help="bolt://, neo4j:// or neo4j+s:// URI (default: $NEO4J_URI, "
        "else the local server of `partnermap neo4j start`).",
    )(func)
    return func


@click.group(cls=PartnermapGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="partnermap")
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool):
    """partnermap: turn a partnership action plan into a graph people can question.

    Read plans (Word .docx, PDF, web pages, Excel, CSV, Markdown and tab-separated text), report
    what they miss, load them into Neo4j, draw an interactive map and write a board paper.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    if debug:  # the Neo4j driver's log lines (server notifications, connection warnings) on stderr
        import logging

        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        logging.getLogger("neo4j").addHandler(handler)
        logging.getLogger("neo4j").setLevel(logging.INFO)


# === reading plans: summary, inspect =============================================================


@cli.command()
@plan_arguments
@_framework_option
@format_option("table", "json")
def summary(plans, options, framework, fmt):
    """Summarise PLANS: activities, themes, organisations and reading warnings.

    Every non-blank source row is accounted for: as an activity, a merged continuation, a
    theme row, a header/title row, or a warning.
    """
    import textwrap

    from partnermap.pipeline import choose_frameworks, load_taxonomy, read_plans
    from partnermap.reference.frameworks import framework_sentence
    from partnermap.report.summary import summarise

    taxonomy = load_taxonomy(options.taxonomy)
    read = read_plans(plans, options, taxonomy=taxonomy)
    result = summarise(read, choose_frameworks(read, taxonomy, framework))
    if fmt == "json":
        _echo(to_json(result))
        return
    for plan in result["plans"]:
        r = plan["report"]
        _echo(
            f"{plan['title']} ({plan['source']}): {plan['activities']} activities; "
            f"{r['rows_read']} rows read = {r['activities']} activities + {r['merges']} merged + "
            f"{r['theme_rows']} theme + {r['header_rows']} header/title + {r['warning_rows']} skipped"
        )
        _echo(textwrap.fill(framework_sentence(plan["framework"]), 80))
    _echo()
    _echo(
        render(
            result["themes"],
            ["number", "name", "activities"],
            "table",
            headers=["#", "Theme", "Activities"],
            title="Themes",
        ),
        nl=False,
    )
    _echo(
        render(
            result["columns"],
            ["plan", "column", "header", "role", "evidence"],
            "table",
            headers=["Plan", "#", "Header", "Role", "Evidence"],
            title="Columns",
        ),
        nl=False,
    )
    _echo(
        render(
            result["organisations"],
            ["name", "kind", "leads", "partners"],
            "table",
            headers=["Organisation", "Kind", "Leads", "Partners"],
            title="Organisations",
        ),
        nl=False,
    )
    if result["warnings"]:
        _echo(
            render(
                result["warnings"],
                ["line", "code", "message"],
                "table",
                headers=["Line", "Code", "Message"],
                title="Warnings",
            ),
            nl=False,
        )


@cli.command("inspect")
@plan_arguments
@_framework_option
@format_option("table", "json")
def inspect_command(plans, options, framework, fmt):
    """Show how each of PLANS was read: the column header chosen and why, each column's role and
    its evidence, and what every source row became (activity N, merged into N, theme, header,
    title, text, or skipped with the warning that says why). Check this before trusting a report."""
    from partnermap.pipeline import choose_frameworks, load_taxonomy, read_plans
    from partnermap.report.inspect import inspection, inspection_text

    taxonomy = load_taxonomy(options.taxonomy)
    read = read_plans(plans, options, taxonomy=taxonomy)
    choices = choose_frameworks(read, taxonomy, framework)
    data = [inspection(plan, choices[plan.id]) for plan in read]
    if fmt == "json":
        _echo(to_json(data if len(data) > 1 else data[0]))
        return
    _echo("\n".join(inspection_text(d) for d in data), nl=False)


# === taxonomy / graph: taxonomy check, export ====================================================


@cli.group()
def taxonomy():
    """Work with taxonomy files (sectors, audiences, concepts, framework areas)."""


@taxonomy.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def taxonomy_check(ctx: click.Context, file: str):
    """Validate a taxonomy YAML FILE: every problem is printed as FILE:LINE: message (exit 3)."""
    from partnermap.errors import EXIT_INPUT
    from partnermap.reference.frameworks import check_own_framework
    from partnermap.reference.taxonomy_file import check_taxonomy

    checked, problems = check_taxonomy(file)
    own, own_problems = check_own_framework(checked)
    problems = sorted([*problems, *own_problems])
    for problem in problems:
        _echo(f"{file}:{problem.line}: {problem.message}", err=True)
    if problems:
        ctx.exit(EXIT_INPUT)
    _echo(f"OK: {checked.summary()}" + (f"; its own framework {own.name!r}: {len(own.areas)} areas" if own else ""))


@cli.command("export")
@plan_arguments
@format_option("graphml", "gexf", "json", "csv", "kumu", default="graphml")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(allow_dash=True),
    help="File to write, or - for standard output; for csv a directory (DIR/: nodes.csv, edges.csv) "
    "or a base name (BASE-nodes.csv, BASE-edges.csv).",
)
def export(plans, options, fmt, output):
    """Export the graph of PLANS for Gephi, Cytoscape, Kumu or a spreadsheet.

    \b
    graphml  Cytoscape, yEd, Gephi (every property, typed)
    gexf     Gephi, with the map's colours, shapes and sizes
    json     networkx node-link data (networkx.node_link_graph reads it back)
    csv      Gephi's spreadsheet import: nodes (Id, Label, ...) and edges (Source, Target, Type, Label, ...)
    kumu     a Kumu import workbook (.xlsx: Elements and Connections sheets)
    """
    from partnermap.graph.export import SINGLE_FILE, export_bytes, export_graph
    from partnermap.graph.links import edges
    from partnermap.pipeline import build

    if output == "-" and fmt not in SINGLE_FILE:
        raise click.BadParameter("csv writes two files: give a directory (-o DIR/) or a base name", param_hint="'-o'")
    graph = build(plans, options).graph
    if output == "-":
        data, cleaned = export_bytes(graph, fmt)
        sys.stdout.flush()
        sys.stdout.buffer.write(data)  # bytes as they are (a workbook is binary)
        sys.stdout.buffer.flush()
        written = None
    else:
        result = export_graph(graph, fmt, output)
        cleaned, written = result.cleaned, result.files
    if cleaned:
        _echo(
            f"Warning: {cleaned} text value{'s' if cleaned != 1 else ''} held characters {fmt} cannot "
            f"store (control characters); they were removed",
            err=True,
        )
    if written:
        _echo(
            f"Wrote {graph.number_of_nodes()} nodes and {len(edges(graph))} edges to "
            + ", ".join(str(p) for p in written)
        )


# === gaps and reports: gaps, coverage, partners, compare ==========================================


class _GapKind(click.ParamType):
    """A gap kind name, checked against partnermap.graph.gaps.KINDS only when used (keeps startup fast)."""

    name = "kind"

    def convert(self, value, param, ctx):
        from partnermap.graph.gaps import KINDS

        if value in KINDS:
            return value
        self.fail(f"{value!r} is not a gap kind (choose from: {', '.join(KINDS)})", param, ctx)


def _read_stored_graph(plan_ids: tuple[str, ...], uri, user, password, database):
    """The graph of the given plans (default: all) read back from Neo4j (connection from the
    options, else the NEO4J_* environment variables, else the local server)."""
    from partnermap.cypher.connect import resolve_settings
    from partnermap.cypher.store import read_graph

    return read_graph(resolve_settings(uri, user, password, database), list(plan_ids) or None)


@cli.command("gaps")
@click.argument("plans", nargs=-1, type=_plan_paths)
@click.option(
    "--as-of",
    "as_of",
    type=_ReportDate(),
    default=None,
    metavar="DATE",
    help="Report date (2018-03-31, 31/03/2018 or 31 March 2018): timescales ending before it are "
    "overdue.  [default: today, or the end of the plans' period when that is past]",
)
@click.option("--kind", "kinds", type=_GapKind(), multiple=True, help="Report only this kind of gap (repeatable).")
@format_option("table", "json", "csv", "markdown")
@click.option(
    "--fail-on",
    "fail_on",
    type=click.Choice(["high", "medium", "low"]),
    default=None,
    help="Exit with code 1 when gaps of this severity or worse are found.",
)
@click.option(
    "--source",
    type=click.Choice(["file", "neo4j"]),
    default="file",
    show_default=True,
    help="Analyse PLAN files, or the graph stored in Neo4j (see partnermap load).",
)
@click.option(
    "--plan",
    "plan_ids",
    multiple=True,
    metavar="ID",
    help="With --source neo4j: a plan id to read (repeatable; default all).",
)
@_framework_option
@reading_options
@neo4j_options
@click.pass_context
def gaps(ctx, plans, as_of, kinds, fmt, fail_on, source, plan_ids, framework, options, uri, user, password, database):
    """Report what PLANS miss, most severe first.

    \b
    Gap kinds (--kind):
      statutory_partner_missing, sector_without_engagement, sector_not_delivering,
      framework_area_without_activity, theme_numbering_gap, theme_without_activity,
      lead_concentration, single_point_of_failure, audience_single_activity,
      outcome_without_indicator, missing_field, unparsed_timescale,
      open_ended_timescale, overdue, duplicate_activity

    Each plan is judged by its framework (Prevent, community safety, ...: partnermap frameworks
    list), chosen from its title and text or given with --framework; the report's first lines say
    which and why. Plans of one framework are analysed together; plans of different frameworks
    apart, each finding naming its plans. The table groups gaps by severity; Markdown is ready to
    paste into a board paper; JSON is {"as_of", "plans", "framework", "gaps"}.
    """

    from partnermap.errors import EXIT_FAIL_ON
    from partnermap.graph.gaps.base import SEVERITY_RANK
    from partnermap.report.tables import GAP_COLUMNS, gap_report, gap_rows, gaps_markdown, gaps_table

    if source == "neo4j":
        if plans:
            raise click.UsageError("with --source neo4j name plans with --plan ID, not files")
        if framework:
            raise click.UsageError(
                "--framework applies to plan files: a stored plan keeps the framework it was "
                "loaded with (partnermap load --framework)"
            )
        graph = _read_stored_graph(plan_ids, uri, user, password, database)
    else:
        if uri or user or password or database:
            raise click.UsageError("--uri, --user, --password and --database apply to --source neo4j only")
        if not plans:
            raise click.UsageError("Missing argument 'PLANS...' (or use --source neo4j).")
        if plan_ids:
            raise click.UsageError("--plan applies to --source neo4j only")
        from partnermap.pipeline import build

        graph = build(plans, options, framework=framework).graph
    report = gap_report(graph, as_of=as_of, kinds=kinds or None)
    if fmt == "table":
        _echo(gaps_table(report), nl=False)
    elif fmt == "markdown":
        _echo(gaps_markdown(report), nl=False)
    else:
        _echo(render(gap_rows(report), GAP_COLUMNS, fmt, json_obj=report), nl=False)
    if fail_on and any(SEVERITY_RANK[g["severity"]] <= SEVERITY_RANK[fail_on] for g in report["gaps"]):
        ctx.exit(EXIT_FAIL_ON)


@cli.command("coverage")
@plan_arguments
@_framework_option
@format_option("table", "csv", "json")
@click.option(
    "--explain",
    is_flag=True,
    help="Show each area of the plans' framework instead: the activities that cover it and the words that did.",
)
def coverage(plans, options, framework, fmt, explain):
    """The sector x theme matrix of PLANS: how many activities engage each sector under each theme.

    An activity engages a sector when it names an institution or audience of the sector, or an
    organisation of the sector leads or partners it. Empty cells are gaps. With --explain, every
    framework area with the activities whose action or outcome names it and the words matched,
    so a reader can check each finding.
    """
    from partnermap.graph.coverage import coverage as sector_theme_coverage
    from partnermap.graph.coverage import framework_evidence
    from partnermap.pipeline import build
    from partnermap.report.tables import coverage_columns, coverage_table, framework_rows

    graph = build(plans, options, framework=framework).graph
    if explain:
        areas = framework_evidence(graph)
        if not areas and fmt == "table":
            _echo(
                "No framework judges these plans, so there are no framework areas to explain "
                "(see partnermap frameworks list, and --framework)."
            )
            return
        rows = framework_rows(areas)
        columns = ["area", "name", "covered", "activities", "evidence", "where"]
        if fmt == "table":
            _echo(
                _render_wide(
                    [{**r, "covered": "yes" if r["covered"] else "NO"} for r in rows],
                    ["name", "covered", "evidence", "where"],
                    "table",
                ),
                nl=False,
            )
        else:
            _echo(render(rows, columns, fmt, json_obj=areas), nl=False)
        return
    cov = sector_theme_coverage(graph)
    if fmt == "table":
        _echo(coverage_table(cov), nl=False)
    else:
        _echo(render(cov.rows(), coverage_columns(cov), fmt, json_obj=cov.as_dict()), nl=False)


@cli.command("partners")
@plan_arguments
@format_option("table", "json", "csv")
def partners(plans, options, fmt):
    """The organisations of PLANS: activities led and partnered, and their place in the partnership
    network (degree: organisations worked with; betweenness: how much they bridge the others)."""
    from partnermap.graph.network import partner_stats
    from partnermap.pipeline import build
    from partnermap.report.tables import PARTNER_COLUMNS

    rows = partner_stats(build(plans, options).graph)
    _echo(
        render(rows, PARTNER_COLUMNS, fmt, headers=[c.capitalize() for c in PARTNER_COLUMNS], title="Organisations"),
        nl=False,
    )


@cli.command("compare")
@click.argument("old", type=_plan_paths)
@click.argument("new", type=_plan_paths)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=75,
    show_default=True,
    help="How alike (0-100) two activities must be to count as carried over.",
)
@click.option("--changes-only", is_flag=True, help="Leave out the activities carried over unchanged.")
@reading_options
@format_option("table", "json", "csv")
def compare(old, new, threshold, changes_only, options, fmt):
    """What the NEW plan changed from the OLD one: sectors and organisations gained and lost, then
    activities changed (the same activity with a different lead, partners, timescale, status or
    outcome, before and after), dropped, added and carried over (matched by similar wording)."""
    from partnermap.graph.compare import compare as compare_graphs
    from partnermap.pipeline import build
    from partnermap.report.tables import COMPARE_COLUMNS, compare_table

    if old == "-" and new == "-":
        raise click.UsageError("only one of OLD and NEW can be standard input (-)")
    old_graph, new_graph = (build([p], options).graph for p in (old, new))
    result = compare_graphs(old_graph, new_graph, threshold=threshold)
    if fmt == "table":
        _echo(compare_table(result, changes_only=changes_only), nl=False)
    else:
        rows = [r for r in result.rows() if not (changes_only and r["status"] == "carried_over")]
        _echo(render(rows, COMPARE_COLUMNS, fmt, json_obj=result.as_dict()), nl=False)


# === neo4j server: neo4j start|stop|status ======================================================


@cli.group("neo4j")
def neo4j_server():
    """Run a local Neo4j 5.26 server for partnermap (jars fetched from Maven Central on first use).

    \b
    Home:      ~/.local/share/partnermap/neo4j  (or $PARTNERMAP_NEO4J_HOME)
    Jar cache: ~/.cache/partnermap/neo4j        (or $PARTNERMAP_NEO4J_CACHE)
    Bolt listens on 127.0.0.1 only; auth is on, with a generated password kept in HOME/password
    (readable only by you). Neo4j commands use this server when no --uri or NEO4J_URI is given.
    """


def _echo_server(info) -> None:
    _echo(
        f"uri:           {info.uri}\n"
        f"user:          {info.user}\n"
        f"password file: {info.password_file}\n"
        f"pid:           {info.pid}\n"
        f"version:       Neo4j {info.version}\n"
        f"home:          {info.home}"
    )


def _memory(ctx, param, value: str) -> str:
    import re

    if not re.fullmatch(r"\d+[kmgKMG]", value):
        raise click.BadParameter(f"{value!r} is not a size like 512m or 2g")
    return value.lower()


@neo4j_server.command("start")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Bolt port (default 7687, or a free port when 7687 is taken).",
)
@click.option("--heap", default="1g", show_default=True, callback=_memory, help="JVM heap size.")
@click.option("--page-cache", default="256m", show_default=True, callback=_memory, help="Page cache size.")
@click.option(
    "--allow-csv-import",
    is_flag=True,
    help="Let LOAD CSV read files from the server's import folder and URLs (default: both refused).",
)
@click.option(
    "--transaction-timeout",
    type=click.IntRange(min=1),
    default=600,
    show_default=True,
    metavar="SECONDS",
    help="The server stops any transaction that runs longer.",
)
def neo4j_start(port, heap, page_cache, allow_csv_import, transaction_timeout):
    """Start the local server (fetching Neo4j and setting its password on first use), wait
    until it accepts connections, and warm it up (schema created, statements compiled) so the
    first load is as quick as any."""
    from partnermap.cypher.server import LocalServer

    server = LocalServer()
    running = server.status()
    if running is not None:
        _echo("Neo4j is already running.", err=True)
    info = running or server.start(
        port=port,
        heap=heap,
        page_cache=page_cache,
        allow_csv_import=allow_csv_import,
        transaction_timeout=transaction_timeout,
        log=lambda message: _echo(message, err=True),
    )
    if running is None:  # a cold server plans every statement of the first load: do it now
        from partnermap.cypher.store import warm_up_server

        seconds = warm_up_server(info)
        _echo(f"Warmed up in {seconds:.1f} s (schema created, partnermap's statements compiled)", err=True)
    _echo_server(info)


@neo4j_server.command("status")
@click.pass_context
def neo4j_status(ctx):
    """Print where the local server listens and where its password is (exit 4 when not running)."""
    from partnermap.cypher.server import LocalServer
    from partnermap.errors import EXIT_SERVICE

    server = LocalServer()
    info = server.status()
    if info is None:
        _echo(f"Neo4j is not running (home {server.home}); start it with `partnermap neo4j start`.")
        ctx.exit(EXIT_SERVICE)
    _echo_server(info)


@neo4j_server.command("stop")
def neo4j_stop():
    """Stop the local server cleanly (it finishes open work and checkpoints first)."""
    from partnermap.cypher.server import LocalServer

    server = LocalServer()
    _echo("Neo4j stopped." if server.stop() else "Neo4j was not running.")


# === neo4j store: load, cypher list|show|run|query ===============================================


def _key_values(ctx, param, values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not KEY=VALUE")
        pairs[key.strip()] = value
    return pairs


@cli.command("load")
@plan_arguments
@_framework_option
@neo4j_options
@click.option(
    "--batch-size",
    type=click.IntRange(100, 1_000_000),
    default=10_000,
    show_default=True,
    help="Rows per UNWIND statement.",
)
@click.option(
    "--bulk",
    is_flag=True,
    help="Into an empty database of the local server, with Neo4j's offline importer "
    "(neo4j-admin database import full): the server restarts meanwhile. About 1.1 times "
    "the loader's speed at 100,000 activities, slower for smaller plans.",
)
def load(plans, options, framework, uri, user, password, database, batch_size, bulk):
    """Load PLANS into Neo4j: one transaction per plan; loading again replaces a plan's activities.

    Constraints and indexes are created first when missing. Read the graph back with
    `partnermap gaps --source neo4j` or query it with `partnermap cypher`.

    With --bulk the plans go into the local server's empty database through Neo4j's own importer:
    barely faster for very large plans (about 1.1 times the loader's speed at 100,000 activities)
    and slower for smaller ones (the server restarts: at 10,000 activities it takes more than twice
    as long). A database holding anything is refused.
    """
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    from partnermap.cypher.connect import connected, resolve_settings
    from partnermap.cypher.store import load_graph
    from partnermap.graph.build import build_graph
    from partnermap.pipeline import choose_frameworks, load_taxonomy, read_plans

    if bulk and (uri or user or password or database):
        raise click.UsageError(
            "--bulk imports into the local server (partnermap neo4j start): "
            "leave out --uri, --user, --password and --database"
        )
    settings = None if bulk else resolve_settings(uri, user, password, database)
    taxonomy = load_taxonomy(options.taxonomy)
    read = read_plans(plans, options, taxonomy=taxonomy)
    choices = choose_frameworks(read, taxonomy, framework)  # each plan's, kept on its Plan node
    if bulk:
        from partnermap.cypher.bulk import bulk_load
        from partnermap.cypher.server import LocalServer

        server = LocalServer()
        # each plan built on its own, as below, so the graph read back is the loader's
        result = bulk_load(
            server,
            [build_graph([plan], taxonomy, choices=choices) for plan in read],
            log=lambda message: _echo(message, err=True),
        )
        for counts in result.plans:
            _echo_loaded(counts)
        _echo(f"into {resolve_settings().describe()} (bulk import)")
        return
    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn())
    console = Console(stderr=True)
    # the bar only on a terminal: a pipe or log gets the result lines alone; a lost server is one line naming it
    with (
        connected(settings) as (driver, _),
        Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar,
    ):
        for plan in read:
            task = None

            def progress(done: int, total: int, plan_id: str = plan.id) -> None:
                nonlocal task
                if task is None and total >= 20_000:  # a bar only for large loads
                    task = bar.add_task(f"Loading {plan_id}", total=total)
                if task is not None:
                    bar.update(task, completed=done)

            # each plan built on its own, so reading any set of plans back gives build_graph's graph
            result = load_graph(
                driver,
                build_graph([plan], taxonomy, choices=choices),
                database=settings.database,
                batch_size=batch_size,
                progress=progress,
            )
            _echo_loaded(result.plans[0])
    _echo(f"into {settings.describe()}")


def _echo_loaded(counts: dict) -> None:
    """The line `load` prints for each plan (:meth:`partnermap.cypher.store.PlanWrite.counts`)."""
    _echo(
        f"Loaded {counts['plan']}: {counts['activities']} activities "
        f"({counts['nodes']} nodes, {counts['relationships']} relationships written)"
    )


@cli.group("cypher")
def cypher():
    """The analysts' Cypher library, and any Cypher, against Neo4j (read-only unless --write)."""


@cypher.command("list")
@format_option()
def cypher_list(fmt):
    """List the named queries with their parameters."""
    from partnermap.cypher.catalogue import catalogue

    rows = [
        {
            "name": q.name,
            "parameters": ", ".join(f"{p.name} ({p.type})" for p in q.parameters),
            "description": q.description,
        }
        for q in catalogue().values()
    ]
    _echo(_render_wide(rows, ("name", "parameters", "description"), fmt), nl=False)


@cypher.command("show")
@click.argument("name")
def cypher_show(name):
    """Print the named query NAME (header and Cypher)."""
    from partnermap.cypher.catalogue import named_query

    _echo(named_query(name).text, nl=False)


def _render_wide(rows: list[dict], columns, fmt: str) -> str:
    from partnermap.report.formats import to_table

    return to_table(rows, columns, width=140) if fmt == "table" else render(rows, columns, fmt)


def _echo_result(result, fmt: str) -> None:
    if fmt == "table" and not result.rows:
        _echo("(no rows)")
        return
    _echo(_render_wide(result.rows, result.columns, fmt), nl=False)


_param_option = click.option(
    "--param",
    "params",
    multiple=True,
    callback=_key_values,
    metavar="KEY=VALUE",
    help="A query parameter (repeatable).",
)
_write_option = click.option(
    "--write",
    is_flag=True,
    help="Allow a query that writes, changes the schema, runs LOAD CSV or acts on the "
    "server (default: refused; judged from the server's plan of the query).",
)
_timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query (exit 4) when it runs longer than this.",
)


@cypher.command("run")
@click.argument("name")
@_param_option
@_write_option
@_timeout_option
@format_option()
@neo4j_options
def cypher_run(name, params, write, timeout, fmt, uri, user, password, database):
    """Run the named query NAME (see `partnermap cypher list`)."""
    from partnermap.cypher.catalogue import named_query, run_cypher
    from partnermap.cypher.connect import resolve_settings

    query = named_query(name)
    values = query.bind(params)
    _echo_result(
        run_cypher(resolve_settings(uri, user, password, database), query.text, values, write=write, timeout=timeout),
        fmt,
    )


@cypher.command("query")
@click.argument("text")
@_param_option
@_write_option
@_timeout_option
@format_option()
@neo4j_options
def cypher_query(text, params, write, timeout, fmt, uri, user, password, database):
    """Run the Cypher TEXT, e.g. "MATCH (o:Organisation) RETURN o.name". Parameter values are
    strings; write KEY:=JSON (e.g. --param limit:=5) for numbers, booleans, lists or null."""
    import json

    from partnermap.cypher.catalogue import run_cypher
    from partnermap.cypher.connect import resolve_settings
    from partnermap.errors import InputError

    values = {}
    for key, value in params.items():
        if key.endswith(":"):
            try:
                values[key[:-1]] = json.loads(value)
            except ValueError:
                raise InputError(f"--param {key}={value}: not JSON") from None
        else:
            values[key] = value
    _echo_result(
        run_cypher(resolve_settings(uri, user, password, database), text, values, write=write, timeout=timeout), fmt
    )


# === report (the board paper) =====================================================================


@cli.command("report")
@plan_arguments
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The paper to write: paper.docx, paper.html or paper.md (- writes HTML to standard output).",
)
@click.option(
    "--format",
    "paper_format",
    type=click.Choice(["docx", "html", "md"]),
    default=None,
    help="The paper's format (default: from the output's extension).",
)
@click.option(
    "--as-of",
    "as_of",
    type=_ReportDate(),
    default=None,
    metavar="DATE",
    help="Report date, as for `partnermap gaps`.  [default: today, or the end of the plans' period when that is past]",
)
@click.option("--title", default=None, help="The paper's title (default: \"Board paper: \" and the plans' titles).")
@click.option(
    "--compare",
    "old",
    type=_plan_paths,
    default=None,
    metavar="OLD",
    help="An older plan: the paper adds what changed since it.",
)
@_framework_option
def report_command(plans, options, output, paper_format, as_of, title, old, framework):
    """Write a board paper for PLANS: summary, key findings, pictures and every activity.

    The figures are the gap report's, coverage's and partners' own. Word (.docx) has real headings
    and table styles, page numbers and a landscape appendix; HTML is one printable page that works
    offline; Markdown writes its pictures as PNG files beside it (paper-coverage.png, ...).
    """
    from pathlib import Path

    from partnermap.errors import InputError
    from partnermap.pipeline import build
    from partnermap.report.paper import FORMATS, paper_data, write_paper

    fmt = paper_format or ("html" if output == "-" else FORMATS.get(Path(output).suffix.lower()))
    if fmt is None:
        raise click.UsageError(
            f"cannot tell the paper's format from {output!r}: name it .docx, .html or .md, or give --format"
        )
    if output == "-" and fmt != "html":
        raise click.UsageError("only an HTML paper can go to standard output (-o -)")
    graph = build(plans, options, framework=framework).graph
    old_graph = build([old], options, framework=framework).graph if old else None
    data = paper_data(graph, as_of=as_of, title=title, old=old_graph)
    try:
        written = write_paper(data, output, fmt)
    except OSError as exc:
        raise InputError(f"cannot write the paper: {exc.strerror or exc}", source=exc.filename or output) from None
    if written:
        _echo(
            f"Wrote the paper to {written[0]}"
            + (f" and its pictures beside it ({', '.join(p.name for p in written[1:])})" if written[1:] else "")
        )


# === frameworks: list, show =======================================================================
# (issue 37: the frameworks plans are judged by)


@cli.group("frameworks")
def frameworks_group():
    """The frameworks plans are judged by: each domain's law, guidance, areas and statutory partners."""


@frameworks_group.command("list")
@format_option("table", "json")
def frameworks_list(fmt):
    """List the bundled frameworks: id, name and statutory partners (JSON adds where each applies, its
    legal basis and its partners' sectors; `frameworks show ID` gives the rest)."""
    from partnermap.reference.frameworks import load_frameworks

    rows = [
        {
            "id": f.id,
            "name": f.name,
            "applies_to": ", ".join(f.applies_to),
            "basis": f.basis,
            "areas": len(f.areas),
            "required": [p.as_dict()["sector"] for p in f.required],
            "relevant": [p.as_dict()["sector"] for p in f.relevant],
            "no_statutory_partnership": f.no_statutory_partnership,
            "partners": (
                "no statutory partnership"
                if f.no_statutory_partnership
                else f"{len(f.required)} required, {len(f.relevant)} relevant"
            ),
        }
        for f in load_frameworks().values()
    ]
    _echo(
        render(
            rows,
            ["id", "name", "partners"],
            fmt,
            headers=["Id", "Name", "Statutory partners"],
            title="Frameworks",
            json_obj=rows,
        ),
        nl=False,
    )


@frameworks_group.command("show")
@click.argument("framework_id", metavar="ID")
@format_option("table", "json")
def frameworks_show(framework_id, fmt):
    """Show framework ID: its legal basis, areas, statutory partners (each with the provision that
    names it; a seat that any one of several sectors can fill lists them all) and sources."""
    from partnermap.reference.frameworks import NONE, load_frameworks
    from partnermap.report.tables import framework_text

    known = load_frameworks()
    if framework_id not in known:
        raise click.BadParameter(
            f"{framework_id!r} is not a framework (known: {', '.join(known)}; or {NONE} with --framework)",
            param_hint="'ID'",
        )
    framework = known[framework_id]
    if fmt == "json":
        _echo(to_json(framework.as_dict()))
        return
    _echo(framework_text(framework), nl=False)


# === map ==========================================================================================


@cli.command("map")
@plan_arguments
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The HTML file to write, or - for standard output (one self-contained page: it works offline).",
)
@click.option(
    "--focus",
    default=None,
    metavar="KIND:NAME",
    help='Draw only the neighbourhood of one node, e.g. sector:health or org:"Bradford MDC" (KIND is '
    "plan, theme, activity, org, audience, sector, outcome, concept or area).",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="With --focus: how many steps (either direction) from the node.",
)
@click.option(
    "--theme",
    default=None,
    metavar="N",
    help="Draw only theme N's activities (its number or name) and what they connect to.",
)
@click.option(
    "--layout",
    type=click.Choice(["auto", "force", "lanes", "static"]),
    default="auto",
    show_default=True,
    help="force: let the graph settle in the browser; lanes: organisations -> activities -> outcomes -> "
    "concepts, left to right; static: precomputed radial positions (auto: force up to 300 nodes, "
    "else static).",
)
@click.option(
    "--as-of",
    "as_of",
    type=_ReportDate(),
    default=None,
    metavar="DATE",
    help="Report date of the findings panel and the activities' status colours, as for `partnermap gaps` "
    "(the page's date control changes the colours).",
)
@click.option("--title", default=None, help="Page title (default: the plans' titles).")
@_framework_option
def map_command(plans, options, output, focus, depth, theme, layout, as_of, title, framework):
    """Draw PLANS as an interactive partnership map: an HTML page for the browser.

    Every node type has its own colour and shape; the legend toggles them; sectors without
    engagement are dashed "gap" diamonds. A findings panel lists every finding of `partnermap gaps`
    for what the map shows (a theme or focus map judges its own scope); click one to see its
    evidence. Activities are ringed by their status on a date the page lets you change. Hover for
    details and the source line, click to highlight a node's neighbours, search, filter by theme,
    size organisations by a metric, download the view as PNG.
    """
    from partnermap.pipeline import build
    from partnermap.viz.map import UnknownSelection, render_map, write_map

    graph = build(plans, options, framework=framework).graph
    drawing = {"title": title, "focus": focus, "depth": depth, "theme": theme, "layout": layout, "as_of": as_of}
    try:
        if output == "-":
            click.echo(render_map(graph, **drawing), nl=False)  # escaped HTML
            return
        path = write_map(graph, output, **drawing)
    except UnknownSelection as exc:
        raise click.BadParameter(exc.message, param_hint=f"'--{exc.option}'") from None
    _echo(f"Wrote the map to {path}")


def main() -> None:
    """Console-script entry point. The command runs with the cyclic garbage collector paused: it
    makes up to millions of objects (a plan's rows, its graph, the findings) and next to no
    reference cycles, so each full collection would only walk them all again; the process ends
    when the command does."""
    from partnermap.perf import gc_paused

    with gc_paused():
        cli(prog_name="partnermap")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
