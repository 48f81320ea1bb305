"""Find bundled data (sample plans, default taxonomy) from a checkout or an installed wheel.

In a wheel the repository's ``data/`` directory is installed as ``partnermap/_data``; in a
checkout (or an editable install) it is ``data/`` beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The directory holding bundled data files."""
    for candidate in (_PACKAGE_DIR / "_data", _PACKAGE_DIR.parent / "data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("partnermap's bundled data directory is missing from this installation")


def data_path(*parts: str) -> Path:
    """Path of a bundled data file, e.g. ``data_path("taxonomy.yaml")``."""
    return data_dir().joinpath(*parts)


def sample_plan() -> Path:
    """The bundled Bradford District Prevent Plan 2017-19 (extracted-table text)."""
    return data_path("plans", "bradford-prevent-plan-2017-19.txt")
