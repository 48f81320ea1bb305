"""partnermap: turn a partnership action plan into a graph people can question.

The names below are the Python API (see docs/python-api.md); each is imported on first use, so
``import partnermap`` stays cheap for the command line.

>>> import partnermap
>>> sorted(partnermap.__all__)[:3]
['Activity', 'Gap', 'Limits']
"""

from importlib import import_module

__version__ = "0.1.0"

#: public name -> the module that defines it
_EXPORTS = {
    "Plan": "partnermap.model",
    "Activity": "partnermap.model",
    "ReadOptions": "partnermap.ingest.options",
    "Limits": "partnermap.ingest.limits",
    "read_plan": "partnermap.ingest",
    "read_plans": "partnermap.pipeline",
    "load_taxonomy": "partnermap.pipeline",
    "build": "partnermap.pipeline",
    "build_graph": "partnermap.graph.build",
    "find_gaps": "partnermap.graph.gaps",
    "Gap": "partnermap.graph.gaps",
    "coverage": "partnermap.graph.coverage",
    "partner_stats": "partnermap.graph.network",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'partnermap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
