"""Reading the files a user names, with the same checks for every kind: plans, taxonomies, column
mappings, organisation directories and frameworks.

Only a regular file is opened (a FIFO or a device could block for ever or never end), and no more
than a stated number of bytes is read. A YAML file is also checked for nesting deeper than any
reference file needs before it is built into nodes (PyYAML builds nested nodes recursively, so a
file nested thousands deep would otherwise end in a RecursionError).

>>> import tempfile, os
>>> with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
...     _ = f.write("a: [1, [2, [3]]]\\n")
>>> yaml_depth(open(f.name).read())
4
>>> load_yaml_node(f.name, what="the test file").tag
'tag:yaml.org,2002:map'
>>> os.unlink(f.name)
"""

from __future__ import annotations

import os
import stat
from os import PathLike

import yaml

from partnermap.errors import InputError

#: a reference file (taxonomy, organisation directory, framework, column mapping) is at most this big
MAX_REFERENCE_BYTES = 5_000_000
#: and nests at most this deep (the bundled ones nest 5 deep)
MAX_YAML_DEPTH = 50

#: libyaml's parser when PyYAML was built with it, else the pure-Python one
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def human_size(n: int) -> str:
    """A byte count as people read it (decimal units).

    >>> human_size(200_000_000), human_size(9_216), human_size(512)
    ('200 MB', '9.2 kB', '512 bytes')
    """
    for unit, size in (("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if n >= size:
            return f"{n / size:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    return "a socket" if stat.S_ISSOCK(mode) else "a device"


def read_regular_file(
    path: str | PathLike, *, max_size: int, what: str, option: str | None = None, hint: str = ""
) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_size`` of them.

    Anything else is one :class:`~partnermap.errors.InputError` naming the file: a FIFO, socket,
    device or directory (refused unopened), a file over the limit (``option`` names the option that
    raises it), or a file that cannot be read. ``what`` names the file in messages ("the taxonomy").
    """
    source = str(path)
    limit = f" ({option})" if option else ""
    too_big = "{size}, over the limit of " + human_size(max_size) + limit  # "the file is 9.2 kB, over ..."
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"not a regular file but {_kind(info.st_mode)}{hint}", source=source)
        if info.st_size > max_size:
            raise InputError(f"{what} is {too_big.format(size=human_size(info.st_size))}", source=source)
        with open(path, "rb") as handle:
            data = handle.read(max_size + 1)
    except OSError as exc:
        raise InputError(f"cannot read {what}: {exc.strerror or exc}", source=source) from None
    if len(data) > max_size:  # grew while being read
        raise InputError(f"{what} is {too_big.format(size='more than ' + human_size(max_size))}", source=source)
    return data


def yaml_depth(text: str) -> int:
    """How deep the YAML ``text`` nests its mappings and sequences, found from the parser's events
    (which are made one at a time, without recursion)."""
    depth = deepest = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return deepest


def _yaml(path: str | PathLike, what: str, max_size: int, max_depth: int, build):
    """``build(text)`` of the YAML file at ``path`` after the checks; every failure one InputError."""
    source = str(path)
    data = read_regular_file(path, max_size=max_size, what=what)
    try:
        text = data.decode("utf-8-sig")
        if yaml_depth(text) > max_depth:
            raise InputError(f"{what} nests deeper than {max_depth} levels", source=source)
        return build(text)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cannot read {what}: not UTF-8 text ({exc.reason} at byte {exc.start})", source=source
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(
            f"not valid YAML: {exc.problem or exc}", source=source, line=mark.line + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", source=source) from None


def load_yaml_node(
    path: str | PathLike, *, what: str, max_size: int = MAX_REFERENCE_BYTES, max_depth: int = MAX_YAML_DEPTH
) -> yaml.Node | None:
    """The YAML file at ``path`` as PyYAML's node tree (which keeps each value's line), read with
    :func:`read_regular_file`'s checks and refused beyond ``max_depth`` levels of nesting. Not
    UTF-8, not YAML or too deep is one InputError naming the file and, where known, the line."""
    return _yaml(path, what, max_size, max_depth, lambda text: yaml.compose(text, Loader=SAFE_LOADER))


def load_yaml_data(
    path: str | PathLike, *, what: str, max_size: int = MAX_REFERENCE_BYTES, max_depth: int = MAX_YAML_DEPTH
):
    """The YAML file at ``path`` as plain Python values, with :func:`load_yaml_node`'s checks."""
    return _yaml(path, what, max_size, max_depth, lambda text: yaml.load(text, Loader=SAFE_LOADER))
