"""The ``partnermap`` command line: thin click commands over the library.

Each command parses its options, calls one library function and formats the result with
:mod:`partnermap.output`. Errors from the library (:class:`partnermap.errors.PartnermapError`)
become one line on stderr and an exit code; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys

import click

from partnermap import __version__
from partnermap.errors import EXIT_INTERNAL, PartnermapError
from partnermap.output import format_option, render, to_json  # noqa: F401

EPILOG = """\b
Exit codes: 0 ok; 1 gaps at or above --fail-on; 2 usage error;
3 input error (unreadable plan or taxonomy); 4 Neo4j/service error; 5 internal error.
"""


class PartnermapGroup(click.Group):
    """A click group that turns library errors into one clear line and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except PartnermapError as exc:
            if _debug(ctx):
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as exc:  # a bug: one line, traceback with --debug
            if _debug(ctx):
                raise
            click.echo(f"Error: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)", err=True)
            ctx.exit(EXIT_INTERNAL)


def _debug(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("debug")) or bool((root.obj or {}).get("debug"))


# Options shared by every command that reads plans.
def plan_arguments(func):
    func = click.option(
        "--sheet", default=None, help="Excel: the sheet to read (default: the one with an action-plan header)."
    )(func)
    func = click.option(
        "--taxonomy",
        "taxonomy_path",
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="Taxonomy YAML file (default: the bundled one).",
    )(func)
    func = click.argument("plans", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))(func)
    return func


@click.group(cls=PartnermapGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="partnermap")
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool):
    """partnermap: turn a partnership action plan into a graph people can question.

    Read plans (extracted-table text, Markdown, CSV, Excel), report what they miss, load them
    into Neo4j and draw an interactive map.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# === ingest: summary ============================================================================
# (section owned by the ingest work)


@cli.command()
@plan_arguments
@format_option("table", "json")
def summary(plans, taxonomy_path, sheet, fmt):
    """Summarise PLANS: activities, themes, organisations and reading warnings.

    Every non-blank source row is accounted for: as an activity, a merged continuation, a
    theme row, a header/title row, or a warning.
    """
    from partnermap.pipeline import load_taxonomy, read_plans
    from partnermap.summary import summarise

    result = summarise(read_plans(plans, taxonomy=load_taxonomy(taxonomy_path), sheet=sheet))
    if fmt == "json":
        click.echo(to_json(result))
        return
    for plan in result["plans"]:
        r = plan["report"]
        click.echo(f"{plan['title']} ({plan['source']}): {plan['activities']} activities; "
                   f"{r['rows_read']} rows read = {r['activities']} activities + {r['merges']} merged + "
                   f"{r['theme_rows']} theme + {r['header_rows']} header/title + {r['warning_rows']} skipped")
    click.echo()
    click.echo(render(result["themes"], ["number", "name", "activities"], "table", headers=["#", "Theme", "Activities"],
                      title="Themes"), nl=False)
    click.echo(render(result["organisations"], ["name", "leads", "partners"], "table",
                      headers=["Organisation", "Leads", "Partners"], title="Organisations"), nl=False)
    if result["warnings"]:
        click.echo(render(result["warnings"], ["line", "code", "message"], "table", headers=["Line", "Code", "Message"],
                          title="Warnings"), nl=False)

# === taxonomy / graph: taxonomy check, export ====================================================
# (section owned by the taxonomy/graph work)


@cli.group()
def taxonomy():
    """Work with taxonomy files (sectors, audiences, concepts, framework areas)."""


@taxonomy.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def taxonomy_check(ctx: click.Context, file: str):
    """Validate a taxonomy YAML FILE: every problem is printed as FILE:LINE: message (exit 3)."""
    from partnermap.errors import EXIT_INPUT
    from partnermap.ingest.taxonomy import check_taxonomy

    checked, problems = check_taxonomy(file)
    for problem in problems:
        click.echo(f"{file}:{problem.line}: {problem.message}", err=True)
    if problems:
        ctx.exit(EXIT_INPUT)
    click.echo(f"OK: {checked.summary()}")


@cli.command("export")
@plan_arguments
@format_option("graphml", "gexf", "json", "csv", default="graphml")
@click.option("-o", "--output", "output", required=True, type=click.Path(),
              help="File to write; for csv a directory (nodes.csv, edges.csv) or a base name (BASE-nodes.csv, ...).")
def export(plans, taxonomy_path, sheet, fmt, output):
    """Export the graph of PLANS for Gephi, Cytoscape or a spreadsheet.

    GraphML and GEXF leave out missing (None) values and show each node's name as its label;
    see partnermap.graph.export for what each format keeps.
    """
    from partnermap.graph.export import export_graph
    from partnermap.pipeline import build

    graph = build(plans, taxonomy_path=taxonomy_path, sheet=sheet).graph
    written = export_graph(graph, fmt, output)
    click.echo(f"Wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges to "
               + ", ".join(str(p) for p in written))

# === gaps and reports: gaps, coverage, partners, compare ==========================================
# (section owned by the gaps work)

# === neo4j server: neo4j start|stop|status ======================================================
# (section owned by the Neo4j server work)

# === neo4j store: load, cypher list|show|run|query ===============================================
# (section owned by the Neo4j loader work)

# === map ==========================================================================================
# (section owned by the map work)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="partnermap")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
