"""The interactive partnership map (see :mod:`partnermap.viz.map`)."""

from partnermap.viz.map import render_map, write_map

__all__ = ["render_map", "write_map"]
