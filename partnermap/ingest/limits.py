"""Bounds on what a plan file may make partnermap read, so a hostile or broken file fails in one
line (exit 3) instead of running the machine out of memory.

* a plan file (or standard input) is at most ``max_size`` bytes, and only regular files are
  read: a FIFO, socket or device is refused before it is opened;
* a zip container (Excel, Word) unpacks to at most :attr:`Limits.unpacked` bytes, as its members'
  declared sizes say (Python's zipfile stops at the declared size and fails the CRC check if a
  member holds more), and none of its XML parts declares a DTD (OOXML never does; entities are
  how "billion laughs" files blow up);
* a spreadsheet is read over the cells that hold values, at most ``max_rows`` rows and
  ``max_columns`` columns: formatting that reaches XFD1048576 or a merge over the whole sheet
  costs nothing, data beyond the limits is an error naming the limit (never silently dropped).

>>> parse_size("200MB"), parse_size("1.5 GiB"), parse_size("4096")
(200000000, 1610612736, 4096)
>>> human_size(3_200_000_000)
'3.2 GB'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from partnermap.files import human_size  # noqa: F401 - re-exported: the readers name sizes with it

KB, MB, GB = 1000, 1000 ** 2, 1000 ** 3
_UNITS = {"": 1, "b": 1, "k": KB, "kb": KB, "m": MB, "mb": MB, "g": GB, "gb": GB,
          "kib": 1024, "mib": 1024 ** 2, "gib": 1024 ** 3}


@dataclass(frozen=True)
class Limits:
    """What one plan file may cost (the defaults suit any real plan many times over).

    Each limit is a whole number of 1 or more (``max_unpacked`` may be None); the commands that
    read plans give each one with a command-line option of the same name (``--max-size``).
    """

    max_size: int = 200 * MB  # bytes of the file as stored (--max-size)
    max_unpacked: int | None = None  # bytes of a workbook's or Word file's parts unzipped (see unpacked)
    max_rows: int = 100_000  # spreadsheet rows holding data (--max-rows)
    max_columns: int = 200  # spreadsheet columns holding data (--max-columns)

    def __post_init__(self):
        from partnermap.errors import UsageError

        for limit in fields(self):
            value = getattr(self, limit.name)
            if value is None and limit.default is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise UsageError(f"{limit.name} (a limit on what a plan file may cost): must be a whole number, "
                                 f"1 or more; got {value!r}")

    @property
    def unpacked(self) -> int:
        """The unzipped limit: ``max_unpacked``, else 5 times ``max_size`` and at least 1 GB."""
        return self.max_unpacked if self.max_unpacked is not None else max(GB, 5 * self.max_size)


DEFAULT_LIMITS = Limits()
_PROLOG = 65536  # bytes of an XML part searched for its root element (a DTD can only come before it)
_ROOT = re.compile(rb"<[A-Za-z_]")


def parse_size(text: str) -> int:
    """Bytes for a size such as ``200MB``, ``1.5GiB`` or ``4096`` (``ValueError`` otherwise)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    if not match or match.group(2).lower() not in _UNITS:
        raise ValueError(f"{text!r} is not a size such as 200MB, 1GB or 4096")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def check_zip(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS, kind: str = "workbook"):
    """The open :class:`zipfile.ZipFile` of an OOXML container, after its bounds are checked."""
    import io
    import zipfile

    from partnermap.errors import InputError

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a readable {kind} (a damaged zip: {exc})", source=source) from None
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.unpacked:
        raise InputError(f"the {kind} unpacks to {human_size(unpacked)} (limit {human_size(limits.unpacked)}); "
                         "not a plan, or a zip bomb", source=source)
    for member in members:
        if not member.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(member) as part:
                head = part.read(_PROLOG)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise InputError(f"not a readable {kind}: part {member.filename} is damaged ({exc})", source=source) from None
        root = _ROOT.search(head)
        prolog = head[:root.start()] if root else head
        if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper() or (root is None and len(head) == _PROLOG):
            raise InputError(f"not a readable {kind}: part {member.filename} declares a DTD or entities, "
                             "which Office files never do", source=source)
    return archive
