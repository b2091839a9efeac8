"""Draw the lines of our SVG drawings as whole runs when WeasyPrint makes the PDF.

WeasyPrint (up to 70 at least) draws SVG text one code point at a time: every
character gets its own Pango layout and its own text-drawing operation (the upstream
issue is Kozea/WeasyPrint#2249). That costs about a millisecond per character: the
blueprint of a 200-step map holds 140,000 characters, so two minutes went into its
text alone. The drawings of :mod:`parcours.render.svg` write every line as one
``<text>`` element with a single ``x`` and ``y`` and no per-glyph attribute (no
``dx``, ``dy``, ``rotate``, ``letter-spacing``, ``textLength``, no ``tspan``), which
SVG lets a renderer shape and draw as a single run.

:func:`whole_text_runs` swaps WeasyPrint's SVG text drawer for one that draws such
nodes as a single run and hands every other node to WeasyPrint's own drawer, for the
duration of a ``with`` block. If WeasyPrint's SVG module does not have the shape this
was written against, nothing is swapped and WeasyPrint draws as before.

Within the same block, WeasyPrint's SVG helpers that turn attribute text into values
(``size``, ``normalize``, ``color``: lengths and colours, parsed again at every node)
remember what they returned: a 200-step blueprint repeats the same few dozen values
over 25,000 nodes (:func:`_remembering`).

>>> with whole_text_runs() as swapped:
...     isinstance(swapped, bool)
True
"""

from __future__ import annotations

import copy
import importlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

PER_GLYPH_ATTRIBUTES = ("dx", "dy", "rotate", "letter-spacing", "textLength")
"""Attributes that place glyphs one by one: a node with any of them keeps the slow path."""

_LOCK = threading.RLock()


def is_single_run(node: Any) -> bool:
    """Whether WeasyPrint may draw ``node`` as one run: a ``<text>`` line with one
    position, no per-glyph attribute and no child element.

    >>> import xml.etree.ElementTree as ET
    >>> is_single_run(ET.fromstring('<text x="1" y="2">Hello</text>'))
    True
    >>> is_single_run(ET.fromstring('<text x="1 2" y="2">Hi</text>'))
    False
    """
    if node.tag != "text" or not node.text or next(iter(node), None) is not None:
        return False
    if any(name in node.attrib for name in PER_GLYPH_ATTRIBUTES):
        return False
    return all(len(str(node.attrib.get(name, "0")).replace(",", " ").split()) <= 1 for name in "xy")


def _single_run_drawer(original: Callable[..., None]) -> Callable[..., None]:
    """A drawer for WeasyPrint's SVG ``text`` nodes: one run when possible, else ``original``.

    One Pango layout serves every line of the same font (family, style, weight, size,
    direction): WeasyPrint's own path builds two per line (one to measure, one to
    draw), and a 200-step report has 12,000 lines.
    """
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import Style, TextBox
    from weasyprint.svg.utils import normalize, size
    from weasyprint.text.ffi import FROM_UNITS, pango
    from weasyprint.text.line_break import Layout, line_size

    layouts: dict[tuple[Any, ...], tuple[Any, Any, Any]] = {}
    """(style, layout, font configuration) of each font, by font."""

    def font_layout(svg: Any, node: Any, font_size: float) -> tuple[Any, Any]:
        family = tuple(
            font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")
        )
        direction = node.get("direction")
        key = (
            id(svg.font_config),
            family,
            node.get("font-style", "normal"),
            _weight(node.get("font-weight", 400)),
            font_size,
            direction if direction in ("ltr", "rtl") else None,
        )
        found = layouts.get(key)
        if found is not None and found[2] is svg.font_config:
            return found[0], found[1]
        style = Style()
        style.update(INITIAL_VALUES)
        style.font_config = svg.font_config
        style["font_family"] = list(family)
        style["font_style"] = key[2]
        style["font_weight"] = key[3]
        style["font_size"] = font_size
        if key[5] is not None:
            style["direction"] = key[5]
        layout = Layout(style)
        layouts[key] = (style, layout, svg.font_config)
        return style, layout

    def draw(svg: Any, node: Any, font_size: float) -> None:
        if not is_single_run(node):
            original(svg, node, font_size)
            return
        style, layout = font_layout(svg, node, font_size)
        # measured as WeasyPrint measures (several paragraphs), drawn as it draws (one)
        pango.pango_layout_set_single_paragraph_mode(layout.layout, False)
        layout.set_text(node.text, justify=True)
        first_line, _ = layout.get_first_line()
        width, height = line_size(first_line, style)
        baseline = pango.pango_layout_get_baseline(layout.layout) * FROM_UNITS
        x = _position(node, "x", font_size, svg.inner_width, normalize, size)
        y = _position(node, "y", font_size, svg.inner_height, normalize, size)
        if x is not None:
            svg.cursor_d_position[0] = 0
        if y is not None:
            svg.cursor_d_position[1] = 0
        x = svg.cursor_position[0] if x is None else x
        y = svg.cursor_position[1] if y is None else y
        svg.cursor_position = x + width, y
        left = x + svg.cursor_d_position[0]
        base = y + svg.cursor_d_position[1] + _vertical_shift(node, font_size, height)
        node.text_bounding_box = extend_bounding_box(
            node.text_bounding_box,
            ((left, base - baseline), (left + width, base - baseline + height)),
        )
        svg.stream.push_state()
        fill, stroke = svg.set_graphical_state(node, font_size)
        svg.stream.begin_text()
        svg.fill_stroke(fill, stroke, text=True)
        box = TextBox(layout, style)
        box.baseline = baseline
        emojis = draw_first_line(svg.stream, box, "none", "none", Matrix(d=-1, e=left, f=base))
        svg.stream.end_text()
        svg.stream.pop_state()
        draw_emojis(svg.stream, style, x, y, emojis)

    return draw


def _weight(value: Any) -> int:
    """A CSS font weight as WeasyPrint's SVG text drawer reads it (400 when unreadable).

    >>> _weight("bold"), _weight("normal"), _weight("600"), _weight("heavy")
    (700, 400, 600, 400)
    """
    named = {"normal": 400, "bold": 700}
    if value in named:
        return named[value]
    try:
        return int(value)
    except ValueError:
        return 400


def _position(
    node: Any,
    name: str,
    font_size: float,
    reference: float,
    normalize: Callable[[str], str],
    size: Callable[[str, float, float], float],
) -> float | None:
    """The single ``x`` or ``y`` of ``node`` in user units, None when it has none."""
    if name not in node.attrib:
        return None
    values = normalize(node.attrib[name]).strip().split(" ")
    return size(values[0], font_size, reference) if values and values[0] else None


def _vertical_shift(node: Any, font_size: float, height: float) -> float:
    """The baseline shift WeasyPrint applies for ``display-anchor`` / ``dominant-baseline``."""
    ascent, descent = font_size * 0.8, font_size * 0.2
    anchor = node.get("display-anchor")
    baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
    if anchor == "middle":
        return -height / 2
    if anchor == "top":
        return 0.0
    if anchor == "bottom":
        return -height
    if baseline in ("central", "middle"):
        return (ascent + descent) / 2 - descent
    if baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
        return ascent
    if baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        return -descent
    return 0.0


PURE_HELPERS = ("size", "normalize", "color")
"""WeasyPrint's SVG value parsers (``weasyprint.svg.utils``) whose results are remembered."""

HELPER_MODULES = ("weasyprint.svg", "weasyprint.svg.utils", "weasyprint.svg.shapes")
"""The modules whose references to :data:`PURE_HELPERS` are swapped."""


def _remembering(function: Callable[..., Any], copied: bool) -> Callable[..., Any]:
    """``function`` (pure) remembering its results; ``copied``: a copy of the result is
    returned (WeasyPrint changes the colour it gets, multiplying its alpha).

    >>> calls = []
    >>> double = _remembering(lambda x: calls.append(x) or 2 * x, copied=False)
    >>> double(2), double(2), calls
    (4, 4, [2])
    >>> double([1])  # a list cannot be remembered: computed each time
    [1, 1]
    """
    remembered = lru_cache(maxsize=4096)(function)

    def helper(*args: Any) -> Any:
        try:
            value = remembered(*args)
        except TypeError:  # an argument that cannot be remembered
            return function(*args)
        return copy.copy(value) if copied else value

    return helper


@dataclass
class _Swap:
    """The drawers in place while at least one block is open (blocks may overlap in
    threads: the first installs the fast drawer, the last puts WeasyPrint's back)."""

    users: int = 0
    original: Callable[..., None] | None = None
    tags: tuple[str, ...] = ()
    helpers: list[tuple[Any, str, Any]] = field(default_factory=list)
    """(module, name, WeasyPrint's function) of each helper swapped."""


_SWAP = _Swap()


def _install() -> bool:
    """Put the fast drawer in place (once for overlapping blocks); False if impossible."""
    with _LOCK:
        if _SWAP.users:
            _SWAP.users += 1
            return True
        try:
            svg_module: Any = importlib.import_module("weasyprint.svg")
            # the package's ``text`` is the drawer function, shadowing its module
            text_module: Any = importlib.import_module("weasyprint.svg.text")
            original = svg_module.text
            if original is not text_module.text or not hasattr(text_module, "Style"):
                return False
            fast = _single_run_drawer(original)
        except (ImportError, AttributeError):
            return False
        _SWAP.original = original
        _SWAP.tags = tuple(tag for tag, drawer in svg_module.TAGS.items() if drawer is original)
        svg_module.text = fast
        for tag in _SWAP.tags:
            svg_module.TAGS[tag] = fast
        _swap_helpers()
        _SWAP.users = 1
        return True


def _swap_helpers() -> None:
    """Put remembering versions of WeasyPrint's pure SVG helpers in place (those found)."""
    try:
        utils: Any = importlib.import_module("weasyprint.svg.utils")
        modules = [importlib.import_module(name) for name in HELPER_MODULES]
    except ImportError:
        return
    for name in PURE_HELPERS:
        original = getattr(utils, name, None)
        if original is None:
            continue
        fast = _remembering(original, copied=name == "color")
        for module in modules:
            if getattr(module, name, None) is original:
                _SWAP.helpers.append((module, name, original))
                setattr(module, name, fast)


def _uninstall() -> None:
    """Leave one block; the last one puts WeasyPrint's drawer back."""
    with _LOCK:
        _SWAP.users -= 1
        if _SWAP.users:
            return
        svg_module: Any = importlib.import_module("weasyprint.svg")
        svg_module.text = _SWAP.original
        for tag in _SWAP.tags:
            svg_module.TAGS[tag] = _SWAP.original
        for module, name, original in _SWAP.helpers:
            setattr(module, name, original)
        _SWAP.helpers.clear()


@contextmanager
def whole_text_runs() -> Iterator[bool]:
    """Within the block, WeasyPrint draws single-run SVG lines as one run each.

    Yields whether the faster drawer is in place (False when this WeasyPrint differs
    from the one it was written for: then nothing changes).
    """
    if not _install():
        yield False
        return
    try:
        yield True
    finally:
        _uninstall()
