"""How to read plan files: one validated :class:`ReadOptions`, shared by the CLI, the pipeline and
the readers (as pdfplumber's ``TableSettings`` is by its extraction steps).

Every field is one command-line option of the commands that read plans; the bounds on what a file
may cost are one :class:`~partnermap.ingest.limits.Limits`. A bad value fails when the options are
made, in one line naming the option, not deep inside a reader.

>>> ReadOptions(table=2, columns={"Lead": " Body "}).columns
{'lead': 'Body'}
>>> ReadOptions.resolve({"sheet": "Plan"}) == ReadOptions(sheet="Plan")
True
>>> ReadOptions(table=0)
Traceback (most recent call last):
...
partnermap.errors.UsageError: table (--table): must be a whole number, 1 or more; got 0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from os import PathLike

from partnermap.errors import UsageError
from partnermap.ingest.limits import DEFAULT_LIMITS, Limits

#: ``--input-format`` names -> the extension whose reader reads them
INPUT_FORMATS = {
    "txt": ".txt",
    "md": ".md",
    "csv": ".csv",
    "tsv": ".tsv",
    "xlsx": ".xlsx",
    "docx": ".docx",
    "pdf": ".pdf",
    "html": ".html",
}


def _bad(name: str, problem: str, value) -> UsageError:
    return UsageError(f"{name} (--{name.replace('_', '-')}): {problem}; got {value!r}")


def _text_or_none(name: str, value) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise _bad(name, "must be text", value)


@dataclass(frozen=True)
class ReadOptions:
    """How to read plan files (the defaults read any plan; each field is the option named beside it)."""

    taxonomy: str | PathLike | None = None  # --taxonomy: taxonomy YAML file (None: the bundled one)
    sheet: str | None = None  # --sheet: the Excel sheet to read (None: the one with an action-plan header)
    table: int | None = None  # --table: the one table of a Word, PDF or web document to read (1-based)
    input_format: str | None = None  # --input-format: a key of INPUT_FORMATS (None: by extension, or sniffed)
    columns: Mapping[str, str] = field(default_factory=dict)  # --column/--columns: role -> header text
    owner: str | None = None  # --owner: the organisation whose plan it is (its bare role titles lead)
    limits: Limits = DEFAULT_LIMITS  # --max-size, --max-rows, --max-columns

    def __post_init__(self):
        from partnermap.ingest.columns import ROLES

        if self.taxonomy is not None and not isinstance(self.taxonomy, (str, PathLike)):
            raise _bad("taxonomy", "must be the path of a taxonomy YAML file", self.taxonomy)
        _text_or_none("sheet", self.sheet)
        _text_or_none("owner", self.owner)
        if self.table is not None and (
            isinstance(self.table, bool) or not isinstance(self.table, int) or self.table < 1
        ):
            raise _bad("table", "must be a whole number, 1 or more", self.table)
        if self.input_format is not None and self.input_format not in INPUT_FORMATS:
            raise _bad("input_format", f"must be one of {', '.join(INPUT_FORMATS)}", self.input_format)
        if not isinstance(self.columns, Mapping):
            raise _bad("column", "must map roles to header texts", self.columns)
        columns = {}
        for role, header in self.columns.items():
            role_name = role.strip().lower() if isinstance(role, str) else role
            if role_name not in ROLES or not isinstance(header, str) or not header.strip():
                raise _bad("column", f"must be ROLE=HEADER with ROLE one of {', '.join(ROLES)}", f"{role}={header}")
            columns[role_name] = header.strip()
        object.__setattr__(self, "columns", columns)  # a copy the caller cannot change behind our back
        if not isinstance(self.limits, Limits):
            raise _bad("limits", "must be a partnermap.ingest.limits.Limits", self.limits)

    @classmethod
    def resolve(cls, options: ReadOptions | Mapping | None) -> ReadOptions:
        """``options`` as a :class:`ReadOptions`: None gives the defaults, a mapping its fields."""
        if options is None:
            return DEFAULT_OPTIONS
        if isinstance(options, cls):
            return options
        if isinstance(options, Mapping):
            unknown = sorted(set(options) - set(cls.__dataclass_fields__))
            if unknown:
                raise UsageError(
                    f"unknown reading option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
                    f"(options: {', '.join(cls.__dataclass_fields__)})"
                )
            return cls(**options)
        raise UsageError(f"reading options must be a ReadOptions or a mapping, not {type(options).__name__}")


DEFAULT_OPTIONS = ReadOptions()
