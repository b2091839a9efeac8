"""Colours, type sizes and spacing shared by every drawing.

Persona colours are the Okabe–Ito palette, distinguishable with the common forms of
colour blindness; each persona also gets its own marker shape.

>>> persona_colour(0), persona_colour(8) == persona_colour(0)
('#0072B2', True)
"""

from __future__ import annotations

INK = "#1f2933"
"""Main text colour."""
MUTED = "#52606d"
"""Secondary text (axis labels, captions)."""
FAINT = "#9aa5b1"
RULE = "#d9e2ec"
"""Grid and separator lines."""
PANEL = "#f5f7fa"
"""Background of label columns and header rows."""
HEADER_BG = "#243b53"
HEADER_INK = "#ffffff"

IRRITANT = "#b42318"
IRRITANT_BG = "#fdecea"
ENCHANTMENT = "#1b7f4b"
ENCHANTMENT_BG = "#e7f6ee"
POSITIVE_ZONE = "#eaf6ef"
NEGATIVE_ZONE = "#fcefee"
MOMENT = "#d89b00"
"""Moments of truth (gold star)."""
BREAK = "#c62828"
"""Breaking points (red lightning and ring)."""
MEASURED = "#3e4c59"

PHASE_TINTS = ("#dbeafe", "#e0f2f1", "#ede7f6", "#fff3e0", "#e8f5e9", "#fce4ec")
"""Alternating backgrounds of phase headers."""
PHASE_INKS = ("#1e3a8a", "#0f5132", "#4527a0", "#8a4b00", "#1b5e20", "#880e4f")

PERSONA_COLOURS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#8C6D1F",
)
MARKER_SHAPES = ("circle", "square", "diamond", "triangle")

TITLE_SIZE = 18.0
HEADING_SIZE = 13.0
BODY_SIZE = 12.0
SMALL_SIZE = 10.5

MARGIN = 24.0
"""Space around a drawing."""
PADDING = 8.0
"""Space inside a cell."""


def persona_colour(index: int) -> str:
    """The colour of the ``index``-th persona (cycling)."""
    return PERSONA_COLOURS[index % len(PERSONA_COLOURS)]


def marker_shape(index: int) -> str:
    """The marker shape of the ``index``-th persona (cycling).

    >>> marker_shape(1)
    'square'
    """
    return MARKER_SHAPES[index % len(MARKER_SHAPES)]


def phase_tint(index: int) -> tuple[str, str]:
    """Background and text colours of the ``index``-th phase header."""
    return PHASE_TINTS[index % len(PHASE_TINTS)], PHASE_INKS[index % len(PHASE_INKS)]


def darken(colour: str, factor: float = 0.75) -> str:
    """A darker shade of a ``#rrggbb`` colour (for text drawn in a persona's colour).

    >>> darken("#ffffff", 0.5)
    '#808080'
    """
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * factor):02x}" for c in channels)
