"""Neo4j: the local server, the store (load and read back), the analysts' query library.

The neo4j driver imports numpy when it can, for its optional numpy and pandas conversions, which
partnermap never uses: about 0.15 s of every Neo4j command. So the driver is imported here with
numpy hidden from it (unless numpy is already loaded); numpy imports normally afterwards.
"""

import sys as _sys

if "neo4j" not in _sys.modules and "numpy" not in _sys.modules:
    _sys.modules["numpy"] = None  # type: ignore[assignment]  # "import numpy" raises ImportError
    try:
        import neo4j  # noqa: F401
    finally:
        del _sys.modules["numpy"]
