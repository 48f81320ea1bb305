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

# === taxonomy / graph: taxonomy check, export ====================================================
# (section owned by the taxonomy/graph work)

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
