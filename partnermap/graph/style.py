"""How each kind of node and relationship looks, wherever the graph is drawn: the interactive map
(:mod:`partnermap.viz`), the GEXF export's ``viz`` colours and sizes, and the board paper's pictures.

>>> NODE_STYLES["Organisation"]
('Organisation', 'square', '#e8710a')
>>> node_size(0), node_size(9), node_size(1000)
(12, 27, 44)
>>> rgb("#e8710a")
(232, 113, 10)
"""

from __future__ import annotations

import math
from typing import Final

from partnermap.graph import schema as S

GAP: Final = "SectorGap"  # the style (and map legend group) of sectors without engagement

#: node label (or :data:`GAP`) -> (legend label, vis-network shape, colour); shapes with the label
#: inside (ellipse, box) size by their label, the others by degree
NODE_STYLES: Final[dict[str, tuple[str, str, str]]] = {
    S.PLAN: ("Plan", "star", "#37474f"),
    S.THEME: ("Theme", "hexagon", "#6a3d9a"),
    S.ACTIVITY: ("Activity", "dot", "#1f78b4"),
    S.ORGANISATION: ("Organisation", "square", "#e8710a"),
    S.AUDIENCE: ("Audience", "triangle", "#1b9e77"),
    S.SECTOR: ("Sector", "diamond", "#c2185b"),
    GAP: ("Sector without engagement (gap)", "diamond", "#d32f2f"),
    S.OUTCOME: ("Outcome", "triangleDown", "#d4a000"),
    S.CONCEPT: ("Concept", "ellipse", "#f6d68a"),
    S.FRAMEWORK_AREA: ("Framework area", "box", "#b3b8e6"),
}

#: relationship type -> (label, label read backwards, colour)
REL_STYLES: Final[dict[str, tuple[str, str, str]]] = {
    S.PART_OF: ("part of", "contains", "#9aa5b1"),
    S.LEADS: ("leads", "led by", "#e8710a"),
    S.PARTNERS_IN: ("partners in", "partnered by", "#f5b971"),
    S.TARGETS: ("targets", "targeted by", "#1b9e77"),
    S.REACHES: ("reaches", "reached by", "#c2185b"),
    S.IN_SECTOR: ("in sector", "sector of", "#8d6e63"),
    S.AIMS_FOR: ("aims for", "aimed for by", "#d4a000"),
    S.ABOUT: ("about", "named in", "#a1887f"),
    S.ADDRESSES: ("addresses", "addressed by", "#7986cb"),
}

#: the smallest size drawn for a sector without engagement (so a gap never disappears)
GAP_MIN_SIZE: Final = 20


def node_size(degree: int) -> int:
    """A node's drawn size from its degree (links in either direction)."""
    return min(44, round(12 + 5 * math.sqrt(degree)))


def rgb(colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` as three integers."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
